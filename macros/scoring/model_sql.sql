{#- SQL that applies a stored model version. Everything is generated at
    execution time from the artifact tables, so the scoring query is plain
    arithmetic that runs on any warehouse at any scale. Numbers are inlined as
    their shortest round-trip text so SQL matches leadscore.model to 1e-9. -#}

{% macro model_rows(model_name, artifact, version) %}
  {%- set artifacts = model_artifacts() -%}
  {%- if not relations_ready([artifacts]) -%}{{ return([]) }}{%- endif -%}
  {%- set text_type = dbt.type_string() -%}
  {%- set query -%}
    select name, transform,
           cast(clip_low as {{ text_type }}), cast(clip_high as {{ text_type }}),
           cast(center as {{ text_type }}), cast(scale as {{ text_type }}), cast(coefficient as {{ text_type }}),
           cast(x as {{ text_type }}), cast(y as {{ text_type }}), cast(value as {{ text_type }}), text
    from {{ artifacts }}
    where model_version = '{{ version }}' and model_name = '{{ model_name }}' and artifact = '{{ artifact }}'
    order by case when artifact in ('calibration_point', 'score_reference') then cast(name as integer) end, name
  {%- endset -%}
  {{ return(run_query(query).rows) }}
{% endmacro %}


{% macro num(text) -%}
  cast('{{ text }}' as {{ type_double() }})
{%- endmacro %}


{#- The version scores come from: var model_version if set (must exist),
    else the one that may serve this build, as leadscore.train.serving_version
    picks it: trained on this data (the fingerprint of ml_raw_input) from
    labels known at this as_of (its training as_of is not later); the latest
    training as_of first, then the newest version. A model trained later
    never scores an earlier date. -#}
{% macro active_model_version() %}
  {%- set artifacts = model_artifacts() -%}
  {%- set read = ref('ml_raw_input') -%}
  {%- if not relations_ready([artifacts, read]) -%}{{ return('') }}{%- endif -%}
  {%- set pinned = var('model_version', none) -%}
  {%- if pinned -%}
    {%- set versions = run_query("select distinct model_version from " ~ artifacts
          ~ " where model_name = 'conversion' order by 1").columns[0].values() | list -%}
    {%- if pinned not in versions -%}
      {{ exceptions.raise_compiler_error("leadscore: model_version '" ~ pinned ~ "' is not in the registry; known: "
           ~ (versions | join(', '))) }}
    {%- endif -%}
    {{ return(pinned) }}
  {%- endif -%}
  {%- set query -%}
    with versions as (
        select
            model_version,
            cast(max(case when name = 'trained_as_of' then text end) as timestamp) as trained_as_of,
            max(case when name = 'data_fingerprint' then text end) as data_fingerprint
        from {{ artifacts }}
        where model_name = 'conversion' and artifact = 'param'
        group by model_version
    )
    select versions.model_version
    from versions
    cross join {{ read }} as build
    where versions.data_fingerprint = build.data_fingerprint
        and versions.trained_as_of <= cast(build.as_of as timestamp)
    order by versions.trained_as_of desc, versions.model_version desc
    limit 1
  {%- endset -%}
  {%- set serving = run_query(query).columns[0].values() | list -%}
  {%- if not serving -%}
    {{ exceptions.raise_compiler_error("leadscore: no trained model in ml_model_artifacts may serve this build "
         ~ "(none was trained on this data from labels known at its as_of); run `dbt build` (it trains one), "
         ~ "or with train_with: cli, python -m leadscore train --target " ~ target.name) }}
  {%- endif -%}
  {{ return(serving[0]) }}
{% endmacro %}


{#- [(feature_name, standardised-input expression, coefficient literal)] -#}
{% macro model_terms(model_name, version, prefix='') %}
  {%- set terms = [] -%}
  {%- for r in model_rows(model_name, 'coefficient', version) if r[0] != '__intercept__' -%}
    {%- set clipped = "least(greatest(" ~ prefix ~ r[0] ~ ", " ~ num(r[2]) ~ "), " ~ num(r[3]) ~ ")" -%}
    {%- set transformed = "ln(1 + " ~ clipped ~ ")" if r[1] == 'log1p' else clipped -%}
    {%- do terms.append((r[0], "((" ~ transformed ~ " - " ~ num(r[4]) ~ ") / " ~ num(r[5]) ~ ")", num(r[6]))) -%}
  {%- endfor -%}
  {{ return(terms) }}
{% endmacro %}


{% macro model_intercept(model_name, version) %}
  {%- for r in model_rows(model_name, 'coefficient', version) if r[0] == '__intercept__' -%}
    {{ return(num(r[6])) }}
  {%- endfor -%}
  {{ return('0') }}
{% endmacro %}


{% macro linear_predictor(model_name, version, prefix='') -%}
  {{ model_intercept(model_name, version) }}
  {%- for name, z, coefficient in model_terms(model_name, version, prefix) %}
    + {{ coefficient }} * {{ z }}
  {%- endfor %}
{%- endmacro %}


{#- Piecewise-linear interpolation through points [(x, y)] as text, clamped
    at both ends: the same function as numpy.interp. -#}
{% macro piecewise_linear(x, points) -%}
  case
    when {{ x }} <= {{ num(points[0][0]) }} then {{ num(points[0][1]) }}
  {%- for i in range(points | length - 1) %}
    when {{ x }} < {{ num(points[i + 1][0]) }} then {{ num(points[i][1]) }}
      + ({{ num(points[i + 1][1]) }} - {{ num(points[i][1]) }}) / ({{ num(points[i + 1][0]) }} - {{ num(points[i][0]) }})
      * ({{ x }} - {{ num(points[i][0]) }})
  {%- endfor %}
    else {{ num(points[-1][1]) }}
  end
{%- endmacro %}


{% macro calibrated_probability(logit, model_name, version) %}
  {%- set method = (model_rows(model_name, 'calibration', version) or [[none] * 11])[0] -%}
  {%- if method[10] == 'platt' -%}
    1 / (1 + exp(-({{ num(method[6]) }} * {{ logit }} + {{ num(method[9]) }})))
  {%- elif method[10] == 'isotonic' -%}
    {%- set points = [] -%}
    {%- for r in model_rows(model_name, 'calibration_point', version) -%}{%- do points.append((r[7], r[8])) -%}{%- endfor -%}
    {{ piecewise_linear(logit, points) }}
  {%- else -%}
    1 / (1 + exp(-({{ logit }})))
  {%- endif -%}
{% endmacro %}


{% macro reference_score(probability, model_name, version) %}
  {%- set points = [] -%}
  {%- for r in model_rows(model_name, 'score_reference', version) -%}{%- do points.append((r[7], r[8])) -%}{%- endfor -%}
  {%- if not points -%}{{ return('cast(null as ' ~ type_double() ~ ')') }}{%- endif -%}
  {{ piecewise_linear(probability, points) }}
{% endmacro %}


{% macro model_exists(model_name, version) %}
  {{ return(model_rows(model_name, 'coefficient', version) | length > 0) }}
{% endmacro %}


{% macro sigmoid(expression) -%}
  (1 / (1 + exp(-({{ expression }}))))
{%- endmacro %}


{#- The model store: the dbt Python model, or with var train_with = 'cli' the
    table `python -m leadscore train` wrote, which must exist by then. -#}
{% macro model_artifacts() %}
  {%- if var('train_with', 'dbt') == 'dbt' -%}
    {{ return(ref('ml_model_artifacts')) }}
  {%- endif -%}
  {%- set store = source('trained', 'ml_model_artifacts') -%}
  {%- if execute and not compiling_only() and load_relation(store) is none -%}
    {{ exceptions.raise_compiler_error(
         "leadscore: var train_with is 'cli' but " ~ store ~ " does not exist yet. Build the training tables, "
         ~ "train, then build the rest: dbt build --selector training_inputs; "
         ~ "python -m leadscore train --target " ~ target.name ~ "; dbt build --selector after_training") }}
  {%- endif -%}
  {{ return(store) }}
{% endmacro %}
