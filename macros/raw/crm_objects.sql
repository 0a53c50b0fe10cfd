{#- Reading a CRM system's standard objects as its sync tool lands them
    (Fivetran, Airbyte), for the adapter models of models/staging/<system>/.
    Generic over the system: the HubSpot adapters use the same macros. -#}


{#- One row per record of `object` (source(system, object)), its `fields`
    ({name: type}, the Fivetran column names) selected under those names,
    plus `_deleted_in_crm`, true where the sync tool marks the record deleted
    (is_deleted, _fivetran_deleted, no active history-mode version, Airbyte's
    _ab_cdc_deleted_at): such rows are kept so that the contract's checks
    quarantine and count them. Updates never duplicate a record: history mode
    keeps its active version, appended syncs the latest one.

    A field is found by its Fivetran name or, ignoring case and underscores,
    Airbyte's (CreatedDate = created_date); var <system>_<object>_fields
    ({field: column}) names any other column. Fields not found are typed
    nulls, except `required` ones, which stop the build naming the system, the
    object, the field and that var. An object switched off
    (<system>__<object>_enabled: false) or not landed reads as empty, unless
    `required_object`. Values keep their landed types (the contract's typed
    path casts them), except a timestamp landed as a number: epoch
    milliseconds, as HubSpot's API gives them and some loaders land them.
    `key` names the fields that identify a record (association tables have
    two). -#}
{% macro crm_object(system, object, fields, required=[], required_object=false, key=['id']) %}
  {%- set relation = source(system, object) -%}
  {%- if not execute -%}{{ return("select * from " ~ relation) }}{%- endif -%}
  {%- set enabled_var = system ~ '__' ~ object ~ '_enabled' -%}
  {%- set found = none -%}
  {%- if var(enabled_var, true) -%}
    {%- set found = adapter.get_relation(database=relation.database, schema=relation.schema,
                                         identifier=relation.identifier) -%}
  {%- endif -%}
  {%- if found is none -%}
    {%- if required_object and not compiling_only() -%}
      {{ exceptions.raise_compiler_error(
           "leadscore: " ~ system ~ " object '" ~ object ~ "' is required and "
           ~ ("switched off by var " ~ enabled_var if not var(enabled_var, true)
              else "not found: looked for table " ~ relation_name(relation))
           ~ " (var " ~ system ~ "_" ~ object ~ "_identifier names the table, vars " ~ system ~ "_schema and "
           ~ system ~ "_database where it is)") }}
    {%- endif -%}
    {%- set nulls = [] -%}
    {%- for name, type in fields.items() -%}
      {%- do nulls.append("cast(null as " ~ sql_type(type) ~ ") as " ~ name) -%}
    {%- endfor -%}
    {{ return("select " ~ nulls | join(", ") ~ ", cast(null as boolean) as _deleted_in_crm where 1 = 0") }}
  {%- endif -%}

  {%- set by_key = {} -%}
  {%- set numeric = [] -%}
  {%- for column in adapter.get_columns_in_relation(found) -%}
    {%- do by_key.update({column.name | lower | replace('_', ''): column.name}) -%}
    {%- if modules.re.match('((tiny|small|big|huge|u)?int(eger)?[0-9]*|long|double( precision)?|float[0-9]*|real'
                              ~ '|(decimal|numeric)[(0-9, )]*)$', column.dtype | lower) -%}
      {%- do numeric.append(column.name) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- set key_columns = [] -%}
  {%- set fields_var = system ~ '_' ~ object ~ '_fields' -%}
  {%- set overrides = var(fields_var, {}) -%}
  {%- set selects = [] -%}
  {%- for name, type in fields.items() -%}
    {%- set column = by_key.get((overrides.get(name) or name) | lower | replace('_', '')) -%}
    {%- if column is none and name in required -%}
      {{ exceptions.raise_compiler_error(
           "leadscore: " ~ system ~ " object '" ~ object ~ "' (table " ~ relation_name(found)
           ~ "): required field '" ~ name ~ "' not found" ~ (" (var " ~ fields_var ~ " names column '"
           ~ overrides[name] ~ "')" if name in overrides else "") ~ ". Columns: "
           ~ (by_key.values() | list | join(', ')) ~ ". Set var " ~ fields_var ~ ": {" ~ name
           ~ ": <column>} to the column that holds it.") }}
    {%- elif column is none -%}
      {%- do selects.append("cast(null as " ~ sql_type(type) ~ ") as " ~ name) -%}
    {%- elif type == 'boolean' -%}
      {%- do selects.append("cast(" ~ adapter.quote(column) ~ " as boolean) as " ~ name) -%}
    {%- elif type == 'timestamp' and column in numeric -%}
      {%- do selects.append(epoch_ms_to_timestamp(adapter.quote(column)) ~ " as " ~ name) -%}
    {%- else -%}
      {%- do selects.append(adapter.quote(column) ~ " as " ~ name) -%}
    {%- endif -%}
    {%- if name in key -%}{%- do key_columns.append(adapter.quote(column) if column else name) -%}{%- endif -%}
  {%- endfor -%}
  {#- a key the caller does not select (a record's own id) still identifies its versions -#}
  {%- for name in key if name not in fields and name | replace('_', '') in by_key -%}
    {%- do key_columns.append(adapter.quote(by_key[name | replace('_', '')])) -%}
  {%- endfor -%}

  {%- set deleted = [] -%}
  {%- for marker in ['is_deleted', '_fivetran_deleted'] if marker | replace('_', '') in by_key -%}
    {%- do deleted.append("coalesce(cast(" ~ adapter.quote(by_key[marker | replace('_', '')]) ~ " as boolean), false)") -%}
  {%- endfor -%}
  {%- set order = [] -%}
  {%- if 'fivetranactive' in by_key -%}
    {%- set active = "coalesce(cast(" ~ adapter.quote(by_key['fivetranactive']) ~ " as boolean), true)" -%}
    {%- do deleted.append("not " ~ active) -%}
    {%- do order.append(active ~ " desc") -%}
  {%- endif -%}
  {%- if 'abcdcdeletedat' in by_key -%}
    {%- do deleted.append(adapter.quote(by_key['abcdcdeletedat']) ~ " is not null") -%}
  {%- endif -%}
  {%- for synced in ['_fivetran_synced', '_airbyte_extracted_at', '_airbyte_emitted_at']
        if synced | replace('_', '') in by_key -%}
    {%- do order.append(adapter.quote(by_key[synced | replace('_', '')]) ~ " desc") -%}
  {%- endfor -%}
  {%- set id = key_columns | join(', ') %}
  select {{ selects | join(', ') }}, {{ deleted | join(' or ') if deleted else 'false' }} as _deleted_in_crm
  from (
      select *, row_number() over (partition by {{ id }} order by {{ (order or [id]) | join(', ') }}) as _version
      from {{ found }}
  ) as versions
  where _version = 1
{%- endmacro %}


{#- A timestamp from epoch milliseconds (a number). -#}
{% macro epoch_ms_to_timestamp(column) %}
  {{- adapter.dispatch('epoch_ms_to_timestamp', 'leadscore')(column) -}}
{% endmacro %}

{% macro default__epoch_ms_to_timestamp(column) -%}
  {{ dbt.dateadd('millisecond', 'cast(' ~ column ~ ' as bigint)', "cast('1970-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ ")") }}
{%- endmacro %}

{#- epoch_ms, not to_timestamp: that one gives a timestamp with time zone. -#}
{% macro duckdb__epoch_ms_to_timestamp(column) -%}
  epoch_ms(cast({{ column }} as bigint))
{%- endmacro %}

{% macro spark__epoch_ms_to_timestamp(column) -%}
  timestamp_millis(cast({{ column }} as bigint))
{%- endmacro %}


{#- A 15- or 18-character Salesforce id's case-sensitive 15-character form:
    the two match each other (the last three characters only encode case). -#}
{% macro sf_id15(column) -%}
  substr({{ column }}, 1, 15)
{%- endmacro %}


{#- The custom fields of a CRM object that staging passes on as custom fields
    (macro custom_fields profiles them): {column: 'as_landed'} for the
    columns of source(system, object) whose name matches var
    <system>_custom_field_pattern (Salesforce: '__c$', its custom fields;
    HubSpot: none, since its standard and custom properties look alike) or
    that var <system>_<object>_custom_fields lists. -#}
{% macro crm_custom_fields(system, object) %}
  {%- if not execute -%}{{ return({}) }}{%- endif -%}
  {%- set relation = source(system, object) -%}
  {%- set found = adapter.get_relation(database=relation.database, schema=relation.schema,
                                       identifier=relation.identifier) -%}
  {%- if found is none -%}{{ return({}) }}{%- endif -%}
  {%- set pattern = var(system ~ '_custom_field_pattern', '__c$' if system == 'salesforce' else none) -%}
  {%- set listed = var(system ~ '_' ~ object ~ '_custom_fields', []) | map('lower') | list -%}
  {%- set custom = {} -%}
  {%- for column in adapter.get_columns_in_relation(found) -%}
    {%- if (pattern and modules.re.search(pattern, column.name | lower)) or column.name | lower in listed -%}
      {%- do custom.update({column.name | lower: 'as_landed'}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(custom) }}
{% endmacro %}
