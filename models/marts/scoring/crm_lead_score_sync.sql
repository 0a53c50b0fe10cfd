{{ config(
    materialized=current_state_materialization(),
    incremental_strategy='delete+insert',
    unique_key='lead_id',
    on_schema_change='append_new_columns',
    post_hook=["{{ expire_sync_tombstones(this) }}", "{{ export_scores(this, 'parquet') }}",
               "{{ export_scores(this, 'csv') }}"]
) }}
-- What the CRM should hold now, one row per lead, in CRM field names, for a
-- reverse-ETL tool that diffs on its own (Hightouch, Census): every lead
-- handed over, as last handed over (crm_lead_score_sync_log), so a row
-- changes only when the log gave the lead a new row. A lead that left
-- lead_scores (converted, not a lead, removed from the CRM) stays as a
-- tombstone with empty score fields, so the CRM field is cleared, until
-- var sync_tombstone_retention_days after it left. In shadow mode the log
-- gets no rows, so this keeps what was last handed over (nothing changes in
-- the CRM; empty when nothing ever was).
-- Incremental: a run reads only the log rows written since the state was
-- last brought up to date and replaces those leads' rows; the tombstones
-- past the retention are deleted (macro expire_sync_tombstones), so a daily
-- run does not grow with the log's history.

with

synced as (
    select
        *,
        row_number() over (partition by lead_id order by synced_at desc, sync_batch_id desc) as sync_recency
    from {{ ref('crm_lead_score_sync_log') }}
    {%- if is_incremental() %}
    -- a run's log rows carry its start time; >=: rows met again are replaced by themselves
    where synced_at >= coalesce((select max(updated_at_utc) from {{ this }}), cast('1900-01-01' as timestamp))
    {%- endif %}
),

latest as (
    select * from synced
    where sync_recency = 1
),

final as (
    select
        -- keys
        lead_id,
        crm_record_id,
        email,
        sync_status,
        -- score fields (empty on a tombstone)
        score as lead_score,
        tier as lead_tier,
        crm_reasons_text as lead_score_reasons,
        action as lead_routing_action,
        assigned_rep_id as lead_assigned_rep_id,
        assignment_status as lead_assignment_status,
        is_new_hot as lead_is_new_hot,
        is_spike as lead_is_spike,
        conversion_probability as lead_conversion_probability,
        {{ round_to('100 * conversion_probability', 1) }} as lead_conversion_percent,
        model_version as lead_score_model_version,
        -- when
        scored_at as scored_at_utc,
        left_at as left_at_utc,
        synced_at as updated_at_utc
    from latest
    where sync_status = 'active'
        or left_at >= {{ sync_tombstone_cutoff() }}
)

select * from final
