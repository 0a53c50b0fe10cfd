{#- Typed raw rows of a contract table with `_reject_reason` (null = kept):
    missing or unparseable required values, impossible timestamps, rows of a
    lead that does not exist, then the table's own `checks` ([condition,
    reason] pairs), then repeated keys (first kept) and each of `duplicates`
    ({partition, order, reason}: one row kept per partition, valid rows first).
    Rows that name a merged duplicate lead get the surviving lead as
    `canonical_lead_id`; `computed` adds named expressions (['expr', 'name']).
    Used by every base model except leads, which defines the lead map. -#}
{% macro validated_raw(table_name, checks=[], duplicates=[], computed=[]) %}
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
  {%- set passes = [{'partition': key, 'order': timestamps[0] if timestamps else key,
                     'reason': 'duplicate ' ~ key}] + duplicates -%}
  {%- set columns = raw_columns(table_name) + ['canonical_lead_id'] -%}
  {%- for expression, name in computed -%}{%- do columns.append(name) -%}{%- endfor %}

with

raw as (
    {{ raw_table(table_name) }}
),

lead_map as (
    select lead_id, canonical_lead_id
    from {{ ref('base_crm__leads') }}
    where canonical_lead_id is not null
),

pass_0 as (
    select
        raw.*,
        lead_map.canonical_lead_id,
        {%- for expression, name in computed %}
        {{ expression }} as {{ name }},
        {%- endfor %}
        case
          {%- for name, column in contract.columns.items() if column.meta.get('required') %}
            {%- if column.data_type != 'string' %}
            when raw.{{ name }} is null and raw._cast_errors like '%{{ name }}%' then 'unparseable {{ name }}'
            {%- endif %}
            when raw.{{ name }} is null then 'missing {{ name }}'
          {%- endfor %}
          {%- for name in timestamps %}
            when {{ is_impossible_timestamp('raw.' ~ name) }} then 'impossible {{ name }}'
          {%- endfor %}
            when lead_map.canonical_lead_id is null then 'unknown lead_id'
          {%- for condition, reason in checks %}
            when {{ condition }} then '{{ reason }}'
          {%- endfor %}
        end as _reason_0
    from raw
    left join lead_map
        on raw.lead_id = lead_map.lead_id
),
{%- for pass in passes %}

pass_{{ loop.index }} as (
    select
        *,
        coalesce(_reason_{{ loop.index0 }}, case
            when row_number() over (
                partition by {{ pass.partition }}
                order by _reason_{{ loop.index0 }} is not null, {{ pass.order }}
            ) > 1 then '{{ pass.reason }}'
        end) as _reason_{{ loop.index }}
    from pass_{{ loop.index0 }}
){{ ',' if not loop.last }}
{%- endfor %}

select
    {{ columns | join(',\n    ') }},
    _reason_{{ passes | length }} as _reject_reason
from pass_{{ passes | length }}
{% endmacro %}
