-- Leakage: types flagged post-conversion (catalogue or audit) never reach the feature input.
select activities.lead_id, activities.occurred_at, activities.activity_type_key
from {{ ref('int_activities') }} as activities
inner join {{ ref('int_activity_types') }} as types
    on activities.activity_type_key = types.activity_type_key
where types.catalogue_post_conversion or types.audit_post_conversion
