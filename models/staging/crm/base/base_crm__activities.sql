{{ config(materialized='table') }}
-- Every raw activity row, typed, with why it is rejected (null = kept).
-- Rows equal in (lead, type, timestamp) are one event whatever their ids.
-- A type written as a placeholder ('NULL', 'n/a', ...) is a missing type.

{%- set type_key = name_key('raw.activity_type') %}
{%- set placeholders = ['null', 'none', 'n_a', 'na', 'nan', 'nil', 'undefined', 'missing', 'blank', 'empty'] %}

{{ validated_raw('activities',
    computed=[[type_key, 'activity_type_key']],
    checks=[[type_key ~ " in ('" ~ placeholders | join("', '") ~ "')", 'missing activity_type']],
    duplicates=[{'partition': 'canonical_lead_id, activity_type_key, occurred_at', 'order': 'activity_id',
                 'reason': 'duplicate event'}]) }}
