{{ config(materialized='table') }}
-- The point-in-time spine: (lead_id, snapshot_at) pairs at which features are
-- computed. Training snapshots sit on a grid every snapshot_every_days back
-- from as_of, while the lead is open and younger than max_lead_age_days, and
-- only where the whole label window is observed before as_of. The scoring
-- snapshot is as_of itself, for every open lead whatever its age; lookback
-- snapshots 7 days earlier give the score's 7-day change and trend. The
-- daily path (var rescore = 'changed') needs no training snapshots.

with

leads as (
    select * from {{ ref('int_leads') }}
    where not is_not_a_lead
),

bounds as (
    select
        {{ as_of() }} as as_of,
        min(created_at) as first_created_at
    from leads
),

grid as (
    select
        {{ add_days('as_of', '-k * ' ~ var('snapshot_every_days')) }} as snapshot_at
    from (
        select
            as_of,
            {{ integer_series(
                "ceil(" ~ var('label_window_days') ~ " / cast(" ~ var('snapshot_every_days') ~ " as " ~ type_double() ~ "))",
                "ceil(" ~ days_between('first_created_at', 'as_of') ~ " / " ~ var('snapshot_every_days') ~ ") + 1"
            ) }} as k
        from bounds
    ) as steps
),

training as (
    select
        leads.lead_id,
        grid.snapshot_at,
        'training' as snapshot_type
    from leads
    inner join grid
        on leads.created_at < grid.snapshot_at
        and grid.snapshot_at <= {{ add_days('leads.created_at', var('max_lead_age_days')) }}
        and (leads.converted_at is null or leads.converted_at > grid.snapshot_at)
),

scoring as (
    select
        leads.lead_id,
        bounds.as_of as snapshot_at,
        'scoring' as snapshot_type
    from leads
    cross join bounds
    where leads.converted_at is null
),

lookback as (
    select
        leads.lead_id,
        {{ add_days('bounds.as_of', -7) }} as snapshot_at,
        'lookback_7d' as snapshot_type
    from leads
    cross join bounds
    where leads.converted_at is null
        and leads.created_at < {{ add_days('bounds.as_of', -7) }}
),

final as (
    {%- if run_mode() == 'full' %}
    select * from training
    union all
    {%- endif %}
    select * from scoring
    union all
    select * from lookback
)

select * from final
