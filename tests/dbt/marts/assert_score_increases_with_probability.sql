-- The 0-100 score is a monotone map of the probability: a more likely lead
-- never has a lower score (up to rounding to whole points).
with

ordered as (
    select
        lead_id,
        conversion_probability,
        score,
        lag(score) over (order by conversion_probability, score) as previous_score
    from {{ ref('lead_scores') }}
)

select *
from ordered
where score < previous_score - 1
