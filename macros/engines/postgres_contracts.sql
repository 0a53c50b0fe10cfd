{#- Model contracts (_scoring__models.yml) give column types as DuckDB and
    Spark name them (double, string); PostgreSQL gets its own names
    (sql_type) in the contract's checking query and in the table's DDL. -#}
{% macro postgres__cast(field, type) %}
  {%- if type is string -%}
    cast({{ field }} as {{ sql_type(type) }})
  {%- else -%}
    cast({{ field }} as {{ type }})
  {%- endif -%}
{% endmacro %}

{% macro postgres__get_table_columns_and_constraints() %}
  {%- set columns = {} -%}
  {%- for name, column in model['columns'].items() -%}
    {%- set translated = {} -%}
    {%- do translated.update(column) -%}
    {%- if column.get('data_type') -%}{%- do translated.update({'data_type': sql_type(column['data_type'])}) -%}{%- endif -%}
    {%- do columns.update({name: translated}) -%}
  {%- endfor -%}
  {%- set raw_column_constraints = adapter.render_raw_columns_constraints(raw_columns=columns) -%}
  {%- set raw_model_constraints = adapter.render_raw_model_constraints(raw_constraints=model['constraints']) -%}
  (
  {% for c in raw_column_constraints + raw_model_constraints -%}
    {{ c }}{{ "," if not loop.last }}
  {% endfor -%}
  )
{% endmacro %}
