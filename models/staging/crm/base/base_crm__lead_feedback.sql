{{ config(materialized='table') }}
-- Every raw feedback row, typed, with why it is rejected (null = kept).

with

validated as (
    {{ validated_raw('lead_feedback') }}
)

select
    * exclude (_reject_reason),
    case
        when _reject_reason is not null then _reject_reason
        when lower(verdict) not in ('accepted', 'rejected', 'not_a_lead') then 'unknown verdict'
    end as _reject_reason
from validated
