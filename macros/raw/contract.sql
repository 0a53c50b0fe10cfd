{#- The raw data contract, read from the `crm` source declarations so that
    _crm__sources.yml stays the single definition of tables and columns. -#}
{% macro contract_table(table_name) %}
  {%- for node in graph.sources.values()
        if node.package_name == 'leadscore' and node.source_name == 'crm' and node.name == table_name -%}
    {{ return(node) }}
  {%- endfor -%}
  {{ exceptions.raise_compiler_error("leadscore: '" ~ table_name ~ "' is not a table of the raw data contract") }}
{% endmacro %}


{#- Where the CRM rows come from, decided here and nowhere else: 'files' when
    var raw_path names a directory of exports (one file per table), else
    'relations' (the tables of the `crm` source, already in the warehouse). -#}
{% macro raw_input_mode() %}
  {{ return('files' if var('raw_path', none) else 'relations') }}
{% endmacro %}


{#- Which CRM layout the warehouse tables follow (var source_system):
    'contract' (the `crm` source, the contract's own names) or a system whose
    standard objects an adapter maps onto the contract
    (models/staging/<system>/). -#}
{% macro source_system() %}
  {%- set system = var('source_system', 'contract') -%}
  {%- if system not in ('contract', 'salesforce', 'hubspot') -%}
    {{ exceptions.raise_compiler_error("leadscore: var source_system is '" ~ system
         ~ "'; known: contract, salesforce, hubspot") }}
  {%- endif -%}
  {{ return(system) }}
{% endmacro %}


{#- The adapter model that emits a contract table from the system's objects
    (<prefix>_contract__<table>), none for a table the system has no object
    for (it then reads as an absent optional table). -#}
{% macro crm_adapter_model(table_name) %}
  {%- set prefixes = {'salesforce': 'sf', 'hubspot': 'hs'} -%}
  {%- set tables = ['leads', 'accounts', 'activities', 'opportunities', 'sales_touches', 'lead_field_history',
                        'reps'] -%}
  {{ return(prefixes[source_system()] ~ '_contract__' ~ table_name if table_name in tables else none) }}
{% endmacro %}


{#- The warehouse relation a contract table is read from without raw_path:
    the `crm` source table, placed by vars crm_database, crm_schema and
    crm_<table>_identifier; with another source_system, the view of its
    adapter model. Decided here only. -#}
{% macro crm_relation(table_name) %}
  {%- if source_system() == 'contract' -%}{{ return(source('crm', table_name)) }}{%- endif -%}
  {%- if crm_adapter_model(table_name) is none -%}{{ return(none) }}{%- endif -%}
  {%- if not execute -%}{{ return(ref(crm_adapter_model(table_name))) }}{%- endif -%}
  {#- At execution the adapter's relation from the graph, not ref(): models
      that only look whether a table is there (data_quality_scorecard) do not
      depend on it, and dbt stops a ref() that was not seen at parse time. -#}
  {%- set node = graph.nodes['model.leadscore.' ~ crm_adapter_model(table_name)] -%}
  {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) }}
{% endmacro %}


{#- A relation as database.schema.identifier, unquoted (messages, _source_file). -#}
{% macro relation_name(relation) %}
  {{ return([relation.database, relation.schema, relation.identifier] | select | join('.')) }}
{% endmacro %}


{#- What a build was read from, for the model store's provenance: the raw
    directory, or database.schema of the CRM tables. A model is reused only
    on the input it was trained on. -#}
{% macro raw_provenance() %}
  {%- if raw_input_mode() == 'files' -%}{{ return(var('raw_path')) }}{%- endif -%}
  {%- set system = source_system() -%}
  {%- set relation = crm_relation('leads') if system == 'contract' else source(system, {'salesforce': 'lead', 'hubspot': 'contact'}[system]) -%}
  {{ return([relation.database, relation.schema] | select | join('.')) }}
{% endmacro %}


{#- Where the rows of a contract table are, or none when absent:
    {kind: 'file', path, format, name, label} or
    {kind: 'relation', relation, name, label}; `name` is what _source_file
    holds, `label` what messages call it. -#}
{% macro locate_raw(table_name) %}
  {%- if raw_input_mode() == 'files' -%}
    {%- set file = locate_raw_file(table_name) -%}
    {%- if file is none -%}{{ return(none) }}{%- endif -%}
    {%- do file.update({'kind': 'file', 'name': file.path, 'label': 'raw file ' ~ file.path}) -%}
    {{ return(file) }}
  {%- endif -%}
  {%- set relation = crm_relation(table_name) -%}
  {%- if relation is none -%}{{ return(none) }}{%- endif -%}
  {%- set found = adapter.get_relation(database=relation.database, schema=relation.schema,
                                       identifier=relation.identifier) -%}
  {%- if found is none -%}{{ return(none) }}{%- endif -%}
  {{ return({'kind': 'relation', 'relation': found, 'name': relation_name(relation),
             'label': 'table ' ~ relation_name(relation)}) }}
{% endmacro %}


{#- Where a contract table was looked for, and how to point elsewhere. -#}
{% macro raw_expected_at(table_name) %}
  {%- if raw_input_mode() == 'files' -%}
    {{ return(var('raw_path') ~ "/" ~ table_name ~ ".parquet or .csv") }}
  {%- endif -%}
  {%- if crm_relation(table_name) is none -%}
    {{ return("no " ~ source_system() ~ " object (var source_system)") }}
  {%- endif -%}
  {{ return("table " ~ relation_name(crm_relation(table_name)) ~ " (var crm_" ~ table_name
            ~ "_identifier names the table, vars crm_schema and crm_database where it is)") }}
{% endmacro %}


{#- Where the raw file of a table is, as {path, format}, or none when absent.
    Files are found by name whatever their format; var raw_format wins a tie. -#}
{% macro locate_raw_file(table_name) %}
  {%- set raw_path = var('raw_path') -%}
  {%- set preferred = var('raw_format', 'parquet') -%}
  {%- set found = {} -%}
  {%- for path in raw_file_listing(raw_path, table_name) -%}
    {%- set ext = path.split('.')[-1] | lower -%}
    {%- if ext in ('parquet', 'csv') and ext not in found -%}
      {%- do found.update({ext: path}) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- for fmt in [preferred, 'parquet', 'csv'] if fmt in found -%}
    {{ return({'path': found[fmt], 'format': fmt}) }}
  {%- endfor -%}
  {{ return(none) }}
{% endmacro %}


{#- Files named <table_name>.* in the raw directory, sorted. -#}
{% macro raw_file_listing(raw_path, table_name) %}
  {{- return(adapter.dispatch('raw_file_listing', 'leadscore')(raw_path, table_name)) -}}
{% endmacro %}

{% macro default__raw_file_listing(raw_path, table_name) %}
  {{- raise_not_ported('raw_file_listing', 'raw_path, table_name',
                       'returns the sorted paths of the files named <table_name>.* in raw_path') -}}
{% endmacro %}

{% macro duckdb__raw_file_listing(raw_path, table_name) %}
  {%- set listing = run_query("select file from glob('" ~ raw_path ~ "/" ~ table_name ~ ".*') order by file") -%}
  {{ return(listing.columns[0].values() | list) }}
{% endmacro %}

{#- Spark has no glob function: the binaryFile source lists the directory
    (its content column is never read, so this costs a listing, not a scan). -#}
{% macro spark__raw_file_listing(raw_path, table_name) %}
  {%- set listing = run_query(
        "select regexp_replace(path, '^file:', '') from binaryFile.`" ~ raw_path ~ "` where path rlike '/" ~ table_name
        ~ "[.][^/.]+$' order by path") -%}
  {{ return(listing.columns[0].values() | list) }}
{% endmacro %}


{#- A FROM-clause expression reading one located raw table (locate_raw): the
    relation itself (every engine reads its own tables), or the engine's
    reader of the file. -#}
{% macro raw_reader(located, table_name) %}
  {%- if located.kind == 'relation' -%}{{ return(located.relation | string) }}{%- endif -%}
  {{- return(adapter.dispatch('raw_reader', 'leadscore')(located, table_name)) -}}
{% endmacro %}

{% macro default__raw_reader(file, table_name) %}
  {{- raise_not_ported('raw_reader', 'file, table_name',
                       'returns a FROM-clause expression reading file.path (file.format: parquet or csv, csv as text)') -}}
{% endmacro %}

{#- CSV is read as text so that a dirty value becomes a quarantined row, not a
    failed type sniff of the whole file. -#}
{% macro duckdb__raw_reader(file, table_name) %}
  {%- if file.format == 'csv' -%}
    {{- return("read_csv('" ~ file.path ~ "', header = true, all_varchar = true)") -}}
  {%- else -%}
    {{- return("read_parquet('" ~ file.path ~ "')") -}}
  {%- endif -%}
{% endmacro %}

{#- A session view over the file (CSV as text, like DuckDB's reader). Base
    models are tables, so no permanent view ever refers to it. -#}
{% macro spark__raw_reader(file, table_name) %}
  {%- set view = 'leadscore_raw_' ~ table_name -%}
  {%- set options = "path '" ~ file.path ~ "'" ~ (", header 'true', inferSchema 'false'" if file.format == 'csv' else "") -%}
  {%- do run_query("create or replace temporary view " ~ view ~ " using " ~ file.format ~ " options (" ~ options ~ ")") -%}
  {{- return(view) -}}
{% endmacro %}


{#- {column name: upper-case type name} of a located raw table: the
    relation's columns as the adapter lists them (native types kept, so a
    landed timestamp or number is not re-parsed), or what the file reader
    yields. -#}
{% macro raw_input_columns(located, reader) %}
  {%- if located.kind == 'relation' -%}
    {%- set found = {} -%}
    {%- for column in adapter.get_columns_in_relation(located.relation) -%}
      {%- do found.update({column.name: column.dtype | upper}) -%}
    {%- endfor -%}
    {{ return(found) }}
  {%- endif -%}
  {{ return(raw_file_columns(reader)) }}
{% endmacro %}


{#- What to set when a warehouse table is not the one meant (empty for files). -#}
{% macro raw_override_hint(table_name) %}
  {%- if raw_input_mode() == 'files' -%}{{ return('') }}{%- endif -%}
  {{ return(". If this is not the " ~ table_name ~ " table, set var crm_" ~ table_name ~ "_identifier to the one it is") }}
{% endmacro %}


{#- {column name: upper-case type name} of what a reader yields. -#}
{% macro raw_file_columns(reader) %}
  {{- return(adapter.dispatch('raw_file_columns', 'leadscore')(reader)) -}}
{% endmacro %}

{#- Any engine: the types dbt reads from an empty query, in the engine's own
    names (which its cast_raw_value then reads). -#}
{% macro default__raw_file_columns(reader) %}
  {%- set found = {} -%}
  {%- for column in get_column_schema_from_query("select * from " ~ reader) -%}
    {%- do found.update({column.name: column.dtype | upper}) -%}
  {%- endfor -%}
  {{ return(found) }}
{% endmacro %}

{#- DuckDB and Spark: the type names their casts are written against. -#}
{% macro duckdb__raw_file_columns(reader) %}
  {{- return(described_columns("describe select * from " ~ reader)) -}}
{% endmacro %}

{% macro spark__raw_file_columns(reader) %}
  {{- return(described_columns("describe query select * from " ~ reader)) -}}
{% endmacro %}

{% macro described_columns(describe_sql) %}
  {%- set found = {} -%}
  {%- for row in run_query(describe_sql).rows -%}
    {%- do found.update({row[0]: row[1] | upper}) -%}
  {%- endfor -%}
  {{ return(found) }}
{% endmacro %}
