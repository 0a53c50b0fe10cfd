{#- Write a mart to <export_path>/<name>.parquet and .csv for reverse-ETL
    tools and people. In the CSV, text that a spreadsheet would run as a
    formula (starting with = + - @, tab or carriage return) is prefixed with
    a quote, the OWASP-recommended defence. The directory must exist. -#}
{% macro export_scores(relation) %}
  {{ return(adapter.dispatch('export_scores', 'leadscore')(relation)) }}
{% endmacro %}

{% macro duckdb__export_scores(relation) %}
  {%- set path = var('export_path') ~ '/' ~ relation.identifier -%}
  {%- set safe = [] -%}
  {%- for column in adapter.get_columns_in_relation(relation) -%}
    {%- set name = adapter.quote(column.name) -%}
    {%- if column.is_string() -%}
      {%- do safe.append(csv_safe(name) ~ " as " ~ name) -%}
    {%- else -%}
      {%- do safe.append(name) -%}
    {%- endif -%}
  {%- endfor -%}
  copy (select * from {{ relation }} order by 1) to '{{ path }}.parquet' (format parquet);
  copy (select {{ safe | join(', ') }} from {{ relation }} order by 1) to '{{ path }}.csv' (format csv, header true)
{% endmacro %}


{% macro csv_safe(column) -%}
  case
    when regexp_matches({{ column }}, '^[=+\-@\t\r]') then '''' || {{ column }}
    else {{ column }}
  end
{%- endmacro %}
