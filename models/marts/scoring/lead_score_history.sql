{{ config(
    materialized='incremental',
    unique_key=['lead_id', 'scored_at', 'model_version'],
    on_schema_change='append_new_columns',
    **history_incremental_config(['scored_at', 'model_version'])
) }}
-- Append-only score history: one row per lead per scoring run (as_of x model
-- version). Rebuilding the same run replaces its own rows, so re-running is
-- idempotent; other runs are never touched.

select
    lead_id,
    scored_at,
    model_version,
    score,
    conversion_probability,
    tier,
    action,
    reasons_text,
    expected_value,
    uplift,
    assigned_rep_id,
    legacy_score,
    cast('{{ run_started_at }}' as timestamp) as built_at
from {{ ref('lead_scores') }}
-- this run's rows: a daily run leaves the rows of leads it did not rescore alone
where scored_at = {{ as_of() }}
