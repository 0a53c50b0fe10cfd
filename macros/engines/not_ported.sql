{#- Stops the build where an engine has no version of a macro that cannot be
    written portably, saying what to implement, instead of dbt's "macro not
    found". -#}
{% macro raise_not_ported(macro_name, arguments, purpose) %}
  {{ exceptions.raise_compiler_error(
       "leadscore: " ~ macro_name ~ " has no version for adapter '" ~ adapter.type() ~ "' (there are duckdb and spark ones): "
       ~ "implement " ~ adapter.type() ~ "__" ~ macro_name ~ "(" ~ arguments ~ "), which " ~ purpose) }}
{% endmacro %}
