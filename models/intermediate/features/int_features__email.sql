-- Email engagement with marketing mail before the snapshot.

with

counts as (
    select
        lead_id,
        snapshot_at,
        count(case when feature_category = 'email_open' then 1 end) as opens,
        count(case when feature_category = 'email_click' then 1 end) as clicks,
        max(case when feature_category = 'email_unsubscribe' then 1 else 0 end) as unsubscribed
    from {{ ref('int_snapshot_events') }}
    group by 1, 2
)

select
    lead_id,
    snapshot_at,
    opens as f_email__opens,
    clicks as f_email__clicks,
    -- clicks without a tracked open happen (image blocking): cap the rate at 1
    least({{ divide('clicks', 'greatest(opens, 1)') }}, 1) as f_email__click_rate,
    unsubscribed as f_email__unsubscribed
from counts
