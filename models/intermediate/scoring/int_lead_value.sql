-- Per open lead: expected deal amount (Gamma GLM), the win rate of its
-- opportunity, expected value and uplift from sales outreach, in SQL from the
-- stored models. The conversion is an opportunity, most of which are lost:
-- expected value = P(opportunity) x P(win | opportunity) x E[amount | won]
-- (with conversion_definition closed_won the probability is already P(won)).
-- Uplift is null when no outreach_experiment was available; deal amount and
-- expected value are null when no won deal had an amount, expected value also
-- when no first opportunity has closed yet (the win rate is unknown).

{%- set version = active_model_version() %}
{%- set deal_value = stored_model('deal_value', version) %}
{%- set outreach = stored_model('uplift_outreach', version) %}
{%- set uplift = none if outreach else stored_model('uplift', version) %}

with

matrix as (
    select * from {{ ref('int_scoring_matrix') }}
),

scores as (
    select lead_id, conversion_probability
    from {{ ref('int_snapshot_scores') }}
    where snapshot_type = 'scoring'
),

wins as (
    {%- if var('conversion_definition') == 'closed_won' %}
    select
        lead_id,
        cast(1 as {{ type_double() }}) as win_rate
    from matrix
    {%- else %}
    select
        matrix.lead_id,
        coalesce(band.win_rate, overall.win_rate) as win_rate
    from matrix
    left join {{ ref('int_features__firmographic') }} as firmographic
        on matrix.lead_id = firmographic.lead_id
    left join {{ ref('int_win_rates') }} as band
        on coalesce(firmographic.size_band, 'unknown') = band.size_band
    left join {{ ref('int_win_rates') }} as overall
        on overall.size_band = 'all'
    {%- endif %}
),

predicted as (
    select
        lead_id,
        {%- if deal_value %}
        exp({{ model_logit(deal_value) }}) as expected_deal_amount,
        {%- else %}
        cast(null as {{ type_double() }}) as expected_deal_amount,
        {%- endif %}
        {%- if outreach %}
        {{ sigmoid(model_logit(outreach)) }}
            - {{ sigmoid(model_logit(stored_model('uplift_holdout', version))) }} as uplift
        {%- elif uplift %}
        2 * {{ sigmoid(model_logit(uplift)) }} - 1 as uplift
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
