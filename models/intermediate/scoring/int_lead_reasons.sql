-- The three strongest reasons per open lead, in plain words for a sales rep:
-- the topics of int_score_topics (contributions summed per topic, so that
-- correlated features cannot show up as contradicting reasons) ranked by
-- |contribution|, each worded by the feature int_score_topics chose for it
-- (macro with_phrases: the catalogue's template at the lead's value).
-- Ranked first, worded after: only three phrases per lead are formatted,
-- not one per lead x topic (26M at 1M leads).

{%- set version = active_model_version() %}
{%- set names = [] %}
{#- an additive model's interaction is worded by its first feature, which has a term of its own too -#}
{%- for term, name, contribution in model_terms(stored_model('conversion', version)) %}
  {%- if name not in names %}{% do names.append(name) %}{% endif %}
{%- endfor %}

with

topics as (
    select lead_id, topic, contribution, feature, feature_value
    from {{ ref('int_score_topics') }}
    where feature is not null and contribution <> 0
),

ranked as (
    {{ top_rows('topics', 'lead_id', ['topic', 'contribution', 'feature', 'feature_value'],
                'abs(contribution)', 'topic', 3, 'reason_rank') }}
),

worded as (
    {{ with_phrases('ranked', feature_phrasing(names)) }}
)

select
    lead_id,
    {%- for i in [1, 2, 3] %}
    max(case when reason_rank = {{ i }} then phrase end) as reason_{{ i }},
    max(case when reason_rank = {{ i }} then {{ round_to('contribution', 3) }} end) as reason_{{ i }}_contribution,
    {%- endfor %}
    {{ string_agg_ordered("case when contribution > 0 then '+ ' else '- ' end || phrase", "'; '", 'reason_rank') }}
        as reasons_text
from worded
group by 1
