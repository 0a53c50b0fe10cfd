{{ config(materialized='table') }}
-- One row per feature the model is trained on, with the direction the
-- feature catalogue allows it (seeds/feature_catalog.csv, column direction,
-- first matching rule): 'increasing' (one more demo request never lowers a
-- score), 'decreasing' (more days since it, never higher) or 'none'. The
-- additive model is fitted under these constraints.

{%- set training = ref('int_training_set') %}
{%- set features = [] %}
{%- if relations_ready([training]) %}
  {%- for column in adapter.get_columns_in_relation(training) if column.name.startswith('f_') %}
    {%- do features.append(column.name) %}
  {%- endfor %}
{%- endif %}

with

catalogue as (
    select * from {{ ref('feature_catalog') }}
),

features as (
    {%- if features %}
    {%- for name in features | sort %}
    select '{{ name }}' as feature_name{{ ' union all' if not loop.last }}
    {%- endfor %}
    {%- else %}
    select cast(null as {{ dbt.type_string() }}) as feature_name where 1 = 0
    {%- endif %}
),

matched as (
    select
        features.feature_name,
        {{ min_by("coalesce(catalogue.direction, '')", 'catalogue.rule_order') }} as direction
    from features
    inner join catalogue
        on {{ regex_matches('features.feature_name', 'catalogue.feature_regex') }}
    group by 1
)

select
    features.feature_name,
    coalesce(nullif(matched.direction, ''), 'none') as direction
from features
left join matched
    on features.feature_name = matched.feature_name
