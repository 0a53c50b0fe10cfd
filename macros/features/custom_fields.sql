{#- The custom fields of a staged CRM table (its columns beyond the contract:
    Salesforce `__c` fields, HubSpot properties, an export's extra columns)
    and what features make of each, profiled on the data at execution time:
      [{table, field: column name, key: feature key ('Lead Origin' ->
        lead_origin; an account field's starts with account_), quoted: the
        column as SQL, kind: category | number | flag | date, used: true |
        false, reason: why not used, distinct_values, fill_rate, levels:
        [level keys] for a category and level_columns: {level: the feature
        name's suffix}, known_at_creation: true | false}]
    seeds/custom_field_overrides.csv wins over the profile: treatment
    exclude, or category / number / flag / date to re-type a column; known_at
    creation marks a field that never changes after the lead is created,
    which the leak audit then trusts. -#}
{% macro custom_fields(table_name) %}
  {%- set relation = ref('stg_crm__' ~ table_name) -%}
  {%- set overrides_seed = ref('custom_field_overrides') -%}
  {%- if not relations_ready([relation, overrides_seed]) -%}{{ return([]) }}{%- endif -%}
  {%- set columns = custom_field_columns(relation, table_name) -%}
  {%- if not columns -%}{{ return([]) }}{%- endif -%}
  {%- set overrides = {} -%}
  {%- set known_at_creation = [] -%}
  {%- for row in run_query("select column_name, treatment, known_at from " ~ overrides_seed
                           ~ " where table_name = '" ~ table_name ~ "'").rows -%}
    {%- do overrides.update({row[0]: (row[1] or 'auto') | lower}) -%}
    {%- if (row[2] or '') | lower == 'creation' -%}{%- do known_at_creation.append(row[0]) -%}{%- endif -%}
  {%- endfor -%}
  {%- set text = dbt.type_string() -%}
  {%- set profile_query -%}
    {%- for column in columns %}
    {%- set value = 'lower(trim(cast(' ~ adapter.quote(column.name) ~ ' as ' ~ text ~ ')))' %}
    select
        '{{ column.name | replace("'", "''") }}' as field,
        count(*) as row_count,
        count({{ adapter.quote(column.name) }}) as filled,
        count(distinct {{ adapter.quote(column.name) }}) as distinct_values,
        avg(length({{ value }})) as avg_length,
        avg(case when {{ regex_matches(value, "'^[^@ ]+@[^@ ]+[.][a-z]+$'") }} then 1.0 else 0.0 end) as email_share,
        avg(case when {{ regex_matches(value, "'^(https?://|www[.])'") }} then 1.0 else 0.0 end) as url_share,
        avg(case when {{ regex_matches(value, "'^[+]?[0-9 ().-]{7,}$'") }} then 1.0 else 0.0 end) as phone_share
    from {{ relation }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
  {%- endset -%}
  {%- set profiles = {} -%}
  {%- for row in run_query(profile_query).rows -%}
    {%- do profiles.update({row['field']: row}) -%}
  {%- endfor -%}
  {%- set fields = [] -%}
  {%- set keys = [] -%}
  {%- for column in columns -%}
    {%- set p = profiles[column.name] -%}
    {%- set column_key = modules.re.sub('[^a-z0-9]+', '_', column.name | lower).strip('_') -%}
    {#- short enough (33 characters with an account's prefix) and unique, so that
        every feature name, f_custom__<key>__<level of 18>, fits PostgreSQL's 63 -#}
    {%- set short = column_key[:(25 if table_name == 'accounts' else 33)].strip('_') or 'field' -%}
    {%- set short = (short[:20] ~ '_' ~ loop.index) if short in keys else short -%}
    {%- do keys.append(short) -%}
    {%- set key = ('account_' ~ short) if table_name == 'accounts' else short -%}
    {%- set dtype = column.dtype | lower -%}
    {%- set treatment = overrides.get(column.name, 'auto') -%}
    {%- set field = {'table': table_name, 'known_at_creation': column.name in known_at_creation,
                     'field': column.name, 'key': key, 'quoted': adapter.quote(column.name), 'kind': none,
                     'used': false, 'reason': none, 'distinct_values': p['distinct_values'] | int,
                     'fill_rate': (p['filled'] / p['row_count']) if p['row_count'] else 0, 'levels': []} -%}
    {%- set filled = p['filled'] | int -%}
    {%- set numeric = column.is_numeric() or column.is_float() or column.is_integer() -%}
    {%- if treatment == 'exclude' -%}
      {%- do field.update({'reason': 'excluded in seeds/custom_field_overrides.csv'}) -%}
    {%- elif treatment == 'auto' and modules.re.search(custom_field_identifier_pattern(), column_key) -%}
      {%- do field.update({'reason': 'an identifier or contact detail (by its name)'}) -%}
    {%- elif filled == 0 -%}
      {%- do field.update({'reason': 'always empty'}) -%}
    {%- elif p['distinct_values'] | int < 2 -%}
      {%- do field.update({'reason': 'one value only'}) -%}
    {%- elif treatment in ('category', 'number', 'flag', 'date') -%}
      {%- do field.update({'kind': treatment, 'used': true}) -%}
    {%- elif 'bool' in dtype -%}
      {%- do field.update({'kind': 'flag', 'used': true}) -%}
    {%- elif 'timestamp' in dtype or dtype == 'date' -%}
      {%- do field.update({'kind': 'date', 'used': true}) -%}
    {%- elif not numeric and (p['email_share'] > 0.5 or p['url_share'] > 0.5 or p['phone_share'] > 0.5) -%}
      {%- do field.update({'reason': 'email addresses, URLs or phone numbers'}) -%}
    {%- elif not numeric and p['avg_length'] > 40 -%}
      {%- do field.update({'reason': 'free text (' ~ (p['avg_length'] | round | int) ~ ' characters on average)'}) -%}
    {%- elif filled >= 50 and p['distinct_values'] | int == filled and not (column.is_float() or column.is_numeric()) -%}
      {#- a measurement (a double) may differ on every row; text or whole numbers that do are keys -#}
      {%- do field.update({'reason': 'a different value on every row: an identifier'}) -%}
    {%- elif numeric -%}
      {%- do field.update({'kind': 'number', 'used': true}) -%}
    {%- else -%}
      {%- do field.update({'kind': 'category', 'used': true}) -%}
    {%- endif -%}
    {%- if field.kind == 'category' -%}
      {%- set levels = custom_field_levels(relation, field.quoted, filled) -%}
      {%- if levels is none and treatment != 'category' -%}
        {%- do field.update({'kind': none, 'used': false,
                             'reason': 'too many values (' ~ field.distinct_values ~ ' distinct) for categories'}) -%}
      {%- else -%}
        {%- set columns_of = {} -%}
        {%- for level in levels or [] -%}
          {%- set suffix = level[:18].strip('_') -%}
          {%- do columns_of.update({level: (suffix[:14] ~ '_' ~ loop.index) if suffix in columns_of.values()
                                           else suffix}) -%}
        {%- endfor -%}
        {%- do field.update({'levels': levels or [], 'level_columns': columns_of}) -%}
      {%- endif -%}
    {%- endif -%}
    {%- do fields.append(field) -%}
  {%- endfor -%}
  {{ return(fields) }}
{% endmacro %}


{#- Columns named like identifiers, person names and addresses (on the
    feature key, a Salesforce `__c` suffix allowed) are never features.
    Emails, URLs and phone numbers are found by their values instead: a
    "do_not_email" or "time_on_website" field is a fair feature. -#}
{% macro custom_field_identifier_pattern() %}
  {{ return('(^|_)(id|ids|uuid|guid|key|number|no|first_name|last_name|full_name|address|street|zip|zipcode|'
            ~ 'postal_code|postcode|ip|ip_address|ssn|token|hash)(_c)?$|^name(_c)?$') }}
{% endmacro %}


{#- The frequent levels of a text column (name keys with at least 20 rows,
    at most var category_level_limit), or none when they cover less than
    80% of its filled rows: too many values to be categories. -#}
{% macro custom_field_levels(relation, quoted, filled) %}
  {%- set query -%}
    select level, level_rows from (
        select {{ name_key(quoted) }} as level, count(*) as level_rows
        from {{ relation }}
        where {{ name_key(quoted) }} is not null
        group by 1
    ) as levels
    where level_rows >= 20
    order by level_rows desc, level
    limit {{ var('category_level_limit') }}
  {%- endset -%}
  {%- set rows = run_query(query).rows -%}
  {%- set covered = rows | sum(attribute='level_rows') -%}
  {%- if not rows or covered < 0.8 * filled -%}{{ return(none) }}{%- endif -%}
  {{ return(rows | map(attribute='level') | list) }}
{% endmacro %}


{#- The columns of a staged table that are not the contract's or staging's own. -#}
{% macro custom_field_columns(relation, table_name) %}
  {%- if not execute -%}{{ return([]) }}{%- endif -%}
  {%- set known = contract_table(table_name).columns.keys() | list
                  + ['email', 'country_raw', 'country_code', 'merged_records', 'canonical_lead_id', 'email_key',
                     'activity_type_key'] -%}
  {%- set found = [] -%}
  {%- for column in adapter.get_columns_in_relation(relation) -%}
    {%- if column.name not in known and not column.name.startswith('_') -%}{%- do found.append(column) -%}{%- endif -%}
  {%- endfor -%}
  {{ return(found) }}
{% endmacro %}


{#- The custom fields int_features__custom makes features of, as
    int_custom_fields holds them (the profile of the last full build):
    [{table, field, key, quoted, kind, used: true, levels, level_columns}],
    in the profile's order. Read, not profiled again, so that a daily run
    keeps the full build's columns. -#}
{% macro custom_feature_fields() %}
  {%- set spec = ref('int_custom_fields') -%}
  {%- if not relations_ready([spec]) -%}{{ return([]) }}{%- endif -%}
  {%- set fields = [] -%}
  {%- set by_order = {} -%}
  {%- set query -%}
    select field_order, table_name, column_name, field_key, kind, level, level_column
    from {{ spec }}
    order by field_order, level_order
  {%- endset -%}
  {%- for row in run_query(query).rows -%}
    {%- if row['field_order'] not in by_order -%}
      {%- set field = {'table': row['table_name'], 'field': row['column_name'], 'key': row['field_key'],
                       'quoted': adapter.quote(row['column_name']), 'kind': row['kind'], 'used': true,
                       'levels': [], 'level_columns': {}} -%}
      {%- do by_order.update({row['field_order']: field}) -%}
      {%- do fields.append(field) -%}
    {%- endif -%}
    {%- if row['level'] is not none -%}
      {%- do by_order[row['field_order']].levels.append(row['level']) -%}
      {%- do by_order[row['field_order']].level_columns.update({row['level']: row['level_column']}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(fields) }}
{% endmacro %}
