{#- Typed raw rows of a contract table attached to the surviving lead
    (`canonical_lead_id`), with `_check_reason`: the first row-level reason
    to reject the row (missing or unparseable required value, impossible
    timestamp, unknown lead, then the table's own `checks`: [condition,
    reason] pairs), null when there is none. Repeated keys are not looked
    at here. -#}
{% macro checked_raw(table_name, checks=[]) %}
  {%- if not execute -%}
    {#- Parse time: declare the lineage only. -#}
    {{ return("select * from " ~ crm_relation(table_name) ~ ", " ~ ref('base_crm__leads')) }}
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
)

select
    raw.*,
    lead_map.canonical_lead_id,
    case
        {{ deleted_in_crm_rule(table_name, 'raw') }}
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
    end as _check_reason
from raw
left join lead_map
    on raw.lead_id = lead_map.lead_id
{% endmacro %}


{#- checked_raw rows with `_reject_reason` (null = kept): the row-level reason,
    else repeated keys (first kept, valid rows first, then earliest), else
    each of `duplicates` ({partition, order, reason}: one row kept per
    partition). Used by the base models of the smaller tables (leads defines
    the lead map; activities, the large one, has its own two-step version). -#}
{% macro validated_raw(table_name, checks=[], duplicates=[]) %}
  {%- if not execute -%}
    {{ return(checked_raw(table_name)) }}
  {%- endif -%}
  {%- set contract = contract_table(table_name) -%}
  {%- set key = contract.meta.key -%}
  {%- set timestamps = [] -%}
  {%- for name, column in contract.columns.items() if column.data_type == 'timestamp' -%}
    {%- do timestamps.append(name) -%}
  {%- endfor -%}
  {%- set passes = [{'partition': key, 'order': timestamps[0] if timestamps else key,
                     'reason': 'duplicate ' ~ key}] + duplicates -%}
  {%- set columns = [] -%}
  {%- for name in raw_columns(table_name) + ['canonical_lead_id'] -%}{%- do columns.append(adapter.quote(name)) -%}{%- endfor %}

with

pass_0 as (
    select *, _check_reason as _reason_0
    from ({{ checked_raw(table_name, checks) }}) as checked
)
{%- for pass in passes %},

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
)
{%- endfor %}

select
    {{ columns | join(',\n    ') }},
    _reason_{{ passes | length }} as _reject_reason
from pass_{{ passes | length }}
{% endmacro %}


{#- The stored position of a row of table `alias`, stable while the table is
    unchanged (DuckDB's rowid); none on other engines, which keep the union
    form. base_crm__activities_repeats keeps it, so that base_crm__activities
    attaches the repeats' verdicts to their rows with one left join instead
    of a union with every other row: DuckDB pushes a lead filter through a
    join but not through a union, so a daily run reads its leads' activities
    only, and a full read is a quarter of the time (docs/benchmarks.md). -#}
{% macro row_locator(alias) %}
  {{- return(adapter.dispatch('row_locator', 'leadscore')(alias)) -}}
{% endmacro %}

{% macro default__row_locator(alias) %}
  {{- return(none) -}}
{% endmacro %}

{% macro duckdb__row_locator(alias) %}
  {{- return(alias ~ '.rowid') -}}
{% endmacro %}


{#- Left joins of the typed activities (`checked`) to the CTEs
    `repeated_ids` (activity_id) and `repeated_events` (canonical_lead_id,
    type_key, occurred_at); `repeated_ids.activity_id is not null or
    repeated_events.type_key is not null` then marks a row that repeats. -#}
{% macro join_activity_repeats(checked) -%}
    left join repeated_ids
        on {{ checked }}.activity_id = repeated_ids.activity_id
    left join repeated_events
        on {{ checked }}.canonical_lead_id = repeated_events.canonical_lead_id
        and coalesce({{ checked }}.activity_type_key, '') = repeated_events.type_key
        and {{ checked }}.occurred_at = repeated_events.occurred_at
{%- endmacro %}


{#- The first reject rule of every base table: a row its CRM's sync tool
    marks deleted (an adapter's `_deleted_in_crm`, see crm_object) is
    quarantined and counted, not dropped. Nothing where the input has no
    such column (the contract's own files and tables). `alias`: the raw
    rows' alias in the calling query, if any. -#}
{% macro deleted_in_crm_rule(table_name, alias=none) -%}
  {%- if '_deleted_in_crm' in raw_columns(table_name) -%}
    when {{ alias ~ '.' if alias }}_deleted_in_crm then 'deleted in the CRM'
  {%- endif -%}
{%- endmacro %}
