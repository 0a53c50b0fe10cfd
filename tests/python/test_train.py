"""One training run end to end on synthetic frames, and the retrain decision."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from helpers import plain_logistic_regression
from leadscore import artifacts
from leadscore.train import (
    Provenance,
    feature_columns,
    model_version,
    needs_training,
    registry_info,
    reusable_version,
    split_frames,
    train_run,
)

TRAINED_AT = datetime(2026, 9, 1, 3, 4, 5)
FEATURES = [
    "f_activity__page_views_30d", "f_activity__email_opens_30d", "f_activity__days_since_last",
    "f_contact__seniority_vp", "f_contact__has_phone", "f_firmo__log_employees",
    "f_source__is_partner", "f_source__paid_search",
]


def training_frame(rng: np.random.Generator, n: int = 6000) -> pd.DataFrame:
    frame = pd.DataFrame({
        "f_activity__page_views_30d": rng.poisson(3, n).astype(float),
        "f_activity__email_opens_30d": rng.poisson(1, n).astype(float),
        "f_activity__days_since_last": rng.exponential(20, n),
        "f_contact__seniority_vp": (rng.random(n) < 0.2).astype(float),
        "f_contact__has_phone": (rng.random(n) < 0.6).astype(float),
        "f_firmo__log_employees": rng.uniform(1, 9, n),
        "f_source__is_partner": (rng.random(n) < 0.1).astype(float),
        "f_source__paid_search": (rng.random(n) < 0.3).astype(float),
    })
    logit = (-3.2 + 0.35 * np.log1p(frame.f_activity__page_views_30d) + 0.6 * frame.f_contact__seniority_vp
             + 0.9 * frame.f_source__is_partner - 0.02 * frame.f_activity__days_since_last
             + 0.15 * frame.f_firmo__log_employees)
    p = 1 / (1 + np.exp(-logit))
    in_experiment = rng.random(n) < 0.5
    treated = np.where(in_experiment, (rng.random(n) < 0.5).astype(float), np.nan)
    p = p + 0.08 * np.nan_to_num(treated) * frame.f_source__paid_search
    frame["label"] = (rng.random(n) < p).astype(int)
    frame["treated"] = treated
    frame["legacy_score"] = (10 * frame.f_contact__seniority_vp + 20 * frame.f_source__is_partner
                             + 5 * (frame.f_activity__page_views_30d > 3)).astype(int)
    frame["split"] = np.where(np.arange(n) < n // 2, "train", np.where(np.arange(n) < 3 * n // 4, "valid", "test"))
    frame["snapshot_at"] = pd.Timestamp("2026-01-01") + pd.to_timedelta(np.arange(n) // 20, unit="D")
    frame["lead_id"] = [f"L{i:05d}" for i in range(n)]
    return frame


def won_frame(rng: np.random.Generator, n: int = 120) -> pd.DataFrame:
    log_employees = rng.uniform(1, 9, n)
    vp = (rng.random(n) < 0.3).astype(float)
    mean = np.exp(8 + 0.8 * log_employees + 0.2 * vp)
    return pd.DataFrame({"amount": rng.gamma(2.0, mean / 2.0), "f_firmo__log_employees": log_employees,
                         "f_contact__seniority_vp": vp})


@pytest.fixture(scope="module")
def run():
    rng = np.random.default_rng(61)
    training, won = training_frame(rng), won_frame(rng)
    return train_run(split_frames(training), won, TRAINED_AT, seed=0), training


def test_train_run_returns_one_model_version_in_the_artifact_schema(run):
    rows, _ = run
    assert rows["model_version"].unique().tolist() == [model_version(TRAINED_AT)] == ["v20260901030405"]
    assert list(rows.columns) == list(artifacts.COLUMNS)
    assert (rows["trained_at"] == pd.Timestamp(TRAINED_AT)).all()


def test_train_run_contains_every_model(run):
    rows, _ = run
    names = set(rows["model_name"])
    assert {"conversion", "challenger", "legacy_rules", "deal_value"} <= names
    assert names & {"uplift", "uplift_outreach", "uplift_holdout"}, "uplift models were expected with ~1500 arm rows"


def test_conversion_metrics_cover_the_held_out_splits(run):
    # train may hold reweighted, sampled negatives: unweighted metrics there would mislead
    rows, training = run
    metrics = rows[(rows.model_name == "conversion") & (rows.artifact == "metric")]
    assert set(metrics["text"]) == {"valid", "test"}
    auc = metrics[metrics.name == "auc"].set_index("text")["value"]
    assert auc["test"] >= plain_logistic_regression(training)["auc_floor"]
    legacy = rows[(rows.model_name == "legacy_rules") & (rows.artifact == "metric")]
    assert set(legacy["text"]) == {"valid", "test"}
    challenger = rows[(rows.model_name == "challenger") & (rows.artifact == "metric")]
    assert set(challenger["text"]) == {"test"}


def test_conversion_model_round_trips_from_the_run(run):
    rows, _ = run
    model = artifacts.model_from_rows(rows[rows.model_name == "conversion"])
    assert model.feature_names == sorted(FEATURES)  # sorted f_ columns; no other columns leak in
    assert model.calibration.method in {"platt", "isotonic"}


def test_registry_info_records_rows_and_feature_set(run):
    rows, training = run
    info = rows[(rows.model_name == "conversion") & (rows.artifact == "param")].set_index("name")
    assert info.loc["feature_set", "text"] == ",".join(sorted(FEATURES))
    assert info.loc["rows_train", "value"] == (training.split == "train").sum()
    assert info.loc["positives_test", "value"] == training.loc[training.split == "test", "label"].sum()
    assert info.loc["uplift_method", "text"] in {"two_model", "class_transformation"}
    deal = rows[(rows.model_name == "deal_value") & (rows.artifact == "param")].set_index("name")
    assert deal.loc["method", "text"] == "gamma_glm_log_link_ridge"


def test_freshly_trained_run_needs_no_retraining(run):
    rows, training = run
    provenance = at(TRAINED_AT)
    recorded = artifacts.info_rows(rows.model_version.iloc[0], "conversion", TRAINED_AT,
                                   {"trained_as_of": provenance.as_of, "data_fingerprint": provenance.fingerprint})
    assert needs_training(pd.concat([rows, recorded]), feature_columns(training), False, provenance) is None

def test_train_run_without_experiment_rows_reports_no_uplift():
    rng = np.random.default_rng(62)
    training = training_frame(rng, 3000).assign(treated=np.nan)
    rows = train_run(split_frames(training), won_frame(rng), TRAINED_AT)
    assert not set(rows["model_name"]) & {"uplift", "uplift_outreach", "uplift_holdout"}
    info = rows[(rows.model_name == "conversion") & (rows.name == "uplift_method")]
    assert info["text"].iloc[0].startswith("none")


# --- needs_training ------------------------------------------------------------------------------


DATA, OTHER_DATA = "leads:3000:2026-10-01", "leads:3100:2026-11-01"
OLD, NEW = datetime(2026, 1, 1), datetime(2026, 6, 1)


def at(moment: datetime, fingerprint: str = DATA) -> Provenance:
    return Provenance("/exports/crm", str(moment), fingerprint)


def registry(*versions: tuple[datetime, list[str]] | tuple[datetime, list[str], str]) -> pd.DataFrame:
    """Artifact rows as train_if_needed writes them, in training order: one conversion info
    block per version, trained at (and for as_of) the given moment on DATA unless named."""
    frames = [artifacts.empty_artifacts()]
    names: set[str] = set()
    for trained_at, features, *fingerprint in versions:
        version = model_version(trained_at, taken=names)
        names.add(version)
        fake_split = {"train": pd.DataFrame({"label": [0, 1], "snapshot_at": [trained_at, trained_at]})}
        info = registry_info(fake_split, features) | {"trained_as_of": str(trained_at),
                                                      "data_fingerprint": (fingerprint or [DATA])[0]}
        frames.append(artifacts.info_rows(version, "conversion", trained_at, info))
        frames.append(artifacts.info_rows(version, "deal_value", trained_at, {"method": "x"}))
    return pd.concat(frames, ignore_index=True)


def test_needs_training_when_there_is_no_model_yet():
    assert needs_training(artifacts.empty_artifacts(), ["f_a"], False, at(NEW)) == "no model yet"


def test_no_training_when_the_serving_versions_feature_set_matches():
    existing = registry((OLD, ["f_a"]), (NEW, ["f_a", "f_b"]))
    assert needs_training(existing, ["f_a", "f_b"], False, at(NEW)) is None


def test_needs_training_when_feature_set_changed_since_the_serving_version():
    # the old version matched these features, but the newer one serves NEW
    existing = registry((OLD, ["f_a"]), (NEW, ["f_a", "f_b"]))
    assert needs_training(existing, ["f_a"], False, at(NEW)) == "feature set changed"
    assert needs_training(existing, ["f_a", "f_b", "f_c"], False, at(NEW)) == "feature set changed"


def test_a_model_never_serves_an_as_of_before_its_labels_were_known():
    existing = registry((NEW, ["f_a"]))
    reason = needs_training(existing, ["f_a"], False, at(OLD))
    assert reason is not None and "not yet known" in reason
    # once a version for OLD exists it serves OLD, and NEW's serves NEW and later
    both = registry((NEW, ["f_a"]), (OLD, ["f_a"]))
    assert reusable_version(both, at(OLD))["model_version"] == model_version(OLD)
    assert reusable_version(both, at(NEW + timedelta(days=30)))["model_version"] == model_version(NEW)
    between = reusable_version(both, at(OLD + timedelta(days=30)))
    assert between["model_version"] == model_version(OLD)


def test_needs_training_when_the_data_changed_in_the_same_place():
    existing = registry((OLD, ["f_a"]))
    assert needs_training(existing, ["f_a"], False, at(NEW)) is None
    reason = needs_training(existing, ["f_a"], False, at(NEW, OTHER_DATA))
    assert reason is not None and reason.startswith("the data changed")
    # a version of other data is never reused for this data (no training), even when it is the latest
    mixed = registry((OLD, ["f_a"]), (NEW, ["f_a"], OTHER_DATA))
    assert reusable_version(mixed, at(NEW))["model_version"] == model_version(OLD)


def test_versions_trained_in_the_same_second_get_distinct_names_that_sort_in_training_order():
    first = model_version(TRAINED_AT)
    second = model_version(TRAINED_AT, taken={first})
    third = model_version(TRAINED_AT, taken={first, second})
    a_second_later = model_version(TRAINED_AT + timedelta(seconds=1), taken={first, second, third})
    assert [first, second, third] == ["v20260901030405", "v20260901030405_2", "v20260901030405_3"]
    assert sorted([a_second_later, third, first, second]) == [first, second, third, a_second_later]


def test_the_latest_of_two_versions_trained_in_the_same_second_is_the_second():
    existing = registry((NEW, ["f_a"]), (NEW, ["f_a", "f_b"]))
    assert existing.model_version.unique().tolist() == ["v20260601000000", "v20260601000000_2"]
    assert needs_training(existing, ["f_a", "f_b"], False, at(NEW)) is None
    assert needs_training(existing, ["f_a"], False, at(NEW)) == "feature set changed"


def test_needs_training_when_retrain_requested_even_if_features_match():
    existing = registry((NEW, ["f_a", "f_b"]))
    assert needs_training(existing, ["f_a", "f_b"], True, at(NEW)) == "retrain requested"
    assert needs_training(artifacts.empty_artifacts(), [], True, at(NEW)) == "retrain requested"


def test_split_frames_partitions_rows_by_split(run):
    _, training = run
    frames = split_frames(training)
    assert sum(len(f) for f in frames.values()) == len(training)
    assert all((f["split"] == s).all() for s, f in frames.items())
    assert all(f.index.equals(pd.RangeIndex(len(f))) for f in frames.values())
