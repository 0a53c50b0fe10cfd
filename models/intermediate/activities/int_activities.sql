{{ config(
    materialized=('incremental' if rescoring_changed_only() else 'table'),
    incremental_strategy='delete+insert',
    unique_key='lead_id',
    tags=['daily']
) }}
-- depends_on: {{ ref('int_changed_leads') }}
-- Feature-eligible events known at as_of: post-conversion and noise types
-- are gone, every other type is mapped to the feature category it feeds.
-- Each event also carries its place in the lead's sequence (the category
-- before it, whether content / a trial / content-then-pricing came earlier).
-- Everything earlier than an event is earlier than any snapshot after it, so
-- these are computed once per event here instead of once per snapshot.
-- The daily path (var rescore = 'changed') replaces the events of the leads
-- in int_changed_leads only: nobody else has an event newer than last run.

with

activities as (
    select * from {{ ref('stg_crm__activities') }}
    where occurred_at < {{ as_of() }}
    {%- if is_incremental() %}
        and lead_id in (select lead_id from {{ ref('int_changed_leads') }})
    {%- endif %}
),

types as (
    select * from {{ ref('int_activity_types') }}
    where feature_category is not null
),

typed as (
    select
        activities.activity_id,
        activities.lead_id,
        activities.activity_type_key,
        types.feature_category,
        coalesce(types.canonical_type, activities.activity_type_key) as canonical_type,
        activities.page_path,
        activities.occurred_at
    from activities
    inner join types
        on activities.activity_type_key = types.activity_type_key
),

ordered as (
    select
        *,
        lag(feature_category) over by_time as previous_category,
        coalesce(max(case when feature_category = 'content' then 1 else 0 end) over earlier, 0)
            as content_before,
        coalesce(max(case when feature_category = 'trial_signup' then 1 else 0 end) over earlier, 0)
            as trial_before
    from typed
    window
        by_time as (partition by lead_id order by occurred_at, activity_type_key),
        earlier as (
            partition by lead_id order by occurred_at, activity_type_key
            rows between unbounded preceding and 1 preceding
        )
),

final as (
    select
        activity_id,
        lead_id,
        activity_type_key,
        feature_category,
        canonical_type,
        page_path,
        occurred_at,
        previous_category,
        content_before,
        trial_before,
        coalesce(max(case when feature_category = 'pricing_view' and content_before = 1 then 1 else 0 end) over (
            partition by lead_id order by occurred_at, activity_type_key
            rows between unbounded preceding and 1 preceding
        ), 0) as content_then_pricing_before
    from ordered
)

select * from final
