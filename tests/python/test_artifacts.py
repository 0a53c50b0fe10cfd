"""Artifact rows: the long table is the model, so it must round-trip exactly and keep one schema."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from leadscore import artifacts
from leadscore.model import (
    Calibration,
    ConversionModel,
    fit_isotonic,
    fit_scalings,
    predict_proba,
    score,
)

TRAINED_AT = datetime(2026, 9, 1, 3, 0, 0)
FEATURES = ["f_views", "f_flag", "f_delta"]


def raw_frame(rng: np.random.Generator, n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "f_views": rng.pareto(1.2, n) * 5,  # heavy-tailed count: log1p + clipping
        "f_flag": (rng.random(n) < 0.3).astype(float),
        "f_delta": rng.normal(0, 3, n),
    })


def make_model(method: str) -> ConversionModel:
    rng = np.random.default_rng(31)
    train = raw_frame(rng, 3000)
    scalings = fit_scalings(train, FEATURES)
    coefficients = np.array([0.7, -0.4, 0.25])
    model = ConversionModel(scalings, coefficients, -3.1, Calibration("none"),
                            score_xs=np.array([0.001, 0.02, 0.05, 0.4]), score_ys=np.array([0.0, 30.0, 75.0, 100.0]),
                            params={"C": 0.1, "class_weight": "none", "calibration": method})
    if method == "platt":
        model.calibration = Calibration("platt", slope=0.93, intercept=-0.21)
    elif method == "isotonic":
        logit = rng.normal(-3, 1, 3000)
        y = (rng.random(3000) < 1 / (1 + np.exp(-logit))).astype(int)
        model.calibration = fit_isotonic(logit, y)
        assert len(model.calibration.xs) > 5
    return model


@pytest.mark.parametrize("method", ["platt", "isotonic", "none"])
def test_round_trip_through_rows_gives_identical_probabilities_and_scores(method):
    model = make_model(method)
    rows = artifacts.linear_model_rows(model, "v1", "conversion", TRAINED_AT)
    rebuilt = artifacts.model_from_rows(rows)
    # fresh rows, including values beyond the training clip bounds and a missing-valued cell
    frame = raw_frame(np.random.default_rng(99), 2000)
    frame.loc[0, "f_views"] = 1e7
    frame.loc[1, "f_delta"] = np.nan
    p, p_rebuilt = predict_proba(model, frame), predict_proba(rebuilt, frame)
    np.testing.assert_allclose(p_rebuilt, p, rtol=0, atol=1e-12)
    np.testing.assert_allclose(score(rebuilt, p), score(model, p), rtol=0, atol=1e-12)
    assert rebuilt.calibration.method == method
    assert rebuilt.feature_names == model.feature_names


@pytest.mark.parametrize("method", ["platt", "isotonic"])
def test_round_trip_survives_rows_returned_in_any_order(method):
    model = make_model(method)
    rows = artifacts.linear_model_rows(model, "v1", "conversion", TRAINED_AT)
    shuffled = rows.sample(frac=1.0, random_state=3).reset_index(drop=True)
    rebuilt = artifacts.model_from_rows(shuffled)
    frame = raw_frame(np.random.default_rng(5), 500)
    np.testing.assert_allclose(predict_proba(rebuilt, frame), predict_proba(model, frame), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(rebuilt.score_xs, model.score_xs)
    np.testing.assert_array_equal(rebuilt.calibration.xs, model.calibration.xs)


def test_linear_model_rows_has_one_row_per_coefficient_and_point():
    model = make_model("isotonic")
    rows = artifacts.linear_model_rows(model, "v1", "conversion", TRAINED_AT)
    counts = rows["artifact"].value_counts()
    assert counts["coefficient"] == len(FEATURES) + 1  # + intercept
    assert counts["calibration"] == 1
    assert counts["calibration_point"] == len(model.calibration.xs)
    assert counts["score_reference"] == len(model.score_xs)
    assert counts["param"] == len(model.params)
    intercept = rows[rows["name"] == artifacts.INTERCEPT]
    assert intercept["coefficient"].iloc[0] == -3.1


def assert_schema(frame: pd.DataFrame, label: str) -> None:
    assert list(frame.columns) == list(artifacts.COLUMNS), label
    assert {c: str(t) for c, t in frame.dtypes.items()} == artifacts.COLUMNS, label


def test_every_artifact_frame_has_exactly_the_schema():
    model = make_model("platt")
    frames = {
        "empty": artifacts.empty_artifacts(),
        "linear_model": artifacts.linear_model_rows(model, "v1", "conversion", TRAINED_AT),
        "metrics": artifacts.metric_rows("v1", "conversion", TRAINED_AT, {"test": {"auc": 0.8}}),
        "no_metrics": artifacts.metric_rows("v1", "conversion", TRAINED_AT, {}),
        "info": artifacts.info_rows("v1", "conversion", TRAINED_AT, {"rows": 10.0, "window": None, "set": "a,b"}),
    }
    for name, frame in frames.items():
        assert_schema(frame, name)
    assert_schema(pd.concat(list(frames.values()), ignore_index=True), "concatenated")
    assert (frames["linear_model"]["trained_at"] == pd.Timestamp(TRAINED_AT)).all()
    assert (frames["linear_model"]["model_version"] == "v1").all()


def test_metric_rows_put_the_split_in_text():
    metrics = {"train": {"auc": 0.81, "ece": 0.004}, "test": {"auc": 0.77}}
    rows = artifacts.metric_rows("v2", "challenger", TRAINED_AT, metrics)
    assert (rows["artifact"] == "metric").all()
    assert (rows["model_name"] == "challenger").all()
    got = {(r.text, r.name): r.value for r in rows.itertuples()}
    assert got == {("train", "auc"): 0.81, ("train", "ece"): 0.004, ("test", "auc"): 0.77}


def test_param_rows_store_numbers_in_value_and_strings_in_text():
    rows = artifacts.info_rows("v1", "conversion", TRAINED_AT,
                               {"C": 0.3, "n": 5, "class_weight": "balanced", "window": None})
    by_name = rows.set_index("name")
    assert by_name.loc["C", "value"] == 0.3 and pd.isna(by_name.loc["C", "text"])
    assert by_name.loc["n", "value"] == 5.0
    assert by_name.loc["class_weight", "text"] == "balanced" and pd.isna(by_name.loc["class_weight", "value"])
    assert pd.isna(by_name.loc["window", "text"])
