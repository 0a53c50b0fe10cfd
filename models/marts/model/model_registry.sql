-- One row per trained model version (newest first): when, on what data, how
-- well on the held-out test split, the promotion gate's verdict, its latest
-- promotion, and whether it is the version scoring now (active), a candidate
-- the gate kept out and nobody promoted, or retired. History comes from the
-- append-only typed model tables and promotion log and is never rewritten.

{%- set active = active_model_version() %}
{%- set metrics = ['auc', 'pr_auc', 'log_loss', 'brier', 'ece', 'calibration_in_the_large', 'lift_at_10pct',
                   'lift_at_20pct', 'capture_at_20pct'] %}

with

versions as (
    select * from {{ ref('ml_model_versions') }}
),

test_metrics as (
    select
        model_version,
        {%- for name in metrics %}
        max(case when model_name = 'conversion' and metric_name = '{{ name }}' then value end) as test_{{ name }},
        {%- endfor %}
        max(case when model_name = 'challenger' and metric_name = 'auc' then value end) as challenger_test_auc,
        max(case when model_name = 'logistic' and metric_name = 'auc' then value end) as logistic_test_auc,
        max(case when model_name = 'additive' and metric_name = 'auc' then value end) as additive_test_auc,
        max(case when model_name = 'legacy_rules' and metric_name = 'auc' then value end) as legacy_test_auc,
        max(case when model_name = 'legacy_rules' and metric_name = 'capture_at_20pct' then value end)
            as legacy_test_capture_at_20pct
    from {{ ref('ml_model_metrics') }}
    where split = 'test'
    group by model_version
),

promotions as (
    select
        model_version,
        max(promoted_at) as last_promoted_at,
        {{ max_by('promoted_by', 'promoted_at') }} as last_promoted_by,
        {{ max_by('action', 'promoted_at') }} as last_promotion_action
    from {{ ref('ml_model_promotions') }}
    group by model_version
),

final as (
    select
        versions.model_version,
        versions.trained_at,
        versions.trained_because,
        versions.champion_kind,
        versions.degraded,
        versions.calibration_method,
        versions.class_weight,
        versions.uplift_method,
        versions.window_train_from,
        versions.window_train_to,
        versions.window_valid_from,
        versions.window_valid_to,
        versions.window_test_from,
        versions.window_test_to,
        versions.regularisation_c,
        versions.features,
        versions.rows_train,
        versions.rows_valid,
        versions.rows_test,
        versions.positives_train,
        versions.positives_valid,
        versions.positives_test,
        versions.qini_valid_two_model,
        versions.qini_valid_class_transformation,
        versions.qini_valid_random_p95,
        versions.qini_test,
        versions.effect_valid,
        versions.effect_valid_low,
        versions.effect_valid_high,
        {%- for name in metrics %}
        test_metrics.test_{{ name }},
        {%- endfor %}
        test_metrics.challenger_test_auc,
        test_metrics.logistic_test_auc,
        test_metrics.additive_test_auc,
        test_metrics.legacy_test_auc,
        test_metrics.legacy_test_capture_at_20pct,
        versions.deal_value_method,
        versions.deal_value_deviance_explained,
        versions.trained_as_of,
        versions.label_cutoff,
        versions.data_fingerprint,
        versions.promotion_status,
        versions.promotion_reason,
        versions.gate_compared_with,
        versions.gate_rows,
        versions.gate_new_auc,
        versions.gate_previous_auc,
        versions.gate_new_ece,
        versions.gate_previous_ece,
        promotions.last_promoted_at,
        promotions.last_promoted_by,
        promotions.last_promotion_action,
        case
            when versions.model_version = '{{ active }}' then 'active'
            when versions.promotion_status = 'candidate' and promotions.model_version is null then 'candidate'
            else 'retired'
        end as status
    from versions
    left join test_metrics
        on versions.model_version = test_metrics.model_version
    left join promotions
        on versions.model_version = promotions.model_version
)

select * from final
order by trained_at desc, model_version desc
