{#- SQL that applies a stored model version. Everything is generated at
    execution time from the typed model tables (models/ml/store), so the scoring query is plain
    arithmetic that runs on any warehouse at any scale. Numbers are inlined as
    their shortest round-trip text so SQL matches leadscore.model to 1e-9. -#}

{#- One stored model of a version, read by column name from the typed model
    tables (models/ml/store) into one structure, numbers as text:
      model_kind (linear | additive), intercept, calibration_method,
      calibration_slope, calibration_intercept,
      terms (linear): [{feature_name, transform, clip_low, clip_high, center, scale, coefficient}],
      shapes (additive): [{term_name, features: [f, (f2)], cuts: [[c, ...], ...],
                           contributions: {(bin, bin_2 or none): value}}],
      calibration_points: [(logit, probability)], score_reference: [(probability, score)],
      band_lows, band_highs: [(logit, probability bound)]
    none when the version has no such model. A model reads it once and hands
    it to the macros below: each read is five to seven queries at compile time. -#}
{% macro stored_model(model_name, version) %}
  {%- set models, terms = ref('ml_models'), ref('ml_model_terms') -%}
  {%- set shapes, cuts = ref('ml_model_shapes'), ref('ml_model_cuts') -%}
  {%- set points, reference = ref('ml_model_calibration_points'), ref('ml_model_score_reference') -%}
  {%- set band = ref('ml_model_probability_band') -%}
  {%- if not relations_ready([models, terms, shapes, cuts, points, reference, band]) -%}{{ return(none) }}{%- endif -%}
  {%- set text = dbt.type_string() -%}
  {%- set this_model = "where model_version = '" ~ version ~ "' and model_name = '" ~ model_name ~ "'" -%}
  {%- set head -%}
    select model_kind, cast(intercept as {{ text }}) as intercept, calibration_method,
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
  {%- set model = {'model_kind': heads[0]['model_kind'], 'shapes': [],
                   'intercept': heads[0]['intercept'], 'calibration_method': heads[0]['calibration_method'],
                   'calibration_slope': heads[0]['calibration_slope'],
                   'calibration_intercept': heads[0]['calibration_intercept'], 'terms': [],
                   'calibration_points': [], 'score_reference': [], 'band_lows': [], 'band_highs': []} -%}
  {%- for row in run_query(term_query).rows -%}
    {%- do model.terms.append({'feature_name': row['feature_name'], 'transform': row['transform'],
                               'clip_low': row['clip_low'], 'clip_high': row['clip_high'], 'center': row['center'],
                               'scale': row['scale'], 'coefficient': row['coefficient']}) -%}
  {%- endfor -%}
  {%- if model.model_kind == 'additive' -%}
    {%- do model.shapes.extend(stored_shapes(shapes, cuts, this_model)) -%}
  {%- endif -%}
  {%- for row in run_query("select cast(logit as " ~ text ~ ") as x, cast(probability as " ~ text ~ ") as y from "
                           ~ points ~ " " ~ this_model ~ " order by point_index").rows -%}
    {%- do model.calibration_points.append((row['x'], row['y'])) -%}
  {%- endfor -%}
  {%- for row in run_query("select cast(logit as " ~ text ~ ") as x, cast(probability_low as " ~ text ~ ") as low, "
                           ~ "cast(probability_high as " ~ text ~ ") as high from " ~ band ~ " " ~ this_model
                           ~ " order by point_index").rows -%}
    {%- do model.band_lows.append((row['x'], row['low'])) -%}
    {%- do model.band_highs.append((row['x'], row['high'])) -%}
  {%- endfor -%}
  {%- for row in run_query("select cast(probability as " ~ text ~ ") as x, cast(score as " ~ text ~ ") as y from "
                           ~ reference ~ " " ~ this_model ~ " order by point_index").rows -%}
    {%- do model.score_reference.append((row['x'], row['y'])) -%}
  {%- endfor -%}
  {{ return(model) }}
{% endmacro %}


{#- The additive terms of one model (`where` picks it), in term order. -#}
{% macro stored_shapes(shapes, cuts, where) %}
  {%- set text = dbt.type_string() -%}
  {%- set terms = {} -%}
  {%- set cut_query -%}
    select term_name, axis, cast(cut as {{ text }}) as cut from {{ cuts }} {{ where }} order by term_name, axis, cut_index
  {%- endset -%}
  {%- set shape_query -%}
    select term_name, feature_name, feature_name_2, bin_index, bin_index_2,
           cast(contribution as {{ text }}) as contribution
    from {{ shapes }} {{ where }}
    order by term_name, bin_index, bin_index_2
  {%- endset -%}
  {%- for row in run_query(shape_query).rows -%}
    {%- if row['term_name'] not in terms -%}
      {%- do terms.update({row['term_name']: {
            'term_name': row['term_name'],
            'features': [row['feature_name']] + ([row['feature_name_2']] if row['feature_name_2'] else []),
            'cuts': [[], []], 'contributions': {}}}) -%}
    {%- endif -%}
    {%- do terms[row['term_name']].contributions.update(
          {(row['bin_index'] | int, none if row['bin_index_2'] is none else row['bin_index_2'] | int):
           row['contribution']}) -%}
  {%- endfor -%}
  {%- for row in run_query(cut_query).rows -%}
    {%- do terms[row['term_name']].cuts[row['axis'] | int].append(row['cut']) -%}
  {%- endfor -%}
  {#- in term order: the query reads them so -#}
  {{ return(terms.values() | list) }}
{% endmacro %}


{#- The contribution of one additive term to the logit: a CASE over the bins
    of its feature (nested for an interaction: one CASE on the second feature
    per bin of the first). -#}
{% macro shape_contribution(shape, prefix='') %}
  {%- set x = prefix ~ shape.features[0] -%}
  {%- set by_bin = {} -%}
  {%- if shape.features | length == 1 -%}
    {%- for key, value in shape.contributions.items() -%}{%- do by_bin.update({key[0]: num(value)}) -%}{%- endfor -%}
    {{ return(bins_case(x, shape.cuts[0], by_bin)) }}
  {%- endif -%}
  {%- for bin in range(shape.cuts[0] | length + 2) -%}
    {%- set row = {} -%}
    {%- for key, value in shape.contributions.items() if key[0] == bin -%}
      {%- do row.update({key[1]: num(value)}) -%}
    {%- endfor -%}
    {%- do by_bin.update({bin: bins_case(prefix ~ shape.features[1], shape.cuts[1], row)}) -%}
  {%- endfor -%}
  {{ return(bins_case(x, shape.cuts[0], by_bin)) }}
{% endmacro %}


{#- CASE on x over its bins: bin 0 when null, bin k when k - 1 cuts are at or
    below x (k = 1 below the first cut), the last bin above the last cut.
    `values` maps a bin to an SQL expression; a branch is written only where
    the value changes, since a later, looser branch gives the same. -#}
{% macro bins_case(x, cuts, values) %}
  {%- set n = cuts | length -%}
  {%- set out = ['case when ' ~ x ~ ' is null then ' ~ values.get(0, '0')] -%}
  {%- for k in range(1, n + 1) if values.get(k, '0') != values.get(k + 1, '0') -%}
    {%- do out.append('when ' ~ x ~ ' < ' ~ num(cuts[k - 1]) ~ ' then ' ~ values.get(k, '0')) -%}
  {%- endfor -%}
  {%- do out.append('else ' ~ values.get(n + 1, '0') ~ ' end') -%}
  {{ return('(' ~ (out | join(' ')) ~ ')') }}
{% endmacro %}


{% macro num(text) -%}
  cast('{{ text }}' as {{ type_double() }})
{%- endmacro %}


{#- The version scores come from: var model_version if set (must exist),
    else the one that serves this build, as leadscore.promotion.serving_version
    picks it: among versions trained for this as_of or earlier (a model
    trained later never scores an earlier date), the latest entry of the
    promotion log (ml_model_promotions), unless a version that passed the
    promotion gate was trained after it; then the gate-passing version with
    the latest training as_of, then the newest name. A candidate (failed the
    gate) serves only once promoted. -#}
{% macro active_model_version() %}
  {#- the store first: with train_with cli, a missing one stops the build saying what to run -#}
  {%- do model_artifacts() -%}
  {%- set versions = ref('ml_model_versions') -%}
  {%- set read = ref('ml_raw_input') -%}
  {%- set log = ref('ml_model_promotions') -%}
  {%- if not relations_ready([versions, read, log]) -%}{{ return('') }}{%- endif -%}
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
    with allowed as (
        select versions.model_version, versions.trained_at, versions.trained_as_of, versions.promotion_status
        from {{ versions }} as versions
        cross join {{ read }} as build
        where versions.trained_as_of <= cast(build.as_of as {{ dbt.type_timestamp() }})
    ),
    last_entry as (
        select entries.model_version, entries.promoted_at
        from {{ log }} as entries
        inner join allowed on entries.model_version = allowed.model_version
        order by entries.promoted_at desc, entries.model_version desc
        limit 1
    ),
    choices as (
        select allowed.model_version, allowed.trained_as_of, 1 as gate_passed
        from allowed
        left join last_entry on 1 = 1
        where coalesce(allowed.promotion_status, 'active') != 'candidate'
            and (last_entry.promoted_at is null or allowed.trained_at > last_entry.promoted_at)
        union all
        select model_version, cast(null as {{ dbt.type_timestamp() }}), 0
        from last_entry
    )
    select model_version from choices
    order by gate_passed desc, trained_as_of desc, model_version desc
    limit 1
  {%- endset -%}
  {%- set serving = run_query(query).columns[0].values() | list -%}
  {%- if not serving -%}
    {{ exceptions.raise_compiler_error("leadscore: no trained model in ml_model_versions may serve this build "
         ~ "(none was trained from labels known at its as_of); run `dbt build` (it trains one), "
         ~ "or with train_with: cli, python -m leadscore train --target " ~ target.name) }}
  {%- endif -%}
  {{ return(serving[0]) }}
{% endmacro %}


{#- [(term_name, feature_name, contribution expression)]: one per term,
    summing with the intercept to the logit. A linear term is coefficient x
    standardised feature, named by it; an additive term is its shape, whose
    feature_name is its (first) feature ('f_a & f_b' for an interaction). -#}
{% macro model_terms(model, prefix='') %}
  {%- set terms = [] -%}
  {%- for t in (model.terms if model else []) -%}
    {%- set clipped = "least(greatest(" ~ prefix ~ t.feature_name ~ ", " ~ num(t.clip_low) ~ "), "
                      ~ num(t.clip_high) ~ ")" -%}
    {%- set transformed = "ln(1 + " ~ clipped ~ ")" if t.transform == 'log1p' else clipped -%}
    {%- do terms.append((t.feature_name, t.feature_name, num(t.coefficient) ~ " * ((" ~ transformed ~ " - " ~ num(t.center)
                         ~ ") / " ~ num(t.scale) ~ ")")) -%}
  {%- endfor -%}
  {%- for shape in (model.shapes if model else []) -%}
    {%- do terms.append((shape.term_name, shape.features[0], shape_contribution(shape, prefix))) -%}
  {%- endfor -%}
  {{ return(terms) }}
{% endmacro %}


{% macro model_intercept(model) %}
  {{ return(num(model.intercept) if model and model.intercept is not none else '0') }}
{% endmacro %}


{#- The logit of a stored model, linear or additive. -#}
{% macro model_logit(model, prefix='') -%}
  {{ model_intercept(model) }}
  {%- for term, feature, contribution in model_terms(model, prefix) %}
    + {{ contribution }}
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


{% macro calibrated_probability(logit, model) %}
  {%- set model = model or {} -%}
  {%- if model.calibration_method == 'platt' -%}
    1 / (1 + exp(-({{ num(model.calibration_slope) }} * {{ logit }} + {{ num(model.calibration_intercept) }})))
  {%- elif model.calibration_method == 'isotonic' -%}
    {{ piecewise_linear(logit, model.calibration_points) }}
  {%- else -%}
    1 / (1 + exp(-({{ logit }})))
  {%- endif -%}
{% endmacro %}


{#- The low ('low') or high ('high') bound of the calibrated probability at
    a logit: the model's band there, widened to hold the probability itself
    (as leadscore.model.probability_interval). -#}
{% macro probability_bound(side, logit, probability, model) %}
  {%- set model = model or {} -%}
  {%- set points = model.get('band_' ~ side ~ 's') -%}
  {%- if not points -%}{{ return(probability) }}{%- endif -%}
  {{ 'least' if side == 'low' else 'greatest' }}({{ piecewise_linear(logit, points) }}, {{ probability }})
{%- endmacro %}


{% macro reference_score(probability, model) %}
  {%- if not model or not model.score_reference -%}{{ return('cast(null as ' ~ type_double() ~ ')') }}{%- endif -%}
  {{ piecewise_linear(probability, model.score_reference) }}
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
