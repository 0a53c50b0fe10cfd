{#- Typed model tables (models/ml/store) are append-only by version: an
    incremental run adds the versions the store gained since, never rewrites
    one. -#}
{% macro is_new_version(column='model_version') -%}
  {%- if is_incremental() -%}
    {{ column }} not in (select model_version from {{ this }})
  {%- else -%}
    1 = 1
  {%- endif -%}
{%- endmacro %}
