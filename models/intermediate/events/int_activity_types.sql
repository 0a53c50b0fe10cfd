{{ config(materialized='table') }}
-- One row per activity type seen before as_of: what it is (catalogue), how
-- its events sit around conversions (the proximity audit) and which feature
-- it feeds.
--   feature_category null  = never a feature (see excluded_because)
--   'type_<key>'           = uncatalogued but frequent: features of its own
--   'other'                = uncatalogued and rare
-- Leakage rules (docs/design.md, "Leakage rules"): a type leaks when a
-- snapshot of an open lead can see it and it records what sales already
-- decided. Events after conversion are never seen by a snapshot, so engagement
-- a CRM keeps tracking after conversion is no reason to drop a type.

{%- set near_conversion = add_days('leads.converted_at', '-' ~ var('leakage_proximity_hours') ~ ' / 24.0') %}

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
        count(case when activities.occurred_at < leads.converted_at then 1 end) as events_before_conversion,
        -- the conversion workflow's footprints: stamped in the hours before
        -- the opportunity is created, up to the second before it
        count(case
            when activities.occurred_at < leads.converted_at
                and activities.occurred_at >= {{ near_conversion }}
                then 1
        end) as events_near_conversion
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
        coalesce(catalogue.sales_driven, false) as catalogue_sales_driven,
        {{ divide('usage.events_near_conversion', 'nullif(usage.events_before_conversion, 0)') }}
            as share_near_conversion,
        -- too few events before conversions to judge: no verdict
        coalesce(
            usage.events_before_conversion >= {{ var('leakage_min_events') }}
            and {{ divide('usage.events_near_conversion', 'nullif(usage.events_before_conversion, 0)') }}
                >= {{ var('leakage_proximity_share') }},
            false
        ) as audit_conversion_footprint
    from usage
    left join catalogue
        on usage.activity_type_key = catalogue.activity_type_key
),

decided as (
    select
        *,
        case
            when catalogue_post_conversion then 'post-conversion (catalogue)'
            when audit_conversion_footprint then 'conversion footprint (proximity audit)'
            when catalogue_sales_driven and not {{ var('include_sales_driven_types') }}
                then 'sales-driven (catalogue)'
            when catalogue_category = 'noise' then 'not engagement (catalogue: noise)'
        end as excluded_because
    from audited
),

discovery_ranked as (
    select
        *,
        row_number() over (
            partition by catalogue_category is null and excluded_because is null
            order by leads desc, activity_type_key
        ) as discovery_rank
    from decided
),

final as (
    select
        activity_type_key,
        example_name,
        catalogue_category,
        canonical_type,
        events,
        leads,
        events_before_conversion,
        events_near_conversion,
        share_near_conversion,
        catalogue_post_conversion,
        catalogue_sales_driven,
        audit_conversion_footprint,
        case
            when excluded_because is not null then null
            when catalogue_category is not null then catalogue_category
            when discovery_rank <= {{ var('discovered_type_limit') }}
                and leads >= {{ var('discovered_type_min_leads') }}
                then 'type_' || activity_type_key
            else 'other'
        end as feature_category,
        excluded_because
    from discovery_ranked
)

select * from final
