{#- Columns a user's export carries beyond the contract (custom CRM fields),
    so staging can keep them by name. -#}
{% macro extra_columns(relation, table_name) %}
  {%- if not execute -%}{{ return([]) }}{%- endif -%}
  {%- set known = contract_table(table_name).columns.keys() | list -%}
  {%- set extras = [] -%}
  {%- for column in adapter.get_columns_in_relation(relation) -%}
    {%- if column.name not in known and not column.name.startswith('_')
          and column.name not in ('canonical_lead_id', 'email_key', 'activity_type_key') -%}
      {%- do extras.append(adapter.quote(column.name)) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(extras) }}
{% endmacro %}
