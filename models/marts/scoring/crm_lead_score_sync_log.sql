{{ config(materialized='incremental', incremental_strategy='append') }}
-- Append-only log of what was handed to the CRM: a lead gets a row when its
-- score, tier, reasons (or, in automated mode, action) differ from the last
-- row it got here. In shadow mode nothing is handed over.

with

current_scores as (
    select
        scores.lead_id,
        leads.email,
        scores.score,
        scores.tier,
        scores.reasons_text,
        {%- if var('deployment_mode') == 'automated' %}
        scores.action,
        {%- else %}
        cast(null as string) as action,
        {%- endif %}
        scores.conversion_probability,
        scores.model_version,
        scores.scored_at
    from {{ ref('lead_scores') }} as scores
    inner join {{ ref('stg_crm__leads') }} as leads
        on scores.lead_id = leads.lead_id
    {%- if var('deployment_mode') == 'shadow' %}
    where false
    {%- endif %}
),

hashed as (
    select
        *,
        md5(concat_ws('|', cast(score as string), tier, coalesce(reasons_text, ''), coalesce(action, '')))
            as change_hash
    from current_scores
)

{%- if is_incremental() %},

last_synced as (
    select lead_id, change_hash
    from (
        select
            lead_id,
            change_hash,
            row_number() over (partition by lead_id order by synced_at desc) as sync_recency
        from {{ this }}
    ) as syncs
    where sync_recency = 1
)
{%- endif %}

select
    hashed.*,
    '{{ invocation_id }}' as sync_batch_id,
    cast('{{ run_started_at }}' as timestamp) as synced_at
from hashed
{%- if is_incremental() %}
left join last_synced
    on hashed.lead_id = last_synced.lead_id
where last_synced.change_hash is distinct from hashed.change_hash
{%- endif %}
