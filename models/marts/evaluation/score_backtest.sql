-- Past scores against what happened next: every row of lead_score_history
-- whose label window has closed by as_of, with the outcome. Performance on
-- leads scored weeks ago, without retraining anything.

with

history as (
    select * from {{ ref('lead_score_history') }}
),

leads as (
    select lead_id, converted_at from {{ ref('int_leads') }}
)

select
    history.lead_id,
    history.scored_at,
    history.model_version,
    history.score,
    history.conversion_probability,
    history.tier,
    {{ conversion_label('leads.converted_at', 'history.scored_at') }} as converted_in_window,
    leads.converted_at
from history
inner join leads
    on history.lead_id = leads.lead_id
where {{ add_days('history.scored_at', var('label_window_days')) }} <= {{ as_of() }}
