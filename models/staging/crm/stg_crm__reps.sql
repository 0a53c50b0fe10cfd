-- One row per rep: who leads can be routed to, and how many a day.
select
    rep_id,
    name as rep_name,
    case when daily_capacity > 0 then cast(floor(daily_capacity) as integer) else {{ var('rep_daily_capacity') }} end
    as daily_capacity,
    lower(trim(segment)) as segment,
    coalesce(seniority, 0) as seniority,
    coalesce(is_active, true) as is_active
from {{ ref('base_crm__reps') }}
where _reject_reason is null
