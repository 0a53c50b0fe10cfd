-- Raw lead_field_history rows kept out of staging, each with its reason.
select * from {{ ref('base_crm__lead_field_history') }}
where _reject_reason is not null
