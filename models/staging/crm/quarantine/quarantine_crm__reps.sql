-- Raw reps rows kept out of staging, each with its reason.
select * from {{ ref('base_crm__reps') }}
where _reject_reason is not null
