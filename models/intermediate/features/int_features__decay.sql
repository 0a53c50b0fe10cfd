-- depends_on: {{ ref('int_activity_types') }}
-- Exponential time decay: per category, the sum over past events of
-- 0.5 ^ (age_days / half_life), for each half-life in var half_life_days.
-- Recent events count fully, old ones fade instead of falling off a cliff.

{%- set categories = feature_categories() %}

select
    lead_id,
    snapshot_at
    {%- for half_life in var('half_life_days') %},
    {{ decayed_sum('occurred_at is not null', half_life) }} as f_decay__all_hl{{ half_life }}d
    {%- for category in categories %},
    {{ decayed_sum("feature_category = '" ~ category ~ "'", half_life) }} as f_decay__{{ category }}_hl{{ half_life }}d
    {%- endfor %}
    {%- endfor %}
from {{ ref('int_snapshot_events') }}
group by 1, 2
