-- Conversion by tier on the held-out test split, scored in SQL by the active
-- model: does Hot really convert more than Cold, by how much, and how soon?

with

scored as (
    select * from {{ ref('int_test_predictions') }}
),

reached as (
    select
        scored.*,
        policy.tier,
        policy.tier_rank,
        row_number() over (partition by scored.lead_id, scored.snapshot_at order by policy.tier_rank) as tier_pick
    from scored
    inner join {{ ref('tier_policy') }} as policy
        on {{ reaches_tier('scored', 'policy') }}
),

tiered as (
    select * from reached where tier_pick = 1
),

by_tier as (
    select
        tier,
        tier_rank,
        count(*) as snapshots,
        sum(label) as conversions,
        avg(label) as conversion_rate,
        avg(conversion_probability) as mean_probability,
        {{ median('days_to_conversion') }} as median_days_to_conversion
    from tiered
    group by 1, 2
),

coldest as (
    -- half a conversion added so that a coldest tier with none gives a finite
    -- (conservative) ratio instead of a division by zero
    select (2 * conversions + 1) / cast(2 * snapshots as {{ type_double() }}) as smoothed_rate
    from by_tier
    where tier_rank = (select max(all_tiers.tier_rank) from by_tier as all_tiers)
)

select
    by_tier.*,
    by_tier.conversion_rate / coldest.smoothed_rate as ratio_to_coldest
from by_tier
cross join coldest
order by by_tier.tier_rank
