{{ config(materialized='table', tags=['daily']) }}
-- The three strongest reasons per open lead, in plain words for a sales rep:
-- the topics of int_score_topics (contributions summed per topic, so that
-- correlated features cannot show up as contradicting reasons, each worded
-- by its strongest feature pulling the same way that the lead has) ranked
-- by |contribution|.

with

topics as (
    select * from {{ ref('int_score_topics') }}
    where phrase is not null and contribution <> 0
),

ranked as (
    select
        *,
        row_number() over (partition by lead_id order by abs(contribution) desc, topic) as reason_rank
    from topics
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
