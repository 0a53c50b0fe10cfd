{#- A deterministic pseudo-random number in [0, 1) from a text key, for
    reproducible sampling. From the first 32 bits of md5, which every engine
    computes alike (unlike hash()), so samples, and so trained models, are the
    same on DuckDB and Spark. -#}
{% macro unit_hash(expression) %}
  {{- adapter.dispatch('unit_hash', 'leadscore')(expression) -}}
{% endmacro %}

{#- PostgreSQL-style hex to integer; the divisor is a float because `/`
    divides integers exactly there. -#}
{% macro default__unit_hash(expression) -%}
  ((cast(cast(('x' || substr({{ dbt.hash(expression) }}, 1, 8)) as bit(32)) as bigint) % 1000003)
    / cast(1000003 as {{ dbt.type_float() }}))
{%- endmacro %}

{% macro duckdb__unit_hash(expression) -%}
  ((cast(('0x' || substr(md5(cast({{ expression }} as string)), 1, 8)) as bigint) % 1000003) / 1000003)
{%- endmacro %}

{% macro spark__unit_hash(expression) -%}
  ((cast(conv(substr(md5(cast({{ expression }} as string)), 1, 8), 16, 10) as bigint) % 1000003) / 1000003)
{%- endmacro %}
