-- Per open lead: expected deal amount (Gamma GLM), the win rate of its
-- opportunity, expected value and uplift from sales outreach, in SQL from the
-- stored models. The conversion is an opportunity, most of which are lost:
-- expected value = P(opportunity) x P(win | opportunity) x E[amount | won]
-- (with conversion_definition closed_won the probability is already P(won)).
-- Uplift is null when no outreach_experiment was available; deal amount and
-- expected value are null when no won deal had an amount, expected value also
-- when no first opportunity has closed yet (the win rate is unknown).

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

win_rates as (
    select * from {{ ref('int_win_rates') }}
),

wins as (
    select
        matrix.lead_id,
        {%- if var('conversion_definition') == 'closed_won' %}
        cast(1 as {{ type_double() }}) as win_rate
        {%- else %}
        coalesce(band.win_rate, overall.win_rate) as win_rate
        {%- endif %}
    from matrix
    left join {{ ref('int_features__firmographic') }} as firmographic
        on matrix.lead_id = firmographic.lead_id
    left join win_rates as band
        on coalesce(firmographic.size_band, 'unknown') = band.size_band
    left join win_rates as overall
        on overall.size_band = 'all'
),

predicted as (
    select
        lead_id,
        {%- if model_exists('deal_value', version) %}
        exp({{ model_logit('deal_value', version) }}) as expected_deal_amount,
        {%- else %}
        cast(null as {{ type_double() }}) as expected_deal_amount,
        {%- endif %}
        {%- if model_exists('uplift_outreach', version) %}
        {{ sigmoid(model_logit('uplift_outreach', version)) }}
            - {{ sigmoid(model_logit('uplift_holdout', version)) }} as uplift
        {%- elif model_exists('uplift', version) %}
        2 * {{ sigmoid(model_logit('uplift', version)) }} - 1 as uplift
        {%- else %}
        cast(null as {{ type_double() }}) as uplift
        {%- endif %}
    from matrix
)

select
    predicted.lead_id,
    predicted.expected_deal_amount,
    wins.win_rate,
    scores.conversion_probability * wins.win_rate * predicted.expected_deal_amount as expected_value,
    predicted.uplift
from predicted
inner join scores
    on predicted.lead_id = scores.lead_id
inner join wins
    on predicted.lead_id = wins.lead_id
