{{ config(materialized='table') }}
-- The snapshots features are computed for: a deterministic, reweighted
-- sample of the labelled training snapshots, every scoring snapshot and
-- every lookback snapshot. Sampling here, before any feature exists, is what
-- keeps the feature groups proportional to leads instead of to leads x weeks.
--
-- Train split: at most max_train_rows rows, conversions first: every
-- conversion while they fill at most half of it, else a hash-drawn half of
-- them; non-conversions fill the rest. Each class is reweighted by 1 / its
-- keep share, so fitted probabilities stay calibrated (case-control sampling
-- with known shares). Validation and test: a uniform hash-drawn sample of at
-- most max_eval_rows each, unweighted. Gap snapshots feed no split and get no
-- features. The draw depends only on (lead_id, snapshot_at), so a snapshot
-- keeps its fate from build to build while the shares hold.
-- Scoring and lookback snapshots are those of int_changed_leads: every open
-- lead in a full build; in the daily path (var rescore = 'changed') only the
-- leads with something new, and no training snapshots at all; nor in a
-- scoring run with the stored model (scores_with_stored_model, selector score).

with

labels as (
    select
        lead_id,
        snapshot_at,
        label,
        split,
        {{ unit_hash("lead_id || cast(snapshot_at as " ~ dbt.type_string() ~ ")") }} as sample_draw
    from {{ ref('int_lead_labels') }}
    where split <> 'gap'
),

counts as (
    select
        split,
        sum(label) as conversions,
        count(*) - sum(label) as non_conversions,
        -- the train split's conversions kept: all while they fill at most half
        least(
            sum(label),
            greatest({{ divide(var('max_train_rows'), '2') }}, {{ var('max_train_rows') }} - (count(*) - sum(label)))
        ) as conversions_kept
    from labels
    group by 1
),

classes as (
    select 0 as label
    union all
    select 1
),

rates as (
    select
        counts.split,
        classes.label,
        case
            when counts.split <> 'train'
                then least(1.0, {{ divide(var('max_eval_rows'), 'counts.conversions + counts.non_conversions') }})
            when classes.label = 1 then {{ divide('counts.conversions_kept', 'nullif(counts.conversions, 0)') }}
            else least(1.0, {{ divide("greatest(" ~ var('max_train_rows') ~ " - counts.conversions_kept, 1)",
                                      'nullif(counts.non_conversions, 0)') }})
        end as keep_share
    from counts
    cross join classes
),

training as (
    select
        labels.lead_id,
        labels.snapshot_at,
        'training' as snapshot_type,
        labels.split,
        labels.label,
        case when labels.split = 'train' then {{ divide('1', 'rates.keep_share') }} else 1 end as sample_weight
    from labels
    inner join rates
        on labels.split = rates.split
        and labels.label = rates.label
    where labels.sample_draw < rates.keep_share
),

unlabelled as (
    select
        snapshots.lead_id,
        snapshots.snapshot_at,
        snapshots.snapshot_type,
        cast(null as {{ dbt.type_string() }}) as split,
        cast(null as integer) as label,
        cast(null as {{ type_double() }}) as sample_weight
    from {{ ref('int_lead_snapshots') }} as snapshots
    inner join {{ ref('int_changed_leads') }} as changed
        on snapshots.lead_id = changed.lead_id
    where snapshots.snapshot_type <> 'training'
),

final as (
    {%- if run_mode() == 'full' and not scores_with_stored_model() %}
    select * from training
    union all
    {%- endif %}
    select * from unlabelled
)

select * from final
