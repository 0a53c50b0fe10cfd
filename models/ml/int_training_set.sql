-- Labelled training snapshots with their split, experiment arm, legacy score
-- and sample weight, ready for the model step. The rows are the training
-- snapshots of int_feature_spine, already sampled (all conversions plus a
-- reweighted share of the rest in train, uniform samples of validation and
-- test) before any feature was computed.
-- The experiment arm (treated) is set on one snapshot per experiment lead:
-- the last at or before the assignment, within one snapshot interval of it
-- (the lead's first snapshot where the assignment time is unknown), so the
-- uplift model learns from features that precede the assignment; features
-- measured after it carry the outreach's own effect.

with

spine as (
    select
        *,
        row_number() over (partition by lead_id order by snapshot_at) as snapshot_number
    from {{ ref('int_feature_spine') }}
    where snapshot_type = 'training'
),

final as (
    select
        spine.split,
        spine.label,
        case
            when
                leads.experiment_assigned_at is null and spine.snapshot_number = 1
                or spine.snapshot_at <= leads.experiment_assigned_at
                and spine.snapshot_at > {{ add_days('leads.experiment_assigned_at', -var('snapshot_every_days')) }}
                then case leads.experiment_group when 'outreach' then 1 when 'holdout' then 0 end
        end as treated,
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
