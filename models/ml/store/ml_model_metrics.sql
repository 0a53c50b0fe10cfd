-- Every figure measured at training time: one row per version, model
-- (conversion, challenger, legacy_rules...), split and metric.

select
    model_version,
    model_name,
    text as split,
    name as metric_name,
    value
from {{ model_artifacts() }}
where artifact = 'metric' and {{ is_new_version() }}
