{{ config(materialized='table') }}
-- Every raw sales_touches row, typed, with why it is rejected (null = kept).
{{ validated_raw('sales_touches') }}
