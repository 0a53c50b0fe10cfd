-- Conversion model applied in SQL to every snapshot (training rows for
-- evaluation and backtests, the scoring row per open lead for lead_scores),
-- with the probability's interval (ml_model_probability_band).

{%- set version = active_model_version() %}
{%- set conversion = stored_model('conversion', version) %}

with

matrix as (
    select * from {{ ref('int_feature_matrix') }}
),

linear as {{ materialized_cte() }}(
    select
        lead_id,
        snapshot_at,
        snapshot_type,
        {{ model_logit(conversion) }} as logit
    from matrix
),

calibrated as {{ materialized_cte() }}(
    select
        *,
        {{ calibrated_probability('logit', conversion) }} as conversion_probability
    from linear
)

select
    lead_id,
    snapshot_at,
    snapshot_type,
    '{{ version }}' as model_version,
    logit,
    conversion_probability,
    {{ probability_bound('low', 'logit', 'conversion_probability', conversion) }}
        as conversion_probability_low,
    {{ probability_bound('high', 'logit', 'conversion_probability', conversion) }}
        as conversion_probability_high,
    {{ reference_score('conversion_probability', conversion) }} as score
from calibrated
