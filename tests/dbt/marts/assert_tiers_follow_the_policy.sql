-- Each lead's tier is the highest tier whose min_score its score reaches.
select scores.lead_id, scores.score, scores.tier
from {{ ref('lead_scores') }} as scores
inner join {{ ref('tier_policy') }} as policy
    on scores.tier = policy.tier
where scores.score < policy.min_score - 0.5
    or exists (
        select 1 from {{ ref('tier_policy') }} as better
        where better.tier_rank < policy.tier_rank and scores.score >= better.min_score + 0.5
    )
