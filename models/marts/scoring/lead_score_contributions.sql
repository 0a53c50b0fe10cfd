{{ config(materialized=long_view_materialization()) }}
-- Every term of the active conversion model for every open lead, for BI:
-- one row per lead and term, plus one 'intercept' row, so a lead's
-- contributions sum exactly to its logit (int_snapshot_scores.logit).
-- A linear term is coefficient x standardised feature; an additive term is
-- its shape's value at the lead's bin ('f_a x f_b' for an interaction, whose
-- feature and value are its first feature's). Both are relative to an
-- average lead. lead_scores keeps the top three topics as reasons.
-- A view on DuckDB (leads x terms rows cost more to write than to compute
-- when asked), a table where a Hive metastore cannot store long SQL text.

{%- set version = active_model_version() %}
{%- set conversion = stored_model('conversion', version) %}
{%- set terms = model_terms(conversion) %}
{%- set names = [] %}
{%- for term, name, contribution in terms %}
  {%- if name not in names %}{% do names.append(name) %}{% endif %}
{%- endfor %}
{%- set phrasing = feature_phrasing(names) %}

with

matrix as (
    select * from {{ ref('int_scoring_matrix') }}
),

terms as (
    {%- for term, name, contribution in terms %}
    select
        lead_id,
        {{ sql_text(term) }} as term,
        '{{ name }}' as feature,
        cast({{ name }} as {{ type_double() }}) as feature_value,
        {{ contribution }} as contribution
    from matrix
    union all
    {%- endfor %}
    select
        lead_id,
        'intercept' as term,
        cast(null as {{ dbt.type_string() }}) as feature,
        cast(null as {{ type_double() }}) as feature_value,
        {{ model_intercept(conversion) }} as contribution
    from matrix
),

topics as (
    select
        *,
        case feature
            {%- for name in names %}
            when '{{ name }}' then {{ sql_text(phrasing[name][0]) }}
            {%- endfor %}
            else 'baseline'
        end as topic
    from terms
),

worded as (
    {{ with_phrases('topics', phrasing) }}
)

select
    lead_id,
    '{{ version }}' as model_version,
    term,
    feature,
    topic,
    feature_value,
    contribution,
    phrase
from worded
