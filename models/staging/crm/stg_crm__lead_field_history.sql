select
    change_id,
    canonical_lead_id as lead_id,
    lower(trim(field_name)) as field_name,
    changed_at,
    new_value
from {{ ref('base_crm__lead_field_history') }}
where _reject_reason is null
