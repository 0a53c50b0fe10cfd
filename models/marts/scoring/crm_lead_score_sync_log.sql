{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='append_new_columns') }}
-- depends_on: {{ ref('int_leads') }}
-- Append-only log of what was handed to the CRM: a lead gets a row when its
-- score, tier, reasons, suggested rep, alert flags (or, in automated mode,
-- action) differ from the last
-- row it got here, and a tombstone row (status converted / not_a_lead /
-- removed, score fields empty) when it leaves lead_scores. The latest row
-- per lead is the state crm_lead_score_sync shows. In shadow mode nothing is
-- handed over: the log gets no rows.

with

current_scores as (
    select
        scores.lead_id,
        {{ crm_record_id('leads') }} as crm_record_id,
        leads.email,
        'active' as sync_status,
        scores.score,
        scores.tier,
        scores.reasons_text,
        {{ crm_reasons('scores') }} as crm_reasons_text,
        {%- if var('deployment_mode') == 'automated' %}
        scores.action,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as action,
        {%- endif %}
        scores.assigned_rep_id,
        scores.assignment_status,
        new_hot.lead_id is not null as is_new_hot,
        scores.is_spike,
        scores.conversion_probability,
        scores.model_version,
        scores.scored_at,
        cast(null as timestamp) as left_at
    from {{ ref('lead_scores') }} as scores
    inner join {{ ref('stg_crm__leads') }} as leads
        on scores.lead_id = leads.lead_id
    left join {{ ref('alerts') }} as new_hot
        on scores.lead_id = new_hot.lead_id and new_hot.alert_type = 'new_hot'
),

hashed as (
    select
        *,
        md5(concat_ws(
            '|', cast(score as {{ dbt.type_string() }}), tier, coalesce(reasons_text, ''), coalesce(action, ''),
            coalesce(assigned_rep_id, ''), cast(is_new_hot as {{ dbt.type_string() }}),
            cast(is_spike as {{ dbt.type_string() }})
        )) as change_hash
    from current_scores
)

{%- if is_incremental() %},

{#- a log written before these columns existed gets them on this run (on_schema_change) -#}
{%- set logged = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list %}

last_synced as (
    select *
    from (
        select
            lead_id,
            email,
            change_hash,
            {%- for column in ['crm_record_id', 'sync_status'] %}
            {{ column if column in logged else 'cast(null as ' ~ dbt.type_string() ~ ') as ' ~ column }},
            {%- endfor %}
            row_number() over (partition by lead_id order by synced_at desc, sync_batch_id desc) as sync_recency
        from {{ this }}
    ) as syncs
    where sync_recency = 1
),

-- leads the CRM was last told are active that lead_scores no longer holds
tombstones as (
    select
        last_synced.lead_id,
        last_synced.crm_record_id,
        last_synced.email,
        case
            when leads.converted_at is not null then 'converted'
            when leads.is_not_a_lead then 'not_a_lead'
            else 'removed'
        end as sync_status,
        cast(null as integer) as score,
        cast(null as {{ dbt.type_string() }}) as tier,
        cast(null as {{ dbt.type_string() }}) as reasons_text,
        cast(null as {{ dbt.type_string() }}) as crm_reasons_text,
        cast(null as {{ dbt.type_string() }}) as action,
        cast(null as {{ dbt.type_string() }}) as assigned_rep_id,
        cast(null as {{ dbt.type_string() }}) as assignment_status,
        false as is_new_hot,
        false as is_spike,
        cast(null as {{ type_double() }}) as conversion_probability,
        cast(null as {{ dbt.type_string() }}) as model_version,
        cast(null as timestamp) as scored_at,
        {{ as_of() }} as left_at
    from last_synced
    left join hashed
        on last_synced.lead_id = hashed.lead_id
    left join {{ ref('int_leads') }} as leads
        on last_synced.lead_id = leads.lead_id
    where hashed.lead_id is null
        and coalesce(last_synced.sync_status, 'active') = 'active'
),

changes as (
    select hashed.*
    from hashed
    left join last_synced
        on hashed.lead_id = last_synced.lead_id
    -- a row logged before the log had sync_status is handed over once more, with the new columns
    where last_synced.change_hash is distinct from hashed.change_hash
        or last_synced.sync_status is null
    union all
    select
        *,
        md5(sync_status) as change_hash
    from tombstones
)

{%- else %},

changes as (
    select * from hashed
)

{%- endif %}

select
    changes.*,
    '{{ invocation_id }}' as sync_batch_id,
    cast('{{ run_started_at }}' as timestamp) as synced_at
from changes
{%- if var('deployment_mode') == 'shadow' %}
where false
{%- endif %}
