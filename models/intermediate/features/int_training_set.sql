-- Labelled training snapshots with their split, experiment arm, legacy score
-- and sample weight, ready for the model step.
--
-- Sampling, so that training cost stops growing with the CRM: the train
-- split keeps every conversion and a deterministic share of non-conversions
-- (at most max_train_rows rows in all), reweighted by 1 / share so that the
-- fitted probabilities stay calibrated; validation and test are sampled
-- uniformly (max_eval_rows each), which needs no weights.

with

labelled as (
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
),

rates as (
    select
        split,
        case
            when split = 'train' then least(1.0, greatest({{ var('max_train_rows') }} - sum(label), 1)
                                                 / nullif(count(*) - sum(label), 0))
            else least(1.0, {{ var('max_eval_rows') }} / count(*))
        end as keep_share
    from labelled
    group by 1
)

select
    labelled.*,
    case
        when labelled.split = 'train' and labelled.label = 0 then 1.0 / rates.keep_share
        else 1.0
    end as sample_weight
from labelled
inner join rates
    on labelled.split = rates.split
where {{ unit_hash("labelled.lead_id || cast(labelled.snapshot_at as string)") }} < coalesce(rates.keep_share, 1.0)
    or (labelled.split = 'train' and labelled.label = 1)
