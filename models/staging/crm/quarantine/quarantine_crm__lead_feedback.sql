-- Raw lead_feedback rows kept out of staging, each with its reason.
select * from {{ ref('base_crm__lead_feedback') }}
where _reject_reason is not null
