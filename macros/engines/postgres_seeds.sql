{#- Seed column_types are written as DuckDB and Spark name them (string,
    double), which PostgreSQL does not know: dbt's table, each type in the
    engine's own name (sql_type). -#}
{% macro postgres__create_csv_table(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
  {%- set columns = [] -%}
  {%- for col_name in agate_table.column_names -%}
    {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
    {%- do columns.append(adapter.quote_seed_column(col_name | string, quote_seed_column) ~ " " ~ sql_type(type)) -%}
  {%- endfor -%}
  {%- set sql = "create table " ~ this.render() ~ " (" ~ columns | join(", ") ~ ")" -%}
  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}
  {{ return(sql) }}
{% endmacro %}
