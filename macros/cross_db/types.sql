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


{#- A double rounded to `digits` decimals (halves away from zero), still a double. PostgreSQL rounds
    only numerics to a number of places. -#}
{% macro round_to(column, digits) %}
  {{- adapter.dispatch('round_to', 'leadscore')(column, digits) -}}
{% endmacro %}

{% macro default__round_to(column, digits) -%}
  cast(round(cast({{ column }} as numeric), {{ digits }}) as {{ type_double() }})
{%- endmacro %}

{% macro duckdb__round_to(column, digits) -%}
  round({{ column }}, {{ digits }})
{%- endmacro %}

{% macro spark__round_to(column, digits) -%}
  round({{ column }}, {{ digits }})
{%- endmacro %}


{#- numerator / denominator as a double whatever their types: DuckDB's and
    Spark's `/` always divides as floats, PostgreSQL's truncates integers
    (7 / 2 = 3) and keeps numerics exact (sum and avg of integers). -#}
{% macro divide(numerator, denominator) %}
  {{- adapter.dispatch('divide', 'leadscore')(numerator, denominator) -}}
{% endmacro %}

{% macro default__divide(numerator, denominator) -%}
  (cast({{ numerator }} as {{ type_double() }}) / cast({{ denominator }} as {{ type_double() }}))
{%- endmacro %}

{% macro duckdb__divide(numerator, denominator) -%}
  (({{ numerator }}) / ({{ denominator }}))
{%- endmacro %}

{% macro spark__divide(numerator, denominator) -%}
  (({{ numerator }}) / ({{ denominator }}))
{%- endmacro %}
