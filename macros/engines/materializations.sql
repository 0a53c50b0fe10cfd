{#- Materialization of a view whose SQL text is very long (a query generated
    per model term): a view on DuckDB, where its rows are read once and
    writing them cost more than computing them; a table elsewhere, because a
    Hive metastore (Spark's) cannot store that much view text. -#}
{% macro long_view_materialization() %}
  {{ return(adapter.dispatch('long_view_materialization', 'leadscore')()) }}
{% endmacro %}

{% macro default__long_view_materialization() %}{{ return('table') }}{% endmacro %}

{% macro duckdb__long_view_materialization() %}{{ return('view') }}{% endmacro %}


{#- Incremental config of an append-only history whose rebuild of one run
    replaces that run's rows (identified by `run_columns`) and no others. -#}
{% macro history_incremental_config(run_columns) %}
  {{ return(adapter.dispatch('history_incremental_config', 'leadscore')(run_columns)) }}
{% endmacro %}

{% macro default__history_incremental_config(run_columns) %}
  {{ return({'incremental_strategy': 'delete+insert'}) }}
{% endmacro %}

{#- Spark's parquet tables have no delete+insert: the run's own partitions
    are overwritten instead, the same effect. -#}
{% macro spark__history_incremental_config(run_columns) %}
  {{ return({'incremental_strategy': 'insert_overwrite', 'partition_by': run_columns}) }}
{% endmacro %}



{#- Written before the ( of a CTE whose columns later CTEs use many times.
    PostgreSQL inlines a CTE read once into its reader, expressions and all:
    a score read by 100 branches of a piecewise-linear map would compute the
    whole linear predictor 100 times per row. Materialized, once. -#}
{% macro materialized_cte() %}
  {{- return(adapter.dispatch('materialized_cte', 'leadscore')()) -}}
{% endmacro %}

{% macro default__materialized_cte() %}{{ return('') }}{% endmacro %}

{% macro postgres__materialized_cte() %}{{ return('materialized ') }}{% endmacro %}


{#- Materialization of a current-state table kept from an append-only log
    (crm_lead_score_sync): incremental, each run replacing the rows of the
    keys the log got since, where the engine deletes rows (delete+insert); a
    table rebuilt from the whole log on Spark, whose parquet tables do not. -#}
{% macro current_state_materialization() %}
  {{ return(adapter.dispatch('current_state_materialization', 'leadscore')()) }}
{% endmacro %}

{% macro default__current_state_materialization() %}{{ return('incremental') }}{% endmacro %}

{% macro spark__current_state_materialization() %}{{ return('table') }}{% endmacro %}
