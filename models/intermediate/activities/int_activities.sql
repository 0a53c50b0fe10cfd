{{ config(materialized='table') }}
-- Feature-eligible events known at as_of: post-conversion and noise types
-- are gone, every other type is mapped to the feature category it feeds.

with

activities as (
    select * from {{ ref('stg_crm__activities') }}
    where occurred_at < {{ as_of() }}
),

types as (
    select * from {{ ref('int_activity_types') }}
    where feature_category is not null
),

final as (
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
)

select * from final
