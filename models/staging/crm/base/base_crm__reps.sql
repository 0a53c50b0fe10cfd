{{ config(materialized='table') }}
-- Every raw rep row, typed, with why it is rejected (null = kept).

with

raw as (
    {{ raw_table('reps') }}
)

select
    *,
    case
        {{ deleted_in_crm_rule('reps') }}
        when rep_id is null then 'missing rep_id'
        when row_number() over (partition by rep_id order by is_active desc nulls last, name) > 1
            then 'duplicate rep_id'
    end as _reject_reason
from raw
