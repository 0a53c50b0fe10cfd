-- Time to event: how fast the lead reached key milestones after creation,
-- and its age at the snapshot. Milestones not reached yet are 0 with a flag.

{%- set milestones = {'trial': 'trial_signup', 'pricing_view': 'pricing_view', 'demo_request': 'demo_request'} %}

with

firsts as (
    select
        events.lead_id,
        events.snapshot_at
        {%- for name, category in milestones.items() %},
        min(case when events.feature_category = '{{ category }}' then events.occurred_at end)
            as first_{{ name }}_at
        {%- endfor %}
    from {{ ref('int_snapshot_events') }} as events
    group by 1, 2
)

select
    firsts.lead_id,
    firsts.snapshot_at,
    {{ days_between('leads.created_at', 'firsts.snapshot_at') }} as f_tte__lead_age_days
    {%- for name in milestones %},
    case when firsts.first_{{ name }}_at is not null then 1 else 0 end as f_tte__reached_{{ name }},
    coalesce(greatest({{ days_between('leads.created_at', 'firsts.first_' ~ name ~ '_at') }}, 0), 0)
        as f_tte__days_to_{{ name }}
    {%- endfor %}
from firsts
inner join {{ ref('int_leads') }} as leads
    on firsts.lead_id = leads.lead_id
