-- AUC over time on matured labels: per snapshot date of the held-out test
-- split (source 'test_split') and per past scoring run whose outcomes are now
-- known (source 'backtest'). A falling line means the model is going stale.

with

test_split as (
    {{ auc_query(ref('int_test_predictions'), 'label', 'conversion_probability', ['snapshot_at', 'model_version']) }}
)

select
    'test_split' as source,
    test_split.snapshot_at as measured_at,
    test_split.model_version,
    test_split.rows_measured,
    test_split.positives,
    test_split.auc,
    test_split.mean_score as mean_probability,
    test_split.observed_rate
from test_split

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
