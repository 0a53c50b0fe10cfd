select
    feedback_id,
    canonical_lead_id as lead_id,
    rep_id,
    lower(verdict) as verdict,
    created_at
from {{ ref('base_crm__lead_feedback') }}
where _reject_reason is null
