{#- The scoring instant. var as_of wins; otherwise the latest plausible event
    time in the data (int_as_of), so a plain `dbt build` scores "now". -#}
{% macro as_of() %}
  {%- if var('as_of', none) -%}
    cast('{{ var("as_of") }}' as timestamp)
  {%- else -%}
    (select as_of from {{ ref('int_as_of') }})
  {%- endif -%}
{% endmacro %}


{#- Timestamps outside [1990, max(now, as_of) + tolerance] cannot be real
    CRM events (placeholder dates such as 2099-01-01, epoch zero). -#}
{% macro is_impossible_timestamp(column) %}
  ({{ column }} < cast('1990-01-01' as timestamp)
   or {{ column }} > {{ dbt.dateadd('day', var('future_tolerance_days'), future_anchor()) }})
{% endmacro %}

{#- Not int_as_of: that instant is itself the latest plausible event, so it
    cannot decide what is plausible. -#}
{% macro future_anchor() %}
  {%- if var('as_of', none) -%}
    greatest(cast(current_timestamp as timestamp), cast('{{ var("as_of") }}' as timestamp))
  {%- else -%}
    cast(current_timestamp as timestamp)
  {%- endif -%}
{% endmacro %}
