{#- Fractional days between two timestamps: exact, unlike datediff('day'),
    which counts midnights crossed. Whole microseconds on every engine, so
    features agree to the bit; the divisor is written as a double because
    Spark reads 86400000000.0 as a decimal and rounds the quotient. -#}
{% macro days_between(start_ts, end_ts) -%}
  ({{ epoch_microseconds(end_ts) }} - {{ epoch_microseconds(start_ts) }}) / 8.64e10
{%- endmacro %}


{#- timestamp + a (possibly fractional, possibly negative) number of days,
    rounded to the microsecond like days_between. -#}
{% macro add_days(ts, days) %}
  {{- adapter.dispatch('add_days', 'leadscore')(ts, days) -}}
{% endmacro %}

{% macro default__add_days(ts, days) -%}
  ({{ dbt.dateadd('microsecond', 'cast(round((' ~ days ~ ') * 86400000000.0) as bigint)', ts) }})
{%- endmacro %}

{% macro duckdb__add_days(ts, days) -%}
  ({{ ts }} + to_microseconds(cast(round(({{ days }}) * 86400000000.0) as bigint)))
{%- endmacro %}

{% macro spark__add_days(ts, days) -%}
  timestamp_micros(unix_micros({{ ts }}) + cast(round(({{ days }}) * 8.64e10) as bigint))
{%- endmacro %}


{#- Microseconds since 1970-01-01 of a timestamp, as a bigint. -#}
{% macro epoch_microseconds(ts) %}
  {{- adapter.dispatch('epoch_microseconds', 'leadscore')(ts) -}}
{% endmacro %}

{% macro default__epoch_microseconds(ts) -%}
  {{ dbt.datediff("cast('1970-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ ")", ts, 'microsecond') }}
{%- endmacro %}

{% macro duckdb__epoch_microseconds(ts) -%}
  epoch_us({{ ts }})
{%- endmacro %}

{% macro spark__epoch_microseconds(ts) -%}
  unix_micros({{ ts }})
{%- endmacro %}
