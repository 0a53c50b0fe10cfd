"""What the engine parity suites (tests/spark, tests/postgres) share: the
export they build, what may differ between two builds, the marts compared,
and the check that SQL applies the champion as Python does on the engine."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadscore import champion, engines
from leadscore.artifacts import model_from_rows

AS_OF = "2026-09-01 00:00:00"
LEADS = 1500
# the additive champion: its SQL is the newer and larger of the two (make test checks the logistic one)
TRAINING = {"retrain": True, "champion": "additive"}
# differ between two builds by construction: build times, ids of runs, where the input was read
VOLATILE = {"model_version", "lead_score_model_version", "trained_at", "synced_at", "updated_at", "updated_at_utc",
            "sync_batch_id", "built_at", "_source_file"}
MARTS = [
    "lead_scores", "crm_lead_score_sync", "lead_score_history", "tier_conversion", "model_lift_by_decile",
    "model_calibration_curve", "model_threshold_curve", "legacy_vs_model", "segment_fairness", "score_backtest",
    "monitoring_feature_drift", "monitoring_score_distribution", "monitoring_calibration_by_cohort",
    "monitoring_rolling_auc", "retrain_triggers",
    "data_quality_scorecard", "model_performance",
    # row by row: DuckDB judges repeated activities with a join on row locators, the others with a union
    "quarantine_crm__activities",
]


def table(warehouse: engines.Warehouse, name: str) -> pd.DataFrame:
    frame = warehouse.read(name)
    assert frame is not None, f"{name} was not built"
    return frame


def assert_sql_applies_the_additive_champion(warehouse: engines.Warehouse) -> None:
    """Its CASE-per-term SQL gives Python's logit and probability on this engine, to 1e-9."""
    store = table(warehouse, "ml_model_artifacts")
    active = table(warehouse, "model_registry").query("status == 'active'")
    assert active.champion_kind.item() == "additive"
    model = model_from_rows(store[(store.model_version == active.model_version.item())
                                  & (store.model_name == "conversion")])
    scored = table(warehouse, "int_feature_matrix").merge(
        table(warehouse, "int_snapshot_scores")[["lead_id", "snapshot_at", "logit", "conversion_probability"]],
        on=["lead_id", "snapshot_at"])
    features = [c for c in scored.columns if c.startswith("f_")]
    scored[features] = scored[features].astype(float)
    np.testing.assert_allclose(scored.logit.astype(float), champion.logit(model, scored), rtol=0, atol=1e-9)
    np.testing.assert_allclose(scored.conversion_probability.astype(float), champion.predict_proba(model, scored),
                               rtol=0, atol=1e-9)


def assert_same_model(duck: engines.Warehouse, other: engines.Warehouse) -> None:
    """Both engines trained the same champion from the same rows: the same
    shapes, to 1e-8, and the same coefficients of every linear model (deal
    value, uplift when there is one)."""
    def shapes(warehouse: engines.Warehouse) -> pd.DataFrame:
        frame = table(warehouse, "ml_model_shapes")
        bins = frame[["bin_index", "bin_index_2"]].astype(float).fillna(-1)
        return frame.assign(bin_index=bins.bin_index, bin_index_2=bins.bin_index_2).sort_values(
            ["model_name", "term_name", "bin_index", "bin_index_2"]).reset_index(drop=True)

    d, o = shapes(duck), shapes(other)
    assert len(d) > 100 and len(d) == len(o)
    assert d.term_name.tolist() == o.term_name.tolist()
    assert (d[["bin_index", "bin_index_2"]].to_numpy() == o[["bin_index", "bin_index_2"]].to_numpy()).all()
    np.testing.assert_allclose(d.contribution.astype(float), o.contribution.astype(float), rtol=0, atol=1e-8)
    d, o = table(duck, "model_coefficients"), table(other, "model_coefficients")
    assert len(d) > 0 and len(d) == len(o)
    merged = d.merge(o, on=["model_name", "feature_name"], suffixes=("_duck", "_other"))
    assert len(merged) == len(d)
    np.testing.assert_allclose(merged.coefficient_duck.astype(float), merged.coefficient_other.astype(float),
                               rtol=0, atol=1e-8)
