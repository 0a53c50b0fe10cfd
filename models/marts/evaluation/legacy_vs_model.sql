-- The question a sales leader asks: if reps work the top 20% of leads, how
-- many of the conversions do they reach under the old points rules and under
-- the model? (Held-out test split.)

with

predictions as (
    select
        *,
        percent_rank() over (order by conversion_probability desc, lead_id, snapshot_at) as model_rank,
        percent_rank() over (order by legacy_score desc, lead_id, snapshot_at) as legacy_rank
    from {{ ref('int_test_predictions') }}
),

policies as (
    select 'model_top_20pct' as policy, model_version, count(*) as leads_worked, sum(label) as conversions_reached
    from predictions
    where model_rank < 0.2
    group by 1, 2
    union all
    select 'legacy_rules_top_20pct', model_version, count(*), sum(label)
    from predictions
    where legacy_rank < 0.2
    group by 1, 2
),

totals as (
    select sum(label) as all_conversions from predictions
)

select
    policies.policy,
    policies.model_version,
    policies.leads_worked,
    policies.conversions_reached,
    {{ divide('policies.conversions_reached', 'policies.leads_worked') }} as conversion_rate,
    {{ divide('policies.conversions_reached', 'nullif(totals.all_conversions, 0)') }} as share_of_conversions,
    {{ divide(
        'policies.conversions_reached',
        "nullif((select legacy.conversions_reached from policies as legacy"
        ~ " where legacy.policy = 'legacy_rules_top_20pct'), 0)"
    ) }} as times_legacy
from policies
cross join totals
