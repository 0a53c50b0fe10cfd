"""Uplift: Qini coefficient, the two estimators chosen on validation, and no model without an effect,
on synthetic randomised outreach."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from leadscore.model import fit_scalings
from leadscore.uplift import MIN_ARM_POSITIVES, fit_uplift, predict_uplift, qini_coefficient

FEATURES = ["f_contact__a", "f_firmo__b", "f_contact__x", "f_window__replies"]
EFFECT = 0.10  # absolute conversion-rate lift from outreach, only where f_x == 1
SHARE_X = 0.3


def experiment(rng: np.random.Generator, n: int, effect: float = EFFECT) -> pd.DataFrame:
    """50/50 randomised outreach; a drives baseline conversion, x alone drives the treatment effect;
    replies to the reps' outreach happen only in the outreach arm, after the assignment."""
    frame = pd.DataFrame({
        "f_contact__a": rng.normal(size=n),
        "f_firmo__b": rng.normal(size=n),
        "f_contact__x": (rng.random(n) < SHARE_X).astype(float),
        "treated": (rng.random(n) < 0.5).astype(float),
    })
    p = 1 / (1 + np.exp(-(-3 + 0.8 * frame.f_contact__a))) + effect * frame.treated * frame.f_contact__x
    frame["label"] = (rng.random(n) < p).astype(int)
    frame["f_window__replies"] = frame.treated * rng.poisson(1 + 2 * frame.label)
    return frame


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
    train, valid, test = experiment(rng, 20_000), experiment(rng, 10_000), experiment(rng, 10_000)
    return {"train": train, "valid": valid, "test": test}, fit_scalings(train, FEATURES)


def test_chosen_uplift_models_find_the_persuadable_segment(frames):
    split_frames, scalings = frames
    models, report = fit_uplift(split_frames, scalings, 1.0)
    test = split_frames["test"]
    uplift = predict_uplift(models, test)
    x = test["f_contact__x"].to_numpy() == 1
    assert uplift[x].mean() > uplift[~x].mean() + EFFECT / 2
    assert abs(uplift[~x].mean()) < 0.02  # no effect outside the segment
    expected_method = "class_transformation" if "uplift" in models else "two_model"
    assert report["uplift_method"] == expected_method
    assert report["qini_valid_two_model"] > 0 and report["qini_valid_class_transformation"] > 0
    assert report["qini_test"] > report["qini_valid_random_p95"]
    assert report["observed_uplift_test"] == pytest.approx(EFFECT * SHARE_X, abs=0.015)
    assert report["effect_valid_low"] > 0


def test_the_method_is_chosen_on_validation_and_test_plays_no_part(frames):
    split_frames, scalings = frames
    models, report = fit_uplift(split_frames, scalings, 1.0)
    valid = {k: v for k, v in report.items() if k.startswith("qini_valid_") and not k.endswith("p95")}
    assert report["uplift_method"] == max(valid, key=valid.get).removeprefix("qini_valid_")
    # test labels scrambled: the same models and method, only the test figure moves
    scrambled = split_frames["test"].assign(label=np.random.default_rng(1).permutation(split_frames["test"].label))
    again, report_again = fit_uplift({**split_frames, "test": scrambled}, scalings, 1.0)
    assert report_again["uplift_method"] == report["uplift_method"]
    assert all(np.array_equal(again[name].coefficients, models[name].coefficients) for name in models)
    assert report_again["qini_test"] != report["qini_test"]


def test_an_experiment_without_an_effect_publishes_no_uplift_and_says_why():
    rng = np.random.default_rng(53)
    split = {name: experiment(rng, n, effect=0.0) for name, n in (("train", 20_000), ("valid", 10_000),
                                                                  ("test", 10_000))}
    models, report = fit_uplift(split, fit_scalings(split["train"], FEATURES), 1.0)
    assert models == {}
    assert str(report["uplift_method"]).startswith("none (no detectable effect on validation")
    assert report["effect_valid_low"] <= 0 <= report["effect_valid_high"]


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


def test_uplift_reads_only_what_was_known_before_the_assignment(frames):
    """Replies exist only where reps reached out, and more among converters: a
    model reading them would credit outreach to whoever replied."""
    split_frames, scalings = frames
    models, _ = fit_uplift(split_frames, scalings, 1.0)
    assert models and all("f_window__replies" not in m.feature_names for m in models.values())
    assert all(set(m.feature_names) == {"f_contact__a", "f_firmo__b", "f_contact__x"} for m in models.values())
