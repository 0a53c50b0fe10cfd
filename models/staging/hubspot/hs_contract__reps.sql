-- HubSpot owners as the contract's reps: the owners var hubspot_rep_ids
-- lists, else every owner of a contact. HubSpot has no daily capacity,
-- segment or seniority: the defaults apply (var rep_daily_capacity, any
-- segment) unless a reps table of the contract is used instead.
{%- set listed = var('hubspot_rep_ids', []) %}

with

owners as (
    {{ crm_object('hubspot', 'owner', {'owner_id': 'string', 'first_name': 'string', 'last_name': 'string',
                                       'email': 'string', 'is_active': 'boolean'},
                  required=['owner_id'], key=['owner_id']) }}
)

select
    cast(owners.owner_id as {{ dbt.type_string() }}) as rep_id,
    coalesce(nullif(trim(concat_ws(' ', owners.first_name, owners.last_name)), ''), owners.email) as name,
    cast(null as {{ type_double() }}) as daily_capacity,
    cast(null as {{ dbt.type_string() }}) as segment,
    cast(null as {{ type_double() }}) as seniority,
    owners.is_active,
    owners._deleted_in_crm
from owners
where
    {%- if listed %}
    cast(owners.owner_id as {{ dbt.type_string() }}) in ('{{ listed | join("', '") }}')
    {%- else %}
    cast(owners.owner_id as {{ dbt.type_string() }}) in (select owner_id from {{ ref('hs_contract__leads') }})
    {%- endif %}
