{{ config(materialized=daily_incremental(), incremental_strategy='delete+insert', unique_key='lead_id') }}
-- The CRM's custom fields of leads and of their accounts as features (macro
-- custom_fields profiles every column beyond the contract): a category is
-- one 0/1 column per frequent level (anything else: all zero), a number its
-- value, a flag 1/0, each with a __missing flag; a date stays a date here
-- (d_custom__) and becomes its age at each snapshot in int_feature_matrix.
-- An account's fields are read as int_features__firmographic reads the
-- account: only accounts created before as_of, through a link the lead
-- field audit keeps. Custom fields are current state (the value now, not at
-- the snapshot): int_custom_field_audit keeps out those that give the label
-- away.

{#- as the full build profiled them: a daily run keeps the stored model's columns -#}
{%- set fields = custom_feature_fields() %}

with

leads as (
    select * from {{ ref('stg_crm__leads') }}
    where {{ only_rescored_leads() }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
    where created_at is null or created_at < {{ as_of() }}
),

kept as (
    {{ lead_fields_kept() }}
),

joined as (
    select
        leads.*
        {%- for field in fields if field.used and field.table == 'accounts' %},
        case when kept.account_id_kept then accounts.{{ field.quoted }} end as {{ adapter.quote(field.key) }}
        {%- endfor %}
    from leads
    cross join kept
    left join accounts
        on leads.account_id = accounts.account_id
)

select
    joined.lead_id
    {%- for field in fields if field.used %}
    {%- set value = 'joined.' ~ (field.quoted if field.table == 'leads' else adapter.quote(field.key)) %}
    {%- set f = 'f_custom__' ~ field.key %}
    {%- if field.kind == 'category' %}
    {%- for level in field.levels %},
    case when {{ name_key(value) }} = '{{ level }}' then 1 else 0 end as {{ f }}__{{ field.level_columns[level] }}
    {%- endfor %}
    {%- elif field.kind == 'number' %},
    cast({{ value }} as {{ type_double() }}) as {{ f }}
    {%- elif field.kind == 'flag' %},
    case when cast({{ value }} as boolean) then 1 else 0 end as {{ f }}__yes
    {%- elif field.kind == 'date' %},
    cast({{ value }} as {{ dbt.type_timestamp() }}) as d_custom__{{ field.key }}
    {%- endif %},
    case when {{ value }} is null then 1 else 0 end as {{ f }}__missing
    {%- endfor %}
from joined
