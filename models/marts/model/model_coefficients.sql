-- Coefficients of every model version with the standardisation they expect:
-- z = (transform(clip(x, clip_low, clip_high)) - center) / scale; the
-- intercept as the row __intercept__.

with

terms as (
    select * from {{ ref('ml_model_terms') }}
),

models as (
    select * from {{ ref('ml_models') }}
    where intercept is not null
),

final as (
    select
        model_version, model_name, feature_name, transform, clip_low, clip_high, center, scale, coefficient,
        trained_at
    from terms
    union all
    select
        model_version,
        model_name,
        '__intercept__',
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ type_double() }}),
        cast(null as {{ type_double() }}),
        cast(null as {{ type_double() }}),
        cast(null as {{ type_double() }}),
        intercept,
        trained_at
    from models
)

select * from final
