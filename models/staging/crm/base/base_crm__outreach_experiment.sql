{{ config(materialized='table') }}
-- Every raw experiment row, typed, with why it is rejected (null = kept).
-- A merged duplicate lead keeps the arm its surviving record was assigned.

{{ validated_raw('outreach_experiment',
    checks=[["lower(raw.group_name) not in ('outreach', 'holdout')", 'unknown group_name']],
    duplicates=[{'partition': 'canonical_lead_id', 'order': 'lead_id <> canonical_lead_id, assigned_at',
                 'reason': 'second arm of merged lead'}]) }}
