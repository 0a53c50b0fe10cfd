{#- Weight of an event `age_days` old in an exponentially decayed sum:
    it halves every `half_life` days (1 now, 0.5 at one half-life). -#}
{% macro decay_weight(age_days, half_life) %}
  {{- adapter.dispatch('decay_weight', 'leadscore')(age_days, half_life) -}}
{% endmacro %}

{% macro default__decay_weight(age_days, half_life) -%}
  power(0.5, ({{ age_days }}) / {{ half_life }})
{%- endmacro %}


{#- Events matching `condition` in the window [snapshot - days, snapshot):
    an event exactly `days` old is inside, one a microsecond older is not. -#}
{% macro count_in_window(condition, days, age='age_days') -%}
  count(case when ({{ condition }}) and {{ age }} <= {{ days }} then 1 end)
{%- endmacro %}


{#- Feature categories known at compile time: every engagement category of
    the catalogue (stable columns whatever the data) plus the uncatalogued
    types discovered in this warehouse's data (int_activity_types). -#}
{% macro feature_categories() %}
  {#- refs before the guard so that parsing records the dependencies -#}
  {%- set catalogue, types = ref('activity_types'), ref('int_activity_types') -%}
  {%- if not relations_ready([catalogue, types]) -%}{{ return([]) }}{%- endif -%}
  {%- set query -%}
    select category from {{ catalogue }}
    where category not in ('post_conversion', 'noise') and not post_conversion
    union
    select feature_category from {{ types }}
    where feature_category is not null
    union
    select 'other'
    order by 1
  {%- endset -%}
  {{ return(run_query(query).columns[0].values() | list) }}
{% endmacro %}


{#- Most frequent values of a column (as name keys), for one-hot features
    whose levels come from the data: industries, lead sources. -#}
{% macro top_levels(relation, column, limit, where='true') %}
  {%- if not relations_ready([relation]) -%}{{ return([]) }}{%- endif -%}
  {%- set query -%}
    select level from (
        select {{ name_key(column) }} as level, count(*) as level_rows
        from {{ relation }}
        where {{ name_key(column) }} is not null and {{ where }}
        group by 1
    ) as levels
    where level_rows >= 20
    order by level_rows desc, level
    limit {{ limit }}
  {%- endset -%}
  {{ return(run_query(query).columns[0].values() | list) }}
{% endmacro %}


{#- The levels of a one-hot feature whose columns are `prefix` + level:
    the most frequent values now (top_levels), except in a daily run, which
    keeps the levels of the full build that made the table (its columns, in
    their order): the stored model reads those columns, and a level that
    no longer makes the cut would otherwise be missing from the update. -#}
{% macro feature_levels(prefix, relation, column, limit, where='true') %}
  {%- if not is_incremental() -%}
    {{ return(top_levels(relation, column, limit, where)) }}
  {%- endif -%}
  {%- set levels = [] -%}
  {%- for name in feature_columns(this) if name.startswith(prefix) and name != prefix ~ 'missing' -%}
    {%- do levels.append(name[prefix | length:]) -%}
  {%- endfor -%}
  {{ return(levels) }}
{% endmacro %}


{#- The f_<group>__<name> columns of a built feature group. -#}
{% macro feature_columns(relation) %}
  {%- if not relations_ready([relation]) -%}{{ return([]) }}{%- endif -%}
  {%- set names = [] -%}
  {%- for column in adapter.get_columns_in_relation(relation) if column.name.startswith('f_') -%}
    {%- do names.append(column.name) -%}
  {%- endfor -%}
  {{ return(names) }}
{% endmacro %}


{#- The column names of a built relation as rows of `column_name`, for tests
    about a table's columns on any engine (Spark has no information_schema). -#}
{% macro column_name_rows(relation) %}
  {%- set names = [] -%}
  {%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
      {%- do names.append(column.name) -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(text_rows(names, 'column_name')) }}
{% endmacro %}


{#- A list of texts known at compile time as rows of one column (and of
    `position`, their 1-based place in the list, when named). -#}
{% macro text_rows(texts, column, position=none) %}
  {%- set columns = [column] + ([position] if position else []) -%}
  {%- if not texts -%}
    {%- set nulls = ["cast(null as " ~ dbt.type_string() ~ ") as " ~ column] + (["cast(null as integer) as " ~ position] if position else []) -%}
    {{ return("select " ~ nulls | join(', ') ~ " where 1 = 0") }}
  {%- endif -%}
  {%- set rows = [] -%}
  {%- for text in texts -%}
    {%- do rows.append("('" ~ text ~ "'" ~ (", " ~ loop.index if position else "") ~ ")") -%}
  {%- endfor -%}
  {{ return("select " ~ columns | join(', ') ~ " from (values " ~ rows | join(', ')
            ~ ") as listed (" ~ columns | join(', ') ~ ")") }}
{% endmacro %}


{#- The value of the first rule of `dimension` (by rule_order) in `rules`
    (a relation with rule_order, dimension, pattern, value) whose pattern
    matches `column`, null when none does: a CASE with each pattern inlined
    as a literal. Joined as a column, a pattern is compiled again for every
    row it meets: 5,000 distinct job titles x 89 seed rules took 212 s in
    DuckDB, the CASE 0.3 s. A quote in a pattern is written \x27, which
    every engine's regular expressions read as the quote. A dbt unit test
    gives the rules as fixture rows no query can read beforehand: there the
    same rule is a subquery over them. -#}
{% macro first_matching_rule(column, rules, dimension) %}
  {%- set none_matches = 'cast(null as ' ~ dbt.type_string() ~ ')' -%}
  {%- if (rules | string).startswith('__dbt__cte__') -%}
    {{ return("(select value from " ~ rules ~ " where dimension = '" ~ dimension ~ "' and "
              ~ regex_matches(column, 'pattern') ~ " order by rule_order limit 1)") }}
  {%- endif -%}
  {%- if not relations_ready([rules]) -%}{{ return(none_matches) }}{%- endif -%}
  {%- set query -%}
    select pattern, value from {{ rules }}
    where dimension = '{{ dimension }}' and pattern is not null
    order by rule_order, pattern, value
  {%- endset -%}
  {%- set matched = run_query(query).rows -%}
  {%- if not matched -%}{{ return(none_matches) }}{%- endif -%}
  case
    {%- for rule in matched %}
        when {{ regex_matches(column, "'" ~ (rule['pattern'] | replace("'", "\\x27")) ~ "'") }}
            then '{{ dbt.escape_single_quotes(rule['value']) }}'
    {%- endfor %}
    end
{%- endmacro %}
