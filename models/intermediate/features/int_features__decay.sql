-- depends_on: {{ ref('int_activity_types') }}
-- Exponential time decay: per category, the sum over past events of
-- 0.5 ^ (age_days / half_life), for each half-life in var half_life_days.
-- Recent events count fully, old ones fade instead of falling off a cliff.
-- Each event's weight is computed once per half-life and summed per
-- (snapshot, category) first; the pivot to one column per category then
-- reads far fewer rows.

{%- set categories = feature_categories() %}

with

weighted as (
    select
        lead_id,
        snapshot_at,
        feature_category,
        case when occurred_at is not null then 1 else 0 end as is_event
        {%- for half_life in var('half_life_days') %},
        {{ decay_weight('age_days', half_life) }} as weight_hl{{ half_life }}d
        {%- endfor %}
    from {{ ref('int_snapshot_events') }}
),

per_category as (
    select
        lead_id,
        snapshot_at,
        feature_category
        {%- for half_life in var('half_life_days') %},
        sum(case when is_event = 1 then weight_hl{{ half_life }}d else 0 end) as events_hl{{ half_life }}d,
        sum(weight_hl{{ half_life }}d) as category_hl{{ half_life }}d
        {%- endfor %}
    from weighted
    group by 1, 2, 3
)

select
    lead_id,
    snapshot_at
    {%- for half_life in var('half_life_days') %},
    sum(events_hl{{ half_life }}d) as f_decay__all_hl{{ half_life }}d
    {%- for category in categories %},
    sum(case when feature_category = '{{ category }}' then category_hl{{ half_life }}d else 0 end)
        as f_decay__{{ category }}_hl{{ half_life }}d
    {%- endfor %}
    {%- endfor %}
from per_category
group by 1, 2
