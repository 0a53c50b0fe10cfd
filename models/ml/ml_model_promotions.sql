{{ config(materialized='incremental', incremental_strategy='append', full_refresh=false) }}
-- The promotion log: one row per `leadscore promote VERSION` or `leadscore
-- rollback`, appended by the CLI (who, when, which version serves from
-- then on). dbt only creates it, empty, so builds can read it before the
-- first entry; it never rewrites it, not even with --full-refresh: an audit
-- log. Macro active_model_version reads it with the gate's verdicts.

select
    cast(null as {{ dbt.type_string() }}) as model_version,
    cast(null as {{ dbt.type_string() }}) as action,
    cast(null as {{ dbt.type_string() }}) as promoted_by,
    cast(null as {{ dbt.type_timestamp() }}) as promoted_at
where 1 = 0
