{{ config(materialized='table') }}
-- Every raw feedback row, typed, with why it is rejected (null = kept).

{{ validated_raw('lead_feedback', checks=[
    ["lower(raw.verdict) not in ('accepted', 'rejected', 'not_a_lead')", 'unknown verdict'],
]) }}
