-- Is the model equally right for every kind of lead? Per industry, company
-- size and region on the held-out test split: selection rate (share routed
-- as Hot), precision among them, and calibration (mean predicted vs observed
-- conversion). A segment is flagged when its calibration gap exceeds var
-- fairness_max_calibration_gap (absolute, in probability points).

with

predictions as (
    select
        predictions.*,
        predictions.score >= (select min_score from {{ ref('tier_policy') }} where tier_rank = 1) as is_routed
    from {{ ref('int_test_predictions') }} as predictions
),

segments as (
    {%- for dimension in ['industry', 'size_band', 'region', 'seniority'] %}
    select
        '{{ dimension }}' as dimension,
        coalesce({{ dimension }}, 'unknown') as segment,
        model_version,
        count(*) as snapshots,
        sum(label) as conversions,
        avg(case when is_routed then 1 else 0 end) as selection_rate,
        {{ divide('sum(case when is_routed then label end)', 'nullif(sum(case when is_routed then 1 end), 0)') }}
            as precision,
        avg(conversion_probability) as mean_probability,
        avg(label) as observed_rate
    from predictions
    group by 1, 2, 3
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    *,
    mean_probability - observed_rate as calibration_gap,
    -- small segments are noisy: only judge those with 200+ snapshots
    snapshots >= 200 and abs(mean_probability - observed_rate) > {{ var('fairness_max_calibration_gap') }}
        as is_flagged
from segments
order by dimension, snapshots desc
