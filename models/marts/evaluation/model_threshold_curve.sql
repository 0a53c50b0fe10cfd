-- What routing at each score threshold would have meant on the held-out test
-- split: precision, recall, leads routed per scoring day, and expected
-- revenue: converting leads reached x P(win | opportunity) x win_value
-- (default: mean won amount) - leads contacted x cost_per_contact. Counted
-- per lead, not per snapshot: a lead Hot in four weekly runs is contacted
-- once and brings its deal once. Flags the lowest threshold that fits
-- sales_capacity_per_day and the one with the highest expected revenue.

with

predictions as (
    select * from {{ ref('int_test_predictions') }}
),

days as (
    -- each snapshot date is one scoring day of the test period
    select count(distinct snapshot_at) as scoring_days, sum(label) as all_conversions
    from predictions
),

deal as (
    -- var win_value, else the mean amount of won deals in the data; the
    -- overall win rate (a conversion is an opportunity, not yet a win)
    select
        coalesce({{ var('win_value', none) or 'null' }}, avg(amount), 0) as mean_won_amount,
        {%- if var('conversion_definition') == 'closed_won' %}
        cast(1 as {{ type_double() }}) as win_rate
        {%- else %}
        (select win_rate from {{ ref('int_win_rates') }} where size_band = 'all') as win_rate
        {%- endif %}
    from {{ ref('int_deal_training') }}
),

thresholds as (
    select cast(k * 5 as {{ type_double() }}) as threshold
    from (select {{ integer_series(0, 20) }} as k) as steps
),

curve as (
    select
        thresholds.threshold,
        count(predictions.lead_id) as routed,
        coalesce(sum(predictions.label), 0) as conversions_reached,
        count(distinct predictions.lead_id) as leads_routed,
        count(distinct case when predictions.label = 1 then predictions.lead_id end) as converting_leads_reached
    from thresholds
    left join predictions
        on thresholds.threshold <= predictions.score
    group by 1
),

measured as (
    select
        curve.threshold,
        curve.routed,
        curve.conversions_reached,
        {{ divide('curve.conversions_reached', 'nullif(curve.routed, 0)') }} as precision,
        {{ divide('curve.conversions_reached', 'nullif(days.all_conversions, 0)') }} as recall,
        {{ divide('curve.routed', 'nullif(days.scoring_days, 0)') }} as routed_per_day,
        curve.leads_routed,
        curve.converting_leads_reached,
        curve.converting_leads_reached * deal.win_rate * deal.mean_won_amount
            - curve.leads_routed * {{ var('cost_per_contact') }} as expected_revenue
    from curve
    cross join days
    cross join deal
)

select
    *,
    {%- if var('sales_capacity_per_day', none) %}
    threshold = (
        select min(within_capacity.threshold) from measured as within_capacity
        where within_capacity.routed_per_day <= {{ var('sales_capacity_per_day') }}
    ) as fits_sales_capacity,
    {%- else %}
    cast(null as boolean) as fits_sales_capacity,
    {%- endif %}
    threshold = (
        select min(best.threshold) from measured as best
        where best.expected_revenue = (select max(expected_revenue) from measured)
    ) as maximises_expected_revenue
from measured
order by threshold
