{{ config(materialized='table') }}
-- One row per lead known at as_of, with what the rest of the pipeline needs
-- to know about it in time: when it converted (if before as_of), whether a
-- rep marked it as not a lead, and its experiment arm.

with

leads as (
    select * from {{ ref('stg_crm__leads') }}
    where created_at < {{ as_of() }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

conversions as (
    select
        lead_id,
        {% if var('conversion_definition') == 'closed_won' -%}
        min(closed_at) filter (where stage = 'closed_won' and closed_at < {{ as_of() }}) as converted_at
        {%- else -%}
        min(created_at) filter (where created_at < {{ as_of() }}) as converted_at
        {%- endif %}
    from opportunities
    group by 1
),

feedback as (
    select
        lead_id,
        bool_or(verdict = 'not_a_lead') as is_not_a_lead
    from {{ ref('stg_crm__lead_feedback') }}
    where created_at < {{ as_of() }}
    group by 1
),

experiment as (
    select lead_id, group_name, assigned_at
    from {{ ref('stg_crm__outreach_experiment') }}
    where assigned_at is null or assigned_at < {{ as_of() }}
),

final as (
    select
        leads.lead_id,
        leads.account_id,
        conversions.converted_at,
        coalesce(feedback.is_not_a_lead, false) as is_not_a_lead,
        experiment.group_name as experiment_group,
        leads.created_at
    from leads
    left join conversions
        on leads.lead_id = conversions.lead_id
    left join feedback
        on leads.lead_id = feedback.lead_id
    left join experiment
        on leads.lead_id = experiment.lead_id
)

select * from final
