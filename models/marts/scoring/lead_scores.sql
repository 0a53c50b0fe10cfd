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
-- Routing to reps (int_lead_assignments) then shares the day's capacity
-- among the rescored leads only: capacity routing needs a full build.

with

tiers as (
    select * from {{ ref('int_lead_tiers') }}
),

assignments as (
    select * from {{ ref('int_lead_assignments') }}
),

reasons as (
    select * from {{ ref('int_lead_reasons') }}
),

value as (
    select * from {{ ref('int_lead_value') }}
),

final as (
    select
        -- ids
        tiers.lead_id,
        -- score
        cast({{ round_to('tiers.score', 0) }} as integer) as score,
        tiers.conversion_probability,
        tiers.conversion_probability_low,
        tiers.conversion_probability_high,
        tiers.tier,
        case when assignments.is_routed = false then 'nurture' else tiers.tier_action end as action,
        -- who: a suggestion in assistive mode, the assignment in automated mode,
        -- what would have happened in shadow mode
        assignments.assigned_rep_id,
        case
            when assignments.assigned_rep_id is null then null
            {%- set mode = var('deployment_mode') %}
            else '{{ {"shadow": "shadow", "assistive": "suggested", "automated": "assigned"}[mode] }}'
        end as assignment_status,
        assignments.assignment_reason,
        -- why
        reasons.reason_1,
        reasons.reason_1_contribution,
        reasons.reason_2,
        reasons.reason_2_contribution,
        reasons.reason_3,
        reasons.reason_3_contribution,
        reasons.reasons_text,
        -- movement
        tiers.score_change_7d,
        case
            when tiers.score_change_7d >= 5 then 'rising'
            when tiers.score_change_7d <= -5 then 'falling'
            else 'steady'
        end as trend,
        coalesce(tiers.score_change_7d >= 20 or (tiers.events_7d >= 3 and tiers.pace >= 3), false) as is_spike,
        -- value
        value.expected_deal_amount,
        value.win_rate,
        value.expected_value,
        value.uplift,
        -- the old points rules on the same lead (shadow_comparison, the report's movers)
        tiers.legacy_score,
        -- provenance
        tiers.model_version,
        tiers.snapshot_at as scored_at
    from tiers
    left join assignments
        on tiers.lead_id = assignments.lead_id
    left join reasons
        on tiers.lead_id = reasons.lead_id
    left join value
        on tiers.lead_id = value.lead_id
)

select * from final
