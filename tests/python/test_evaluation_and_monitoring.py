"""Evaluation and monitoring marts: shapes that must hold, and drift that must be seen."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import AS_OF, Warehouse, Warehouses
from leadscore.metrics import classification_metrics


def test_lift_deciles_are_complete_and_capture_accumulates_to_one(warehouse: Warehouse) -> None:
    lift = warehouse.query("select * from model_lift_by_decile")
    assert not lift.duplicated(["model", "decile"]).any()
    for _, curve in lift.groupby("model"):
        curve = curve.sort_values("decile")
        assert curve.decile.tolist() == list(range(1, 11))
        assert (np.diff(curve.cumulative_capture) >= -1e-12).all()
        assert curve.cumulative_capture.iloc[-1] == pytest.approx(1.0)
    champion = lift[lift.model == "champion"].set_index("decile")
    assert champion.lift[1] > champion.lift[10]


def test_calibration_and_threshold_curves_are_monotone(warehouse: Warehouse) -> None:
    calibration = warehouse.query("select * from model_calibration_curve order by bin")
    # bins of equal probabilities (the calibration floor) differ only by summation noise
    assert (np.diff(calibration.mean_probability) >= -1e-12).all()
    threshold = warehouse.query("select * from model_threshold_curve order by threshold")
    assert (np.diff(threshold.routed) <= 0).all()
    assert (np.diff(threshold.recall.fillna(0)) <= 1e-12).all()
    assert threshold.maximises_expected_revenue.sum() == 1


def test_model_reaches_more_conversions_than_legacy_rules(warehouse: Warehouse) -> None:
    policies = warehouse.query("select * from legacy_vs_model").set_index("policy")
    assert policies.share_of_conversions["model_top_20pct"] >= 1.5 * policies.share_of_conversions[
        "legacy_rules_top_20pct"]


def test_segment_fairness_rates_are_shares(warehouse: Warehouse) -> None:
    fairness = warehouse.query("select * from segment_fairness")
    assert set(fairness.dimension) == {"industry", "size_band", "region", "seniority"}
    assert fairness.selection_rate.between(0, 1).all()
    assert not fairness.duplicated(["dimension", "segment"]).any()


def test_psi_is_never_negative_and_stable_without_a_shift(warehouse: Warehouse) -> None:
    drift = warehouse.query("select * from monitoring_feature_drift")
    assert (drift.psi >= 0).all()
    triggers = warehouse.query("select * from retrain_triggers").set_index("check_name")
    assert not triggers.fired["feature_drift"]
    assert not triggers.fired["retrain"]


def with_recent_events_repeated(activities: pd.DataFrame, types: tuple[str, ...], days: int,
                                copies: int) -> pd.DataFrame:
    """Every event of `types` in the `days` before AS_OF repeated `copies` more
    times (a second apart, so they are distinct events)."""
    recent = activities[activities.activity_type.isin(types)
                        & activities.occurred_at.between(pd.Timestamp(AS_OF) - pd.Timedelta(days=days),
                                                         pd.Timestamp(AS_OF) - pd.Timedelta(minutes=1))]
    extra = [recent.assign(activity_id=recent.activity_id + f"-x{i}",
                           occurred_at=recent.occurred_at + pd.Timedelta(seconds=i)) for i in range(1, copies + 1)]
    return pd.concat([activities, *extra], ignore_index=True)


def test_a_shift_in_recent_activity_fires_drift_and_the_retrain_trigger(sample_raw: Path,
                                                                        warehouses: Warehouses) -> None:
    activities = with_recent_events_repeated(pd.read_parquet(sample_raw / "activities.parquet"),
                                             ("Page View", "Email Open", "Content Download"), days=45, copies=3)
    shifted = warehouses.build(warehouses.export(sample_raw, {"activities": activities}))
    drift = shifted.query("select * from monitoring_feature_drift where is_important order by psi desc")
    assert drift.psi.iloc[0] > 0.25
    triggers = shifted.query("select * from retrain_triggers").set_index("check_name")
    assert triggers.fired["feature_drift"]
    assert triggers.fired["retrain"]
    assert drift.feature_name.iloc[0] in triggers.detail["feature_drift"]


def test_routing_precision_recall_f1_are_reported_for_the_active_model(warehouse: Warehouse) -> None:
    test = warehouse.query("""select * from model_performance where model = 'champion' and split = 'test'
        and model_version = (select model_version from model_registry where status = 'active')""").iloc[0]
    assert 0 < test.precision_at_routing <= 1 and 0 < test.recall_at_routing <= 1
    harmonic = 2 * test.precision_at_routing * test.recall_at_routing / (
        test.precision_at_routing + test.recall_at_routing)
    assert test.f1_at_routing == pytest.approx(harmonic)
    tiers = warehouse.query("select * from tier_conversion").set_index("tier")
    assert test.precision_at_routing == pytest.approx(tiers.conversion_rate["Hot"], rel=0.05)


def test_registry_test_figures_are_the_deployed_models_on_unseen_rows(warehouse: Warehouse) -> None:
    """The registry's test figures (computed in Python at training) equal the
    same figures recomputed from the marts' test predictions (the deployed
    model scored in SQL): the deployed calibration map and score reference
    were fitted without the test rows, so neither side judges on seen rows."""
    registry = warehouse.query("""select * from model_performance where split = 'test' and model = 'champion'
        and model_version = (select model_version from model_registry where status = 'active')""").iloc[0]
    test = warehouse.query("select label, conversion_probability as p from int_test_predictions")
    y, p = test.label.to_numpy(), test.p.to_numpy()
    recomputed = classification_metrics(y, p)
    assert len(test) == registry.rows and y.sum() == registry.positives
    for name in ["auc", "log_loss", "brier", "ece", "calibration_in_the_large"]:
        assert recomputed[name] == pytest.approx(registry[name], abs=1e-6), name
