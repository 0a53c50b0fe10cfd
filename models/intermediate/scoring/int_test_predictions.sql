-- Held-out test snapshots scored in SQL by the active model, with the legacy
-- points score, the outcome and the segments evaluation cuts by: the one
-- input of every evaluation mart, so they all judge the same rows.

select
    scores.lead_id,
    scores.snapshot_at,
    scores.model_version,
    scores.conversion_probability,
    scores.score,
    legacy.legacy_score,
    labels.label,
    case when labels.label = 1 then {{ days_between('scores.snapshot_at', 'leads.converted_at') }} end
        as days_to_conversion,
    contact.seniority,
    coalesce(firmographic.industry, 'unknown') as industry,
    coalesce(firmographic.size_band, 'unknown') as size_band,
    coalesce(firmographic.region, 'unknown') as region
from {{ ref('int_snapshot_scores') }} as scores
inner join {{ ref('int_lead_labels') }} as labels
    on scores.lead_id = labels.lead_id
    and scores.snapshot_at = labels.snapshot_at
inner join {{ ref('int_legacy_scores') }} as legacy
    on scores.lead_id = legacy.lead_id
    and scores.snapshot_at = legacy.snapshot_at
inner join {{ ref('int_leads') }} as leads
    on scores.lead_id = leads.lead_id
inner join {{ ref('int_features__contact') }} as contact
    on scores.lead_id = contact.lead_id
inner join {{ ref('int_features__firmographic') }} as firmographic
    on scores.lead_id = firmographic.lead_id
where labels.split = 'test'
