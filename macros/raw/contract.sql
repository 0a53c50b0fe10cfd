{#- The raw data contract, read from the `crm` source declarations so that
    _crm__sources.yml stays the single definition of tables and columns. -#}
{% macro contract_table(table_name) %}
  {%- for node in graph.sources.values()
        if node.source_name == 'crm' and node.name == table_name -%}
    {{ return(node) }}
  {%- endfor -%}
  {{ exceptions.raise_compiler_error("leadscore: '" ~ table_name ~ "' is not a table of the raw data contract") }}
{% endmacro %}


{#- Where the raw file of a table is, as {path, format}, or none when absent.
    Files are found by name whatever their format; var raw_format wins a tie. -#}
{% macro locate_raw_file(table_name) %}
  {%- set raw_path = var('raw_path') -%}
  {%- set preferred = var('raw_format', 'parquet') -%}
  {%- set found = {} -%}
  {%- set listing = run_query(
        "select file from glob('" ~ raw_path ~ "/" ~ table_name ~ ".*') order by file") -%}
  {%- for row in listing.rows -%}
    {%- set ext = row[0].split('.')[-1] | lower -%}
    {%- if ext in ('parquet', 'csv') and ext not in found -%}
      {%- do found.update({ext: row[0]}) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- for fmt in [preferred, 'parquet', 'csv'] if fmt in found -%}
    {{ return({'path': found[fmt], 'format': fmt}) }}
  {%- endfor -%}
  {{ return(none) }}
{% endmacro %}


{% macro raw_reader(file) %}
  {{- return(adapter.dispatch('raw_reader', 'leadscore')(file)) -}}
{% endmacro %}

{#- CSV is read as text so that a dirty value becomes a quarantined row, not a
    failed type sniff of the whole file. -#}
{% macro duckdb__raw_reader(file) %}
  {%- if file.format == 'csv' -%}
    {{- return("read_csv('" ~ file.path ~ "', header = true, all_varchar = true)") -}}
  {%- else -%}
    {{- return("read_parquet('" ~ file.path ~ "')") -}}
  {%- endif -%}
{% endmacro %}
