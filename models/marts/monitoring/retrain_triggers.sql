-- Should the model be retrained? One row per check and a final verdict.
-- Measured on the latest matured labels: the most recent past scoring run
-- whose outcomes are known (backtest) when there is one, else the last 28
-- days of the held-out test split; drift from monitoring_feature_drift.
-- Calibration fires only when the gap is both large (var
-- retrain_max_calibration_drift) and more than noise: predicted and observed
-- conversions differ by over var retrain_calibration_z standard deviations
-- of a sum of Bernoulli(p) outcomes, sqrt(sum p(1 - p)). With 40 conversions
-- in a month, a 10% gap is chance; retraining on chance only churns scores.
-- Reps rejecting most Hot leads (feedback_by_tier, last 28 days) fires too.

with

backtest_latest as (
    select lead_id, scored_at as measured_at, conversion_probability, converted_in_window as label
    from {{ ref('score_backtest') }}
    where scored_at = (select max(scored_at) from {{ ref('score_backtest') }})
),

test_latest as (
    select lead_id, snapshot_at as measured_at, conversion_probability, label
    from {{ ref('int_test_predictions') }}
    where snapshot_at > {{ add_days('(select max(snapshot_at) from ' ~ ref('int_test_predictions') ~ ')', -28) }}
),

recent as (
    select *, 'backtest' as source from backtest_latest
    union all
    select *, 'test_split' from test_latest
    where not exists (select 1 from backtest_latest)
),

ranking as (
    {{ auc_query('recent', 'label', 'conversion_probability', ['source']) }}
),

calibration as (
    select
        abs(sum(conversion_probability) / nullif(sum(label), 0) - 1) as drift,
        abs(sum(conversion_probability) - sum(label))
        / nullif(sqrt(sum(conversion_probability * (1 - conversion_probability))), 0) as z
    from recent
),

drift as (
    select
        max(psi) as max_psi,
        {{ max_by('feature_name', 'psi') }} as worst_feature
    from {{ ref('monitoring_feature_drift') }}
    where is_important
),

acceptance as (
    select
        coalesce(sum(verdicts), 0) as verdicts,
        {{ divide('sum(accepted)', 'nullif(sum(verdicts), 0)') }} as rate
    from {{ ref('feedback_by_tier') }}
    where tier = 'Hot' and feedback_week >= {{ add_days(as_of(), -28) }}
),

model_age as (
    select
        versions.model_version,
        {{ days_between('versions.trained_as_of', as_of()) }} as age_days
    from {{ ref('ml_model_versions') }} as versions
    where versions.model_version in (select scored.model_version from {{ ref('int_test_predictions') }} as scored)
),

checks as (
    -- age: the serving version learned from labels up to its training as_of,
    -- over var retrain_max_age_days before this build's (the monthly retrain)
    select
        'model_age' as check_name,
        cast(model_age.age_days as {{ type_double() }}) as measured,
        cast({{ var('retrain_max_age_days') }} as {{ type_double() }}) as threshold,
        model_age.age_days > {{ var('retrain_max_age_days') }} as fired,
        'days from the training as_of of the serving version to this as_of' as detail
    from model_age
    union all
    select
        'auc_below_minimum' as check_name,
        ranking.auc as measured,
        {{ var('retrain_min_auc') }} as threshold,
        ranking.auc < {{ var('retrain_min_auc') }} as fired,
        'ROC AUC on the latest matured labels (' || ranking.source || ')' as detail
    from ranking
    union all
    select
        'calibration_drift',
        calibration.drift,
        {{ var('retrain_max_calibration_drift') }},
        calibration.drift > {{ var('retrain_max_calibration_drift') }}
        and calibration.z > {{ var('retrain_calibration_z') }},
        '|predicted / observed conversions - 1|, latest matured labels (' || ranking.source || '), '
        || coalesce({{ format_number(round_to('calibration.z', 1)) }}, 'no') || ' standard deviations of chance'
    from ranking
    cross join calibration
    union all
    select
        'feature_drift',
        drift.max_psi,
        {{ var('retrain_max_psi') }},
        drift.max_psi > {{ var('retrain_max_psi') }},
        'largest PSI among the 20 most important features: ' || coalesce(drift.worst_feature, 'none')
    from drift
    union all
    select
        'hot_acceptance',
        acceptance.rate,
        {{ var('retrain_min_hot_acceptance') }},
        coalesce(acceptance.rate < {{ var('retrain_min_hot_acceptance') }}
                 and acceptance.verdicts >= {{ var('retrain_min_verdicts') }}, false),
        'share of reps'' verdicts on Hot leads that accepted them, last 28 days ('
        || cast(acceptance.verdicts as {{ dbt.type_string() }}) || ' verdicts; fires from '
        || cast({{ var('retrain_min_verdicts') }} as {{ dbt.type_string() }}) || ')'
    from acceptance
)

select * from checks
union all
select
    'retrain',
    cast(count(*) filter (where fired) as {{ type_double() }}),
    1,
    coalesce(bool_or(fired), false),
    'retrain when any check fires: '
    || coalesce({{ string_agg_ordered("case when fired then check_name end", "', '", 'check_name') }}, 'none fired')
from checks
