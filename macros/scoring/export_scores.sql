{#- Write a mart to <export_path>/<name>.parquet or .csv (`fmt`) for
    reverse-ETL tools and people; one statement per call, as Spark runs them.
    In the CSV, text that a spreadsheet would run as a formula (starting with
    = + - @, tab or carriage return) is prefixed with a quote, the
    OWASP-recommended defence. The directory must exist. -#}
{% macro export_scores(relation, fmt) %}
  {{ return(adapter.dispatch('export_scores', 'leadscore')(relation, fmt)) }}
{% endmacro %}

{% macro default__export_scores(relation, fmt) %}
  {{- raise_not_ported('export_scores', 'relation, fmt',
                       'returns one statement writing relation to <var export_path>/<identifier>.<fmt> (parquet or csv, '
                       ~ 'csv_safe_columns for csv)') -}}
{% endmacro %}

{% macro duckdb__export_scores(relation, fmt) %}
  {%- set path = var('export_path') ~ '/' ~ relation.identifier ~ '.' ~ fmt -%}
  {%- if fmt == 'csv' -%}
  copy (select {{ csv_safe_columns(relation) | join(', ') }} from {{ relation }} order by 1)
    to '{{ path }}' (format csv, header true)
  {%- else -%}
  copy (select * from {{ relation }} order by 1) to '{{ path }}' (format parquet)
  {%- endif -%}
{% endmacro %}

{#- PostgreSQL writes files on its own server only, as superuser: reverse-ETL
    tools read the marts from the database instead, so no files. -#}
{% macro postgres__export_scores(relation, fmt) %}{{ return('') }}{% endmacro %}

{#- Spark writes a directory per export (one part file), as Spark tools and
    reverse-ETL connectors reading object storage expect. -#}
{% macro spark__export_scores(relation, fmt) %}
  {%- set path = var('export_path') ~ '/' ~ relation.identifier ~ '.' ~ fmt -%}
  {%- if fmt == 'csv' -%}
  insert overwrite directory '{{ path }}' using csv options (header 'true')
  select /*+ coalesce(1) */ {{ csv_safe_columns(relation) | join(', ') }} from {{ relation }} order by 1
  {%- else -%}
  insert overwrite directory '{{ path }}' using parquet
  select /*+ coalesce(1) */ * from {{ relation }} order by 1
  {%- endif -%}
{% endmacro %}


{% macro csv_safe_columns(relation) %}
  {%- set safe = [] -%}
  {%- for column in adapter.get_columns_in_relation(relation) -%}
    {%- set name = adapter.quote(column.name) -%}
    {%- if column.is_string() or column.dtype | lower == 'string' -%}
      {%- do safe.append(csv_safe(name) ~ " as " ~ name) -%}
    {%- else -%}
      {%- do safe.append(name) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(safe) }}
{% endmacro %}


{% macro csv_safe(column) -%}
  case
    when substr({{ column }}, 1, 1) in ('=', '+', '-', '@', chr(9), chr(13)) then '''' || {{ column }}
    else {{ column }}
  end
{%- endmacro %}
