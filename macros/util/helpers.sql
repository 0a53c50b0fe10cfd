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
    which counts midnights crossed. -#}
{% macro days_between(start_ts, end_ts) %}
  {{- adapter.dispatch('days_between', 'leadscore')(start_ts, end_ts) -}}
{% endmacro %}

{% macro duckdb__days_between(start_ts, end_ts) -%}
  (epoch({{ end_ts }}) - epoch({{ start_ts }})) / 86400.0
{%- endmacro %}


{#- Normalised key of a free-text name: lower-case, runs of anything but
    letters and digits become one underscore. Used for activity types,
    industries and sources so 'Pricing Page View' = 'pricing-page-view'. -#}
{% macro name_key(column) %}
  {{- adapter.dispatch('name_key', 'leadscore')(column) -}}
{% endmacro %}

{% macro duckdb__name_key(column) -%}
  nullif(trim(regexp_replace(lower(trim({{ column }})), '[^a-z0-9]+', '_', 'g'), '_'), '')
{%- endmacro %}


{#- Key of a country as written: lower-case letters only (accents kept), to
    look up in seeds/country_aliases.csv ('U.S.A.' -> 'usa'). -#}
{% macro country_key(column) %}
  {{- adapter.dispatch('country_key', 'leadscore')(column) -}}
{% endmacro %}

{% macro duckdb__country_key(column) -%}
  nullif(regexp_replace(lower({{ column }}), '[^\p{L}]+', '', 'g'), '')
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


{#- timestamp + a (possibly fractional, possibly negative) number of days. -#}
{% macro add_days(ts, days) %}
  {{- adapter.dispatch('add_days', 'leadscore')(ts, days) -}}
{% endmacro %}

{% macro duckdb__add_days(ts, days) -%}
  ({{ ts }} + to_microseconds(cast(round(({{ days }}) * 86400000000.0) as bigint)))
{%- endmacro %}


{#- Job title as the seniority rules read it: lower-case, punctuation as
    spaces, single spaces ('Sr. Manager, Demand-Gen' -> 'sr manager demand gen'). -#}
{% macro title_key(column) %}
  {{- adapter.dispatch('title_key', 'leadscore')(column) -}}
{% endmacro %}

{% macro duckdb__title_key(column) -%}
  nullif(trim(regexp_replace(regexp_replace(lower({{ column }}), '[.,\-/&()|;:+]', ' ', 'g'), '\s+', ' ', 'g')), '')
{%- endmacro %}


{#- A number as a rep reads it: whole numbers without decimals, others to
    one decimal, small fractions to two. -#}
{% macro format_number(column) -%}
  case
    when {{ column }} = round({{ column }}) then cast(cast({{ column }} as bigint) as varchar)
    when abs({{ column }}) < 1 then cast(round({{ column }}, 2) as varchar)
    else cast(round({{ column }}, 1) as varchar)
  end
{%- endmacro %}


{#- A deterministic pseudo-random number in [0, 1) from a text key, for
    reproducible sampling. -#}
{% macro unit_hash(expression) %}
  {{- adapter.dispatch('unit_hash', 'leadscore')(expression) -}}
{% endmacro %}

{% macro duckdb__unit_hash(expression) -%}
  ((hash({{ expression }}) % 1000003) / 1000003.0)
{%- endmacro %}


{#- The timestamp below which `fraction` of the rows fall (an aggregate). -#}
{% macro percentile_timestamp(column, fraction) %}
  {{- adapter.dispatch('percentile_timestamp', 'leadscore')(column, fraction) -}}
{% endmacro %}

{% macro duckdb__percentile_timestamp(column, fraction) -%}
  quantile_disc({{ column }}, {{ fraction }})
{%- endmacro %}


{#- A catalogue template with {1} / {2} replaced by the regex captures of the
    feature name, underscores as spaces ('f_window__web_visit_7d' -> 'web visit'). -#}
{% macro fill_captures(template, feature_name, regex) -%}
  replace(replace({{ template }},
    '{1}', replace(regexp_extract({{ feature_name }}, {{ regex }}, 1), '_', ' ')),
    '{2}', replace(regexp_extract({{ feature_name }}, {{ regex }}, 2), '_', ' '))
{%- endmacro %}


{#- string_agg of `value` separated by `separator`, in the order of `order_by`. -#}
{% macro ordered_string_agg(value, separator, order_by) %}
  {{- adapter.dispatch('ordered_string_agg', 'leadscore')(value, separator, order_by) -}}
{% endmacro %}

{% macro default__ordered_string_agg(value, separator, order_by) -%}
  listagg({{ value }}, {{ separator }}) within group (order by {{ order_by }})
{%- endmacro %}

{% macro duckdb__ordered_string_agg(value, separator, order_by) -%}
  string_agg({{ value }}, {{ separator }} order by {{ order_by }})
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
