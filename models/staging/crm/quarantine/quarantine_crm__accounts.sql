-- Raw accounts rows kept out of staging, each with its reason.
select * from {{ ref('base_crm__accounts') }}
where _reject_reason is not null
