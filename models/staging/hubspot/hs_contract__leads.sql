-- HubSpot contacts as the contract's leads. A contact's account is its
-- associated company only when that association was there from the start
-- (set within var hubspot_company_known_days of the contact's creation, per
-- the property history, else by the company's own creation): companies
-- created or attached when a deal is opened would give firmographics to
-- converted contacts only, a leak. Otherwise the contact's own company
-- properties are its account (account_id 'contact-<id>', as in
-- hs_contract__accounts).
{%- set contact_fields = {'id': 'string', 'property_createdate': 'timestamp', 'property_email': 'string',
                          'property_firstname': 'string', 'property_lastname': 'string',
                          'property_jobtitle': 'string', 'property_hs_analytics_source': 'string',
                          'property_country': 'string', 'property_company': 'string',
                          'property_industry': 'string', 'property_numberofemployees': 'double',
                          'property_associatedcompanyid': 'string', 'property_hubspot_owner_id': 'string'} %}
{#- the custom properties var hubspot_contact_custom_fields lists (HubSpot's
    standard and custom properties look alike), without their property_ prefix -#}
{%- set custom = crm_custom_fields('hubspot', 'contact') %}
{%- do contact_fields.update(custom) %}
{%- set history_fields = {'contact_id': 'string', 'name': 'string', 'value': 'string', 'timestamp': 'timestamp'} %}

with

contact as (
    {{ crm_object('hubspot', 'contact', contact_fields, required=['id', 'property_createdate'],
                  required_object=true) }}
),

company as (
    {{ crm_object('hubspot', 'company', {'id': 'string', 'property_createdate': 'timestamp'}, required=['id']) }}
),

history as (
    {{ crm_object('hubspot', 'contact_property_history', history_fields,
                  required=['contact_id', 'name', 'timestamp'], key=['contact_id', 'name', 'timestamp']) }}
),

associated as (
    select
        cast(history.contact_id as {{ dbt.type_string() }}) as contact_id,
        min(history.timestamp) as associated_at
    from history
    where history.name = 'associatedcompanyid' and history.value is not null and not history._deleted_in_crm
    group by 1
),

known_company as (
    select contact.id
    from contact
    inner join company
        on
            cast(contact.property_associatedcompanyid as {{ dbt.type_string() }})
            = cast(company.id as {{ dbt.type_string() }})
            and not company._deleted_in_crm
    left join associated
        on cast(contact.id as {{ dbt.type_string() }}) = associated.contact_id
    where
        coalesce(associated.associated_at, greatest(company.property_createdate, contact.property_createdate))
        <= {{ add_days('contact.property_createdate', var('hubspot_company_known_days')) }}
)

select
    cast(contact.id as {{ dbt.type_string() }}) as lead_id,
    contact.property_createdate as created_at,
    case
        when known_company.id is not null then cast(contact.property_associatedcompanyid as {{ dbt.type_string() }})
        when coalesce(contact.property_company, contact.property_industry) is not null
            or contact.property_numberofemployees is not null
            then 'contact-' || cast(contact.id as {{ dbt.type_string() }})
    end as account_id,
    contact.property_email as email,
    contact.property_firstname as first_name,
    contact.property_lastname as last_name,
    contact.property_jobtitle as job_title,
    contact.property_hs_analytics_source as lead_source,
    contact.property_country as country,
    cast(contact.property_hubspot_owner_id as {{ dbt.type_string() }}) as owner_id,
    {%- for name in custom %}
    contact.{{ name }} as {{ modules.re.sub('^property_', '', name) }},
    {%- endfor %}
    contact._deleted_in_crm
from contact
left join known_company
    on contact.id = known_company.id
