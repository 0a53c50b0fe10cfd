-- Per open lead: expected deal amount (Gamma GLM), expected value
-- (P(convert) x amount) and uplift from sales outreach, in SQL from the
-- stored models. Uplift is null when no outreach_experiment was available;
-- deal amount and expected value are null when no won deal had an amount.

{%- set version = active_model_version() %}

with

matrix as (
    select * from {{ ref('int_scoring_matrix') }}
),

scores as (
    select lead_id, conversion_probability
    from {{ ref('int_snapshot_scores') }}
    where snapshot_type = 'scoring'
),

predicted as (
    select
        lead_id,
        {%- if model_exists('deal_value', version) %}
        exp({{ linear_predictor('deal_value', version) }}) as expected_deal_amount,
        {%- else %}
        cast(null as {{ type_double() }}) as expected_deal_amount,
        {%- endif %}
        {%- if model_exists('uplift_outreach', version) %}
        {{ sigmoid(linear_predictor('uplift_outreach', version)) }}
            - {{ sigmoid(linear_predictor('uplift_holdout', version)) }} as uplift
        {%- elif model_exists('uplift', version) %}
        2 * {{ sigmoid(linear_predictor('uplift', version)) }} - 1 as uplift
        {%- else %}
        cast(null as {{ type_double() }}) as uplift
        {%- endif %}
    from matrix
)

select
    predicted.lead_id,
    predicted.expected_deal_amount,
    scores.conversion_probability * predicted.expected_deal_amount as expected_value,
    predicted.uplift
from predicted
inner join scores
    on predicted.lead_id = scores.lead_id
