-- One row per model fitted in a version (conversion, deal_value, uplift...):
-- linear (terms in ml_model_terms) or additive (shapes in ml_model_shapes and
-- ml_model_cuts), its intercept and how its raw output becomes a probability.

with

artifacts as (
    select * from {{ model_artifacts() }}
    where artifact in ('coefficient', 'calibration', 'shape') and {{ is_new_version() }}
),

final as (
    select
        model_version,
        model_name,
        case when max(case when artifact = 'shape' then 1 else 0 end) = 1 then 'additive' else 'linear' end
            as model_kind,
        max(case when artifact = 'coefficient' and name = '__intercept__' then coefficient end) as intercept,
        max(case when artifact = 'calibration' then text end) as calibration_method,
        max(case when artifact = 'calibration' then coefficient end) as calibration_slope,
        max(case when artifact = 'calibration' then value end) as calibration_intercept,
        min(trained_at) as trained_at
    from artifacts
    group by model_version, model_name
)

select * from final
