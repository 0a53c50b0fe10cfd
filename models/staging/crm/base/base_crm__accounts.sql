{{ config(materialized='table') }}
-- Every raw account row, typed, with why it is rejected (null = kept).

with

raw as (
    {{ raw_table('accounts') }}
)

select
    *,
    case
        {{ deleted_in_crm_rule('accounts') }}
        when account_id is null then 'missing account_id'
        when row_number() over (partition by account_id order by created_at) > 1 then 'duplicate account_id'
    end as _reject_reason
from raw
