{#- The value below which `fraction` of the rows fall (an aggregate): the
    smallest value whose cumulative share reaches the fraction. -#}
{% macro percentile_value(column, fraction) %}
  {{- adapter.dispatch('percentile_value', 'leadscore')(column, fraction) -}}
{% endmacro %}

{% macro default__percentile_value(column, fraction) -%}
  percentile_disc({{ fraction }}) within group (order by {{ column }})
{%- endmacro %}

{% macro duckdb__percentile_value(column, fraction) -%}
  quantile_disc({{ column }}, {{ fraction }})
{%- endmacro %}


{#- The same for a timestamp column. -#}
{% macro percentile_timestamp(column, fraction) %}
  {{- adapter.dispatch('percentile_timestamp', 'leadscore')(column, fraction) -}}
{% endmacro %}

{% macro default__percentile_timestamp(column, fraction) -%}
  percentile_disc({{ fraction }}) within group (order by {{ column }})
{%- endmacro %}

{% macro duckdb__percentile_timestamp(column, fraction) -%}
  quantile_disc({{ column }}, {{ fraction }})
{%- endmacro %}

{#- Spark's percentile_disc takes numbers only: the timestamp's microseconds,
    same definition. -#}
{% macro spark__percentile_timestamp(column, fraction) -%}
  timestamp_micros(cast(percentile_disc({{ fraction }}) within group (order by unix_micros({{ column }})) as bigint))
{%- endmacro %}


{#- Texts joined in a stated order (nulls skipped), so text is reproducible. -#}
{% macro string_agg_ordered(expression, separator, order_by) %}
  {{- adapter.dispatch('string_agg_ordered', 'leadscore')(expression, separator, order_by) -}}
{% endmacro %}

{% macro default__string_agg_ordered(expression, separator, order_by) -%}
  {{ dbt.listagg(expression, separator, 'order by ' ~ order_by) }}
{%- endmacro %}

{#- dbt-spark's listagg ignores the order (collect_list, in whatever order
    rows arrive) and warns; Spark's own listagg keeps it. -#}
{% macro spark__string_agg_ordered(expression, separator, order_by) -%}
  listagg({{ expression }}, {{ separator }}) within group (order by {{ order_by }})
{%- endmacro %}


{#- The n rows of each `key` group of `relation` with the largest `size`
    (ties: smallest `tie` first), with `columns` and their place 1..n as
    `rank_column`. A window anywhere; on DuckDB a min_by(..., n) aggregate:
    a row_number over 15M lead x topic rows fed by a union took 10-15 s
    there, the aggregate next to nothing. -#}
{% macro top_rows(relation, key, columns, size, tie, n, rank_column) %}
  {{- adapter.dispatch('top_rows', 'leadscore')(relation, key, columns, size, tie, n, rank_column) -}}
{% endmacro %}

{% macro default__top_rows(relation, key, columns, size, tie, n, rank_column) -%}
    select *
    from (
        select
            {{ key }},
            {{ columns | join(', ') }},
            row_number() over (partition by {{ key }} order by {{ size }} desc, {{ tie }}) as {{ rank_column }}
        from {{ relation }}
    ) as numbered
    where {{ rank_column }} <= {{ n }}
{%- endmacro %}

{% macro duckdb__top_rows(relation, key, columns, size, tie, n, rank_column) -%}
    {%- set fields = [] %}
    {%- for column in columns %}{% do fields.append("'" ~ column ~ "': " ~ column) %}{% endfor -%}
    select
        {{ key }},
        {%- for column in columns %}
        picked.{{ column }},
        {%- endfor %}
        {{ rank_column }}
    from (
        select {{ key }}, unnest(top) as picked, generate_subscripts(top, 1) as {{ rank_column }}
        from (
            select
                {{ key }},
                min_by(
                    { {{- fields | join(', ') -}} },
                    {'size': -({{ size }}), 'tie': {{ tie }}},
                    {{ n }}
                ) as top
            from {{ relation }}
            group by 1
        ) as grouped
    ) as unnested
{%- endmacro %}


{#- The `value` of the row with the smallest / largest `key` (an aggregate;
    rows where either is null, or where `where` is false, are skipped). -#}
{% macro min_by(value, key, where=none) %}
  {{- adapter.dispatch('min_by', 'leadscore')(value, key, where) -}}
{% endmacro %}

{% macro max_by(value, key, where=none) %}
  {{- adapter.dispatch('max_by', 'leadscore')(value, key, where) -}}
{% endmacro %}

{#- PostgreSQL has no min_by: the first of the values in key order. -#}
{% macro default__min_by(value, key, where) -%}
  (array_agg({{ value }} order by {{ key }})
    filter (where {{ value }} is not null and {{ key }} is not null{{ ' and (' ~ where ~ ')' if where }}))[1]
{%- endmacro %}

{% macro default__max_by(value, key, where) -%}
  (array_agg({{ value }} order by {{ key }} desc)
    filter (where {{ value }} is not null and {{ key }} is not null{{ ' and (' ~ where ~ ')' if where }}))[1]
{%- endmacro %}

{% macro duckdb__min_by(value, key, where) -%}
  min_by({{ value }}, {{ key }}){{ ' filter (where ' ~ where ~ ')' if where }}
{%- endmacro %}

{% macro duckdb__max_by(value, key, where) -%}
  max_by({{ value }}, {{ key }}){{ ' filter (where ' ~ where ~ ')' if where }}
{%- endmacro %}

{% macro spark__min_by(value, key, where) -%}
  min_by({{ value }}, {{ key }}){{ ' filter (where ' ~ where ~ ')' if where }}
{%- endmacro %}

{% macro spark__max_by(value, key, where) -%}
  max_by({{ value }}, {{ key }}){{ ' filter (where ' ~ where ~ ')' if where }}
{%- endmacro %}


{#- The median, interpolated between the two middle values (an aggregate). -#}
{% macro median(column) %}
  {{- adapter.dispatch('median', 'leadscore')(column) -}}
{% endmacro %}

{% macro default__median(column) -%}
  percentile_cont(0.5) within group (order by {{ column }})
{%- endmacro %}

{% macro duckdb__median(column) -%}
  median({{ column }})
{%- endmacro %}

{% macro spark__median(column) -%}
  median({{ column }})
{%- endmacro %}
