-- Companies: each lead's own firmographics (account_id = the lead's id, see
-- sf_contract__leads), then Salesforce accounts (for converted records).
{%- set lead_fields = {'id': 'string', 'created_date': 'timestamp', 'company': 'string', 'industry': 'string',
                       'number_of_employees': 'double', 'annual_revenue': 'double', 'country': 'string'} %}
{%- set account_fields = {'id': 'string', 'name': 'string', 'industry': 'string', 'number_of_employees': 'double',
                          'annual_revenue': 'double', 'billing_country': 'string', 'created_date': 'timestamp'} %}

with

lead as (
    {{ crm_object('salesforce', 'lead', lead_fields, required=['id', 'created_date'], required_object=true) }}
),

account as (
    {{ crm_object('salesforce', 'account', account_fields, required=['id']) }}
)

select
    id as account_id,
    company as company_name,
    industry,
    number_of_employees as employee_count,
    annual_revenue,
    country,
    created_date as created_at,
    false as _deleted_in_crm
from lead
-- a deleted lead is counted once, as a lead
where not _deleted_in_crm and (coalesce(company, industry) is not null or number_of_employees is not null)

union all

select
    id,
    name,
    industry,
    number_of_employees,
    annual_revenue,
    billing_country,
    created_date,
    _deleted_in_crm
from account
