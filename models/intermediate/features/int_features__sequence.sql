-- Sequences: the order of events, not just their counts. Ordered
-- progressions (content -> pricing -> demo request; trial -> product use),
-- pricing seen without any content, variety, category switches, the most
-- telling transitions, and the first and last touch. The per-event order
-- (previous category, which steps came before) is in int_activities: what
-- precedes an event precedes every later snapshot, so it needs no window here.

{%- set transitions = [
    ('content', 'pricing_view'),
    ('pricing_view', 'demo_request'),
    ('web_visit', 'pricing_view'),
    ('webinar', 'demo_request'),
    ('trial_signup', 'product_usage'),
    ('email_click', 'pricing_view'),
] %}
{%- set touches = ['web_visit', 'content', 'pricing_view', 'demo_request', 'trial_signup',
                   'email_click', 'webinar', 'form_submit', 'event'] %}

with

sequences as (
    select
        lead_id,
        snapshot_at,
        max(case when feature_category = 'demo_request' and content_then_pricing_before = 1 then 1 else 0 end)
            as content_pricing_demo,
        max(case when feature_category = 'pricing_view' and content_before = 1 then 1 else 0 end)
            as content_then_pricing,
        max(case when feature_category = 'pricing_view' then 1 else 0 end) as viewed_pricing,
        max(case when feature_category in ('content', 'webinar') then 1 else 0 end) as saw_content,
        count(distinct case when feature_category = 'product_usage' and trial_before = 1
            then cast(occurred_at as date) end) as active_days_after_trial,
        count(distinct activity_type_key) as distinct_types,
        count(case when previous_category <> feature_category then 1 end) as category_switches,
        {%- for from_category, to_category in transitions %}
        count(case when previous_category = '{{ from_category }}' and feature_category = '{{ to_category }}'
            then 1 end) as {{ from_category }}_to_{{ to_category }},
        {%- endfor %}
        -- event_order breaks ties in time by type: the same touch on every engine
        {{ min_by('feature_category', 'event_order') }} as first_touch,
        {{ max_by('feature_category', 'event_order') }} as last_touch
    from {{ ref('int_snapshot_events') }}
    group by 1, 2
)

select
    lead_id,
    snapshot_at,
    content_pricing_demo as f_seq__content_pricing_demo,
    content_then_pricing as f_seq__content_then_pricing,
    case when viewed_pricing = 1 and saw_content = 0 then 1 else 0 end as f_seq__pricing_without_content,
    case when active_days_after_trial >= 2 then 1 else 0 end as f_seq__trial_then_active,
    distinct_types as f_seq__distinct_types,
    category_switches as f_seq__category_switches
    {%- for from_category, to_category in transitions %},
    {{ from_category }}_to_{{ to_category }} as f_seq__transition_{{ from_category }}_to_{{ to_category }}
    {%- endfor %}
    {%- for touch in touches %},
    case when first_touch = '{{ touch }}' then 1 else 0 end as f_seq__first_touch_{{ touch }},
    case when last_touch = '{{ touch }}' then 1 else 0 end as f_seq__last_touch_{{ touch }}
    {%- endfor %}
from sequences
