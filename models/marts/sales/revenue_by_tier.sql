-- What the tiers were worth in money: per scoring run (lead_score_history),
-- tier and 10-point score band, the pipeline (amount of opportunities
-- created after the run) and won revenue (of those, closed won) realised by
-- as_of. Runs are kept apart: a lead scored on three runs counts once in
-- each. Recent runs are still filling up (days_observed).

with

runs as (
    select * from {{ ref('lead_score_history') }}
    where scored_at < {{ as_of() }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
    where created_at < {{ as_of() }}
),

outcomes as (
    select
        runs.scored_at,
        runs.lead_id,
        runs.tier,
        cast(least(floor(runs.score / 10) * 10, 90) as integer) as score_band,
        count(opportunities.opportunity_id) as opportunities,
        coalesce(sum(opportunities.amount), 0) as pipeline_amount,
        sum(case when opportunities.stage = 'closed_won' and opportunities.closed_at < {{ as_of() }} then 1 else 0 end)
        as won_deals,
        coalesce(sum(case when opportunities.stage = 'closed_won' and opportunities.closed_at < {{ as_of() }}
            then opportunities.amount end), 0) as won_revenue
    from runs
    left join opportunities
        on runs.lead_id = opportunities.lead_id and runs.scored_at < opportunities.created_at
    group by 1, 2, 3, 4
)

select
    scored_at,
    tier,
    score_band,
    cast(floor({{ days_between('scored_at', as_of()) }}) as integer) as days_observed,
    count(*) as leads,
    sum(case when opportunities > 0 then 1 else 0 end) as leads_with_opportunity,
    {{ divide('sum(case when opportunities > 0 then 1 else 0 end)', 'count(*)') }} as opportunity_rate,
    sum(pipeline_amount) as pipeline_amount,
    sum(won_deals) as won_deals,
    sum(won_revenue) as won_revenue,
    {{ divide('sum(won_revenue)', 'count(*)') }} as won_revenue_per_lead
from outcomes
group by 1, 2, 3
