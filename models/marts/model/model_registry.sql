-- One row per trained model version (newest first): when, on what data, how
-- well on the held-out test split, and whether it is the version scoring now.
-- History comes from the append-only ml_model_artifacts and is never rewritten.

{%- set active = active_model_version() %}
{%- set params = ['trained_because', 'degraded', 'calibration', 'class_weight', 'uplift_method', 'window_train_from',
                  'window_train_to', 'window_valid_from', 'window_valid_to', 'window_test_from', 'window_test_to'] %}
{%- set numbers = ['C', 'features', 'rows_train', 'rows_valid', 'rows_test', 'positives_train', 'positives_valid',
                   'positives_test', 'qini_valid_two_model', 'qini_valid_class_transformation',
                   'qini_valid_random_p95', 'qini_test', 'effect_valid', 'effect_valid_low', 'effect_valid_high'] %}
{%- set metrics = ['auc', 'pr_auc', 'log_loss', 'brier', 'ece', 'calibration_in_the_large', 'lift_at_10pct',
                   'lift_at_20pct', 'capture_at_20pct'] %}

with

artifacts as (
    select * from {{ model_artifacts() }}
),

versions as (
    select
        model_version,
        min(trained_at) as trained_at,
        {%- for name in params %}
        max(case when model_name = 'conversion' and artifact = 'param' and name = '{{ name }}' then text end)
            as {{ 'calibration_method' if name == 'calibration' else name }},
        {%- endfor %}
        {%- for name in numbers %}
        max(case when model_name = 'conversion' and artifact = 'param' and name = '{{ name }}' then value end)
            as {{ 'regularisation_c' if name == 'C' else name }},
        {%- endfor %}
        {%- for name in metrics %}
        max(case when model_name = 'conversion' and artifact = 'metric' and text = 'test' and name = '{{ name }}'
            then value end) as test_{{ name }},
        {%- endfor %}
        max(case when model_name = 'challenger' and artifact = 'metric' and text = 'test' and name = 'auc'
            then value end) as challenger_test_auc,
        max(case when model_name = 'legacy_rules' and artifact = 'metric' and text = 'test' and name = 'auc'
            then value end) as legacy_test_auc,
        max(case when model_name = 'legacy_rules' and artifact = 'metric' and text = 'test'
            and name = 'capture_at_20pct' then value end) as legacy_test_capture_at_20pct,
        max(case when model_name = 'deal_value' and artifact = 'param' and name = 'method' then text end)
            as deal_value_method,
        max(case when model_name = 'deal_value' and artifact = 'param' and name = 'deviance_explained'
            then value end) as deal_value_deviance_explained
    from artifacts
    group by 1
)

select
    *,
    case when model_version = '{{ active }}' then 'active' else 'retired' end as status
from versions
order by trained_at desc, model_version desc
