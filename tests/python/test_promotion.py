"""The promotion gate, `leadscore promote` / `rollback` and `retrain-if-needed`,
on real builds: a crippled model trained on new data is kept as a candidate
and the serving model scores that data; promoting it makes it serve; rolling
back restores the earlier model's scores exactly."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from test_train import training_frame, won_frame

from helpers import AS_OF, Warehouse, Warehouses, rebuild
from leadscore import artifacts, promotion
from leadscore.cli import RETRAIN_NEEDED
from leadscore.metrics import classification_metrics
from leadscore.train import Provenance, train_if_needed

LATER = str(pd.Timestamp(AS_OF) + pd.Timedelta(days=7))
# a model fitted on a hundred training rows (thousands otherwise) ranks worse: a real, deliberately bad version
CRIPPLED = {"max_train_rows": 100}
SCORES = "select lead_id, scored_at, model_version, conversion_probability, score, tier, reasons_text from lead_scores"


def leadscore(warehouse: Warehouse, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "leadscore", *args, "--db", str(warehouse.db)],
                          capture_output=True, text=True, timeout=300)


def serving(warehouse: Warehouse) -> str:
    return warehouse.query("select distinct model_version from lead_scores").model_version.item()


def scores(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query(f"{SCORES} order by lead_id").drop(columns="model_version")


@pytest.fixture(scope="module")
def gated(warehouse: Warehouse, warehouses: Warehouses) -> Warehouse:
    """The shared warehouse (one version, trained at AS_OF) built a week later from the export taken
    then (without the events after LATER: another data fingerprint, the same history up to LATER),
    with a crippled trainer."""
    activities = pd.read_parquet(warehouse.raw / "activities.parquet")
    # placeholder dates (2099) stay: they are in every export and quarantined
    future = (activities.occurred_at > pd.Timestamp(LATER)) & (activities.occurred_at.dt.year < 2090)
    assert future.any(), "the sample has events after LATER"
    copy = warehouses.copy(warehouse)
    later = Warehouse(warehouses.export(warehouse.raw, {"activities": activities[~future]}), copy.db, copy.out)
    rebuild(later, selector="full", as_of=LATER, **CRIPPLED)
    return later


@pytest.fixture(scope="module")
def promoted(gated: Warehouse, warehouses: Warehouses) -> Warehouse:
    copy = warehouses.copy(gated)
    candidate = copy.query("select model_version from model_registry where status = 'candidate'").model_version.item()
    result = leadscore(copy, "promote", candidate, "--by", "reviewer")
    assert result.returncode == 0, result.stderr
    rebuild(copy, selector="full", as_of=LATER, **CRIPPLED)
    return copy


def test_a_worse_new_version_is_kept_as_a_candidate_and_the_serving_one_scores_the_new_data(
        warehouse: Warehouse, gated: Warehouse) -> None:
    first = serving(warehouse)
    registry = gated.query("select * from model_registry").set_index("model_version")
    (candidate,) = registry.index[registry.status == "candidate"]
    kept = registry.loc[candidate]
    assert kept.gate_compared_with == first and kept.promotion_status == "candidate"
    assert kept.trained_because.startswith("the data changed")
    assert kept.gate_new_auc < kept.gate_previous_auc - 0.01 and "AUC" in kept.promotion_reason
    assert registry.status[first] == "active"
    # the new data (another fingerprint) is scored, by the version the gate kept serving
    assert serving(gated) == first
    assert set(gated.query("select distinct scored_at from lead_scores").scored_at) == {pd.Timestamp(LATER)}
    # the previous version's gate figures, computed in Python from its stored rows, are what
    # SQL scoring gives on the same test rows (int_test_predictions: the active version, this build)
    test = gated.query("select label, conversion_probability from int_test_predictions")
    in_sql = classification_metrics(test.label.to_numpy(), test.conversion_probability.to_numpy())
    assert len(test) == kept.gate_rows
    assert in_sql["auc"] == pytest.approx(kept.gate_previous_auc, abs=1e-9)
    assert in_sql["ece"] == pytest.approx(kept.gate_previous_ece, abs=1e-9)
    # and the candidate's figures are its own registry test figures: the same rows
    assert kept.gate_new_auc == pytest.approx(kept.test_auc, abs=1e-12)


def test_promote_makes_a_candidate_serve_and_is_logged(gated: Warehouse, promoted: Warehouse) -> None:
    first = serving(gated)
    registry = promoted.query("select * from model_registry").set_index("model_version")
    (candidate,) = registry.index[registry.promotion_status == "candidate"]
    assert serving(promoted) == candidate
    assert registry.status[candidate] == "active" and registry.status[first] == "retired"
    assert registry.last_promoted_by[candidate] == "reviewer"
    log = promoted.query("select * from ml_model_promotions")
    assert log[["model_version", "action", "promoted_by"]].values.tolist() == [[candidate, "promote", "reviewer"]]
    versions = promoted.query("select count(distinct model_version) as n from ml_model_artifacts").n.item()
    assert versions == 2, "a promotion trains nothing"


def test_rollback_restores_the_previous_versions_scores(gated: Warehouse, promoted: Warehouse,
                                                       warehouses: Warehouses) -> None:
    back = warehouses.copy(promoted)
    assert not np.allclose(scores(promoted).conversion_probability, scores(gated).conversion_probability)
    result = leadscore(back, "rollback", "--by", "on-call")
    assert result.returncode == 0, result.stderr
    rebuild(back, selector="full", as_of=LATER, **CRIPPLED)
    assert serving(back) == serving(gated)
    pd.testing.assert_frame_equal(scores(back), scores(gated), check_exact=False, rtol=0, atol=1e-12)
    log = back.query("select model_version, action, promoted_by from ml_model_promotions order by promoted_at")
    assert log.values.tolist()[-1] == [serving(gated), "rollback", "on-call"]


def test_promoting_an_unknown_version_is_a_usage_error(gated: Warehouse) -> None:
    result = leadscore(gated, "promote", "v19990101000000")
    assert result.returncode == 2 and "not in the registry" in result.stderr


def test_retrain_if_needed_exits_0_when_no_trigger_fires(warehouse: Warehouse) -> None:
    triggers = warehouse.query("select * from retrain_triggers")
    assert not triggers.fired.fillna(False).any(), f"precondition: the sample fires nothing\n{triggers}"
    result = leadscore(warehouse, "retrain-if-needed")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no retrain needed" in result.stdout


def test_retrain_if_needed_exits_10_naming_the_age_trigger_a_month_after_training(
        warehouse: Warehouse, warehouses: Warehouses) -> None:
    """The serving version was trained at AS_OF; the triggers judged 31 days later find it too old."""
    month_later = warehouses.copy(warehouse)
    rebuild(month_later, "retrain_triggers", as_of=str(pd.Timestamp(AS_OF) + pd.Timedelta(days=31)))
    age = month_later.query("select * from retrain_triggers where check_name = 'model_age'").iloc[0]
    assert age.fired and age.measured == pytest.approx(31)
    result = leadscore(month_later, "retrain-if-needed")
    assert result.returncode == RETRAIN_NEEDED == 10, result.stdout + result.stderr
    assert "model_age" in result.stdout


# --- which version serves: pure rules ------------------------------------------------------------


T0 = datetime(2026, 1, 1)


def versions(*rows: tuple[str, int, str | None]) -> pd.DataFrame:
    """(name, day trained (for that as_of too), gate verdict)."""
    return pd.DataFrame([{"model_version": name, "trained_at": T0 + timedelta(days=day),
                          "trained_as_of": str(T0 + timedelta(days=day)), "promotion_status": status}
                         for name, day, status in rows])


def log(*rows: tuple[str, str, int]) -> pd.DataFrame:
    return pd.concat([promotion.empty_log()] + [promotion.log_row(name, action, "me", T0 + timedelta(days=day))
                                                for name, action, day in rows], ignore_index=True)


def test_a_candidate_serves_only_once_promoted_and_a_later_passing_version_supersedes_it() -> None:
    store = versions(("v1", 0, None), ("v2", 10, "candidate"))
    assert promotion.serving_version(store, log()) == "v1"
    assert promotion.serving_version(store, log(("v2", "promote", 12))) == "v2"
    newer = versions(("v1", 0, None), ("v2", 10, "candidate"), ("v3", 20, "active"))
    assert promotion.serving_version(newer, log(("v2", "promote", 12))) == "v3"


def test_a_promoted_version_never_serves_an_as_of_before_its_own() -> None:
    store = versions(("v1", 0, "active"), ("v2", 10, "candidate"))
    promoted = log(("v2", "promote", 12))
    assert promotion.serving_version(store, promoted, pd.Timestamp(T0 + timedelta(days=5))) == "v1"
    assert promotion.serving_version(store, promoted, pd.Timestamp(T0 + timedelta(days=11))) == "v2"


def test_rollback_returns_to_the_version_that_served_before_the_current_one() -> None:
    store = versions(("v1", 0, "active"), ("v2", 10, "active"))
    assert promotion.rollback_target(store, log()) == ("v2", "v1")
    assert promotion.rollback_target(store, log(("v1", "rollback", 11))) == ("v1", "v2")
    assert promotion.rollback_target(versions(("v1", 0, "active")), log()) == ("v1", None)


def test_the_gate_compares_both_versions_on_the_same_rows() -> None:
    rng = np.random.default_rng(0)
    p = rng.uniform(0.01, 0.5, 4000)
    y = (rng.uniform(size=p.size) < p).astype(int)
    assert promotion.gate(y, p, p, promotion.DEFAULT)["promotion_status"] == "active"
    shuffled = rng.permutation(p)  # same calibration in the large, no ranking
    verdict = promotion.gate(y, shuffled, p, promotion.DEFAULT)
    assert verdict["promotion_status"] == "candidate" and verdict["gate_new_auc"] < verdict["gate_previous_auc"]
    assert promotion.gate(y, shuffled, p, promotion.Tolerances(1.0, 1.0))["promotion_status"] == "active"


def test_a_version_trained_on_shuffled_labels_stays_a_candidate_against_the_serving_one() -> None:
    """train_if_needed end to end on synthetic frames: the second version learns from train labels
    shuffled (noise), so on the shared test rows it ranks worse and the gate keeps it out."""
    rng = np.random.default_rng(5)
    training, won = training_frame(rng), won_frame(rng)
    provenance = Provenance("/exports/crm", "2026-09-01 00:00:00", "leads:6000")
    first = train_if_needed(list(training.columns), lambda: (training, won), artifacts.empty_artifacts(), False,
                            provenance, T0)
    info = first[first.artifact == "param"].set_index("name")["text"]
    assert info["promotion_status"] == "active" and "nothing to compare" in info["promotion_reason"]

    noise = training.copy()
    is_train = noise.split == "train"
    noise.loc[is_train, "label"] = rng.permutation(noise.loc[is_train, "label"].to_numpy())
    second = train_if_needed(list(noise.columns), lambda: (noise, won), first, True, provenance,
                             T0 + timedelta(hours=1))
    verdict = second[(second.artifact == "param") & (second.model_name == "conversion")].set_index("name")
    assert verdict.text["promotion_status"] == "candidate"
    assert verdict.text["gate_compared_with"] == first.model_version.iloc[0]
    first_test_auc = first[(first.model_name == "conversion") & (first.name == "auc") & (first.text == "test")]
    assert verdict.value["gate_previous_auc"] == pytest.approx(first_test_auc.value.item(), abs=1e-12)
    assert verdict.value["gate_new_auc"] < verdict.value["gate_previous_auc"] - promotion.DEFAULT.max_auc_drop
    # a serving version that reads a feature this data lacks cannot be scored on it: the new one passes
    test = noise[noise.split == "test"].drop(columns="f_contact__seniority_vp")
    lacking = promotion.judge(second, first, pd.Series({"model_version": first.model_version.iloc[0]}), test,
                              promotion.DEFAULT)
    assert lacking["promotion_status"] == "active" and "f_contact__seniority_vp" in lacking["promotion_reason"]
