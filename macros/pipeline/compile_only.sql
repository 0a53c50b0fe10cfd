{#- Guards for commands that only compile (parse, compile, docs generate, ls):
    they may run on a fresh clone before any data or model exists. -#}

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
