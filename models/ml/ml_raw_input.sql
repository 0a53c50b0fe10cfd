{{ config(materialized='table') }}
-- What this build trains on and for: where the CRM is read from (macro
-- raw_provenance: the raw directory, or database.schema of the tables landed
-- in the warehouse), the scoring instant, and a fingerprint of the data: row
-- count and latest timestamps of every staged contract table. A version
-- records them; it serves only builds with the same fingerprint and an as_of
-- no earlier than its own (models/ml/ml_model_artifacts.py, macro
-- active_model_version). A model, not a config value, because yml configs
-- cannot call the macros that decide. A one-row table: as a view, each of the
-- eight models choosing the serving version re-counted every staged table
-- (1 s each at 100k leads).

{%- set stamped = {'leads': ['created_at'], 'accounts': ['created_at'], 'activities': ['occurred_at'],
                   'opportunities': ['created_at', 'closed_at'], 'sales_touches': ['touched_at'],
                   'outreach_experiment': ['assigned_at'], 'lead_feedback': ['created_at'],
                   'lead_field_history': ['changed_at']} %}

with

tables as (
    {%- for table, columns in stamped.items() %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        '{{ table }}' as table_name,
        '{{ table }}:' || cast(count(*) as {{ dbt.type_string() }})
        {%- for column in columns %}
        || ':' || coalesce(cast(max({{ column }}) as {{ dbt.type_string() }}), '-')
        {%- endfor %} as part
    from {{ ref('stg_crm__' ~ table) }}
    {%- endfor %}
)

select
    {{ sql_text(raw_provenance()) }} as raw_input,
    cast({{ as_of() }} as {{ dbt.type_string() }}) as as_of,
    {{ string_agg_ordered('part', "';'", 'table_name') }} as data_fingerprint
from tables
