{{ config(materialized=long_view_materialization()) }}
-- Per open lead and reason topic (seeds/feature_catalog.csv: e.g. every
-- pricing-page feature, window, decay or recency, is one topic): the sum of
-- its terms' contributions (coefficient x standardised value for the
-- logistic model, the shape's value for the additive one; relative to an
-- average lead) and the feature that words it: the topic's strongest
-- feature that the lead has (a value shown as non-zero) and that pulls the topic's way, with
-- the lead's value. Over all topics the contributions sum, with the
-- intercept, to the logit. int_lead_reasons words only the three it keeps.
-- Leads x topics rows, computed in wide form per topic: no leads x features
-- table in between. A view on DuckDB: int_lead_reasons reads it once, and
-- writing its rows (26M at 1M leads) cost more than computing them. A table
-- elsewhere: a Hive metastore (Spark's Derby one) cannot store its SQL text.

{%- set version = active_model_version() %}
{%- set terms = model_terms(stored_model('conversion', version)) %}
{%- set names = [] %}
{%- for term, name, contribution in terms %}{% do names.append(name) %}{% endfor %}
{%- set phrasing = feature_phrasing(names) %}
{%- set topics = {} %}
{%- for term, name, contribution in terms %}
  {%- do topics.setdefault(phrasing[name][0], []).append((name, contribution)) %}
{%- endfor %}
{%- set topic_names = topics.keys() | list | sort %}
{#- member {0} is a feature the lead has (a value that shows as more than
    zero: a decayed count of old events is 1e-30) that pulls the topic's way;
    it words the topic when it is also the strongest such member -#}
{%- set pulls = 'abs(value_{0}) >= 0.05 and sign(contribution_{0}) = sign(contribution)' %}
{%- set pull_size = 'case when ' ~ pulls ~ ' then abs(contribution_{0}) else -1 end' %}
{%- set wins = pulls ~ ' and abs(contribution_{0}) = strongest' %}

with

matrix as (
    select * from {{ ref('int_scoring_matrix') }}
),

{%- for topic in topic_names %}
{%- set members = topics[topic] %}

topic_{{ loop.index }}_terms as {{ materialized_cte() }}(
    select
        lead_id,
        {%- for name, contribution in members %}
        cast({{ name }} as {{ type_double() }}) as value_{{ loop.index }},
        {{ contribution }} as contribution_{{ loop.index }},
        {%- endfor %}
        {% for name, contribution in members -%}
        coalesce({{ contribution }}, 0){{ ' + ' if not loop.last }}
        {%- endfor %} as contribution
    from matrix
),

topic_{{ loop.index }}_strongest as {{ materialized_cte() }}(
    -- |contribution| of the strongest feature the lead has that pulls the topic's way (-1: none)
    select
        *,
        {%- if members | length > 1 %}
        greatest(
            {{ pull_size.format(1) }}
            {%- for position in range(2, members | length + 1) %},
            {{ pull_size.format(position) }}
            {%- endfor %}
        ) as strongest
        {%- else %}
        {{ pull_size.format(1) }} as strongest
        {%- endif %}
    from topic_{{ loop.index }}_terms
),
{%- endfor %}

topics as (
    {%- for topic in topic_names %}
    {%- set members = topics[topic] %}
    select
        lead_id,
        {{ sql_text(topic) }} as topic,
        contribution,
        case
            {%- for name, contribution in members %}
            when {{ wins.format(loop.index) }} then '{{ name }}'
            {%- endfor %}
        end as feature,
        case
            {%- for name, contribution in members %}
            when {{ wins.format(loop.index) }} then value_{{ loop.index }}
            {%- endfor %}
        end as feature_value
    from topic_{{ loop.index }}_strongest
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    lead_id,
    '{{ version }}' as model_version,
    topic,
    contribution,
    feature,
    feature_value
from topics
