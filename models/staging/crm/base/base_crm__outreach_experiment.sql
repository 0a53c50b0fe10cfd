{{ config(materialized='table') }}
-- Every raw experiment row, typed, with why it is rejected (null = kept).
-- A merged duplicate lead keeps the arm its surviving record was assigned.

with

validated as (
    {{ validated_raw('outreach_experiment') }}
)

select
    * exclude (_reject_reason),
    case
        when _reject_reason is not null then _reject_reason
        when lower(group_name) not in ('outreach', 'holdout') then 'unknown group_name'
        when row_number() over (
            partition by canonical_lead_id
            order by _reject_reason is not null, lead_id <> canonical_lead_id, assigned_at
        ) > 1 then 'second arm of merged lead'
    end as _reject_reason
from validated
