-- One wide row per snapshot (training and scoring alike: one SQL definition,
-- no train/serve skew) with every f_<group>__<name> feature.

{%- set snapshot_groups = ['windows', 'decay', 'velocity', 'recency', 'sequence', 'time_to_event',
                           'product', 'email'] %}
{%- set lead_groups = ['firmographic', 'contact'] %}

with

snapshots as (
    select * from {{ ref('int_feature_spine') }}
),

final as (
    select
        snapshots.lead_id,
        snapshots.snapshot_at,
        snapshots.snapshot_type
        {%- for group in snapshot_groups + lead_groups %}
        {%- for column in feature_columns(ref('int_features__' ~ group)) %},
        {{ group }}.{{ column }}
        {%- endfor %}
        {%- endfor %}
    from snapshots
    {%- for group in snapshot_groups %}
    inner join {{ ref('int_features__' ~ group) }} as {{ group }}
        on snapshots.lead_id = {{ group }}.lead_id
        and snapshots.snapshot_at = {{ group }}.snapshot_at
    {%- endfor %}
    {%- for group in lead_groups %}
    inner join {{ ref('int_features__' ~ group) }} as {{ group }}
        on snapshots.lead_id = {{ group }}.lead_id
    {%- endfor %}
)

select * from final
