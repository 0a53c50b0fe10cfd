{#- Run modes, decided here only. var rescore is the user's switch:
    all = 'full' (every open lead scored, training, evaluation), changed =
    'daily' (only leads with something new since the last scoring run get new
    features and scores; every other open lead keeps its row in lead_scores).
    Which models a daily run builds is the `daily` selector (selectors.yml). -#}
{% macro run_mode() %}
  {%- set modes = {'all': 'full', 'changed': 'daily'} -%}
  {%- set rescore = var('rescore', 'all') -%}
  {%- if rescore not in modes -%}
    {{ exceptions.raise_compiler_error(
         "leadscore: var rescore is '" ~ rescore ~ "'; allowed: all (full build), changed (daily rescoring)") }}
  {%- endif -%}
  {{ return(modes[rescore]) }}
{% endmacro %}


{#- Whether this run scores with the stored model: it builds lead_scores but
    not the training set (selector `score`), so no node of it reads training
    snapshots and the feature spine leaves them out. A run that builds the
    spine alone, or anything with the training set, keeps them. -#}
{% macro scores_with_stored_model() %}
  {{ return(execute
            and 'model.leadscore.lead_scores' in selected_resources
            and 'model.leadscore.int_training_set' not in selected_resources) }}
{% endmacro %}


{#- Materialization of a model the daily run updates in place for the
    rescored leads (incremental, keyed on lead_id); a full build rewrites it. -#}
{% macro daily_incremental() %}
  {{ return('incremental' if run_mode() == 'daily' else 'table') }}
{% endmacro %}


{#- A lead-level feature group's filter: in the daily run (where the model is
    incremental, delete+insert on lead_id) only the leads it rescores, else
    every lead. The ref is made unconditionally so that dbt sees it at parse. -#}
{% macro only_rescored_leads() %}
  {%- set changed = ref('int_changed_leads') -%}
  {{ return('lead_id in (select lead_id from ' ~ changed ~ ')' if is_incremental() else 'true') }}
{% endmacro %}


{#- The instant after which an event is new to a daily run: var
    rescore_since, else the latest scored_at in the existing lead_scores
    (read at execution time, so that no model depends on the mart it feeds). -#}
{% macro rescore_since() %}
  {%- if var('rescore_since', none) -%}
    {{ return("cast('" ~ var('rescore_since') ~ "' as timestamp)") }}
  {%- endif -%}
  {%- if not execute -%}{{ return('cast(null as timestamp)') }}{%- endif -%}
  {#- where lead_scores is built (a host project may give leadscore's models another schema) -#}
  {%- set node = graph.nodes['model.leadscore.lead_scores'] -%}
  {%- set scores = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
  {%- if scores is none -%}
    {{ exceptions.raise_compiler_error("leadscore: rescore: changed needs a previous full build (no lead_scores yet) or var rescore_since") }}
  {%- endif -%}
  {%- set latest = run_query("select cast(max(scored_at) as " ~ dbt.type_string() ~ ") from " ~ scores).columns[0].values()[0] -%}
  {{ return("cast('" ~ latest ~ "' as timestamp)") }}
{% endmacro %}


{#- Post-hook of lead_scores in the daily run: leads that converted or were
    marked not a lead since their last score leave the mart. -#}
{% macro drop_closed_leads(relation) %}
  {%- if run_mode() == 'daily' -%}
    delete from {{ relation }}
    where lead_id not in (
        select lead_id from {{ ref('int_leads') }}
        where converted_at is null and not is_not_a_lead
    )
  {%- else -%}
    select 1
  {%- endif -%}
{% endmacro %}
