-- One row per standing alert of an open lead, raised by the run that last
-- scored it (alerted_at; a full build rescores every lead, a daily run only
-- the changed ones, and the others keep what their own run raised, so the
-- sync's flags do not flip for leads nobody rescored): new_hot, a lead Hot
-- at that run that was not Hot at its latest earlier run in
-- lead_score_history (a lead never scored before counts, so the first run
-- alerts on every Hot lead), and spike, a Hot or Warm lead whose score rose
-- 20+ points in 7 days or who had 3+ events this week at 3x the previous
-- pace (lead_scores.is_spike; a Cold lead's spike is not worth a rep's
-- interruption).

with

scores as (
    select * from {{ ref('lead_scores') }}
),

earlier as (
    select
        history.lead_id,
        history.score,
        history.tier,
        row_number() over (
            partition by history.lead_id order by history.scored_at desc, history.model_version desc
        ) as recency
    from {{ ref('lead_score_history') }} as history
    inner join scores
        on history.lead_id = scores.lead_id and history.scored_at < scores.scored_at
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
