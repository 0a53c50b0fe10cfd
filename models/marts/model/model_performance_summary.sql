-- The test-split comparison the demo prints: champion vs challenger vs legacy
-- rules for the active model version.

select
    case model when 'champion' then 1 when 'challenger' then 2 else 3 end as sort_order,
    model,
    auc,
    pr_auc,
    log_loss,
    brier,
    ece,
    lift_at_10pct,
    lift_at_20pct,
    capture_at_20pct
from {{ ref('model_performance') }}
where split = 'test'
    and model_version = (select model_version from {{ ref('model_registry') }} where status = 'active')
