{{ config(materialized='table') }}
-- The raw activity rows that share an activity_id or an event (surviving
-- lead, type key, timestamp) with another row, whole groups, each with why
-- it is rejected (null = kept). A repeated activity_id keeps its first row
-- (valid rows first, then earliest); rows equal in (lead, type, timestamp)
-- are one event whatever their ids (valid rows first, then lowest id).
-- Repeats are rare: hash aggregates find the repeated ids and events, and
-- only these rows are ranked by windows. base_crm__activities puts them
-- together with every other row, which is first by definition.

{%- set columns = [] %}
{%- for name in raw_columns('activities') + ['canonical_lead_id', 'activity_type_key'] %}
  {%- do columns.append('checked.' ~ adapter.quote(name)) %}
{%- endfor %}

with

repeated_ids as (
    -- a null id is already rejected as missing, so equality is enough here
    select activity_id
    from {{ ref('base_crm__activities_checked') }}
    group by 1
    having count(*) > 1
),

repeated_events as (
    -- a null lead or timestamp is already rejected; a name whose key is empty
    -- still groups with its likes, as a window partition would group it
    select
        canonical_lead_id,
        coalesce(activity_type_key, '') as type_key,
        occurred_at
    from {{ ref('base_crm__activities_checked') }}
    group by 1, 2, 3
    having count(*) > 1
),

repeated as (
    -- every row of a repeated id or event (so each group is here whole)
    select
        {{ columns | join(',\n        ') }},
        checked._check_reason,
        {%- if row_locator('checked') %}
        -- where the row is stored in base_crm__activities_checked (base_crm__activities joins on it)
        {{ row_locator('checked') }} as _row_locator,
        {%- endif %}
        -- every column breaks ties: rows of one id at one instant (another
        -- lead's event, say) are then ranked the same on every build and
        -- engine (nulls placed explicitly: Spark puts them first, DuckDB last)
        row_number() over (
            partition by checked.activity_id
            order by
                checked._check_reason is not null,
                checked.occurred_at,
                {{ columns | join(' nulls last, ') }} nulls last
        ) as id_rank
    from {{ ref('base_crm__activities_checked') }} as checked
    {{ join_activity_repeats('checked') }}
    where repeated_ids.activity_id is not null
        or repeated_events.type_key is not null
),

repeated_id_checked as (
    select
        *,
        case
            when _check_reason is not null then _check_reason
            when id_rank > 1 then 'duplicate activity_id'
        end as _id_reason
    from repeated
),

repeated_ranked as (
    select
        *,
        row_number() over (
            partition by canonical_lead_id, activity_type_key, occurred_at
            order by
                _id_reason is not null,
                {{ columns | map('replace', 'checked.', '') | join(' nulls last, ') }} nulls last
        ) as event_rank
    from repeated_id_checked
),

final as (
    select
        {%- for name in raw_columns('activities') + ['canonical_lead_id', 'activity_type_key'] %}
        {{ adapter.quote(name) }},
        {%- endfor %}
        {%- if row_locator('checked') %}
        _row_locator,
        {%- endif %}
        case
            when _id_reason is not null then _id_reason
            when event_rank > 1 then 'duplicate event'
        end as _reject_reason
    from repeated_ranked
)

select * from final
