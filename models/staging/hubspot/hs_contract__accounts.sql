-- Companies: each contact's own company properties (account_id
-- 'contact-<id>', used where no company was associated from the start, see
-- hs_contract__leads), then HubSpot companies.
{%- set contact_fields = {'id': 'string', 'property_createdate': 'timestamp', 'property_company': 'string',
                          'property_industry': 'string', 'property_numberofemployees': 'double',
                          'property_annualrevenue': 'double', 'property_country': 'string'} %}
{%- set company_fields = {'id': 'string', 'property_name': 'string', 'property_industry': 'string',
                          'property_numberofemployees': 'double', 'property_annualrevenue': 'double',
                          'property_country': 'string', 'property_createdate': 'timestamp'} %}

with

contact as (
    {{ crm_object('hubspot', 'contact', contact_fields, required=['id', 'property_createdate'],
                  required_object=true) }}
),

company as (
    {{ crm_object('hubspot', 'company', company_fields, required=['id']) }}
)

select
    'contact-' || cast(id as {{ dbt.type_string() }}) as account_id,
    property_company as company_name,
    property_industry as industry,
    property_numberofemployees as employee_count,
    property_annualrevenue as annual_revenue,
    property_country as country,
    property_createdate as created_at,
    false as _deleted_in_crm
from contact
-- a deleted contact is counted once, as a lead
where
    not _deleted_in_crm
    and (coalesce(property_company, property_industry) is not null or property_numberofemployees is not null)

union all

select
    cast(id as {{ dbt.type_string() }}),
    property_name,
    property_industry,
    property_numberofemployees,
    property_annualrevenue,
    property_country,
    property_createdate,
    _deleted_in_crm
from company
