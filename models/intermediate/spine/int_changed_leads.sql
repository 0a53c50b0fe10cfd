{{ config(materialized='table') }}
-- The open leads (not converted, not not_a_lead at as_of) whose score this
-- run computes. A full build (var rescore = 'all') rescores every open lead.
-- The daily path (rescore = 'changed') rescores only leads with something
-- new since the last run (rescore_since): an activity in [rescore_since,
-- as_of), or the lead itself created in that interval. Every other open lead
-- keeps its row in lead_scores (scored_at says when it was scored).

with

open_leads as (
    select lead_id, created_at
    from {{ ref('int_leads') }}
    where converted_at is null
        and not is_not_a_lead
),

{%- if run_mode() == 'daily' %}

new_activity as (
    select distinct lead_id
    from {{ ref('stg_crm__activities') }}
    where occurred_at >= {{ rescore_since() }}
        and occurred_at < {{ as_of() }}
),

final as (
    select
        open_leads.lead_id,
        case when new_activity.lead_id is not null then 'new activity' else 'new lead' end as change_reason
    from open_leads
    left join new_activity
        on open_leads.lead_id = new_activity.lead_id
    where new_activity.lead_id is not null
        or open_leads.created_at >= {{ rescore_since() }}
)

{%- else %}

final as (
    select
        lead_id,
        'full build' as change_reason
    from open_leads
)

{%- endif %}

select * from final
