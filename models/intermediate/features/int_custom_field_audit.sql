{{ config(materialized='table') }}
-- One row per custom lead field that int_features__custom turns into
-- features: how well it alone separates the leads that converted (ROC AUC of
-- each of its columns, the best side: max(AUC, 1 - AUC)) and how much more
-- often it is filled on them. A field a rep fills in or changes around
-- conversion (a status, a sales tag, a "lead quality") separates them almost
-- perfectly, or is filled almost only on them: the label itself, not a
-- signal. Such a field is `leaked` and int_feature_matrix leaves it out,
-- unless seeds/custom_field_overrides.csv says it is known at creation.

{%- set fields = (custom_fields('leads') + custom_fields('accounts')) | selectattr('used') | list %}
{%- set trusted = fields | selectattr('known_at_creation') | map(attribute='key') | list %}
{%- set is_trusted = "separation.field_key in ('" ~ (trusted | join("', '")) ~ "')" if trusted else 'false' %}

with

leads as (
    select
        custom.*,
        case when known.converted_at is not null then 1 else 0 end as converted
    from {{ ref('int_features__custom') }} as custom
    inner join {{ ref('int_leads') }} as known
        on custom.lead_id = known.lead_id
),

columns_long as (
    {%- for field in fields %}
    {%- set outer = loop %}
    {%- set prefix = 'f_custom__' ~ field.key %}
    {%- set names = [prefix ~ '__missing'] %}
    {%- if field.kind == 'category' %}
      {%- for level in field.levels %}{% do names.append(prefix ~ '__' ~ field.level_columns[level]) %}{% endfor %}
    {%- elif field.kind == 'number' %}{% do names.append(prefix) %}
    {%- elif field.kind == 'flag' %}{% do names.append(prefix ~ '__yes') %}
    {%- elif field.kind == 'date' %}{% do names.append('d_custom__' ~ field.key) %}
    {%- endif %}
    {%- for name in names %}
    select
        '{{ field.key }}' as field_key,
        '{{ name }}' as feature_name,
        {{ 'true' if name.endswith('__missing') else 'false' }} as is_missing_flag,
        lead_id,
        converted,
        cast({{ epoch_microseconds(name) if name.startswith('d_') else name }} as {{ type_double() }}) as value
    from leads
    {{ 'union all' if not (outer.last and loop.last) }}
    {%- endfor %}
    {%- endfor %}
    {%- if not fields %}
    select
        cast(null as {{ dbt.type_string() }}) as field_key,
        cast(null as {{ dbt.type_string() }}) as feature_name,
        false as is_missing_flag,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        0 as converted,
        cast(null as {{ type_double() }}) as value
    from leads
    where false
    {%- endif %}
),

per_column as (
    {{ auc_query('columns_long', 'converted', 'coalesce(value, -1e300)', ['field_key', 'feature_name']) }}
),

separation as (
    select
        field_key,
        max(positives) as converted_leads,
        max(greatest(auc, 1 - auc)) as separation_auc
    from per_column
    group by 1
),

-- how often the field is filled: 1 - its __missing flag
fill as (
    select
        field_key,
        avg(case when converted = 1 then 1 - value end) as fill_rate_converted,
        avg(case when converted = 0 then 1 - value end) as fill_rate_other
    from columns_long
    where is_missing_flag
    group by 1
)

select
    separation.field_key,
    separation.converted_leads,
    separation.separation_auc,
    fill.fill_rate_converted,
    fill.fill_rate_other,
    {{ is_trusted }} as known_at_creation,
    coalesce(
        not {{ is_trusted }}
        and separation.converted_leads >= {{ var('leakage_min_events') }}
        and (separation.separation_auc >= {{ var('custom_field_max_auc') }}
             or fill.fill_rate_converted - fill.fill_rate_other >= {{ var('current_state_fill_gap') }}),
        false
    ) as leaked
from separation
left join fill
    on separation.field_key = fill.field_key
