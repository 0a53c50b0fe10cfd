{{ config(materialized='table') }}
-- The three strongest reasons per open lead, in plain words for a sales rep,
-- from seeds/feature_catalog.csv (first matching rule per feature).

with

contributions as (
    select * from {{ ref('int_score_contributions') }}
    where feature_value <> 0 and contribution <> 0
),

catalogue as (
    select * from {{ ref('feature_catalog') }}
),

features as (
    select distinct feature_name from contributions
),

phrases as (
    select
        features.feature_name,
        min_by(catalogue.reason, catalogue.rule_order) as template,
        min_by(catalogue.feature_regex, catalogue.rule_order) as feature_regex
    from features
    inner join catalogue
        on regexp_matches(features.feature_name, catalogue.feature_regex)
    group by 1
),

worded as (
    select
        contributions.lead_id,
        contributions.feature_name,
        contributions.contribution,
        replace(replace(replace(
            coalesce(phrases.template, contributions.feature_name || ' = {value}'),
            '{1}', replace(regexp_extract(contributions.feature_name, phrases.feature_regex, 1), '_', ' ')),
            '{2}', replace(regexp_extract(contributions.feature_name, phrases.feature_regex, 2), '_', ' ')),
            '{value}', {{ format_number('contributions.feature_value') }}
        ) as phrase
    from contributions
    left join phrases
        on contributions.feature_name = phrases.feature_name
),

ranked as (
    select
        *,
        row_number() over (partition by lead_id order by abs(contribution) desc, feature_name) as reason_rank
    from worded
)

select
    lead_id,
    {%- for i in [1, 2, 3] %}
    max(case when reason_rank = {{ i }} then phrase end) as reason_{{ i }},
    max(case when reason_rank = {{ i }} then round(contribution, 3) end) as reason_{{ i }}_contribution,
    {%- endfor %}
    string_agg(
        case when contribution > 0 then '+ ' else '- ' end || phrase, '; ' order by reason_rank
    ) filter (where reason_rank <= 3) as reasons_text
from ranked
where reason_rank <= 3
group by 1
