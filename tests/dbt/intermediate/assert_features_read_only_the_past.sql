-- Point in time: no feature group may see an event at or after its snapshot.
select lead_id, snapshot_at, occurred_at
from {{ ref('int_snapshot_events') }}
where occurred_at >= snapshot_at
