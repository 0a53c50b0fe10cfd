{#- Typed select over one raw table, per the contract, from its file or its
    warehouse relation (locate_raw decides which; both take this one path).

    Every contract column comes out cast to its contract type (absent optional
    columns as typed nulls); extra columns pass through untouched; a value that
    does not parse becomes null and its column is named in `_cast_errors`, so
    staging can quarantine the row instead of failing the whole load.
    A missing required column, or one whose values do not parse at all, stops
    the build with the file or table, the column and what was expected. -#}
{% macro raw_table(table_name) %}
  {%- if not execute -%}
    {#- Parse time: keep lineage to the source without touching files. -#}
    {{ return("select * from " ~ crm_relation(table_name)) }}
  {%- endif -%}
  {{ return(raw_plan(table_name).sql) }}
{% endmacro %}


{#- The output column names of raw_table(table_name), in order, unquoted
    (extra columns of an export may need adapter.quote): lets models list
    "every column but one" without engine-specific `* exclude`. -#}
{% macro raw_columns(table_name) %}
  {%- if not execute -%}{{ return([]) }}{%- endif -%}
  {{ return(raw_plan(table_name).columns) }}
{% endmacro %}


{% macro raw_plan(table_name) %}
  {%- set contract = contract_table(table_name) -%}
  {%- set located = locate_raw(table_name) -%}
  {%- if located is none -%}
    {%- set empty = {'sql': empty_contract_select(contract),
                     'columns': (contract.columns.keys() | list) + ['_cast_errors', '_source_file']} -%}
    {%- if contract.meta.get('optional') -%}
      {{ log("leadscore: optional table '" ~ table_name ~ "' not found: looked for " ~ raw_expected_at(table_name)
             ~ "; features that need it are off", info=true) }}
      {{ return(empty) }}
    {%- endif -%}
    {%- if compiling_only() -%}
      {#- parse / compile / docs generate before any data is there: an empty typed table -#}
      {{ return(empty) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error(
         "leadscore: required raw table '" ~ table_name ~ "' not found: looked for " ~ raw_expected_at(table_name)) }}
  {%- endif -%}

  {%- set reader = raw_reader(located, table_name) -%}
  {%- set found = raw_input_columns(located, reader) -%}

  {%- set selects = [] -%}
  {%- set names = [] -%}
  {%- set errors = [] -%}
  {%- for name, column in contract.columns.items() -%}
    {%- set expected = column.data_type -%}
    {%- do names.append(name) -%}
    {%- if name not in found -%}
      {%- if column.meta.get('required') -%}
        {{ exceptions.raise_compiler_error(
             "leadscore: " ~ located.label ~ ": required column '" ~ name ~ "' is missing (expected "
             ~ expected ~ "). Columns found: " ~ (found.keys() | list | join(', '))
             ~ raw_override_hint(table_name)) }}
      {%- endif -%}
      {%- do selects.append("cast(null as " ~ sql_type(expected) ~ ") as " ~ name) -%}
    {%- else -%}
      {%- set parsed = cast_raw_value(adapter.quote(name), found[name], expected) -%}
      {%- if column.meta.get('required') and expected != 'string' -%}
        {%- do assert_column_parses(located, reader, name, parsed, expected) -%}
      {%- endif -%}
      {%- do selects.append(parsed ~ " as " ~ name) -%}
      {%- if expected != 'string' -%}
        {%- do errors.append("case when " ~ adapter.quote(name) ~ " is not null and " ~ parsed
                             ~ " is null then '" ~ name ~ "' end") -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
  {#- _deleted_in_crm: an adapter's mark of a row its sync tool deleted (checked_raw quarantines it) -#}
  {%- for name in found if name not in contract.columns and (not name.startswith('_') or name == '_deleted_in_crm') -%}
    {%- do selects.append(adapter.quote(name)) -%}
    {%- do names.append(name) -%}
  {%- endfor -%}

  {%- set error_list = "concat_ws(', ', " ~ errors | join(', ') ~ ")" if errors else "''" -%}
  {%- set sql = "select " ~ selects | join(",\n       ")
            ~ ",\n       nullif(" ~ error_list ~ ", '') as _cast_errors"
            ~ ",\n       " ~ sql_text(located.name) ~ " as _source_file"
            ~ "\nfrom " ~ reader -%}
  {{ return({'sql': sql, 'columns': names + ['_cast_errors', '_source_file']}) }}
{% endmacro %}


{% macro empty_contract_select(contract) %}
  {%- set selects = [] -%}
  {%- for name, column in contract.columns.items() -%}
    {%- do selects.append("cast(null as " ~ sql_type(column.data_type) ~ ") as " ~ name) -%}
  {%- endfor -%}
  {{ return("select " ~ selects | join(", ")
            ~ ", cast(null as " ~ dbt.type_string() ~ ") as _cast_errors, cast(null as " ~ dbt.type_string()
            ~ ") as _source_file where 1 = 0") }}
{% endmacro %}


{#- Stop when a required column is of the wrong kind altogether (fewer than
    half of a sample of its values parse); scattered bad values are dirt and
    go to quarantine instead. -#}
{% macro assert_column_parses(located, reader, name, parsed, expected) %}
  {%- set col = adapter.quote(name) -%}
  {%- set check -%}
    with sample as (select {{ col }} from {{ reader }} where {{ col }} is not null limit 10000)
    select count(*), count({{ parsed }}),
        min(cast({{ col }} as {{ dbt.type_string() }})) filter (where {{ parsed }} is null)
    from sample
  {%- endset -%}
  {%- set row = run_query(check).rows[0] -%}
  {%- if row[0] > 0 and row[1] * 2 < row[0] -%}
    {{ exceptions.raise_compiler_error(
         "leadscore: " ~ located.label ~ ": column '" ~ name ~ "' should hold " ~ expected
         ~ " values but only " ~ row[1] ~ " of " ~ row[0] ~ " sampled values parse (for example '"
         ~ row[2] ~ "'). Timestamps are ISO 8601 in UTC, e.g. 2026-05-02T13:45:00Z.") }}
  {%- endif -%}
{% endmacro %}


{#- A raw column (of the type raw_file_columns reports) cast to its contract
    type, null where a value does not parse. -#}
{% macro cast_raw_value(column, found_type, expected) %}
  {{- return(adapter.dispatch('cast_raw_value', 'leadscore')(column, found_type, expected)) -}}
{% endmacro %}

{#- No portable default: a plain cast fails the whole load on one dirty value,
    where the contract wants that row quarantined. -#}
{% macro default__cast_raw_value(column, found_type, expected) %}
  {{- raise_not_ported('cast_raw_value', 'column, found_type, expected',
                       'casts column (of type found_type) to expected, null where a value does not parse') -}}
{% endmacro %}

{% macro duckdb__cast_raw_value(column, found_type, expected) %}
  {%- set numeric = found_type in ('DOUBLE', 'FLOAT', 'REAL') or found_type.startswith('DECIMAL') -%}
  {%- set integer = found_type in ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT',
                                   'USMALLINT', 'UINTEGER', 'UBIGINT') -%}
  {%- if expected == 'string' and numeric -%}
    {#- ids exported as floats (pandas turns int columns with gaps into 1.0, 2.0)
        must still join their integer twins in other files -#}
    {{- return("case when " ~ column ~ " = round(" ~ column ~ ") then cast(cast(" ~ column
               ~ " as bigint) as string) else cast(" ~ column ~ " as string) end") -}}
  {%- elif expected == 'string' -%}
    {{- return("nullif(trim(cast(" ~ column ~ " as string)), '')") -}}
  {%- elif expected == 'timestamp' and (integer or numeric) -%}
    {#- epoch numbers: milliseconds when too large to be seconds (after year 5138) -#}
    {{- return("cast(to_timestamp(case when abs(" ~ column ~ ") > 1e11 then " ~ column ~ " / 1000.0 else "
               ~ column ~ " end) as timestamp)") -}}
  {%- elif expected == 'timestamp' and (found_type.startswith('TIMESTAMP') or found_type == 'DATE') -%}
    {{- return("cast(" ~ column ~ " as timestamp)") -}}
  {%- elif expected == 'timestamp' -%}
    {#- Text: ISO 8601 with or without offset first, then common CRM export formats. -#}
    {{- return("coalesce(cast(try_cast(trim(cast(" ~ column ~ " as string)) as timestamptz) as timestamp), "
               ~ "try_strptime(trim(cast(" ~ column ~ " as string)), "
               ~ "['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y', '%d.%m.%Y %H:%M', '%d.%m.%Y']))") -}}
  {%- elif expected == 'double' and found_type in ('VARCHAR', 'BLOB') -%}
    {{- return("try_cast(nullif(trim(cast(" ~ column ~ " as string)), '') as double)") -}}
  {%- else -%}
    {{- return("try_cast(" ~ column ~ " as " ~ expected ~ ")") -}}
  {%- endif -%}
{% endmacro %}

{#- Spark: the same rules; text timestamps go through Spark's own ISO 8601
    parser (offsets included) before the common CRM export formats. -#}
{% macro spark__cast_raw_value(column, found_type, expected) %}
  {%- set numeric = found_type in ('DOUBLE', 'FLOAT') or found_type.startswith('DECIMAL') -%}
  {%- set integer = found_type in ('TINYINT', 'SMALLINT', 'INT', 'BIGINT') -%}
  {%- set text = "trim(cast(" ~ column ~ " as string))" -%}
  {%- if expected == 'string' and numeric -%}
    {{- return("case when " ~ column ~ " = round(" ~ column ~ ") then cast(cast(" ~ column
               ~ " as bigint) as string) else cast(" ~ column ~ " as string) end") -}}
  {%- elif expected == 'string' -%}
    {{- return("nullif(" ~ text ~ ", '')") -}}
  {%- elif expected == 'timestamp' and (integer or numeric) -%}
    {{- return("timestamp_micros(cast(round(case when abs(" ~ column ~ ") > 1e11 then " ~ column ~ " * 1000.0 else "
               ~ column ~ " * 1000000.0 end) as bigint))") -}}
  {%- elif expected == 'timestamp' and (found_type.startswith('TIMESTAMP') or found_type == 'DATE') -%}
    {{- return("cast(" ~ column ~ " as timestamp)") -}}
  {%- elif expected == 'timestamp' -%}
    {{- return("coalesce(cast(" ~ text ~ " as timestamp), "
               ~ "to_timestamp(" ~ text ~ ", 'MM/dd/yyyy HH:mm:ss'), to_timestamp(" ~ text ~ ", 'MM/dd/yyyy HH:mm'), "
               ~ "to_timestamp(" ~ text ~ ", 'MM/dd/yyyy'), to_timestamp(" ~ text ~ ", 'dd.MM.yyyy HH:mm'), "
               ~ "to_timestamp(" ~ text ~ ", 'dd.MM.yyyy'))") -}}
  {%- elif expected == 'double' and found_type in ('STRING', 'BINARY') -%}
    {{- return("try_cast(nullif(" ~ text ~ ", '') as double)") -}}
  {%- else -%}
    {{- return("try_cast(" ~ column ~ " as " ~ expected ~ ")") -}}
  {%- endif -%}
{% endmacro %}


{#- PostgreSQL has no try_cast: text is cast only once it has the shape of a
    value (a bad value must become null, not fail the load). Timestamps: ISO
    8601, with or without offset, then the CRM export formats the other engines
    read, rewritten as ISO first. -#}
{% macro postgres__cast_raw_value(column, found_type, expected) %}
  {%- set numeric = found_type in ('DOUBLE PRECISION', 'REAL') or found_type.startswith('NUMERIC') -%}
  {%- set integer = found_type in ('SMALLINT', 'INTEGER', 'BIGINT') -%}
  {%- set text = "trim(cast(" ~ column ~ " as text))" -%}
  {%- if expected == 'string' and numeric -%}
    {{- return("case when " ~ column ~ " = round(" ~ column ~ ") then cast(cast(" ~ column
               ~ " as bigint) as text) else cast(" ~ column ~ " as text) end") -}}
  {%- elif expected == 'string' -%}
    {{- return("nullif(" ~ text ~ ", '')") -}}
  {%- elif expected == 'timestamp' and (integer or numeric) -%}
    {{- return("(to_timestamp(case when abs(" ~ column ~ ") > 1e11 then " ~ column ~ " / 1000.0 else "
               ~ column ~ " end) at time zone 'UTC')") -}}
  {#- 'TIMESTAMP WITHOUT TIME ZONE' also starts with 'TIMESTAMP WITH': at time
      zone would make it a timestamptz (read as UTC) rather than drop the zone. -#}
  {%- elif expected == 'timestamp' and found_type.startswith('TIMESTAMP WITH TIME ZONE') -%}
    {{- return("(" ~ column ~ " at time zone 'UTC')") -}}
  {%- elif expected == 'timestamp' and (found_type.startswith('TIMESTAMP') or found_type == 'DATE') -%}
    {{- return("cast(" ~ column ~ " as timestamp)") -}}
  {%- elif expected == 'timestamp' -%}
    {{- return(postgres_text_timestamp(text)) -}}
  {%- elif expected == 'double' and not (integer or numeric) -%}
    {{- return("case when " ~ text ~ " ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]{1,3})?$' then cast("
               ~ text ~ " as double precision) end") -}}
  {%- else -%}
    {{- return("cast(" ~ column ~ " as " ~ sql_type(expected) ~ ")") -}}
  {%- endif -%}
{% endmacro %}

{#- A text timestamp as UTC, null unless it is a real instant in one of the
    accepted shapes (month 13 or 30 February would otherwise fail the cast). -#}
{% macro postgres_text_timestamp(text) %}
  {%- set time = "( ([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)?$" -%}
  {%- set iso = "case when " ~ text ~ " ~ '^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}([ T]([01][0-9]|2[0-3]):[0-5][0-9]"
        ~ "(:[0-5][0-9]([.][0-9]{1,6})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$' then " ~ text
        ~ " when " ~ text ~ " ~ '^[0-9]{1,2}/[0-9]{1,2}/[1-9][0-9]{3}" ~ time ~ "' then regexp_replace(" ~ text
        ~ ", '^([0-9]+)/([0-9]+)/([0-9]+)', '\\3-\\1-\\2')"
        ~ " when " ~ text ~ " ~ '^[0-9]{1,2}[.][0-9]{1,2}[.][1-9][0-9]{3}" ~ time ~ "' then regexp_replace(" ~ text
        ~ ", '^([0-9]+)[.]([0-9]+)[.]([0-9]+)', '\\3-\\2-\\1') end" -%}
  {%- set year = "cast(substring(" ~ iso ~ " from '^([0-9]+)') as integer)" -%}
  {%- set month = "cast(substring(" ~ iso ~ " from '^[0-9]+-([0-9]+)') as integer)" -%}
  {%- set day = "cast(substring(" ~ iso ~ " from '^[0-9]+-[0-9]+-([0-9]+)') as integer)" -%}
  {{- return("case when " ~ month ~ " between 1 and 12 and " ~ day ~ " between 1 and 31 then case when "
             ~ "extract(month from make_date(" ~ year ~ ", " ~ month ~ ", 1) + (" ~ day ~ " - 1)) = " ~ month
             ~ " then case when " ~ iso ~ " ~ ':[0-9]{2}([.][0-9]+)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$' then cast(" ~ iso
             ~ " as timestamptz) at time zone 'UTC' else cast(" ~ iso ~ " as timestamp) end end end") -}}
{% endmacro %}
