{{ config(materialized='table') }}
-- Per open lead and feature: coefficient x standardised value, the signed
-- contribution to the linear predictor relative to an average lead. Over all
-- features they sum, with the intercept, to the logit; reasons are the
-- largest ones among features the lead actually has (value <> 0).

{%- set version = active_model_version() %}

with

matrix as (
    select * from {{ ref('int_feature_matrix') }}
    where snapshot_type = 'scoring'
),

contributions as (
    {%- for name, z, coefficient in model_terms('conversion', version) %}
    select
        lead_id,
        '{{ name }}' as feature_name,
        cast({{ name }} as double) as feature_value,
        {{ coefficient }} * {{ z }} as contribution
    from matrix
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    lead_id,
    '{{ version }}' as model_version,
    feature_name,
    feature_value,
    contribution
from contributions
