{{ config(materialized='table') }}
-- Every raw account row, typed, with why it is rejected (null = kept).

with

raw as (
    {{ raw_table('accounts') }}
)

select
    *,
    case
        {%- if '_deleted_in_crm' in raw_columns('accounts') %}
        when _deleted_in_crm then 'deleted in the CRM'
        {%- endif %}
        when account_id is null then 'missing account_id'
        when row_number() over (partition by account_id order by created_at) > 1 then 'duplicate account_id'
    end as _reject_reason
from raw
