-- Raw sales_touches rows kept out of staging, each with its reason.
select * from {{ ref('base_crm__sales_touches') }}
where _reject_reason is not null
