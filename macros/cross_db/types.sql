{#- A 64-bit float. Not dbt.type_float(): that is `float`, which DuckDB and
    Spark read as 32 bits (PostgreSQL as 64), and scores must agree to the bit. -#}
{% macro type_double() %}
  {{- return(adapter.dispatch('type_double', 'leadscore')()) -}}
{% endmacro %}

{% macro default__type_double() %}{{ return('double precision') }}{% endmacro %}

{% macro duckdb__type_double() %}{{ return('double') }}{% endmacro %}

{% macro spark__type_double() %}{{ return('double') }}{% endmacro %}


{#- The engine's name of a type as the contract and the CRM adapters write it
    ('string', 'double', 'timestamp', 'boolean'), for casts. -#}
{% macro sql_type(name) %}
  {{- return({'string': dbt.type_string(), 'double': type_double()}.get(name, name)) -}}
{% endmacro %}
