-- The band around each model's calibrated probability, in point order:
-- its low and high bounds at each logit, linear in between and flat beyond
-- the ends (leadscore.model.with_band: bootstrap refits of the calibration).

select
    model_version,
    model_name,
    cast(name as {{ dbt.type_int() }}) as point_index,
    x as logit,
    y as probability_low,
    value as probability_high
from {{ model_artifacts() }}
where artifact = 'probability_band' and {{ is_new_version() }}
