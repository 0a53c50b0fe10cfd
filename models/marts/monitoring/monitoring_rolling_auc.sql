-- AUC over time on matured labels: per snapshot date of the held-out test
-- split (source 'test_split') and per past scoring run whose outcomes are now
-- known (source 'backtest'). A falling line means the model is going stale.

with

test_split as (
    {{ auc_query(ref('int_test_predictions'), 'label', 'conversion_probability', ['snapshot_at', 'model_version']) }}
),

test_rates as (
    select snapshot_at, model_version, avg(conversion_probability) as mean_probability, avg(label) as observed_rate
    from {{ ref('int_test_predictions') }}
    group by 1, 2
)

select
    'test_split' as source,
    test_split.snapshot_at as measured_at,
    test_split.model_version,
    test_split.rows_measured,
    test_split.positives,
    test_split.auc,
    test_rates.mean_probability,
    test_rates.observed_rate
from test_split
inner join test_rates
    on test_split.snapshot_at = test_rates.snapshot_at
    and test_split.model_version = test_rates.model_version

union all

select
    'backtest',
    scored_at,
    model_version,
    rows_measured,
    positives,
    auc,
    mean_probability,
    observed_rate
from {{ ref('score_backtest_summary') }}
