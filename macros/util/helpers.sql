{#- The scoring instant. var as_of wins; otherwise the latest plausible event
    time in the data (int_as_of), so a plain `dbt build` scores "now". -#}
{% macro as_of() %}
  {%- if var('as_of', none) -%}
    cast('{{ var("as_of") }}' as timestamp)
  {%- else -%}
    (select as_of from {{ ref('int_as_of') }})
  {%- endif -%}
{% endmacro %}


{#- Timestamps outside [1990, max(now, as_of) + tolerance] cannot be real
    CRM events (placeholder dates such as 2099-01-01, epoch zero). -#}
{% macro is_impossible_timestamp(column) %}
  ({{ column }} < cast('1990-01-01' as timestamp)
   or {{ column }} > {{ dbt.dateadd('day', var('future_tolerance_days'), future_anchor()) }})
{% endmacro %}

{% macro future_anchor() %}
  {%- if var('as_of', none) -%}
    greatest(cast(current_timestamp as timestamp), cast('{{ var("as_of") }}' as timestamp))
  {%- else -%}
    cast(current_timestamp as timestamp)
  {%- endif -%}
{% endmacro %}


{#- Fractional days between two timestamps: exact, unlike datediff('day'),
    which counts midnights crossed. Whole microseconds on every engine, so
    features agree to the bit; the divisor is written as a double because
    Spark reads 86400000000.0 as a decimal and rounds the quotient. -#}
{% macro days_between(start_ts, end_ts) -%}
  ({{ epoch_microseconds(end_ts) }} - {{ epoch_microseconds(start_ts) }}) / 8.64e10
{%- endmacro %}


{#- Normalised key of a free-text name: lower-case, runs of anything but
    letters and digits become one underscore. Used for activity types,
    industries and sources so 'Pricing Page View' = 'pricing-page-view'. -#}
{% macro name_key(column) -%}
  nullif(trim(both '_' from {{ regex_replace('lower(trim(' ~ column ~ '))', "'[^a-z0-9]+'", "'_'") }}), '')
{%- endmacro %}


{#- Key of a country as written: lower-case letters only (accents kept), to
    look up in seeds/country_aliases.csv ('U.S.A.' -> 'usa'). -#}
{% macro country_key(column) -%}
  nullif({{ regex_replace('lower(' ~ column ~ ')', "'[^\p{L}]+'", "''") }}, '')
{%- endmacro %}


{#- The label: 1 when the conversion falls in (start, start + label_window_days],
    else 0. One definition for training labels and backtests alike. -#}
{% macro conversion_label(converted_at, start) -%}
  case
    when {{ converted_at }} > {{ start }}
        and {{ converted_at }} <= {{ add_days(start, var('label_window_days')) }}
        then 1
    else 0
  end
{%- endmacro %}


{#- Integers lo..hi-1 as rows of column `k`, from scalar expressions. -#}
{% macro integer_series(lo, hi) %}
  {{- adapter.dispatch('integer_series', 'leadscore')(lo, hi) -}}
{% endmacro %}

{% macro duckdb__integer_series(lo, hi) -%}
  unnest(range(cast({{ lo }} as bigint), cast({{ hi }} as bigint)))
{%- endmacro %}

{#- sequence() counts down when hi <= lo; range() is empty then. -#}
{% macro spark__integer_series(lo, hi) -%}
  explode(case when cast({{ hi }} as bigint) > cast({{ lo }} as bigint)
    then sequence(cast({{ lo }} as bigint), cast({{ hi }} as bigint) - 1)
    else cast(array() as array<bigint>) end)
{%- endmacro %}


{#- timestamp + a (possibly fractional, possibly negative) number of days. -#}
{% macro add_days(ts, days) %}
  {{- adapter.dispatch('add_days', 'leadscore')(ts, days) -}}
{% endmacro %}

{% macro duckdb__add_days(ts, days) -%}
  ({{ ts }} + to_microseconds(cast(round(({{ days }}) * 86400000000.0) as bigint)))
{%- endmacro %}

{% macro spark__add_days(ts, days) -%}
  timestamp_micros(unix_micros({{ ts }}) + cast(round(({{ days }}) * 8.64e10) as bigint))
{%- endmacro %}


{#- Job title as the seniority rules read it: lower-case, punctuation as
    spaces, single spaces ('Sr. Manager, Demand-Gen' -> 'sr manager demand gen'). -#}
{% macro title_key(column) -%}
  nullif(trim({{ regex_replace(regex_replace('lower(' ~ column ~ ')', "'[.,\-/&()|;:+]'", "' '"), "'\s+'", "' '") }}), '')
{%- endmacro %}


{#- A number as a rep reads it: whole numbers without decimals, others to
    one decimal, small fractions to two. -#}
{% macro format_number(column) -%}
  case
    when {{ column }} = round({{ column }}) then cast(cast({{ column }} as bigint) as string)
    when abs({{ column }}) < 1 then cast(round({{ column }}, 2) as string)
    else cast(round({{ column }}, 1) as string)
  end
{%- endmacro %}


{#- A deterministic pseudo-random number in [0, 1) from a text key, for
    reproducible sampling. -#}
{% macro unit_hash(expression) %}
  {{- adapter.dispatch('unit_hash', 'leadscore')(expression) -}}
{% endmacro %}

{#- From the first 32 bits of md5, which every engine computes alike, so
    samples (and so trained models) are the same on DuckDB and Spark. -#}
{% macro duckdb__unit_hash(expression) -%}
  ((cast(('0x' || substr(md5(cast({{ expression }} as string)), 1, 8)) as bigint) % 1000003) / 1000003)
{%- endmacro %}

{% macro spark__unit_hash(expression) -%}
  ((cast(conv(substr(md5(cast({{ expression }} as string)), 1, 8), 16, 10) as bigint) % 1000003) / 1000003)
{%- endmacro %}


{#- The value below which `fraction` of the rows fall (an aggregate): the
    smallest value whose cumulative share reaches the fraction. -#}
{% macro percentile_value(column, fraction) %}
  {{- adapter.dispatch('percentile_value', 'leadscore')(column, fraction) -}}
{% endmacro %}

{% macro duckdb__percentile_value(column, fraction) -%}
  quantile_disc({{ column }}, {{ fraction }})
{%- endmacro %}

{% macro spark__percentile_value(column, fraction) -%}
  percentile_disc({{ fraction }}) within group (order by {{ column }})
{%- endmacro %}


{#- The same for a timestamp column. -#}
{% macro percentile_timestamp(column, fraction) %}
  {{- adapter.dispatch('percentile_timestamp', 'leadscore')(column, fraction) -}}
{% endmacro %}

{% macro duckdb__percentile_timestamp(column, fraction) -%}
  quantile_disc({{ column }}, {{ fraction }})
{%- endmacro %}

{#- Same definition as quantile_disc: the smallest value whose cumulative
    share reaches the fraction. -#}
{% macro spark__percentile_timestamp(column, fraction) -%}
  timestamp_micros(cast(percentile_disc({{ fraction }}) within group (order by unix_micros({{ column }})) as bigint))
{%- endmacro %}


{#- A catalogue template with {1} / {2} replaced by the regex captures of the
    feature name, underscores as spaces ('f_window__web_visit_7d' -> 'web visit'). -#}
{#- Spark rejects a group index the regex does not have: a capture is only
    extracted where the template uses it. -#}
{% macro fill_captures(template, feature_name, regex) -%}
  replace(replace({{ template }},
    '{1}', case when {{ template }} like '%{1}%'
        then replace(regexp_extract({{ feature_name }}, {{ regex }}, 1), '_', ' ') else '' end),
    '{2}', case when {{ template }} like '%{2}%'
        then replace(regexp_extract({{ feature_name }}, {{ regex }}, 2), '_', ' ') else '' end)
{%- endmacro %}


{#- Regular expressions in the RE2/Java syntax both engines share. `pattern`
    and `replacement` are SQL expressions (a quoted literal or a column);
    Spark string literals need their backslashes doubled. -#}
{% macro regex_matches(column, pattern) %}
  {{- adapter.dispatch('regex_matches', 'leadscore')(column, pattern) -}}
{% endmacro %}

{% macro duckdb__regex_matches(column, pattern) -%}
  regexp_matches({{ column }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_matches(column, pattern) -%}
  ({{ column }} rlike {{ pattern | replace('\\', '\\\\') }})
{%- endmacro %}


{#- Replace every match (DuckDB replaces only the first without 'g'). -#}
{% macro regex_replace(column, pattern, replacement) %}
  {{- adapter.dispatch('regex_replace', 'leadscore')(column, pattern, replacement) -}}
{% endmacro %}

{% macro duckdb__regex_replace(column, pattern, replacement) -%}
  regexp_replace({{ column }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro spark__regex_replace(column, pattern, replacement) -%}
  regexp_replace({{ column }}, {{ pattern | replace('\\', '\\\\') }}, {{ replacement }})
{%- endmacro %}


{#- string_agg in a stated order (nulls skipped), so text is reproducible. -#}
{% macro string_agg_ordered(expression, separator, order_by) %}
  {{- adapter.dispatch('string_agg_ordered', 'leadscore')(expression, separator, order_by) -}}
{% endmacro %}

{% macro duckdb__string_agg_ordered(expression, separator, order_by) -%}
  string_agg({{ expression }}, {{ separator }} order by {{ order_by }})
{%- endmacro %}

{% macro spark__string_agg_ordered(expression, separator, order_by) -%}
  listagg({{ expression }}, {{ separator }}) within group (order by {{ order_by }})
{%- endmacro %}


{#- Microseconds since 1970-01-01 of a timestamp, as a bigint. -#}
{% macro epoch_microseconds(ts) %}
  {{- adapter.dispatch('epoch_microseconds', 'leadscore')(ts) -}}
{% endmacro %}

{% macro default__epoch_microseconds(ts) -%}
  unix_micros({{ ts }})
{%- endmacro %}

{% macro duckdb__epoch_microseconds(ts) -%}
  epoch_us({{ ts }})
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
                    { {%- for column in columns %}'{{ column }}': {{ column }}{{ ', ' if not loop.last }}{% endfor -%} },
                    {'size': -({{ size }}), 'tie': {{ tie }}},
                    {{ n }}
                ) as top
            from {{ relation }}
            group by 1
        ) as grouped
    ) as unnested
{%- endmacro %}


{#- True when this command only compiles (parse, compile, docs generate, ls):
    a relation that does not exist yet (a fresh clone, no data, nothing
    built) then reads as empty instead of stopping the command. -#}
{% macro compiling_only() %}
  {{ return(flags.WHICH in ('parse', 'compile', 'generate', 'list', 'ls')) }}
{% endmacro %}


{#- Whether a macro that reads these relations at compile time (feature
    levels, discovered types, the model store, the catalogue) can query them
    now. In a build they always can: each model compiles after its parents
    are built, so a build never asks the warehouse here. A command that only
    compiles may come before any data (a fresh clone): a relation not built
    yet then reads as empty, and the macro returns what an empty relation
    gives. -#}
{% macro relations_ready(relations) %}
  {%- if not execute -%}{{ return(false) }}{%- endif -%}
  {%- if not compiling_only() -%}{{ return(true) }}{%- endif -%}
  {%- for relation in relations if load_relation(relation) is none -%}
    {{ return(false) }}
  {%- endfor -%}
  {{ return(true) }}
{% endmacro %}
