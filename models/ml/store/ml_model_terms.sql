-- One row per term of a linear model: the feature and the standardisation it
-- expects, z = (transform(clip(x, clip_low, clip_high)) - center) / scale,
-- and its coefficient on z.

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
where artifact = 'coefficient' and name <> '__intercept__' and {{ is_new_version() }}
