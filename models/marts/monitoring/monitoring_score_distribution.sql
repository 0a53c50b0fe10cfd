-- Score distribution per scoring run (from the append-only history): how
-- many leads, how likely, and how they spread over the tiers.

select
    scored_at,
    model_version,
    count(*) as leads_scored,
    avg(conversion_probability) as mean_probability,
    sum(conversion_probability) as expected_conversions,
    {{ median('score') }} as median_score,
    avg(case when tier = 'Hot' then 1 else 0 end) as hot_share,
    avg(case when tier = 'Warm' then 1 else 0 end) as warm_share,
    avg(case when tier = 'Cool' then 1 else 0 end) as cool_share,
    avg(case when tier = 'Cold' then 1 else 0 end) as cold_share
from {{ ref('lead_score_history') }}
group by 1, 2
order by 1, 2
