{{ config(materialized='incremental', incremental_strategy='append') }}
-- One row per model fitted in a version (conversion, deal_value, uplift...):
-- its intercept and how its raw output becomes a probability. Its terms,
-- calibration points and score reference are in the tables beside it.

with

artifacts as (
    select * from {{ model_artifacts() }}
    where artifact in ('coefficient', 'calibration') and {{ is_new_version() }}
),

final as (
    select
        model_version,
        model_name,
        max(case when artifact = 'coefficient' and name = '__intercept__' then coefficient end) as intercept,
        max(case when artifact = 'calibration' then text end) as calibration_method,
        max(case when artifact = 'calibration' then coefficient end) as calibration_slope,
        max(case when artifact = 'calibration' then value end) as calibration_intercept,
        min(trained_at) as trained_at
    from artifacts
    group by model_version, model_name
)

select * from final
