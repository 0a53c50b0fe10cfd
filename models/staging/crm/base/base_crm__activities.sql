{{ config(materialized='table') }}
-- Every raw activity row, typed, with why it is rejected (null = kept).
-- Rows equal in (lead, type, timestamp) are one event whatever their ids.

{{ validated_raw('activities',
    computed=[[name_key('raw.activity_type'), 'activity_type_key']],
    duplicates=[{'partition': 'canonical_lead_id, activity_type_key, occurred_at', 'order': 'activity_id',
                 'reason': 'duplicate event'}]) }}
