-- Lift by decile on the held-out test split, for the model and for the
-- legacy points rules side by side: decile 1 = the 10% ranked highest.

with

predictions as (
    select * from {{ ref('int_test_predictions') }}
),

ranked as (
    select
        model_version,
        label,
        conversion_probability,
        ntile(10) over (order by conversion_probability desc, lead_id, snapshot_at) as model_decile,
        ntile(10) over (order by legacy_score desc, lead_id, snapshot_at) as legacy_decile
    from predictions
),

by_decile as (
    select model_version, 'champion' as model, model_decile as decile, count(*) as snapshots,
        sum(label) as conversions, avg(conversion_probability) as mean_probability
    from ranked
    group by 1, 2, 3
    union all
    select model_version, 'legacy_rules', legacy_decile, count(*), sum(label), null
    from ranked
    group by 1, 2, 3
),

totals as (
    select model, sum(conversions) as all_conversions, sum(snapshots) as all_snapshots
    from by_decile
    group by 1
)

select
    by_decile.model_version,
    by_decile.model,
    by_decile.decile,
    by_decile.snapshots,
    by_decile.conversions,
    {{ divide('by_decile.conversions', 'by_decile.snapshots') }} as conversion_rate,
    by_decile.mean_probability,
    {{ divide('by_decile.conversions', 'by_decile.snapshots') }}
    / nullif({{ divide('totals.all_conversions', 'totals.all_snapshots') }}, 0) as lift,
    {{ divide(
        'sum(by_decile.conversions) over (partition by by_decile.model order by by_decile.decile)',
        'nullif(totals.all_conversions, 0)'
    ) }} as cumulative_capture
from by_decile
inner join totals
    on by_decile.model = totals.model
order by by_decile.model, by_decile.decile
