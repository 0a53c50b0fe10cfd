"""Train (when needed) and append a model version to the artifact table.

Thin wrapper: data in from dbt, leadscore.train does the work, rows out.
Append-only: an existing version is never rewritten. A build reuses the
latest version unless var retrain is true, none exists yet, or the feature
set of this warehouse no longer matches it.
"""

from datetime import datetime, timezone

import pandas as pd

from leadscore import artifacts
from leadscore.train import feature_columns, needs_training, train_run


def model(dbt, session):
    dbt.config(materialized="incremental", incremental_strategy="append")
    training = dbt.ref("int_training_set").df()
    existing = session.sql(f"select * from {dbt.this}").df() if dbt.is_incremental else artifacts.empty_artifacts()
    retrain = str(dbt.config.get("retrain")).lower() == "true"
    reason = needs_training(existing, feature_columns(training), retrain)
    if reason is None:
        return artifacts.empty_artifacts()
    trained_at = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    rows = train_run(training, dbt.ref("int_deal_training").df(), trained_at)
    version = rows["model_version"].iloc[0]
    reason_rows = artifacts.info_rows(version, "conversion", trained_at, {"trained_because": reason})
    return pd.concat([rows, reason_rows], ignore_index=True)
