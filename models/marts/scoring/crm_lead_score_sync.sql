{{ config(post_hook=["{{ export_scores(this, 'parquet') }}", "{{ export_scores(this, 'csv') }}"]) }}
-- What a reverse-ETL tool (Hightouch, Census, a HubSpot/Salesforce import)
-- should push now: only leads whose score, tier or reasons changed since the
-- last sync, in CRM field names. Empty when nothing changed.

select
    lead_id as external_id,
    email,
    score as lead_score,
    tier as lead_tier,
    reasons_text as lead_score_reasons,
    action as lead_routing_action,
    conversion_probability as lead_conversion_probability,
    model_version as lead_score_model_version,
    synced_at as updated_at
from {{ ref('crm_lead_score_sync_log') }}
where sync_batch_id = '{{ invocation_id }}'
