-- Raw opportunities rows kept out of staging, each with its reason.
select * from {{ ref('base_crm__opportunities') }}
where _reject_reason is not null
