-- One wide row per snapshot (training and scoring alike: one SQL definition,
-- no train/serve skew) with every f_<group>__<name> feature.
-- depends_on: {{ ref('int_custom_field_audit') }}

{%- set snapshot_groups = ['windows', 'decay', 'velocity', 'recency', 'sequence', 'time_to_event',
                           'product', 'email'] %}
{%- set lead_groups = ['firmographic', 'contact'] %}
{#- custom lead fields: those int_custom_field_audit did not find leaking;
    a date field becomes its age at the snapshot (null before it is set) -#}
{%- set custom = ref('int_features__custom') %}
{%- set leaked = [] %}
{%- if relations_ready([ref('int_custom_field_audit')]) %}
  {%- set leaked = run_query('select field_key from ' ~ ref('int_custom_field_audit') ~ ' where leaked')
                   .columns[0].values() | list %}
{%- endif %}
{%- set custom_columns = [] %}
{%- set custom_dates = [] %}
{%- if relations_ready([custom]) %}
  {%- for column in adapter.get_columns_in_relation(custom) %}
    {%- set key = column.name.split('__')[1] if '__' in column.name else none %}
    {%- if key and key not in leaked and column.name.startswith('f_custom__') %}
      {%- do custom_columns.append(column.name) %}
    {%- elif key and key not in leaked and column.name.startswith('d_custom__') %}
      {%- do custom_dates.append(key) %}
    {%- endif %}
  {%- endfor %}
{%- endif %}

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
        {%- for column in custom_columns %},
        custom.{{ column }}
        {%- endfor %}
        {%- for key in custom_dates %},
        case when custom.d_custom__{{ key }} < snapshots.snapshot_at
            then {{ days_between('custom.d_custom__' ~ key, 'snapshots.snapshot_at') }}
        end as f_custom__{{ key }}__age_days
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
    inner join {{ custom }} as custom
        on snapshots.lead_id = custom.lead_id
)

select * from final
