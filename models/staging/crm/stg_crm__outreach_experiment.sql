select
    canonical_lead_id as lead_id,
    lower(group_name) as group_name,
    assigned_at
from {{ ref('base_crm__outreach_experiment') }}
where _reject_reason is null
