-- Labelled training snapshots with their split, experiment arm, legacy score
-- and sample weight, ready for the model step. The rows are the training
-- snapshots of int_feature_spine, already sampled (all conversions plus a
-- reweighted share of the rest in train, uniform samples of validation and
-- test) before any feature was computed.

with

spine as (
    select * from {{ ref('int_feature_spine') }}
    where snapshot_type = 'training'
),

final as (
    select
        spine.split,
        spine.label,
        case leads.experiment_group when 'outreach' then 1 when 'holdout' then 0 end as treated,
        legacy.legacy_score,
        matrix.*,
        spine.sample_weight
    from {{ ref('int_feature_matrix') }} as matrix
    inner join spine
        on matrix.lead_id = spine.lead_id
        and matrix.snapshot_at = spine.snapshot_at
    inner join {{ ref('int_leads') }} as leads
        on matrix.lead_id = leads.lead_id
    inner join {{ ref('int_legacy_scores') }} as legacy
        on matrix.lead_id = legacy.lead_id
        and matrix.snapshot_at = legacy.snapshot_at
)

select * from final
