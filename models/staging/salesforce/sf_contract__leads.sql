-- Salesforce leads as the contract's leads. A lead carries its company's
-- firmographics itself (an account exists only once it converts), so each
-- lead is its own account in sf_contract__accounts: reading the converted
-- account would give firmographics to converted leads only, a leak.
-- With var salesforce_contacts_as_leads, contacts are leads too (their
-- account is a real one, there from the contact's creation), except the
-- contacts converted leads became: those are the lead, already here.
{%- set fields = {'id': 'string', 'created_date': 'timestamp', 'email': 'string', 'first_name': 'string',
                  'last_name': 'string', 'title': 'string', 'lead_source': 'string', 'country': 'string',
                  'company': 'string', 'industry': 'string', 'number_of_employees': 'double',
                  'annual_revenue': 'double', 'converted_contact_id': 'string', 'owner_id': 'string'} %}
{#- custom fields (__c), passed on without their suffix: staging profiles them -#}
{%- set custom = crm_custom_fields('salesforce', 'lead') %}
{%- do fields.update(custom) %}
{%- set contact_fields = {'id': 'string', 'created_date': 'timestamp', 'email': 'string', 'first_name': 'string',
                          'last_name': 'string', 'title': 'string', 'lead_source': 'string',
                          'mailing_country': 'string', 'account_id': 'string', 'owner_id': 'string'} %}

with

lead as (
    {{ crm_object('salesforce', 'lead', fields, required=['id', 'created_date'], required_object=true) }}
)

select
    id as lead_id,
    created_date as created_at,
    case when coalesce(company, industry) is not null or number_of_employees is not null then id end as account_id,
    email,
    first_name,
    last_name,
    title as job_title,
    lead_source,
    country,
    owner_id,
    {%- for name in custom %}
    {{ name }} as {{ modules.re.sub('__c$', '', name) }},
    {%- endfor %}
    _deleted_in_crm
from lead
{%- if var('salesforce_contacts_as_leads') %}

union all

select
    contact.id,
    contact.created_date,
    contact.account_id,
    contact.email,
    contact.first_name,
    contact.last_name,
    contact.title,
    contact.lead_source,
    contact.mailing_country,
    contact.owner_id,
    {%- for name in custom %}
    null,
    {%- endfor %}
    contact._deleted_in_crm
from (
    {{ crm_object('salesforce', 'contact', contact_fields, required=['id', 'created_date'], required_object=true) }}
) as contact
where not exists (
    select 1 from lead
    where {{ sf_id15('lead.converted_contact_id') }} = {{ sf_id15('contact.id') }}
)
{%- endif %}
