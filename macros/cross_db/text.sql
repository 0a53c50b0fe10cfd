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


{#- Job title as the seniority rules read it: lower-case, punctuation as
    spaces, single spaces ('Sr. Manager, Demand-Gen' -> 'sr manager demand gen'). -#}
{% macro title_key(column) -%}
  nullif(trim({{ regex_replace(regex_replace('lower(' ~ column ~ ')', "'[.,\-/&()|;:+]'", "' '"), "'\s+'", "' '") }}), '')
{%- endmacro %}


{#- A number as a rep reads it: whole numbers (and any from 100 up) without
    decimals and with thousands separators ('1,250'), others to one decimal,
    small fractions to two. -#}
{% macro format_number(column) %}
  {{- adapter.dispatch('format_number', 'leadscore')(column) -}}
{% endmacro %}

{% macro default__format_number(column) -%}
  case
    when {{ column }} = round({{ column }}) or abs({{ column }}) >= 100
      then {{ group_digits('cast(' ~ round_to(column, 0) ~ ' as bigint)') }}
    when abs({{ column }}) < 1 then cast({{ round_to(column, 2) }} as {{ dbt.type_string() }})
    else cast({{ round_to(column, 1) }} as {{ dbt.type_string() }})
  end
{%- endmacro %}

{#- PostgreSQL prints a whole double without its decimals (0, not 0.0 as
    DuckDB and Spark do), and its rounding (through numeric) loses the sign of
    a negative value that rounds to zero: both put back as the others print them. -#}
{% macro postgres__format_number(column) -%}
  case
    when {{ column }} = round({{ column }}) or abs({{ column }}) >= 100
      then {{ group_digits('cast(' ~ round_to(column, 0) ~ ' as bigint)') }}
    when abs({{ column }}) < 1 then {{ postgres_double_text(round_to(column, 2), column) }}
    else {{ postgres_double_text(round_to(column, 1), column) }}
  end
{%- endmacro %}


{#- A whole number as text with a comma between thousands: 1250 -> '1,250'. -#}
{% macro group_digits(integer) %}
  {{- adapter.dispatch('group_digits', 'leadscore')(integer) -}}
{% endmacro %}

{% macro default__group_digits(integer) -%}
  format('{:,}', {{ integer }})
{%- endmacro %}

{% macro spark__group_digits(integer) -%}
  format_string('%,d', {{ integer }})
{%- endmacro %}

{% macro postgres__group_digits(integer) -%}
  to_char({{ integer }}, 'FM999,999,999,999,999,990')
{%- endmacro %}

{#- A rounded double as DuckDB prints it ('3.0', '-0.0', '0.25'); `original`
    is the value before rounding, for the sign of a zero. -#}
{% macro postgres_double_text(rounded, original) -%}
  case
    when {{ rounded }} = trunc({{ rounded }})
      then case when {{ original }} < 0 then '-' else '' end
        || cast(abs(cast({{ rounded }} as bigint)) as text) || '.0'
    else cast({{ rounded }} as text)
  end
{%- endmacro %}


{#- A catalogue template with {1} / {2} replaced by the regex captures of the
    feature name, underscores as spaces ('f_window__web_visit_7d' -> 'web visit'). -#}
{#- Spark rejects a group index the regex does not have: a capture is only
    extracted where the template uses it. -#}
{% macro fill_captures(template, feature_name, regex) -%}
  replace(replace({{ template }},
    '{1}', case when {{ template }} like '%{1}%'
        then replace({{ regex_extract(feature_name, regex, 1) }}, '_', ' ') else '' end),
    '{2}', case when {{ template }} like '%{2}%'
        then replace({{ regex_extract(feature_name, regex, 2) }}, '_', ' ') else '' end)
{%- endmacro %}


{#- Regular expressions in the RE2/Java syntax both engines share. `pattern`
    and `replacement` are SQL expressions (a quoted literal or a column);
    Spark string literals need their backslashes doubled. -#}
{% macro regex_matches(column, pattern) %}
  {{- adapter.dispatch('regex_matches', 'leadscore')(column, pattern) -}}
{% endmacro %}

{% macro default__regex_matches(column, pattern) -%}
  regexp_like({{ column }}, {{ pattern }})
{%- endmacro %}

{% macro duckdb__regex_matches(column, pattern) -%}
  regexp_matches({{ column }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_matches(column, pattern) -%}
  ({{ column }} rlike {{ pattern | replace('\\', '\\\\') }})
{%- endmacro %}


{#- Capture group `group` of the first match, '' when there is none. -#}
{% macro regex_extract(column, pattern, group) %}
  {{- adapter.dispatch('regex_extract', 'leadscore')(column, pattern, group) -}}
{% endmacro %}

{% macro default__regex_extract(column, pattern, group) -%}
  coalesce((regexp_match({{ column }}, {{ pattern }}))[{{ group }}], '')
{%- endmacro %}

{% macro duckdb__regex_extract(column, pattern, group) -%}
  regexp_extract({{ column }}, {{ pattern }}, {{ group }})
{%- endmacro %}

{% macro spark__regex_extract(column, pattern, group) -%}
  regexp_extract({{ column }}, {{ pattern }}, {{ group }})
{%- endmacro %}


{#- Replace every match (without 'g', PostgreSQL and DuckDB replace only the
    first; Spark always replaces all). -#}
{% macro regex_replace(column, pattern, replacement) %}
  {{- adapter.dispatch('regex_replace', 'leadscore')(column, pattern, replacement) -}}
{% endmacro %}

{% macro default__regex_replace(column, pattern, replacement) -%}
  regexp_replace({{ column }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro spark__regex_replace(column, pattern, replacement) -%}
  regexp_replace({{ column }}, {{ pattern | replace('\\', '\\\\') }}, {{ replacement }})
{%- endmacro %}

{#- PostgreSQL's regexes have no Unicode property classes: \p{L} is written
    [:alpha:], the letters of the database's locale (all of Unicode's under a
    UTF-8 locale). -#}
{% macro postgres__regex_replace(column, pattern, replacement) -%}
  regexp_replace({{ column }}, {{ pattern | replace('\\p{L}', '[:alpha:]') }}, {{ replacement }}, 'g')
{%- endmacro %}

{#- Patterns in the seeds are RE2/Java: \b (a word boundary, a backspace to
    PostgreSQL) and \pL, \pN (letters, digits; in brackets only) are
    rewritten to PostgreSQL's \y, [:alpha:] and [:digit:] as they are read. -#}
{% macro postgres__regex_matches(column, pattern) -%}
  ({{ column }} ~ replace(replace(replace({{ pattern }}, '\pL', '[:alpha:]'), '\pN', '[:digit:]'), '\b', '\y'))
{%- endmacro %}
