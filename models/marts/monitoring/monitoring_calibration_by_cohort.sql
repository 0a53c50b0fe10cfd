-- Calibration per lead-creation month on the held-out test split: does the
-- model over- or under-promise for newer cohorts?

select
    predictions.model_version,
    {{ dbt.date_trunc('month', 'leads.created_at') }} as cohort_month,
    count(*) as snapshots,
    avg(predictions.conversion_probability) as mean_probability,
    avg(predictions.label) as observed_rate,
    avg(predictions.conversion_probability) - avg(predictions.label) as calibration_gap
from {{ ref('int_test_predictions') }} as predictions
inner join {{ ref('int_leads') }} as leads
    on predictions.lead_id = leads.lead_id
group by 1, 2
order by 2
