{#- Typed raw rows of a contract table with `_reject_reason` (null = kept):
    missing or unparseable required values, impossible timestamps, rows of a
    lead that does not exist, and repeated keys (first kept). Rows that name
    a merged duplicate lead get the surviving lead as `canonical_lead_id`.
    Used by every base model except leads, which defines the lead map. -#}
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

select
    * exclude (_check_reason),
    case
        when _check_reason is not null then _check_reason
        when row_number() over (
            partition by {{ key }} order by _check_reason is not null, {{ timestamps[0] if timestamps else key }}
        ) > 1 then 'duplicate {{ key }}'
    end as _reject_reason
from checked
{% endmacro %}
