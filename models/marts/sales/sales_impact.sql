-- Before and after going live (var go_live_date; unset: one period, 'all'):
-- per rep, the conversion rate of the leads they own (CRM owner_id) created
-- in the period; per tier, how long won deals took from the opportunity's
-- creation to its close (the sales cycle), by the tier the lead had at its
-- latest scoring run before the opportunity ('unscored' before any run).
{%- set go_live = var('go_live_date', none) %}
{%- set period = "case when AT < cast('" ~ go_live ~ "' as timestamp) then 'before' else 'after' end"
    if go_live else "'all'" %}

with

leads as (
    select * from {{ ref('int_leads') }}
),

owned as (
    select
        {{ period | replace('AT', 'leads.created_at') }} as period,
        'rep' as dimension,
        coalesce(staged.owner_id, 'unassigned') as dimension_value,
        count(*) as leads,
        sum(case when leads.converted_at is not null then 1 else 0 end) as conversions,
        cast(null as integer) as won_deals,
        cast(null as {{ type_double() }}) as avg_sales_cycle_days
    from leads
    inner join {{ ref('stg_crm__leads') }} as staged
        on leads.lead_id = staged.lead_id
    group by 1, 2, 3
),

won as (
    select * from {{ ref('stg_crm__opportunities') }}
    where stage = 'closed_won' and closed_at < {{ as_of() }}
),

tier_before as (
    select
        won.opportunity_id,
        history.tier,
        row_number() over (partition by won.opportunity_id order by history.scored_at desc) as recency
    from won
    inner join {{ ref('lead_score_history') }} as history
        on won.lead_id = history.lead_id and won.created_at > history.scored_at
),

cycles as (
    select
        {{ period | replace('AT', 'won.created_at') }} as period,
        'tier' as dimension,
        coalesce(tier_before.tier, 'unscored') as dimension_value,
        cast(null as integer) as leads,
        cast(null as integer) as conversions,
        count(*) as won_deals,
        avg({{ days_between('won.created_at', 'won.closed_at') }}) as avg_sales_cycle_days
    from won
    left join tier_before
        on won.opportunity_id = tier_before.opportunity_id and tier_before.recency = 1
    group by 1, 2, 3
),

combined as (
    select * from owned
    union all
    select * from cycles
)

select
    period,
    dimension,
    dimension_value,
    leads,
    conversions,
    {{ divide('conversions', 'nullif(leads, 0)') }} as conversion_rate,
    won_deals,
    avg_sales_cycle_days
from combined
