select
    opportunity_id,
    canonical_lead_id as lead_id,
    account_id,
    case
        when lower(stage) like '%won%' then 'closed_won'
        when lower(stage) like '%lost%' then 'closed_lost'
        when stage is null then null
        else 'open'
    end as stage,
    -- a negative amount is unknown, the opportunity itself is still real
    case when amount >= 0 then amount end as amount,
    created_at,
    closed_at
from {{ ref('base_crm__opportunities') }}
where _reject_reason is null
