{#- SQL that applies a stored model version. Everything is generated at
    execution time from the typed model tables (models/ml/store), so the scoring query is plain
    arithmetic that runs on any warehouse at any scale. Numbers are inlined as
    their shortest round-trip text so SQL matches leadscore.model to 1e-9. -#}

{#- One stored model of a version, read by column name from the typed model
    tables (models/ml/store) into one structure, numbers as text:
      intercept, calibration_method, calibration_slope, calibration_intercept,
      terms: [{feature_name, transform, clip_low, clip_high, center, scale, coefficient}],
      calibration_points: [(logit, probability)], score_reference: [(probability, score)]
    none when the version has no such model. -#}
{% macro stored_model(model_name, version) %}
  {%- set models, terms = ref('ml_models'), ref('ml_model_terms') -%}
  {%- set points, reference = ref('ml_model_calibration_points'), ref('ml_model_score_reference') -%}
  {%- if not relations_ready([models, terms, points, reference]) -%}{{ return(none) }}{%- endif -%}
  {%- set text = dbt.type_string() -%}
  {%- set this_model = "where model_version = '" ~ version ~ "' and model_name = '" ~ model_name ~ "'" -%}
  {%- set head -%}
    select cast(intercept as {{ text }}) as intercept, calibration_method,
           cast(calibration_slope as {{ text }}) as calibration_slope,
           cast(calibration_intercept as {{ text }}) as calibration_intercept
    from {{ models }} {{ this_model }}
  {%- endset -%}
  {%- set heads = run_query(head).rows -%}
  {%- if heads | length == 0 -%}{{ return(none) }}{%- endif -%}
  {%- set term_query -%}
    select feature_name, transform
      {%- for column in ['clip_low', 'clip_high', 'center', 'scale', 'coefficient'] %},
      cast({{ column }} as {{ text }}) as {{ column }}
      {%- endfor %}
    from {{ terms }} {{ this_model }}
    order by feature_name
  {%- endset -%}
  {%- set model = {'intercept': heads[0]['intercept'], 'calibration_method': heads[0]['calibration_method'],
                   'calibration_slope': heads[0]['calibration_slope'],
                   'calibration_intercept': heads[0]['calibration_intercept'], 'terms': [],
                   'calibration_points': [], 'score_reference': []} -%}
  {%- for row in run_query(term_query).rows -%}
    {%- do model.terms.append({'feature_name': row['feature_name'], 'transform': row['transform'],
                               'clip_low': row['clip_low'], 'clip_high': row['clip_high'], 'center': row['center'],
                               'scale': row['scale'], 'coefficient': row['coefficient']}) -%}
  {%- endfor -%}
  {%- for row in run_query("select cast(logit as " ~ text ~ ") as x, cast(probability as " ~ text ~ ") as y from "
                           ~ points ~ " " ~ this_model ~ " order by point_index").rows -%}
    {%- do model.calibration_points.append((row['x'], row['y'])) -%}
  {%- endfor -%}
  {%- for row in run_query("select cast(probability as " ~ text ~ ") as x, cast(score as " ~ text ~ ") as y from "
                           ~ reference ~ " " ~ this_model ~ " order by point_index").rows -%}
    {%- do model.score_reference.append((row['x'], row['y'])) -%}
  {%- endfor -%}
  {{ return(model) }}
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
  {#- the store first: with train_with cli, a missing one stops the build saying what to run -#}
  {%- do model_artifacts() -%}
  {%- set versions = ref('ml_model_versions') -%}
  {%- set read = ref('ml_raw_input') -%}
  {%- if not relations_ready([versions, read]) -%}{{ return('') }}{%- endif -%}
  {%- set pinned = var('model_version', none) -%}
  {%- if pinned -%}
    {%- set known = run_query("select model_version from " ~ versions ~ " order by 1").columns[0].values() | list -%}
    {%- if pinned not in known -%}
      {{ exceptions.raise_compiler_error("leadscore: model_version '" ~ pinned ~ "' is not in the registry; known: "
           ~ (known | join(', '))) }}
    {%- endif -%}
    {{ return(pinned) }}
  {%- endif -%}
  {%- set query -%}
    select versions.model_version
    from {{ versions }} as versions
    cross join {{ read }} as build
    where versions.data_fingerprint = build.data_fingerprint
        and versions.trained_as_of <= cast(build.as_of as {{ dbt.type_timestamp() }})
    order by versions.trained_as_of desc, versions.model_version desc
    limit 1
  {%- endset -%}
  {%- set serving = run_query(query).columns[0].values() | list -%}
  {%- if not serving -%}
    {{ exceptions.raise_compiler_error("leadscore: no trained model in ml_model_versions may serve this build "
         ~ "(none was trained on this data from labels known at its as_of); run `dbt build` (it trains one), "
         ~ "or with train_with: cli, python -m leadscore train --target " ~ target.name) }}
  {%- endif -%}
  {{ return(serving[0]) }}
{% endmacro %}


{#- [(feature_name, standardised-input expression, coefficient literal)] -#}
{% macro model_terms(model_name, version, prefix='') %}
  {%- set model = stored_model(model_name, version) -%}
  {%- set terms = [] -%}
  {%- for t in (model.terms if model else []) -%}
    {%- set clipped = "least(greatest(" ~ prefix ~ t.feature_name ~ ", " ~ num(t.clip_low) ~ "), "
                      ~ num(t.clip_high) ~ ")" -%}
    {%- set transformed = "ln(1 + " ~ clipped ~ ")" if t.transform == 'log1p' else clipped -%}
    {%- do terms.append((t.feature_name, "((" ~ transformed ~ " - " ~ num(t.center) ~ ") / " ~ num(t.scale) ~ ")",
                         num(t.coefficient))) -%}
  {%- endfor -%}
  {{ return(terms) }}
{% endmacro %}


{% macro model_intercept(model_name, version) %}
  {%- set model = stored_model(model_name, version) -%}
  {{ return(num(model.intercept) if model and model.intercept is not none else '0') }}
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
  {%- set model = stored_model(model_name, version) or {} -%}
  {%- if model.calibration_method == 'platt' -%}
    1 / (1 + exp(-({{ num(model.calibration_slope) }} * {{ logit }} + {{ num(model.calibration_intercept) }})))
  {%- elif model.calibration_method == 'isotonic' -%}
    {{ piecewise_linear(logit, model.calibration_points) }}
  {%- else -%}
    1 / (1 + exp(-({{ logit }})))
  {%- endif -%}
{% endmacro %}


{% macro reference_score(probability, model_name, version) %}
  {%- set model = stored_model(model_name, version) -%}
  {%- if not model or not model.score_reference -%}{{ return('cast(null as ' ~ type_double() ~ ')') }}{%- endif -%}
  {{ piecewise_linear(probability, model.score_reference) }}
{% endmacro %}


{% macro model_exists(model_name, version) %}
  {{ return(stored_model(model_name, version) is not none) }}
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
