-- Metrics per model version, model and split: the champion (calibrated
-- logistic regression), the challenger (gradient-boosted trees, reported
-- only) and the legacy points rules, computed at training time on the same
-- rows; for the active version also precision / recall / F1 of routing at
-- the Hot threshold of seeds/tier_policy.csv (test split, scored in SQL),
-- and rows for later periods whose labels are now known (split 'backtest').

{%- set metric_names = ['rows', 'positives', 'base_rate', 'auc', 'pr_auc', 'log_loss', 'brier', 'ece',
                        'calibration_in_the_large', 'lift_at_10pct', 'lift_at_20pct', 'capture_at_20pct'] %}
{%- set backtest_metrics = ['rows', 'positives', 'base_rate', 'auc'] %}

with

metrics as (
    select * from {{ ref('ml_model_metrics') }}
),

trained as (
    select
        model_version,
        case model_name when 'conversion' then 'champion' else model_name end as model,
        split
        {%- for name in metric_names %},
        max(case when metric_name = '{{ name }}' then value end) as {{ name }}
        {%- endfor %}
    from metrics
    group by 1, 2, 3
),

hot as (
    -- the best tier (route_to_sales) of the tier policy
    select * from {{ ref('tier_policy') }}
    where tier_rank = 1
),

routing as (
    -- routed = reaches the best tier
    select
        predictions.model_version,
        {{ divide(
            "sum(case when " ~ reaches_tier('predictions', 'hot') ~ " then predictions.label else 0 end)",
            "nullif(sum(case when " ~ reaches_tier('predictions', 'hot') ~ " then 1 else 0 end), 0)"
        ) }} as precision_at_routing,
        {{ divide(
            "sum(case when " ~ reaches_tier('predictions', 'hot') ~ " then predictions.label else 0 end)",
            'nullif(sum(predictions.label), 0)'
        ) }} as recall_at_routing
    from {{ ref('int_test_predictions') }} as predictions
    cross join hot
    group by 1
),

backtest as (
    select
        model_version,
        'champion' as model,
        'backtest' as split,
        sum(rows_measured) as rows,
        sum(positives) as positives,
        {{ divide('sum(observed_rate * rows_measured)', 'sum(rows_measured)') }} as base_rate,
        {{ divide('sum(auc * rows_measured)', 'sum(rows_measured)') }} as auc
    from {{ ref('score_backtest_summary') }}
    group by 1
)

select
    trained.*,
    routing.precision_at_routing,
    routing.recall_at_routing,
    2 * routing.precision_at_routing * routing.recall_at_routing
        / nullif(routing.precision_at_routing + routing.recall_at_routing, 0) as f1_at_routing
from trained
left join routing
    on trained.model_version = routing.model_version
    and trained.model = 'champion'
    and trained.split = 'test'

union all

select
    model_version,
    model,
    split,
    {%- for name in metric_names %}
    {{ name if name in backtest_metrics else 'cast(null as ' ~ type_double() ~ ') as ' ~ name }},
    {%- endfor %}
    cast(null as {{ type_double() }}) as precision_at_routing,
    cast(null as {{ type_double() }}) as recall_at_routing,
    cast(null as {{ type_double() }}) as f1_at_routing
from backtest
