{{ config(materialized='table', tags=['daily']) }}
-- The snapshots features are computed for: a deterministic, reweighted
-- sample of the labelled training snapshots, every scoring snapshot and
-- every lookback snapshot. Sampling here, before any feature exists, is what
-- keeps the feature groups proportional to leads instead of to leads x weeks.
--
-- Train split: every conversion and a hash-drawn share of non-conversions (at
-- most max_train_rows rows in all), reweighted by 1 / share so that fitted
-- probabilities stay calibrated. Validation and test: a uniform hash-drawn
-- sample of at most max_eval_rows each, unweighted. Gap snapshots feed no
-- split and get no features. The draw depends only on (lead_id, snapshot_at),
-- so a snapshot keeps its fate from build to build while the shares hold.
-- Scoring and lookback snapshots are those of int_changed_leads: every open
-- lead in a full build; in the daily path (var rescore = 'changed') only the
-- leads with something new, and no training snapshots at all.

with

labels as (
    select
        lead_id,
        snapshot_at,
        label,
        split,
        {{ unit_hash("lead_id || cast(snapshot_at as string)") }} as sample_draw
    from {{ ref('int_lead_labels') }}
    where split <> 'gap'
),

rates as (
    select
        split,
        case
            when split = 'train' then least(1.0, greatest({{ var('max_train_rows') }} - sum(label), 1)
                                                 / nullif(count(*) - sum(label), 0))
            else least(1.0, {{ var('max_eval_rows') }} / count(*))
        end as keep_share
    from labels
    group by 1
),

training as (
    select
        labels.lead_id,
        labels.snapshot_at,
        'training' as snapshot_type,
        labels.split,
        labels.label,
        case
            when labels.split = 'train' and labels.label = 0 then 1.0 / rates.keep_share
            else 1.0
        end as sample_weight
    from labels
    inner join rates
        on labels.split = rates.split
    where labels.sample_draw < coalesce(rates.keep_share, 1.0)
        or (labels.split = 'train' and labels.label = 1)
),

unlabelled as (
    select
        snapshots.lead_id,
        snapshots.snapshot_at,
        snapshots.snapshot_type,
        cast(null as string) as split,
        cast(null as integer) as label,
        cast(null as double) as sample_weight
    from {{ ref('int_lead_snapshots') }} as snapshots
    inner join {{ ref('int_changed_leads') }} as changed
        on snapshots.lead_id = changed.lead_id
    where snapshots.snapshot_type <> 'training'
),

final as (
    {%- if not rescoring_changed_only() %}
    select * from training
    union all
    {%- endif %}
    select * from unlabelled
)

select * from final
