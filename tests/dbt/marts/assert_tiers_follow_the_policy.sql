-- Each lead's tier is the best tier of seeds/tier_policy.csv it reaches, and
-- it reaches it, judged on the whole-number score the rep sees (a lead shown
-- as 90 is Hot when Hot starts at 90).
with

policy as (
    select * from {{ ref('tier_policy') }}
),

checked as (
    select
        scores.lead_id,
        scores.tier,
        min(policy.tier_rank) filter (
            where coalesce(scores.conversion_probability >= policy.min_probability,
                           scores.score >= policy.min_score)
        ) as best_rank_clearly_reached,
        max(policy.tier_rank) filter (where policy.tier = scores.tier) as assigned_rank,
        bool_or(coalesce(scores.conversion_probability >= policy.min_probability,
                         scores.score >= policy.min_score)) filter (where policy.tier = scores.tier)
            as assigned_is_reached
    from {{ ref('lead_scores') }} as scores
    cross join policy
    group by 1, 2
)

select *
from checked
where assigned_rank is null
    or not assigned_is_reached
    or assigned_rank > best_rank_clearly_reached
