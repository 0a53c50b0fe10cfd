-- What the leakage rules decided and on what evidence: one row per activity
-- type and per audited lead field. The place to look when a signal seems to
-- be missing from the model, or to check that a workflow step of this CRM
-- was caught.

with

activity_types as (
    select * from {{ ref('int_activity_types') }}
),

lead_fields as (
    select * from {{ ref('int_lead_field_audit') }}
),

custom_fields as (
    select * from {{ ref('int_custom_field_audit') }}
),

final as (
    select
        'activity_type' as audited_item,
        activity_type_key as item_name,
        'share of pre-conversion events in the '
            || cast({{ var('leakage_proximity_hours') }} as {{ dbt.type_string() }})
            || ' h before conversion' as measure_name,
        events_before_conversion as evidence_count,
        share_near_conversion as measure,
        cast({{ var('leakage_proximity_share') }} as {{ type_double() }}) as threshold,
        feature_category is null as is_excluded,
        excluded_because
    from activity_types
    union all
    select
        'lead_field',
        field_name,
        'fill rate on converted leads minus fill rate on the others',
        converted_leads,
        fill_gap,
        cast({{ var('current_state_fill_gap') }} as {{ type_double() }}),
        filled_at_conversion,
        excluded_because
    from lead_fields
    union all
    select
        'custom_field',
        field_key,
        'best ROC AUC of the field alone for conversion (max of AUC, 1 - AUC)',
        converted_leads,
        separation_auc,
        cast({{ var('custom_field_max_auc') }} as {{ type_double() }}),
        leaked,
        case when leaked then 'separates conversions alone, is filled mostly on converted leads,'
            || ' or was set or changed around conversion' end
    from custom_fields
    union all
    select
        'custom_field_history',
        field_key,
        'share of converted leads with the field changed from '
            || cast({{ var('custom_field_change_hours') }} as {{ dbt.type_string() }})
            || ' h before conversion onward',
        converted_leads,
        changed_near_conversion_share,
        cast({{ var('leakage_proximity_share') }} as {{ type_double() }}),
        leaked,
        case
            when leaked and changed_near_conversion_share >= {{ var('leakage_proximity_share') }}
                then 'set or changed around conversion on most converted leads'
            when leaked then 'left out for its values (row custom_field)'
        end
    from custom_fields
    where changed_near_conversion_share > 0
)

select * from final
