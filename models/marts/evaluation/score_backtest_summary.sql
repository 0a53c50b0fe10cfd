-- One row per past scoring run whose outcomes are known: AUC, calibration
-- and the Hot tier's conversion rate, measured on what really happened.

with

backtest as (
    select * from {{ ref('score_backtest') }}
),

auc as (
    {{ auc_query(ref('score_backtest'), 'converted_in_window', 'conversion_probability',
                 ['scored_at', 'model_version']) }}
),

rates as (
    select
        scored_at,
        model_version,
        avg(case when tier = 'Hot' then converted_in_window end) as hot_conversion_rate,
        avg(case when tier = 'Cold' then converted_in_window end) as cold_conversion_rate
    from backtest
    group by 1, 2
)

select
    rates.scored_at,
    rates.model_version,
    auc.mean_score as mean_probability,
    auc.observed_rate,
    rates.hot_conversion_rate,
    rates.cold_conversion_rate,
    auc.rows_measured,
    auc.positives,
    auc.auc
from rates
inner join auc
    on rates.scored_at = auc.scored_at
    and rates.model_version = auc.model_version
order by rates.scored_at
