{{ config(materialized='table') }}
-- Every raw field-history row, typed, with why it is rejected (null = kept).
{{ validated_raw('lead_field_history') }}
