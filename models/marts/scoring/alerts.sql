-- One row per alert of this scoring run, for the rep or the channel that
-- acts on it: new_hot, a lead Hot now that was not Hot at its latest earlier
-- run in lead_score_history (a lead never scored before counts, so the
-- first run alerts on every Hot lead), and spike, a score up 20+ points in
-- 7 days or 3+ events this week at 3x the previous pace (lead_scores.is_spike).
-- Only leads rescored by this run: a daily run's untouched leads keep
-- their old rows in lead_scores and raise nothing.

with

scores as (
    select * from {{ ref('lead_scores') }}
    where scored_at = {{ as_of() }}
),

earlier as (
    select
        lead_id,
        score,
        tier,
        row_number() over (partition by lead_id order by scored_at desc, model_version desc) as recency
    from {{ ref('lead_score_history') }}
    where scored_at < {{ as_of() }}
),

previous as (
    select * from earlier
    where recency = 1
),

raised as (
    select
        scores.*,
        previous.score as previous_score,
        previous.tier as previous_tier,
        'new_hot' as alert_type,
        'New Hot lead: score ' || cast(scores.score as {{ dbt.type_string() }})
        || coalesce(' (was ' || cast(previous.score as {{ dbt.type_string() }}) || ', ' || previous.tier || ')',
                    ' (first scored)') as message
    from scores
    left join previous
        on scores.lead_id = previous.lead_id
    where scores.tier = 'Hot' and coalesce(previous.tier, '') <> 'Hot'

    union all

    select
        scores.*,
        previous.score,
        previous.tier,
        'spike',
        case
            when scores.score_change_7d >= 20
                then 'Score up ' || cast(cast(scores.score_change_7d as integer) as {{ dbt.type_string() }})
                || ' points in 7 days, to ' || cast(scores.score as {{ dbt.type_string() }})
            else 'Activity spike: 3 or more events this week, at 3 times the pace before'
        end
    from scores
    left join previous
        on scores.lead_id = previous.lead_id
    where scores.is_spike and scores.tier in ('Hot', 'Warm')
)

select
    lead_id,
    alert_type,
    scored_at as alerted_at,
    message,
    score,
    previous_score,
    tier,
    previous_tier,
    action,
    assigned_rep_id,
    expected_value,
    reasons_text,
    model_version
from raised
