-- Raw outreach_experiment rows kept out of staging, each with its reason.
select * from {{ ref('base_crm__outreach_experiment') }}
where _reject_reason is not null
