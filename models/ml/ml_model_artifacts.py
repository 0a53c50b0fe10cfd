"""Train (when needed) and append a model version to the artifact table.

Thin wrapper: data in from dbt, leadscore.train does the work, rows out.
Append-only: an existing version is never rewritten. A build reuses the
latest version unless var retrain is true, none exists yet, the feature set
of this warehouse no longer matches it, or it was trained on another export.
"""

from datetime import UTC, datetime

import pandas as pd

from leadscore import artifacts
from leadscore.train import feature_columns, needs_training, train_run


def model(dbt, session):
    dbt.config(materialized="incremental", incremental_strategy="append")
    training_set = dbt.ref("int_training_set")
    existing = session.sql(f"select * from {dbt.this}").df() if dbt.is_incremental else artifacts.empty_artifacts()
    retrain = str(dbt.config.get("retrain")).lower() == "true"
    raw_path = str(dbt.config.get("raw_path"))
    # the column names decide whether to train; the rows are loaded only to train
    reason = needs_training(existing, feature_columns(pd.DataFrame(columns=training_set.columns)), retrain, raw_path)
    if reason is None:
        return artifacts.empty_artifacts()
    training = training_set.df()
    trained_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    rows = train_run(training, dbt.ref("int_deal_training").df(), trained_at)
    version = rows["model_version"].iloc[0]
    provenance = {"trained_because": reason, "raw_path": raw_path}
    reason_rows = artifacts.info_rows(version, "conversion", trained_at, provenance)
    return pd.concat([rows, reason_rows], ignore_index=True)
