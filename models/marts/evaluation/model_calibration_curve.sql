-- Reliability diagram on the held-out test split: 20 equal-frequency bins of
-- predicted probability, mean predicted vs observed conversion rate.

with

binned as (
    select
        model_version,
        conversion_probability,
        label,
        ntile(20) over (order by conversion_probability, lead_id, snapshot_at) as bin
    from {{ ref('int_test_predictions') }}
)

select
    model_version,
    bin,
    count(*) as snapshots,
    min(conversion_probability) as min_probability,
    max(conversion_probability) as max_probability,
    avg(conversion_probability) as mean_probability,
    avg(label) as observed_rate,
    avg(conversion_probability) - avg(label) as calibration_gap
from binned
group by 1, 2
order by 2
