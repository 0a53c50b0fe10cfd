-- Coefficients of every model version with the standardisation they expect:
-- z = (transform(clip(x, clip_low, clip_high)) - center) / scale.

select
    model_version,
    model_name,
    name as feature_name,
    transform,
    clip_low,
    clip_high,
    center,
    scale,
    coefficient,
    trained_at
from {{ model_artifacts() }}
where artifact = 'coefficient'
