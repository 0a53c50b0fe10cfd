-- Product usage for trial leads: how deeply they use the product before the
-- snapshot (active days, features, integrations, teammates invited).

select
    lead_id,
    snapshot_at,
    max(case when feature_category = 'trial_signup' then 1 else 0 end) as f_product__has_trial,
    count(distinct case when feature_category = 'product_usage' then cast(occurred_at as date) end)
        as f_product__active_days,
    count(distinct case when feature_category = 'product_usage' and age_days <= 7
        then cast(occurred_at as date) end) as f_product__active_days_7d,
    count(distinct case when canonical_type = 'feature_used' then page_path end) as f_product__distinct_features,
    count(distinct case when canonical_type = 'integration_connected' then coalesce(page_path, activity_type_key) end)
        as f_product__integrations,
    count(case when canonical_type = 'teammate_invited' then 1 end) as f_product__teammates_invited
from {{ ref('int_snapshot_events') }}
group by 1, 2
