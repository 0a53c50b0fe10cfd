-- One row per distinct event, attached to the surviving lead.

select
    activity_id,
    canonical_lead_id as lead_id,
    activity_type,
    activity_type_key,
    page_path,
    case when duration_seconds >= 0 then duration_seconds end as duration_seconds,
    occurred_at
from {{ ref('base_crm__activities') }}
where _reject_reason is null
