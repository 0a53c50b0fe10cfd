-- Salesforce leads as the contract's leads. A lead carries its company's
-- firmographics itself (an account exists only once it converts), so each
-- lead is its own account in sf_contract__accounts: reading the converted
-- account would give firmographics to converted leads only, a leak.
{%- set fields = {'id': 'string', 'created_date': 'timestamp', 'email': 'string', 'first_name': 'string',
                  'last_name': 'string', 'title': 'string', 'lead_source': 'string', 'country': 'string',
                  'company': 'string', 'industry': 'string', 'number_of_employees': 'double',
                  'annual_revenue': 'double'} %}

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
    _deleted_in_crm
from lead
