{{ config(materialized='view') }}
-- Every raw activity row, typed, with why it is rejected (null = kept): the
-- rows of repeated ids or events as base_crm__activities_repeats judged them,
-- and every other row with its row-level reason only (a row that repeats
-- nothing is first by definition). A view: the 80M-row typed table is
-- written once (base_crm__activities_checked); staging and quarantine read
-- through here.
-- Where the engine has row locators (macro row_locator), each typed row is
-- joined to its verdict in the repeats: a join, through which a daily run's
-- lead filter reaches the typed table. Elsewhere the repeats are put
-- together with every row that repeats nothing (a union).

{%- set columns = [] %}
{%- for name in raw_columns('activities') + ['canonical_lead_id', 'activity_type_key'] %}
  {%- do columns.append(adapter.quote(name)) %}
{%- endfor %}

{%- if row_locator('checked') %}

with

checked as (
    select
        {{ row_locator('checked') }} as _row_locator,
        checked.*
    from {{ ref('base_crm__activities_checked') }} as checked
),

repeats as (
    select * from {{ ref('base_crm__activities_repeats') }}
),

final as (
    select
        {%- for name in columns %}
        checked.{{ name }},
        {%- endfor %}
        -- a row with a row-level reason keeps it in the repeats too; the id
        -- guards against repeats left from another build of the typed table
        case
            when repeats._row_locator is not null then repeats._reject_reason
            else checked._check_reason
        end as _reject_reason
    from checked
    left join repeats
        on checked._row_locator = repeats._row_locator
        and checked.activity_id = repeats.activity_id
)

select * from final

{%- else %}

with

repeats as (
    select * from {{ ref('base_crm__activities_repeats') }}
),

repeated_ids as (
    select distinct activity_id
    from repeats
),

repeated_events as (
    select distinct
        canonical_lead_id,
        coalesce(activity_type_key, '') as type_key,
        occurred_at
    from repeats
),

single as (
    select
        {%- for name in columns %}
        checked.{{ name }},
        {%- endfor %}
        checked._check_reason as _reject_reason
    from {{ ref('base_crm__activities_checked') }} as checked
    {{ join_activity_repeats('checked') }}
    where repeated_ids.activity_id is null
        and repeated_events.type_key is null
),

final as (
    select * from single

    union all

    select
        {{ columns | join(',\n        ') }},
        _reject_reason
    from repeats
)

select * from final

{%- endif %}
