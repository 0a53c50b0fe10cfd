-- Rep verdicts (lead_feedback, given before as_of) by the tier the lead had
-- when the rep gave it, the rep and the week: accepted, rejected, not a
-- lead, and the acceptance rate. The tier is the lead's latest
-- lead_score_history row scored at or before the verdict ('unscored' before
-- its first run). Reps rejecting Hot leads is the model's error seen from
-- the sales floor: retrain_triggers watches the Hot acceptance rate, and a
-- not_a_lead verdict already takes the lead out of training and scoring
-- (int_leads.is_not_a_lead).

with

feedback as (
    select * from {{ ref('stg_crm__lead_feedback') }}
    where created_at < {{ as_of() }}
),

scored as (
    select
        feedback.feedback_id,
        history.tier,
        row_number() over (partition by feedback.feedback_id order by history.scored_at desc) as recency
    from feedback
    inner join {{ ref('lead_score_history') }} as history
        on feedback.lead_id = history.lead_id and feedback.created_at >= history.scored_at
),

tiered as (
    select
        feedback.*,
        coalesce(scored.tier, 'unscored') as tier
    from feedback
    left join scored
        on feedback.feedback_id = scored.feedback_id and scored.recency = 1
)

select
    tier,
    coalesce(rep_id, 'unknown') as rep_id,
    cast({{ dbt.date_trunc('week', 'created_at') }} as date) as feedback_week,
    count(*) as verdicts,
    sum(case when verdict = 'accepted' then 1 else 0 end) as accepted,
    sum(case when verdict = 'rejected' then 1 else 0 end) as rejected,
    sum(case when verdict = 'not_a_lead' then 1 else 0 end) as not_a_lead,
    {{ divide('sum(case when verdict = \'accepted\' then 1 else 0 end)', 'count(*)') }} as acceptance_rate
from tiered
group by 1, 2, 3
