{{ config(materialized='table') }}
-- One row per custom lead field that int_features__custom turns into
-- features: how well it alone separates the leads that converted (ROC AUC of
-- each of its columns, the best side: max(AUC, 1 - AUC)) and how much more
-- often it is filled on them. A field a rep fills in or changes around
-- conversion (a status, a sales tag, a "lead quality") separates them almost
-- perfectly, or is filled almost only on them: the label itself, not a
-- signal. Where the CRM's field history says when lead fields changed
-- (stg_crm__lead_field_history), a field set or changed from
-- custom_field_change_hours before conversion onward on most converted
-- leads is one too, however weakly its values separate: features read its
-- value now, not the one before conversion. A change in the lead's first
-- hour is its creation, not a change. Such a field is `leaked` and
-- int_feature_matrix leaves it out, unless seeds/custom_field_overrides.csv
-- says it is known at creation.

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

-- lead fields by the name the history gives them
history_names as (
    {%- for field in fields if field.table == 'leads' %}
    select '{{ field.key }}' as field_key, {{ sql_text(field.field | lower) }} as field_name
    {{ 'union all' if not loop.last }}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as field_key,
        cast(null as {{ dbt.type_string() }}) as field_name
    where false
    {%- endfor %}
),

changed_near_conversion as (
    select
        history_names.field_key,
        count(distinct history.lead_id) as converted_leads_changed
    from {{ ref('stg_crm__lead_field_history') }} as history
    inner join history_names
        on history.field_name = history_names.field_name
    inner join {{ ref('int_leads') }} as known
        on history.lead_id = known.lead_id
    where
        history.changed_at < {{ as_of() }}
        and history.changed_at >= {{ add_days('known.converted_at', '-' ~ var('custom_field_change_hours') ~ ' / 24.0') }}
        and history.changed_at >= {{ add_days('known.created_at', '1 / 24.0') }}
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
),

measured as (
    select
        separation.field_key,
        separation.converted_leads,
        separation.separation_auc,
        fill.fill_rate_converted,
        fill.fill_rate_other,
        {{ divide('coalesce(changed.converted_leads_changed, 0)', 'nullif(separation.converted_leads, 0)') }}
        as changed_near_conversion_share,
        {{ is_trusted }} as known_at_creation
    from separation
    left join fill
        on separation.field_key = fill.field_key
    left join changed_near_conversion as changed
        on separation.field_key = changed.field_key
)

select
    *,
    coalesce(
        not known_at_creation
        and converted_leads >= {{ var('leakage_min_events') }}
        and (separation_auc >= {{ var('custom_field_max_auc') }}
             or fill_rate_converted - fill_rate_other >= {{ var('current_state_fill_gap') }}
             or changed_near_conversion_share >= {{ var('leakage_proximity_share') }}),
        false
    ) as leaked
from measured
