-- P(win | opportunity) by company size band, for expected value: a lead's
-- first opportunity, created and closed (won or lost) before as_of, per
-- band, shrunk toward the overall rate by var win_rate_prior_deals pseudo-
-- deals, so a band with three deals does not claim 0% or 100%. One row per
-- band with closed deals, plus 'all' (the overall rate, for other bands).
-- Deals still open are not counted: if lost deals close faster than won
-- ones, the rate leans low early on (documented, not corrected).

{%- set prior = var('win_rate_prior_deals') %}

with

first_deals as (
    select
        lead_id,
        stage,
        closed_at,
        row_number() over (partition by lead_id order by created_at, opportunity_id) as deal_number
    from {{ ref('stg_crm__opportunities') }}
    where created_at < {{ as_of() }}
),

closed as (
    select
        first_deals.lead_id,
        coalesce(firmographic.size_band, 'unknown') as size_band,
        cast(case when first_deals.stage = 'closed_won' then 1 else 0 end as {{ type_double() }}) as won
    from first_deals
    left join {{ ref('int_features__firmographic') }} as firmographic
        on first_deals.lead_id = firmographic.lead_id
    where first_deals.deal_number = 1
        and first_deals.stage in ('closed_won', 'closed_lost')
        and first_deals.closed_at < {{ as_of() }}
),

overall as (
    select
        count(*) as closed_deals,
        sum(won) as won_deals,
        avg(won) as win_rate
    from closed
),

by_band as (
    select
        size_band,
        count(*) as closed_deals,
        sum(won) as won_deals
    from closed
    group by 1
)

select
    by_band.size_band,
    by_band.closed_deals,
    by_band.won_deals,
    (by_band.won_deals + {{ prior }} * overall.win_rate) / (by_band.closed_deals + {{ prior }}) as win_rate
from by_band
cross join overall

union all

select
    'all',
    closed_deals,
    won_deals,
    win_rate
from overall
where closed_deals > 0
