-- depends_on: {{ ref('int_activity_types') }}
-- Engagement windows: events per category in the last 7 / 30 / 90 days
-- (var window_days) before the snapshot.

{%- set categories = feature_categories() %}

select
    lead_id,
    snapshot_at
    {%- for days in var('window_days') %},
    {{ count_in_window('occurred_at is not null', days) }} as f_window__all_{{ days }}d
    {%- for category in categories %},
    {{ count_in_window("feature_category = '" ~ category ~ "'", days) }} as f_window__{{ category }}_{{ days }}d
    {%- endfor %}
    {%- endfor %}
from {{ ref('int_snapshot_events') }}
group by 1, 2
