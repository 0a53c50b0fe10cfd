{{ config(
    materialized=daily_incremental(),
    incremental_strategy='delete+insert',
    unique_key='lead_id'
) }}
-- depends_on: {{ ref('int_changed_leads') }}
-- Feature-eligible events known at as_of: post-conversion and noise types
-- are gone, every other type is mapped to the feature category it feeds.
-- Each event also carries its place in the lead's sequence (the category
-- before it, whether content / a trial / content-then-pricing came earlier).
-- Everything earlier than an event is earlier than any snapshot after it, so
-- these are computed once per event here instead of once per snapshot.
-- Only events some snapshot of int_feature_spine can see are kept (earlier
-- than the lead's latest snapshot): at 1M leads over a third of the events
-- (66M -> 42M) belong to leads without a sampled snapshot or come after it.
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

last_snapshots as (
    select lead_id, max(snapshot_at) as last_snapshot_at
    from {{ ref('int_feature_spine') }}
    group by 1
),

types as (
    select
        *,
        -- position of the key in the events' tie-break order (occurred_at, then key)
        dense_rank() over (order by activity_type_key) as key_rank
    from {{ ref('int_activity_types') }}
    where feature_category is not null
),

typed as (
    select
        activities.lead_id,
        activities.activity_type_key,
        types.feature_category,
        coalesce(types.canonical_type, activities.activity_type_key) as canonical_type,
        activities.page_path,
        activities.occurred_at,
        -- (occurred_at, key) as one comparable number: microseconds x 1e9 + key rank
        cast({{ epoch_microseconds('activities.occurred_at') }} as decimal(38, 0)) * 1000000000
            + types.key_rank as event_order,
        types.key_rank
    from activities
    inner join last_snapshots
        on activities.lead_id = last_snapshots.lead_id
        and activities.occurred_at < last_snapshots.last_snapshot_at
    inner join types
        on activities.activity_type_key = types.activity_type_key
),

ordered as (
    -- one sort: every flag is a window over the same order. Pricing after
    -- content came before an event when the last pricing view before it is
    -- later than the first content before it. The key's rank orders ties in
    -- time like the key itself; sorting by an integer and carrying no
    -- activity_id (nothing downstream reads it) keeps the sort narrow.
    select
        *,
        lag(feature_category) over by_time as previous_category,
        coalesce(max(case when feature_category = 'content' then 1 else 0 end) over earlier, 0)
            as content_before,
        coalesce(max(case when feature_category = 'trial_signup' then 1 else 0 end) over earlier, 0)
            as trial_before,
        min(case when feature_category = 'content' then event_order end) over earlier as first_content_order,
        max(case when feature_category = 'pricing_view' then event_order end) over earlier as last_pricing_order
    from typed
    window
        by_time as (partition by lead_id order by occurred_at, key_rank),
        earlier as (
            partition by lead_id order by occurred_at, key_rank
            rows between unbounded preceding and 1 preceding
        )
),

final as (
    select
        lead_id,
        activity_type_key,
        feature_category,
        canonical_type,
        page_path,
        occurred_at,
        event_order,
        previous_category,
        content_before,
        trial_before,
        case when last_pricing_order > first_content_order then 1 else 0 end as content_then_pricing_before
    from ordered
)

select * from final
