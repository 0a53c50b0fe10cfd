-- The points of an isotonic calibration map, in order: the probability at
-- each logit, linear in between and flat beyond the ends.

select
    model_version,
    model_name,
    cast(name as {{ dbt.type_int() }}) as point_index,
    x as logit,
    y as probability
from {{ model_artifacts() }}
where artifact = 'calibration_point' and {{ is_new_version() }}
