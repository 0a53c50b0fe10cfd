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
