-- Do reps work what the model routes? Per tier and rep, over every scoring
-- run in lead_score_history: leads scored in that tier, the share a rep
-- touched (sales_touches) within 24 hours of the run, hours to the first
-- touch, and the average score of touched and untouched leads. A lead's
-- rep is the one the run assigned it to, else the rep who touched it first,
-- else its CRM owner ('unassigned' without any).

with

runs as (
    select * from {{ ref('lead_score_history') }}
    where scored_at < {{ as_of() }}
),

touches as (
    select * from {{ ref('stg_crm__sales_touches') }}
    where touched_at < {{ as_of() }}
),

first_touch as (
    select
        runs.lead_id,
        runs.scored_at,
        touches.rep_id,
        touches.touched_at,
        row_number() over (
            partition by runs.lead_id, runs.scored_at order by touches.touched_at, touches.touch_id
        ) as touch_order
    from runs
    inner join touches
        on runs.lead_id = touches.lead_id and runs.scored_at <= touches.touched_at
),

worked as (
    select
        runs.tier,
        coalesce(runs.assigned_rep_id, first_touch.rep_id, leads.owner_id, 'unassigned') as rep_id,
        runs.score,
        24 * {{ days_between('runs.scored_at', 'first_touch.touched_at') }} as hours_to_first_touch
    from runs
    left join first_touch
        on runs.lead_id = first_touch.lead_id and runs.scored_at = first_touch.scored_at
            and first_touch.touch_order = 1
    left join {{ ref('stg_crm__leads') }} as leads
        on runs.lead_id = leads.lead_id
)

select
    tier,
    rep_id,
    count(*) as scored_leads,
    sum(case when touched_within_24h then 1 else 0 end) as touched_within_24h,
    {{ divide('sum(case when touched_within_24h then 1 else 0 end)', 'count(*)') }} as share_touched_within_24h,
    avg(hours_to_first_touch) as avg_hours_to_first_touch,
    avg(case when hours_to_first_touch is not null then score end) as avg_score_touched,
    avg(case when hours_to_first_touch is null then score end) as avg_score_untouched
from (
    select
        *,
        coalesce(hours_to_first_touch <= 24, false) as touched_within_24h
    from worked
) as measured
group by 1, 2
