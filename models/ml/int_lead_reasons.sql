{{ config(materialized='table') }}
-- The three strongest reasons per open lead, in plain words for a sales rep.
-- Contributions are first summed per topic (seeds/feature_catalog.csv: e.g.
-- every pricing-page feature, window, decay or recency, is one topic), so
-- that correlated features cannot show up as contradicting reasons. Each
-- topic is worded by its strongest feature pulling the same way that the
-- lead actually has (value <> 0).

with

contributions as (
    select * from {{ ref('int_score_contributions') }}
),

catalogue as (
    select * from {{ ref('feature_catalog') }}
),

features as (
    select distinct feature_name from contributions
),

matched as (
    -- first matching catalogue rule per feature; {1} and {2} are its capture groups
    select
        features.feature_name,
        min_by(catalogue.reason, catalogue.rule_order) as template,
        min_by(catalogue.topic, catalogue.rule_order) as topic_template,
        min_by(catalogue.feature_regex, catalogue.rule_order) as feature_regex
    from features
    inner join catalogue
        on {{ regex_matches('features.feature_name', 'catalogue.feature_regex') }}
    group by 1
),

phrasing as (
    select
        feature_name,
        {{ fill_captures('template', 'feature_name', 'feature_regex') }} as template,
        {{ fill_captures('topic_template', 'feature_name', 'feature_regex') }} as topic
    from matched
),

worded as (
    select
        contributions.lead_id,
        contributions.feature_name,
        contributions.feature_value,
        contributions.contribution,
        coalesce(phrasing.topic, contributions.feature_name) as topic,
        replace(coalesce(phrasing.template, contributions.feature_name || ' = {value}'),
                '{value}', {{ format_number('contributions.feature_value') }}) as phrase
    from contributions
    left join phrasing
        on contributions.feature_name = phrasing.feature_name
),

topics as (
    select
        lead_id,
        topic,
        sum(contribution) as contribution,
        -- the phrase: strongest feature the lead has that pulls the topic's way
        max_by(phrase, abs(contribution)) filter (
            where feature_value <> 0 and sign(contribution) = sign(topic_total)
        ) as phrase
    from (
        select *, sum(contribution) over (partition by lead_id, topic) as topic_total
        from worded
    )
    group by 1, 2
),

ranked as (
    select
        *,
        row_number() over (partition by lead_id order by abs(contribution) desc, topic) as reason_rank
    from topics
    where phrase is not null and contribution <> 0
)

select
    lead_id,
    {%- for i in [1, 2, 3] %}
    max(case when reason_rank = {{ i }} then phrase end) as reason_{{ i }},
    max(case when reason_rank = {{ i }} then round(contribution, 3) end) as reason_{{ i }}_contribution,
    {%- endfor %}
    {{ string_agg_ordered("case when contribution > 0 then '+ ' else '- ' end || phrase", "'; '", 'reason_rank') }}
        as reasons_text
from ranked
where reason_rank <= 3
group by 1
