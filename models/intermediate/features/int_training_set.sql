-- Labelled training snapshots with their split and experiment arm, ready
-- for the model step.

select
    labels.split,
    labels.label,
    case leads.experiment_group when 'outreach' then 1 when 'holdout' then 0 end as treated,
    legacy.legacy_score,
    matrix.*
from {{ ref('int_feature_matrix') }} as matrix
inner join {{ ref('int_lead_labels') }} as labels
    on matrix.lead_id = labels.lead_id
    and matrix.snapshot_at = labels.snapshot_at
inner join {{ ref('int_leads') }} as leads
    on matrix.lead_id = leads.lead_id
inner join {{ ref('int_legacy_scores') }} as legacy
    on matrix.lead_id = legacy.lead_id
    and matrix.snapshot_at = legacy.snapshot_at
where labels.split <> 'gap'
