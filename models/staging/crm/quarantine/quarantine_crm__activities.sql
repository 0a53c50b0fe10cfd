-- Raw activities rows kept out of staging, each with its reason.
select * from {{ ref('base_crm__activities') }}
where _reject_reason is not null
