{{ config(materialized='table') }}
-- Every raw opportunity row, typed, with why it is rejected (null = kept).
{{ validated_raw('opportunities') }}
