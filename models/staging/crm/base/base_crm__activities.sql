{{ config(materialized='table') }}
-- Every raw activity row, typed, with why it is rejected (null = kept).
-- Rows equal in (lead, type, timestamp) are one event whatever their ids.

with

validated as (
    {{ validated_raw('activities') }}
),

ranked as (
    select
        *,
        {{ name_key('activity_type') }} as activity_type_key,
        row_number() over (
            partition by canonical_lead_id, {{ name_key('activity_type') }}, occurred_at
            order by _reject_reason is not null, activity_id
        ) as event_rank
    from validated
)

select
    * exclude (_reject_reason, event_rank),
    case
        when _reject_reason is not null then _reject_reason
        when event_rank > 1 then 'duplicate event'
    end as _reject_reason
from ranked
