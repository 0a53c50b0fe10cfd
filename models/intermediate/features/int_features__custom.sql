{{ config(materialized='table') }}
-- The CRM's custom lead fields as features (macro custom_fields profiles
-- every column beyond the contract): a category is one 0/1 column per
-- frequent level (anything else: all zero), a number its value, a flag 1/0,
-- each with a __missing flag; a date stays a date here (d_custom__) and
-- becomes its age at each snapshot in int_feature_matrix. Custom fields are
-- current state (the value now, not at the snapshot): int_custom_field_audit
-- keeps out those that give the label away.

{%- set fields = custom_fields('leads') %}

with

leads as (
    select * from {{ ref('stg_crm__leads') }}
)

select
    leads.lead_id
    {%- for field in fields if field.used %}
    {%- set f = 'f_custom__' ~ field.key %}
    {%- if field.kind == 'category' %}
    {%- for level in field.levels %},
    case when {{ name_key('leads.' ~ field.quoted) }} = '{{ level }}' then 1 else 0 end as {{ f }}__{{ level }}
    {%- endfor %}
    {%- elif field.kind == 'number' %},
    cast(leads.{{ field.quoted }} as {{ type_double() }}) as {{ f }}
    {%- elif field.kind == 'flag' %},
    case when cast(leads.{{ field.quoted }} as boolean) then 1 else 0 end as {{ f }}__yes
    {%- elif field.kind == 'date' %},
    cast(leads.{{ field.quoted }} as {{ dbt.type_timestamp() }}) as d_custom__{{ field.key }}
    {%- endif %},
    case when leads.{{ field.quoted }} is null then 1 else 0 end as {{ f }}__missing
    {%- endfor %}
from leads
