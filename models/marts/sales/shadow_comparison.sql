-- The evidence to leave shadow mode: on the same live leads of each scoring
-- run, the model's Hot tier against the old points rules' own Hot list of
-- the same size (the leads with the most legacy points, ties by lead_id),
-- and what happened to them: conversions within var label_window_days of
-- the run, so far (window_closed says when the count is final). Groups:
-- both, model_only (the model found them, the rules did not), legacy_only,
-- neither. Rows without legacy_score are left out: runs written before
-- lead_score_history kept it, and daily changed-only runs (they do not
-- recompute the legacy points), so the comparison rests on full builds.

with

runs as (
    select * from {{ ref('lead_score_history') }}
    where scored_at < {{ as_of() }} and legacy_score is not null
),

hot_counts as (
    select scored_at, sum(case when tier = 'Hot' then 1 else 0 end) as hot_leads
    from runs
    group by 1
),

ranked as (
    select
        runs.*,
        hot_counts.hot_leads,
        row_number() over (partition by runs.scored_at order by runs.legacy_score desc, runs.lead_id) as legacy_rank
    from runs
    inner join hot_counts
        on runs.scored_at = hot_counts.scored_at
),

grouped as (
    select
        ranked.scored_at,
        case
            when ranked.tier = 'Hot' and ranked.legacy_rank <= ranked.hot_leads then 'both'
            when ranked.tier = 'Hot' then 'model_only'
            when ranked.legacy_rank <= ranked.hot_leads then 'legacy_only'
            else 'neither'
        end as comparison_group,
        {{ conversion_label('leads.converted_at', 'ranked.scored_at') }} as converted
    from ranked
    inner join {{ ref('int_leads') }} as leads
        on ranked.lead_id = leads.lead_id
)

select
    scored_at,
    comparison_group,
    {{ add_days('scored_at', var('label_window_days')) }} <= {{ as_of() }} as window_closed,
    count(*) as leads,
    sum(converted) as conversions,
    {{ divide('sum(converted)', 'count(*)') }} as conversion_rate
from grouped
group by 1, 2, 3
