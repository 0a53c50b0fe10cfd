-- Every snapshot with each earlier event of its lead (one row with null
-- event columns when there is none, so every snapshot reaches every feature
-- group). The one place that enforces "features read only rows with
-- timestamp < snapshot_at": feature groups aggregate this, none joins events.

select
    snapshots.lead_id,
    snapshots.snapshot_at,
    events.feature_category,
    events.canonical_type,
    events.activity_type_key,
    events.page_path,
    events.occurred_at,
    events.event_order,
    events.previous_category,
    events.content_before,
    events.trial_before,
    events.content_then_pricing_before,
    {{ days_between('events.occurred_at', 'snapshots.snapshot_at') }} as age_days
from {{ ref('int_feature_spine') }} as snapshots
left join {{ ref('int_activities') }} as events
    on snapshots.lead_id = events.lead_id
    and snapshots.snapshot_at > events.occurred_at
