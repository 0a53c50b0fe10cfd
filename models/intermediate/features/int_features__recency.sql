-- Recency: days since the last event of a kind before the snapshot. "Never"
-- is recency_cap_days, so a lead that never did it reads as long ago.

{%- set kinds = {
    'activity': 'occurred_at is not null',
    'pricing_view': "feature_category = 'pricing_view'",
    'demo_request': "feature_category = 'demo_request'",
    'product_use': "feature_category = 'product_usage'",
    'email_click': "feature_category = 'email_click'",
} %}

select
    lead_id,
    snapshot_at
    {%- for name, condition in kinds.items() %},
    least(
        coalesce(min(case when {{ condition }} then age_days end), {{ var('recency_cap_days') }}),
        {{ var('recency_cap_days') }}
    ) as f_recency__days_since_{{ name }}
    {%- endfor %}
from {{ ref('int_snapshot_events') }}
group by 1, 2
