-- One row per raw table x check: how many rows failed it and what happened
-- to them (quarantined, merged, value set to null, or kept and flagged).
-- Every quarantined row is counted here under its reason, from the
-- quarantine tables themselves (reading the activities' base view again
-- would scan 79M rows at 1M leads).

{%- set tables = ['leads', 'accounts', 'activities', 'opportunities', 'sales_touches', 'outreach_experiment',
                  'lead_feedback', 'lead_field_history', 'reps'] %}

with

{% for table in tables %}
{#- activities: the typed table has the same rows as the base view, without its anti-joins -#}
{%- set counted = 'base_crm__activities_checked' if table == 'activities' else 'base_crm__' ~ table %}
{{ table }}_reasons as (
    select
        '{{ table }}' as table_name,
        case
            when _reject_reason like 'merged into %' then 'merged duplicate (same email)'
            else _reject_reason
        end as check_name,
        (select count(*) from {{ ref(counted) }}) as rows_checked,
        count(*) as failing_rows,
        'quarantined' as outcome
    from {{ ref('quarantine_crm__' ~ table) }}
    group by 1, 2
),
{% endfor %}

presence as (
    {%- for table in tables %}
    select
        '{{ table }}' as table_name,
        'table present' as check_name,
        1 as rows_checked,
        {%- if execute and locate_raw(table) is none %}
        1 as failing_rows,
        'absent: features and models that need it are off' as outcome
        {%- else %}
        0 as failing_rows,
        'ok' as outcome
        {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

out_of_range as (
    select 'accounts' as table_name, 'employee_count <= 0' as check_name, count(*) as rows_checked,
        count(*) filter (where employee_count <= 0) as failing_rows, 'value set to null' as outcome
    from {{ ref('base_crm__accounts') }} where _reject_reason is null
    union all
    select 'accounts', 'annual_revenue <= 0', count(*),
        count(*) filter (where annual_revenue <= 0), 'value set to null'
    from {{ ref('base_crm__accounts') }} where _reject_reason is null
    union all
    select 'opportunities', 'amount < 0', count(*), count(*) filter (where amount < 0), 'value set to null'
    from {{ ref('base_crm__opportunities') }} where _reject_reason is null
    union all
    select 'activities', 'duration_seconds < 0', count(*),
        count(*) filter (where duration_seconds < 0), 'value set to null'
    from {{ ref('base_crm__activities') }} where _reject_reason is null
),

flagged as (
    select 'leads' as table_name, 'country not recognised' as check_name, count(*) as rows_checked,
        count(*) filter (where country_raw is not null and country_code is null) as failing_rows,
        'kept, region unknown' as outcome
    from {{ ref('stg_crm__leads') }}
    union all
    select 'leads', 'account_id not in accounts', count(*),
        count(*) filter (where leads.account_id is not null and accounts.account_id is null),
        'kept, firmographics unknown'
    from {{ ref('stg_crm__leads') }} as leads
    left join {{ ref('stg_crm__accounts') }} as accounts
        on leads.account_id = accounts.account_id
    union all
    select 'activities', 'activity type not in catalogue', sum(events),
        sum(events) filter (where catalogue_category is null),
        'kept: own features if frequent, else category other'
    from {{ ref('int_activity_types') }}
    union all
    select 'activities', 'conversion footprint found by the proximity audit', sum(events),
        coalesce(sum(events) filter (where audit_conversion_footprint and not catalogue_post_conversion), 0),
        'kept, never a feature'
    from {{ ref('int_activity_types') }}
),

final as (
    {%- for table in tables %}
    select * from {{ table }}_reasons
    union all
    {%- endfor %}
    select * from presence
    union all
    select * from out_of_range
    union all
    select * from flagged
)

select
    table_name,
    check_name,
    rows_checked,
    failing_rows,
    {{ divide('failing_rows', 'nullif(rows_checked, 0)') }} as failing_share,
    outcome
from final
