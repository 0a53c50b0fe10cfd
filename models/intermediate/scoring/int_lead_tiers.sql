-- One row per scored open lead: its tier and the action before reps are
-- assigned. The tier policy (seeds/tier_policy.csv) gives the action of a
-- tier; a rep's time goes only where the expected deal value covers a
-- contact (var cost_per_contact). How many of the routed leads sales can
-- take, and which rep, is int_lead_assignments' call.

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
    select
        reached.*,
        value.expected_value,
        cast(legacy.legacy_score as {{ type_double() }}) as legacy_score
    from reached
    left join value
        on reached.lead_id = value.lead_id
    left join {{ ref('int_legacy_scores') }} as legacy
        on reached.lead_id = legacy.lead_id and reached.snapshot_at = legacy.snapshot_at
    where reached.tier_pick = 1
)

select
    *,
    case
        -- economics: a rep's time only where the expected deal value covers a contact
        when policy_action = 'route_to_sales' and expected_value < {{ var('cost_per_contact') }}
            then 'nurture'
        else policy_action
    end as tier_action
from tiered
