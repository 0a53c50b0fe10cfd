-- A converted lead's conversion: its converted_opportunity_id (15 or 18
-- characters, matched on the first 15), created when the opportunity was,
-- else on the lead's converted_date (a lead converted without an opportunity
-- still converted: its row has the lead's id and no amount). Opportunities no
-- lead converted into (contacts' deals) are not conversions of a lead, unless
-- var salesforce_contacts_as_leads scores contacts: then a contact's deals
-- (its opportunity contact roles) are its opportunities; a deal with several
-- contacts converts one: the primary contact, else the first one added.
{%- set lead_fields = {'id': 'string', 'is_converted': 'boolean', 'converted_date': 'timestamp',
                       'converted_opportunity_id': 'string'} %}
{%- set opportunity_fields = {'id': 'string', 'created_date': 'timestamp', 'account_id': 'string',
                              'stage_name': 'string', 'is_closed': 'boolean', 'close_date': 'timestamp',
                              'amount': 'double'} %}
{%- set role_fields = {'contact_id': 'string', 'opportunity_id': 'string', 'is_primary': 'boolean',
                       'created_date': 'timestamp'} %}

with

lead as (
    {{ crm_object('salesforce', 'lead', lead_fields, required=['id', 'converted_opportunity_id'],
                  required_object=true) }}
),

opportunity as (
    {{ crm_object('salesforce', 'opportunity', opportunity_fields, required=['id', 'created_date'],
                  required_object=true) }}
),

converted as (
    select id, converted_date, converted_opportunity_id
    from lead
    where is_converted or converted_date is not null or converted_opportunity_id is not null
)

select
    coalesce(opportunity.id, converted.converted_opportunity_id, converted.id) as opportunity_id,
    converted.id as lead_id,
    coalesce(opportunity.created_date, cast(converted.converted_date as timestamp)) as created_at,
    opportunity.account_id,
    opportunity.stage_name as stage,
    case when opportunity.is_closed then cast(opportunity.close_date as timestamp) end as closed_at,
    opportunity.amount,
    coalesce(opportunity._deleted_in_crm, false) as _deleted_in_crm
from converted
left join opportunity
    on {{ sf_id15('converted.converted_opportunity_id') }} = {{ sf_id15('opportunity.id') }}
{%- if var('salesforce_contacts_as_leads') %}

union all

select
    opportunity.id,
    role.lead_id,
    opportunity.created_date,
    opportunity.account_id,
    opportunity.stage_name,
    case when opportunity.is_closed then cast(opportunity.close_date as timestamp) end,
    opportunity.amount,
    opportunity._deleted_in_crm
from (
    select
        contacts.lead_id,
        role.opportunity_id,
        row_number() over (
            partition by {{ sf_id15('role.opportunity_id') }}
            order by coalesce(role.is_primary, false) desc, role.created_date, contacts.lead_id
        ) as contact_rank
    from {{ ref('sf_contract__leads') }} as contacts
    inner join (
        {{ crm_object('salesforce', 'opportunity_contact_role', role_fields,
                      required=['contact_id', 'opportunity_id']) }}
    ) as role
        on {{ sf_id15('role.contact_id') }} = {{ sf_id15('contacts.lead_id') }}
    where contacts.lead_id like '003%' and not role._deleted_in_crm
) as role
inner join opportunity
    on {{ sf_id15('role.opportunity_id') }} = {{ sf_id15('opportunity.id') }}
where role.contact_rank = 1
{%- endif %}
