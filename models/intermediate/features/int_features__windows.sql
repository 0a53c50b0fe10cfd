-- depends_on: {{ ref('int_activity_types') }}
-- Engagement windows: events per category in the last 7 / 30 / 90 days
-- (var window_days) before the snapshot. Counted in two steps: per
-- (snapshot, category) first (a few sums over the snapshot x event rows),
-- then pivoted to one column per category (many sums over far fewer rows).
-- Counts are BIGINT: DuckDB sums integers into 128-bit HUGEINT, which made
-- every query reading the matrix (scores, reasons, drift) ~15x slower.

{%- set categories = feature_categories() %}

with

per_category as (
    select
        lead_id,
        snapshot_at,
        feature_category
        {%- for days in var('window_days') %},
        {{ count_in_window('occurred_at is not null', days) }} as events_{{ days }}d,
        {{ count_in_window('true', days) }} as category_events_{{ days }}d
        {%- endfor %}
    from {{ ref('int_snapshot_events') }}
    group by 1, 2, 3
)

select
    lead_id,
    snapshot_at
    {%- for days in var('window_days') %},
    cast(sum(events_{{ days }}d) as bigint) as f_window__all_{{ days }}d
    {%- for category in categories %},
    cast(sum(case when feature_category = '{{ category }}' then category_events_{{ days }}d else 0 end) as bigint)
        as f_window__{{ category }}_{{ days }}d
    {%- endfor %}
    {%- endfor %}
from per_category
group by 1, 2
