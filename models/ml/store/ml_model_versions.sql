-- One row per model version: when and why it was trained, on what data and
-- for which as_of, and the choices training made (regularisation,
-- calibration, uplift method, deal-value method), and the promotion gate's
-- verdict. What serves is decided from this table and ml_model_promotions
-- (macro active_model_version).

{%- set texts = ['trained_because', 'champion_kind', 'additive_skipped', 'degraded', 'calibration', 'class_weight',
                 'uplift_method', 'raw_path', 'data_fingerprint', 'feature_set', 'window_train_from', 'window_train_to',
                 'window_valid_from', 'window_valid_to', 'window_test_from', 'window_test_to',
                 'promotion_status', 'promotion_reason', 'gate_compared_with'] %}
{%- set numbers = ['C', 'valid_auc_logistic', 'valid_auc_additive', 'features', 'rows_train', 'rows_valid',
                   'rows_test', 'positives_train', 'positives_valid', 'positives_test', 'qini_valid_two_model',
                   'qini_valid_class_transformation', 'qini_valid_random_p95', 'qini_test', 'effect_valid',
                   'effect_valid_low', 'effect_valid_high', 'gate_rows', 'gate_new_auc', 'gate_previous_auc',
                   'gate_new_ece', 'gate_previous_ece'] %}
{%- set deal_numbers = ['alpha', 'won_deals', 'deviance_explained', 'mape', 'cv_deviance_glm', 'cv_deviance_mean'] %}
{%- set renamed = {'calibration': 'calibration_method', 'C': 'regularisation_c'} %}

with

params as (
    select * from {{ model_artifacts() }}
    where artifact = 'param' and {{ is_new_version() }}
),

final as (
    select
        model_version,
        min(trained_at) as trained_at,
        cast(max(case when model_name = 'conversion' and name = 'trained_as_of' then text end)
            as {{ dbt.type_timestamp() }}) as trained_as_of,
        cast(max(case when model_name = 'conversion' and name = 'label_cutoff' then text end)
            as {{ dbt.type_timestamp() }}) as label_cutoff,
        {%- for name in texts %}
        max(case when model_name = 'conversion' and name = '{{ name }}' then text end)
            as {{ renamed.get(name, name) }},
        {%- endfor %}
        {%- for name in numbers %}
        max(case when model_name = 'conversion' and name = '{{ name }}' then value end)
            as {{ renamed.get(name, name) }},
        {%- endfor %}
        max(case when model_name = 'deal_value' and name = 'method' then text end) as deal_value_method
        {%- for name in deal_numbers %},
        max(case when model_name = 'deal_value' and name = '{{ name }}' then value end) as deal_value_{{ name }}
        {%- endfor %}
    from params
    group by model_version
)

select * from final
