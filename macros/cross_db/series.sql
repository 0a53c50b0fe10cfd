{#- Integers lo..hi-1 as rows of column `k`, from scalar expressions (a
    set-returning expression for the select list). -#}
{% macro integer_series(lo, hi) %}
  {{- adapter.dispatch('integer_series', 'leadscore')(lo, hi) -}}
{% endmacro %}

{#- generate_series includes its upper bound and is empty when hi <= lo. -#}
{% macro default__integer_series(lo, hi) -%}
  generate_series(cast({{ lo }} as bigint), cast({{ hi }} as bigint) - 1)
{%- endmacro %}

{% macro duckdb__integer_series(lo, hi) -%}
  unnest(range(cast({{ lo }} as bigint), cast({{ hi }} as bigint)))
{%- endmacro %}

{#- sequence() counts down when hi <= lo; range() is empty then. -#}
{% macro spark__integer_series(lo, hi) -%}
  explode(case when cast({{ hi }} as bigint) > cast({{ lo }} as bigint)
    then sequence(cast({{ lo }} as bigint), cast({{ hi }} as bigint) - 1)
    else cast(array() as array<bigint>) end)
{%- endmacro %}
