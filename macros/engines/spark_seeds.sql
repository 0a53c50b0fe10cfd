{#- dbt-spark's session method pastes seed values into the SQL unescaped, so
    a quote (Côte d'Ivoire) or a regex backslash in a seed breaks the load.
    Same statement, with each value written as an escaped literal. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set statements = [] -%}
  {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
    {%- set sql -%}
      insert into {{ this.render() }} values
      {% for row in chunk -%}
        ({%- for col_name in agate_table.column_names -%}
          {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
          {%- set value = row[loop.index0] -%}
          {%- if value is none -%}
            cast(null as {{ type }})
          {%- else -%}
            cast('{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}' as {{ type }})
          {%- endif -%}
          {{- ', ' if not loop.last -}}
        {%- endfor -%}){{ ',' if not loop.last }}
      {% endfor %}
    {%- endset -%}
    {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
    {%- do statements.append(sql) if loop.first -%}
  {%- endfor -%}
  {{ return(statements[0]) }}
{% endmacro %}
