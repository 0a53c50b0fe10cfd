{#- Typed raw rows of a contract table with `_reject_reason` (null = kept):
    missing or unparseable required values, impossible timestamps, rows of a
    lead that does not exist, and repeated keys (first kept). Rows that name
    a merged duplicate lead get the surviving lead as `canonical_lead_id`.
    Used by the base models of the smaller tables (leads defines the lead
    map; activities, the large one, has its own two-step version).

    Repeated keys are rare: a hash aggregate finds them, and only their rows
    are ranked by a window instead of sorting every row with its payload. -#}
{#- Typed raw rows of a contract table, attached to the surviving lead
    (`canonical_lead_id`), with `_check_reason`: the first row-level reason to
    reject the row (missing or unparseable required value, impossible
    timestamp, unknown lead), null when there is none. Repeated keys are not
    looked at here (validated_raw, base_crm__activities do that). -#}
{% macro checked_raw(table_name) %}
  {%- if not execute -%}
    {{ return("select * from " ~ source('crm', table_name) ~ ", " ~ ref('base_crm__leads')) }}
  {%- endif -%}
  {%- set contract = contract_table(table_name) -%}
  {%- set timestamps = [] -%}
  {%- for name, column in contract.columns.items() if column.data_type == 'timestamp' -%}
    {%- do timestamps.append(name) -%}
  {%- endfor %}

with

raw as (
    {{ raw_table(table_name) }}
),

lead_map as (
    select lead_id, canonical_lead_id
    from {{ ref('base_crm__leads') }}
    where canonical_lead_id is not null
),

checked as (
    select
        raw.*,
        lead_map.canonical_lead_id,
        case
          {%- for name, column in contract.columns.items() if column.meta.get('required') %}
            {%- if column.data_type != 'varchar' %}
            when raw.{{ name }} is null and raw._cast_errors like '%{{ name }}%' then 'unparseable {{ name }}'
            {%- endif %}
            when raw.{{ name }} is null then 'missing {{ name }}'
          {%- endfor %}
          {%- for name in timestamps %}
            when {{ is_impossible_timestamp('raw.' ~ name) }} then 'impossible {{ name }}'
          {%- endfor %}
            when lead_map.canonical_lead_id is null then 'unknown lead_id'
        end as _check_reason
    from raw
    left join lead_map
        on raw.lead_id = lead_map.lead_id
)

select * from checked
{% endmacro %}


{% macro validated_raw(table_name) %}
  {%- if not execute -%}
    {#- Parse time: declare the lineage only. -#}
    {{ return("select * from " ~ source('crm', table_name) ~ ", " ~ ref('base_crm__leads')) }}
  {%- endif -%}
  {%- set contract = contract_table(table_name) -%}
  {%- set key = contract.meta.key -%}
  {%- set timestamps = [] -%}
  {%- for name, column in contract.columns.items() if column.data_type == 'timestamp' -%}
    {%- do timestamps.append(name) -%}
  {%- endfor -%}
  {%- set columns = [] -%}
  {%- for name in raw_columns(table_name) + ['canonical_lead_id'] -%}
    {%- do columns.append(adapter.quote(name)) -%}
  {%- endfor %}

with

checked as (
    {{ checked_raw(table_name) }}
),

repeated_keys as (
    -- a null key is already rejected as missing, so equality is enough here
    select {{ key }} as repeated_key
    from checked
    group by 1
    having count(*) > 1
),

flagged as (
    select
        checked.*,
        case when repeated_keys.repeated_key is not null then 1 else 0 end as is_repeated
    from checked
    left join repeated_keys
        on checked.{{ key }} = repeated_keys.repeated_key
),

ranked as (
    select
        {{ columns | join(', ') }},
        _check_reason,
        1 as key_rank
    from flagged
    where is_repeated = 0

    union all

    select
        {{ columns | join(', ') }},
        _check_reason,
        row_number() over (
            partition by {{ key }} order by _check_reason is not null, {{ timestamps[0] if timestamps else key }}
        ) as key_rank
    from flagged
    where is_repeated = 1
)

select
    {{ columns | join(', ') }},
    case
        when _check_reason is not null then _check_reason
        when key_rank > 1 then 'duplicate {{ key }}'
    end as _reject_reason
from ranked
{% endmacro %}
