-- One row per lead its tier routes to sales (int_lead_tiers.tier_action =
-- route_to_sales): the rep it goes to today, or why it goes to nurture.
-- With active reps (stg_crm__reps): a lead whose owner is an active rep goes
-- to that owner; the others go to the reps covering the lead's segment (var
-- rep_segment_column; reps without a segment take the leads no segment rep
-- covers), the highest expected value first, into the reps' free slots
-- (daily_capacity less what their own leads took) in the order of var
-- routing_policy: round_robin (slot 1 of every rep, most senior first, then
-- slot 2...) or seniority (the most senior rep's slots first). Never more
-- than a rep's capacity; ties broken by lead_id and rep_id, so every run
-- gives the same answer. Without active reps, var sales_capacity_per_day
-- (when set) caps the leads routed, best probability first.
{%- set slot_order = 'reps.seniority desc, reps.rep_id, numbers.n' if var('routing_policy') == 'seniority'
    else 'numbers.n, reps.seniority desc, reps.rep_id' %}
{%- if var('routing_policy') not in ('round_robin', 'seniority') %}
  {{ exceptions.raise_compiler_error("leadscore: var routing_policy is '" ~ var('routing_policy')
       ~ "'; known: round_robin, seniority") }}
{%- endif %}

with

routed as (
    select
        tiers.lead_id,
        leads.owner_id,
        lower(trim(cast(leads.{{ adapter.quote(var('rep_segment_column')) }} as {{ dbt.type_string() }})))
        as lead_segment,
        row_number() over (
            order by coalesce(tiers.expected_value, 0) desc, tiers.conversion_probability desc, tiers.lead_id
        ) as value_rank
    from {{ ref('int_lead_tiers') }} as tiers
    inner join {{ ref('stg_crm__leads') }} as leads
        on tiers.lead_id = leads.lead_id
    where tiers.tier_action = 'route_to_sales'
),

reps as (
    select * from {{ ref('stg_crm__reps') }}
    where is_active
),

team as (
    select count(*) as active_reps from reps
),

numbers as (
    select value_rank as n from routed
),

-- a lead owned by an active rep stays with its owner, the owner's best first
owned as (
    select
        routed.lead_id,
        reps.rep_id,
        reps.rep_name,
        reps.daily_capacity,
        row_number() over (partition by reps.rep_id order by routed.value_rank) as owner_rank
    from routed
    inner join reps
        on routed.owner_id = reps.rep_id
),

owner_load as (
    select rep_id, least(count(*), max(daily_capacity)) as used_slots
    from owned
    group by 1
),

covered_segments as (
    select distinct segment from reps
    where segment is not null
),

unowned as (
    select
        routed.lead_id,
        coalesce(covered_segments.segment, '*') as pool,
        row_number() over (partition by coalesce(covered_segments.segment, '*') order by routed.value_rank)
        as pool_rank
    from routed
    left join covered_segments
        on routed.lead_segment = covered_segments.segment
    left join owned
        on routed.lead_id = owned.lead_id
    where owned.lead_id is null
),

-- every free slot of every rep today, numbered within its pool
slots as (
    select
        reps.rep_id,
        reps.rep_name,
        coalesce(reps.segment, '*') as pool,
        row_number() over (partition by coalesce(reps.segment, '*') order by {{ slot_order }}) as slot_rank
    from reps
    left join owner_load
        on reps.rep_id = owner_load.rep_id
    inner join numbers
        on coalesce(owner_load.used_slots, 0) < numbers.n and reps.daily_capacity >= numbers.n
),

pool_slots as (
    select pool, count(*) as free_slots from slots
    group by 1
),

assigned as (
    select
        unowned.lead_id,
        slots.rep_id,
        case when unowned.pool = '*' then 'uncovered segments' else 'segment ' || unowned.pool end as pool_name,
        unowned.pool_rank,
        pool_slots.free_slots
    from unowned
    left join slots
        on unowned.pool = slots.pool and unowned.pool_rank = slots.slot_rank
    left join pool_slots
        on unowned.pool = pool_slots.pool
),

assigned_reasons as (
    select
        lead_id,
        rep_id,
        case
            when rep_id is not null then
                pool_name || ': free slot ' || cast(pool_rank as {{ dbt.type_string() }})
                || ' of ' || cast(free_slots as {{ dbt.type_string() }}) || ' today ({{ var('routing_policy') }})'
            when free_slots is null then 'no active rep covers ' || pool_name
            else 'over capacity: ' || pool_name || ' has ' || cast(free_slots as {{ dbt.type_string() }})
                || ' free slots today and this lead ranks ' || cast(pool_rank as {{ dbt.type_string() }})
        end as assignment_reason
    from assigned
),

final as (
    select
        routed.lead_id,
        case
            when team.active_reps = 0 then null
            when owned.owner_rank <= owned.daily_capacity then owned.rep_id
            when owned.lead_id is null then assigned.rep_id
        end as assigned_rep_id,
        case
            when team.active_reps = 0 then
                {%- if var('sales_capacity_per_day', none) %}
                case when routed.value_rank <= {{ var('sales_capacity_per_day') }}
                    then 'sales queue: no active reps, within sales_capacity_per_day'
                    else 'over capacity: sales_capacity_per_day is {{ var('sales_capacity_per_day') }}'
                end
                {%- else %}
                'sales queue: no active reps'
                {%- endif %}
            when owned.owner_rank <= owned.daily_capacity then 'owner'
            when owned.lead_id is not null then
                'over capacity: its owner has ' || cast(owned.daily_capacity as {{ dbt.type_string() }})
                || ' slots today and this lead ranks ' || cast(owned.owner_rank as {{ dbt.type_string() }})
            else assigned.assignment_reason
        end as assignment_reason
    from routed
    cross join team
    left join owned
        on routed.lead_id = owned.lead_id
    left join assigned_reasons as assigned
        on routed.lead_id = assigned.lead_id
)

select
    lead_id,
    assigned_rep_id,
    assignment_reason,
    assignment_reason not like 'over capacity%' and assignment_reason not like 'no active rep%' as is_routed
from final
