{{ config(materialized='table') }}
-- Every raw activity row, typed, attached to the surviving lead, with its
-- normalised type key and its row-level reject reason (_check_reason; null =
-- none). Repeats are judged in base_crm__activities, which reads this table
-- several times: one typed copy instead of re-reading and re-casting the raw
-- file, and no wide intermediate result held in memory.

{%- set placeholders = ['null', 'none', 'n_a', 'na', 'nan', 'nil', 'undefined', 'missing', 'blank', 'empty'] %}

with

checked as (
    {{ checked_raw('activities') }}
),

raw_types as (
    -- the raw file read a second time, for one column: cheaper than holding `checked` twice
    {{ raw_table('activities') }}
),

type_keys as (
    -- one regular-expression normalisation per distinct name, not per row
    select
        activity_type,
        {{ name_key('activity_type') }} as activity_type_key
    from raw_types
    where activity_type is not null
    group by 1
),

final as (
    select
        {%- for name in raw_columns('activities') + ['canonical_lead_id'] %}
        checked.{{ adapter.quote(name) }},
        {%- endfor %}
        type_keys.activity_type_key,
        -- a type written as a placeholder ('NULL', 'n/a', ...) is a missing type
        coalesce(checked._check_reason, case
            when type_keys.activity_type_key in (
                '{{ placeholders | join("', '") }}'
            ) then 'missing activity_type'
        end) as _check_reason
    from checked
    left join type_keys
        on checked.activity_type = type_keys.activity_type
)

select * from final
