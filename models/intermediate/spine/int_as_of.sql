{{ config(materialized='table') }}
-- Default scoring instant when var as_of is not set: the latest plausible
-- event time in the data (impossible timestamps are already quarantined).
-- A one-row table: every model reading as_of() would rescan the activities
-- through a view.

with

event_times as (
    select max(occurred_at) as latest_at from {{ ref('stg_crm__activities') }}
    union all
    select max(created_at) from {{ ref('stg_crm__leads') }}
    union all
    select max(created_at) from {{ ref('stg_crm__opportunities') }}
)

select max(latest_at) as as_of
from event_times
