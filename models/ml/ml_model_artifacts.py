"""Train (when needed) and append a model version to the artifact table.

Thin wrapper: data in from dbt, leadscore.train does the work, rows out.
Append-only: an existing version is never rewritten. A build reuses the
version trained for it (on this data, from labels known at its as_of) unless
var retrain is true or none was, or its feature set no longer matches this
warehouse. A new version passes the promotion gate against the serving one
(leadscore.promotion) or is stored as a candidate.
Enabled when var train_with is 'dbt'; with 'cli', `python -m leadscore train`
calls the same function and writes the same table.
"""

from datetime import UTC, datetime

from leadscore import artifacts, promotion
from leadscore.train import Provenance, feature_directions, train_if_needed


def to_pandas(frame):
    # DuckDB relations have .df(); Spark DataFrames (Databricks) .toPandas()
    return frame.toPandas() if hasattr(frame, "toPandas") else frame.df()


def model(dbt, session):
    dbt.config(materialized="incremental", incremental_strategy="append")
    # dbt finds config keys and refs by reading these calls: keep them plain statements
    retrain = dbt.config.get("retrain")
    choice = dbt.config.get("champion")
    min_conversions = dbt.config.get("min_training_conversions")
    max_auc_drop = dbt.config.get("promotion_max_auc_drop")
    max_calibration_worsening = dbt.config.get("promotion_max_calibration_worsening")
    # the promotion log: what `leadscore promote` / `rollback` made serve
    log = to_pandas(dbt.ref("ml_model_promotions"))
    # provenance: where the CRM is read from, as_of, a fingerprint of the data
    provenance = Provenance.read(to_pandas(dbt.ref("ml_raw_input")))
    existing = artifacts.empty_artifacts()
    if dbt.is_incremental:
        existing = to_pandas(session.sql(f"select * from {dbt.this}"))
    # relations, not data: the column names decide whether to train, and the
    # rows are loaded only to train
    training_set = dbt.ref("int_training_set")
    directions = to_pandas(dbt.ref("ml_feature_directions"))
    won_deals = dbt.ref("int_deal_training")
    return train_if_needed(
        columns=list(training_set.columns),
        load=lambda: (to_pandas(training_set), to_pandas(won_deals)),
        existing=existing,
        retrain=str(retrain).lower() == "true",
        provenance=provenance,
        trained_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
        choice=str(choice or "auto"),
        directions=feature_directions(directions),
        min_conversions=int(min_conversions or 10),
        log=log.astype(promotion.LOG_COLUMNS),
        tolerances=promotion.Tolerances(float(max_auc_drop), float(max_calibration_worsening)),
    )
