-- Salesforce users as the contract's reps: the users var salesforce_rep_ids
-- lists, else every user who owns a lead (admins and integration users own
-- none; a queue, 00G, is no user). Salesforce has no daily capacity,
-- segment or seniority: the defaults apply (var rep_daily_capacity, any
-- segment) unless a reps table of the contract is used instead.
{%- set listed = var('salesforce_rep_ids', []) %}

with

users as (
    {{ crm_object('salesforce', 'user', {'id': 'string', 'name': 'string', 'is_active': 'boolean'},
                  required=['id']) }}
)

select
    users.id as rep_id,
    users.name,
    cast(null as {{ type_double() }}) as daily_capacity,
    cast(null as {{ dbt.type_string() }}) as segment,
    cast(null as {{ type_double() }}) as seniority,
    users.is_active,
    users._deleted_in_crm
from users
where
    {%- if listed %}
    users.id in ('{{ listed | join("', '") }}')
    {%- else %}
    users.id in (select owner_id from {{ ref('sf_contract__leads') }})
    {%- endif %}
