-- Velocity: is engagement speeding up? The last 7 days against the 21 days
-- before them (7-28 days ago), its acceleration week over week, and
-- reactivation: active this week after at least 30 silent days.

with

weekly as (
    select
        lead_id,
        snapshot_at,
        {{ count_in_window('occurred_at is not null', 7) }} as events_7d,
        {{ count_in_window('occurred_at is not null', 14) }} as events_14d,
        {{ count_in_window('occurred_at is not null', 21) }} as events_21d,
        {{ count_in_window('occurred_at is not null', 28) }} as events_28d,
        min(case when age_days > 7 then age_days end) as age_of_last_before_week
    from {{ ref('int_snapshot_events') }}
    group by 1, 2
)

select
    lead_id,
    snapshot_at,
    events_7d as f_velocity__events_7d,
    events_28d - events_7d as f_velocity__events_prior_21d,
    -- +1 smoothing: 3 events after none reads as a surge, not a division by zero
    {{ divide('events_7d + 1', divide('events_28d - events_7d', '3') ~ ' + 1') }} as f_velocity__ratio_7d_vs_prior,
    -- second difference of weekly counts: > 0 when the rise itself is speeding up
    events_7d - 2 * (events_14d - events_7d) + (events_21d - events_14d) as f_velocity__acceleration,
    case when events_7d > 0 and age_of_last_before_week > 37 then 1 else 0 end as f_velocity__reactivated
from weekly
