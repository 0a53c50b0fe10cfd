{{ config(materialized='table') }}
-- Every raw activity row, typed, with why it is rejected (null = kept).
-- Rows equal in (lead, type, timestamp) are one event whatever their ids.
-- Type names are normalised once per distinct name, and only the rows of
-- events that repeat are ranked by a window (the rest are first by
-- definition): both keep staging linear in the rows at 80M activities.

{%- set columns = [] %}
{%- for name in raw_columns('activities') + ['canonical_lead_id'] %}
  {%- do columns.append(adapter.quote(name)) %}
{%- endfor %}

with

validated as (
    {{ validated_raw('activities') }}
),

type_keys as (
    select
        activity_type,
        {{ name_key('activity_type') }} as activity_type_key
    from validated
    where activity_type is not null
    group by 1
),

keyed as (
    select
        validated.*,
        type_keys.activity_type_key
    from validated
    left join type_keys
        on validated.activity_type = type_keys.activity_type
),

repeated_events as (
    -- nulls in the event key group together, as a window partition would
    select
        canonical_lead_id,
        coalesce(activity_type_key, '') as type_key,
        occurred_at
    from keyed
    group by 1, 2, 3
    having count(*) > 1
),

flagged as (
    select
        keyed.*,
        case when repeated_events.type_key is not null then 1 else 0 end as is_repeated
    from keyed
    left join repeated_events
        on keyed.canonical_lead_id = repeated_events.canonical_lead_id
        and coalesce(keyed.activity_type_key, '') = repeated_events.type_key
        and keyed.occurred_at = repeated_events.occurred_at
),

ranked as (
    select
        {{ columns | join(', ') }},
        activity_type_key,
        _reject_reason,
        1 as event_rank
    from flagged
    where is_repeated = 0

    union all

    select
        {{ columns | join(', ') }},
        activity_type_key,
        _reject_reason,
        row_number() over (
            partition by canonical_lead_id, activity_type_key, occurred_at
            order by _reject_reason is not null, activity_id
        ) as event_rank
    from flagged
    where is_repeated = 1
)

select
    {{ columns | join(', ') }},
    activity_type_key,
    case
        when _reject_reason is not null then _reject_reason
        when event_rank > 1 then 'duplicate event'
    end as _reject_reason
from ranked
