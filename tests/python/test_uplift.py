"""Uplift: Qini coefficient and the two estimators on synthetic randomised outreach."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from leadscore.model import ConversionModel, fit_scalings, linear_predictor
from leadscore.uplift import MIN_ARM_POSITIVES, fit_uplift, qini_coefficient

FEATURES = ["f_a", "f_b", "f_x"]
EFFECT = 0.10  # absolute conversion-rate lift from outreach, only where f_x == 1
SHARE_X = 0.3


def experiment(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """50/50 randomised outreach; f_a drives baseline conversion, f_x alone drives the treatment effect."""
    frame = pd.DataFrame({
        "f_a": rng.normal(size=n),
        "f_b": rng.normal(size=n),
        "f_x": (rng.random(n) < SHARE_X).astype(float),
        "treated": (rng.random(n) < 0.5).astype(float),
    })
    p = 1 / (1 + np.exp(-(-3 + 0.8 * frame.f_a))) + EFFECT * frame.treated * frame.f_x
    frame["label"] = (rng.random(n) < p).astype(int)
    return frame


def predicted_uplift(models: dict[str, ConversionModel], frame: pd.DataFrame) -> np.ndarray:
    def sigmoid(m: ConversionModel) -> np.ndarray:
        return 1 / (1 + np.exp(-linear_predictor(m, frame)))

    if set(models) == {"uplift"}:
        return 2 * sigmoid(models["uplift"]) - 1
    assert set(models) == {"uplift_outreach", "uplift_holdout"}
    return sigmoid(models["uplift_outreach"]) - sigmoid(models["uplift_holdout"])


# --- Qini ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def qini_data():
    rng = np.random.default_rng(51)
    n = 20_000
    persuadable = rng.random(n) < SHARE_X
    treated = (rng.random(n) < 0.5).astype(int)
    y = (rng.random(n) < 0.05 + EFFECT * persuadable * treated).astype(int)
    return rng, persuadable, treated, y


# Ideal ranking, by hand: the Qini curve climbs to EFFECT * 0.5 * SHARE_X * n = 0.015 n over the top 30%
# and stays flat; the random line climbs to the same end point. Area between, over n^2:
# 0.035 * 0.3^2 / 2 + 0.015 * 0.7^2 / 2 = 0.001575 + 0.003675 = 0.00525.
IDEAL_QINI = 0.00525


def test_qini_is_positive_when_persuadable_rows_are_ranked_first(qini_data):
    rng, persuadable, treated, y = qini_data
    ranking = persuadable + 0.01 * rng.random(len(y))
    q = qini_coefficient(y, treated, ranking)
    assert q == pytest.approx(IDEAL_QINI, rel=0.3)


def test_qini_is_near_zero_for_a_random_ranking(qini_data):
    rng, _, treated, y = qini_data
    q = qini_coefficient(y, treated, rng.random(len(y)))
    assert abs(q) < 0.1 * IDEAL_QINI


def test_qini_is_negative_when_persuadable_rows_are_ranked_last(qini_data):
    rng, persuadable, treated, y = qini_data
    assert qini_coefficient(y, treated, -(persuadable + 0.01 * rng.random(len(y)))) < -0.5 * IDEAL_QINI


# --- fit_uplift ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def frames():
    rng = np.random.default_rng(52)
    train, test = experiment(rng, 20_000), experiment(rng, 10_000)
    return {"train": train, "valid": train.head(0), "test": test}, fit_scalings(train, FEATURES)


def test_chosen_uplift_models_find_the_persuadable_segment(frames):
    split_frames, scalings = frames
    models, report = fit_uplift(split_frames, scalings, 1.0)
    test = split_frames["test"]
    uplift = predicted_uplift(models, test)
    x = test["f_x"].to_numpy() == 1
    assert uplift[x].mean() > uplift[~x].mean() + EFFECT / 2
    assert abs(uplift[~x].mean()) < 0.02  # no effect outside the segment
    expected_method = "class_transformation" if "uplift" in models else "two_model"
    assert report["uplift_method"] == expected_method
    assert report["qini_two_model"] > 0 and report["qini_class_transformation"] > 0
    assert report["observed_uplift_test"] == pytest.approx(EFFECT * SHARE_X, abs=0.015)


def test_chosen_method_is_the_one_with_the_higher_qini(frames):
    split_frames, scalings = frames
    _, report = fit_uplift(split_frames, scalings, 1.0)
    better = "class_transformation" if report["qini_class_transformation"] > report["qini_two_model"] else "two_model"
    assert report["uplift_method"] == better


def test_two_model_estimator_is_used_when_test_has_no_conversions(frames):
    split_frames, scalings = frames
    no_conversions = {**split_frames, "test": split_frames["test"].assign(label=0)}
    models, report = fit_uplift(no_conversions, scalings, 1.0)
    assert set(models) == {"uplift_outreach", "uplift_holdout"}
    assert str(report["uplift_method"]).startswith("two_model")
    test = split_frames["test"]
    uplift = predicted_uplift(models, test)
    x = test["f_x"].to_numpy() == 1
    assert uplift[x].mean() > uplift[~x].mean() + EFFECT / 2


def test_too_few_conversions_in_an_arm_returns_no_models_and_says_why(frames):
    split_frames, scalings = frames
    train = split_frames["train"].copy()
    holdout_positives = train.index[(train.treated == 0) & (train.label == 1)]
    train.loc[holdout_positives[MIN_ARM_POSITIVES - 1:], "label"] = 0  # leave MIN_ARM_POSITIVES - 1
    assert train[train.treated == 0].label.sum() == MIN_ARM_POSITIVES - 1
    models, report = fit_uplift({**split_frames, "train": train}, scalings, 1.0)
    assert models == {}
    assert "too few conversions" in str(report["uplift_method"])


def test_missing_arm_returns_no_models(frames):
    split_frames, scalings = frames
    everyone_treated = split_frames["train"][split_frames["train"].treated == 1]
    models, report = fit_uplift({**split_frames, "train": everyone_treated}, scalings, 1.0)
    assert models == {}
    assert str(report["uplift_method"]).startswith("none")
