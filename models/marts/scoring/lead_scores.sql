{{ config(
    materialized=daily_incremental(),
    incremental_strategy='delete+insert',
    unique_key='lead_id',
    on_schema_change='fail',
    post_hook=["{{ drop_closed_leads(this) }}", "{{ export_scores(this, 'parquet') }}",
               "{{ export_scores(this, 'csv') }}"]
) }}
-- depends_on: {{ ref('int_leads') }}
-- One row per open lead at as_of: the score a rep and the CRM see.
-- A full build rewrites every row. The daily path (var rescore = 'changed')
-- replaces only the rows of int_changed_leads and drops leads that converted
-- or were marked not a lead; every other lead keeps its row and scored_at.
-- Sales-capacity ranks (var sales_capacity_per_day) then rank the rescored
-- leads only: capacity routing needs a full build.

with

scores as (
    select * from {{ ref('int_snapshot_scores') }}
    where snapshot_type = 'scoring'
),

week_ago as (
    select lead_id, score
    from {{ ref('int_snapshot_scores') }}
    where snapshot_type = 'lookback_7d'
),

velocity as (
    select lead_id, f_velocity__events_7d as events_7d, f_velocity__ratio_7d_vs_prior as pace
    from {{ ref('int_scoring_matrix') }}
),

reasons as (
    select * from {{ ref('int_lead_reasons') }}
),

value as (
    select * from {{ ref('int_lead_value') }}
),

policy as (
    select * from {{ ref('tier_policy') }}
),

reached as (
    select
        scores.*,
        {{ round_to('scores.score - week_ago.score', 1) }} as score_change_7d,
        velocity.events_7d,
        velocity.pace,
        policy.tier,
        policy.tier_rank,
        policy.action as policy_action,
        row_number() over (partition by scores.lead_id order by policy.tier_rank) as tier_pick
    from scores
    left join week_ago
        on scores.lead_id = week_ago.lead_id
    left join velocity
        on scores.lead_id = velocity.lead_id
    inner join policy
        on {{ reaches_tier('scores', 'policy') }}
),

tiered as (
    select * from reached where tier_pick = 1
),

ranked as (
    select
        *,
        row_number() over (partition by tier order by conversion_probability desc, lead_id) as rank_in_tier
    from tiered
),

final as (
    select
        -- ids
        tiered.lead_id,
        -- score
        cast({{ round_to('tiered.score', 0) }} as integer) as score,
        tiered.conversion_probability,
        tiered.conversion_probability_low,
        tiered.conversion_probability_high,
        tiered.tier,
        case
            -- sales capacity: beyond the N best Hot leads a rep can work, nurture
            {%- if var('sales_capacity_per_day', none) %}
            when tiered.policy_action = 'route_to_sales' and tiered.rank_in_tier > {{ var('sales_capacity_per_day') }}
                then 'nurture'
            {%- endif %}
            -- economics: a rep's time only where the expected deal value covers a contact
            when tiered.policy_action = 'route_to_sales' and value.expected_value < {{ var('cost_per_contact') }}
                then 'nurture'
            else tiered.policy_action
        end as action,
        -- why
        reasons.reason_1,
        reasons.reason_1_contribution,
        reasons.reason_2,
        reasons.reason_2_contribution,
        reasons.reason_3,
        reasons.reason_3_contribution,
        reasons.reasons_text,
        -- movement
        tiered.score_change_7d,
        case
            when tiered.score_change_7d >= 5 then 'rising'
            when tiered.score_change_7d <= -5 then 'falling'
            else 'steady'
        end as trend,
        coalesce(tiered.score_change_7d >= 20 or (tiered.events_7d >= 3 and tiered.pace >= 3), false) as is_spike,
        -- value
        value.expected_deal_amount,
        value.win_rate,
        value.expected_value,
        value.uplift,
        -- provenance
        tiered.model_version,
        tiered.snapshot_at as scored_at
    from ranked as tiered
    left join reasons
        on tiered.lead_id = reasons.lead_id
    left join value
        on tiered.lead_id = value.lead_id
)

select * from final
