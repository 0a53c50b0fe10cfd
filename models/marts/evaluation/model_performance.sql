-- Metrics per model version, model and split: the champion (calibrated
-- logistic regression), the challenger (gradient-boosted trees, reported
-- only) and the legacy points rules, computed at training time on the same rows.

with

metrics as (
    select * from {{ ref('ml_model_artifacts') }}
    where artifact = 'metric'
)

select
    model_version,
    case model_name when 'conversion' then 'champion' else model_name end as model,
    text as split,
    {%- for name in ['rows', 'positives', 'base_rate', 'auc', 'pr_auc', 'log_loss', 'brier', 'ece',
                     'calibration_in_the_large', 'lift_at_10pct', 'lift_at_20pct', 'capture_at_20pct'] %}
    max(case when name = '{{ name }}' then value end) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
from metrics
group by 1, 2, 3
