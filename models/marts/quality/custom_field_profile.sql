-- Every custom field of this CRM's leads and accounts (a column beyond the
-- contract) and what leadscore made of it: a feature (as category, number,
-- flag or date),
-- excluded (an identifier, contact details, free text, too many values,
-- empty, or by seeds/custom_field_overrides.csv) or a leak (it alone gives
-- conversions away: int_custom_field_audit). Edit the overrides seed to
-- exclude or re-type a field; the next build follows it.

{%- set fields = custom_fields('leads') + custom_fields('accounts') %}

with

profile as (
    {%- for field in fields %}
    select
        '{{ field.table }}' as table_name,
        {{ sql_text(field.field) }} as column_name,
        '{{ field.key }}' as field_key,
        {{ sql_text(field.kind) if field.kind else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as kind,
        {{ 'true' if field.used else 'false' }} as profiled_as_feature,
        {{ sql_text(field.reason) if field.reason else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as reason,
        {{ field.distinct_values }} as distinct_values,
        cast({{ field.fill_rate }} as {{ type_double() }}) as fill_rate
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {%- if not fields %}
    select
        cast(null as {{ dbt.type_string() }}) as table_name,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as field_key,
        cast(null as {{ dbt.type_string() }}) as kind,
        false as profiled_as_feature,
        cast(null as {{ dbt.type_string() }}) as reason,
        0 as distinct_values,
        cast(null as {{ type_double() }}) as fill_rate
    where false
    {%- endif %}
),

audit as (
    select * from {{ ref('int_custom_field_audit') }}
)

select
    profile.table_name,
    profile.column_name,
    profile.field_key,
    profile.kind,
    case
        when not profile.profiled_as_feature then 'excluded'
        when audit.leaked then 'leak'
        else 'feature'
    end as decision,
    coalesce(
        profile.reason,
        case
            when audit.leaked and audit.changed_near_conversion_share >= {{ var('leakage_proximity_share') }}
                then 'set or changed around conversion: on '
                || {{ format_number('100 * audit.changed_near_conversion_share') }}
                || '% of converted leads the field history shows a change from '
                || cast({{ var('custom_field_change_hours') }} as {{ dbt.type_string() }})
                || ' h before conversion onward'
            when audit.leaked then 'gives conversions away: it alone separates them (AUC '
                || {{ format_number('audit.separation_auc') }} || ') or is filled mostly on converted leads ('
                || {{ format_number('100 * audit.fill_rate_converted') }} || '% against '
                || {{ format_number('100 * audit.fill_rate_other') }} || '%)'
        end
    ) as reason,
    profile.distinct_values,
    profile.fill_rate,
    audit.separation_auc,
    audit.fill_rate_converted,
    audit.fill_rate_other,
    audit.changed_near_conversion_share,
    coalesce(audit.known_at_creation, false) as known_at_creation
from profile
left join audit
    on profile.field_key = audit.field_key
