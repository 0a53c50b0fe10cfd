-- The score reference of a version: the 0-100 score at each calibrated
-- probability (percentiles of validation), linear in between.

select
    model_version,
    model_name,
    cast(name as {{ dbt.type_int() }}) as point_index,
    x as probability,
    y as score
from {{ model_artifacts() }}
where artifact = 'score_reference' and {{ is_new_version() }}
