-- The hand-made points rules leadscore replaces (seeds/legacy_rules.csv),
-- applied at every snapshot: points per past event by category, plus points
-- for seniority, email domain type and lead source. Never a model feature:
-- the yardstick the model must beat.

with

rules as (
    select * from {{ ref('legacy_rules') }}
),

events_per_category as (
    -- counted per category first: the rules then join a few rows per
    -- snapshot instead of every snapshot x event row
    select
        lead_id,
        snapshot_at,
        feature_category,
        count(*) as events
    from {{ ref('int_snapshot_events') }}
    group by 1, 2, 3
),

activity_points as (
    select
        events.lead_id,
        events.snapshot_at,
        coalesce(sum(events.events * rules.points), 0) as points
    from events_per_category as events
    left join rules
        on rules.rule_type = 'activity_category'
        and events.feature_category = rules.match_value
    group by 1, 2
),

contact as (
    select * from {{ ref('int_features__contact') }}
),

attribute_points as (
    select
        contact.lead_id,
        coalesce(sum(rules.points), 0) as points
    from contact
    left join rules
        on (rules.rule_type = 'seniority' and contact.seniority = rules.match_value)
        or (rules.rule_type = 'email_domain_type' and contact.email_domain_type = rules.match_value)
        or (rules.rule_type = 'lead_source' and contact.source_key = rules.match_value)
    group by 1
)

select
    activity_points.lead_id,
    activity_points.snapshot_at,
    activity_points.points + coalesce(attribute_points.points, 0) as legacy_score
from activity_points
left join attribute_points
    on activity_points.lead_id = attribute_points.lead_id
