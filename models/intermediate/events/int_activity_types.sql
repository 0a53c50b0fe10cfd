{{ config(materialized='table') }}
-- One row per activity type seen before as_of: what it is (catalogue), how
-- often it follows conversion (leakage audit) and which feature it feeds.
--   feature_category null  = never a feature (post-conversion or noise)
--   'type_<key>'           = uncatalogued but frequent: features of its own
--   'other'                = uncatalogued and rare

with

activities as (
    select * from {{ ref('stg_crm__activities') }}
    where occurred_at < {{ as_of() }}
),

leads as (
    select lead_id, converted_at from {{ ref('int_leads') }}
),

catalogue as (
    select * from {{ ref('activity_types') }}
),

usage as (
    select
        activities.activity_type_key,
        min(activities.activity_type) as example_name,
        count(*) as events,
        count(distinct activities.lead_id) as leads,
        count(leads.converted_at) as events_of_converted_leads,
        count(*) filter (where activities.occurred_at >= leads.converted_at) as events_after_conversion
    from activities
    inner join leads
        on activities.lead_id = leads.lead_id
    group by 1
),

audited as (
    select
        usage.*,
        catalogue.category as catalogue_category,
        catalogue.canonical_type,
        coalesce(catalogue.post_conversion, false) as catalogue_post_conversion,
        {{ divide('usage.events_after_conversion', 'nullif(usage.events_of_converted_leads, 0)') }}
            as share_after_conversion,
        -- too few events of converted leads to judge: trust the catalogue
        coalesce(
            usage.events_of_converted_leads >= 20
            and {{ divide('usage.events_after_conversion', 'nullif(usage.events_of_converted_leads, 0)') }}
                > {{ var('leakage_threshold') }},
            false
        ) as audit_post_conversion
    from usage
    left join catalogue
        on usage.activity_type_key = catalogue.activity_type_key
),

discovery_ranked as (
    select
        *,
        row_number() over (
            partition by catalogue_category is null and not audit_post_conversion
            order by leads desc, activity_type_key
        ) as discovery_rank
    from audited
),

final as (
    select
        activity_type_key,
        example_name,
        catalogue_category,
        canonical_type,
        events,
        leads,
        events_of_converted_leads,
        events_after_conversion,
        share_after_conversion,
        catalogue_post_conversion,
        audit_post_conversion,
        case
            when catalogue_post_conversion or audit_post_conversion then null
            when catalogue_category = 'noise' then null
            when catalogue_category is not null then catalogue_category
            when discovery_rank <= {{ var('discovered_type_limit') }}
                and leads >= {{ var('discovered_type_min_leads') }}
                then 'type_' || activity_type_key
            else 'other'
        end as feature_category,
        case
            when catalogue_post_conversion then 'post-conversion (catalogue)'
            when audit_post_conversion then 'post-conversion (leakage audit)'
            when catalogue_category = 'noise' then 'not engagement (catalogue: noise)'
        end as excluded_because
    from discovery_ranked
)

select * from final
