-- The custom fields that are features, as this full build profiled them
-- (macro custom_fields): one row per one-hot level of a category, one row
-- per other field. int_features__custom makes its columns from these rows,
-- and a daily run, which does not rebuild this table, reads the full
-- build's: its columns stay those the stored model learned, whatever values
-- the CRM's fields hold a day later, and it profiles nothing.

{%- set rows = [] %}
{%- for field in custom_fields('leads') + custom_fields('accounts') if field.used %}
  {%- set field_order = loop.index %}
  {%- for level in (field.levels if field.kind == 'category' and field.levels else [none]) %}
    {%- do rows.append({'field': field, 'field_order': field_order, 'level': level, 'level_order': loop.index}) %}
  {%- endfor %}
{%- endfor %}
{%- set text = dbt.type_string() %}

{%- for row in rows %}
select
    '{{ row.field.table }}' as table_name,
    {{ row.field_order }} as field_order,
    {{ sql_text(row.field.field) }} as column_name,
    '{{ row.field.key }}' as field_key,
    '{{ row.field.kind }}' as kind,
    {{ row.level_order }} as level_order,
    {{ sql_text(row.level) if row.level is not none else 'cast(null as ' ~ text ~ ')' }} as level,
    {{ sql_text(row.field.level_columns[row.level]) if row.level is not none else 'cast(null as ' ~ text ~ ')' }}
        as level_column
{{ 'union all' if not loop.last }}
{%- endfor %}
{%- if not rows %}
select
    cast(null as {{ text }}) as table_name,
    0 as field_order,
    cast(null as {{ text }}) as column_name,
    cast(null as {{ text }}) as field_key,
    cast(null as {{ text }}) as kind,
    0 as level_order,
    cast(null as {{ text }}) as level,
    cast(null as {{ text }}) as level_column
where false
{%- endif %}
