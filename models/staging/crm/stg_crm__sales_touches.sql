select
    touch_id,
    canonical_lead_id as lead_id,
    rep_id,
    lower(channel) as channel,
    touched_at
from {{ ref('base_crm__sales_touches') }}
where _reject_reason is null
