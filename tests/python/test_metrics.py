"""Evaluation metrics: hand-computed answers and statistical sanity on synthetic data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from leadscore.metrics import (
    capture_at,
    classification_metrics,
    expected_calibration_error,
    lift_at,
    ranking_metrics,
)


def test_ece_matches_hand_computed_equal_frequency_bins():
    # two equal-frequency bins after sorting by p: {0.1, 0.2} with y {0, 0} and {0.3, 0.4} with y {1, 1}
    # gaps: 2 * |0.15 - 0| = 0.3 and 2 * |0.35 - 1| = 1.3 -> (0.3 + 1.3) / 4 = 0.4
    p = np.array([0.3, 0.1, 0.4, 0.2])
    y = np.array([1, 0, 1, 0])
    assert expected_calibration_error(y, p, bins=2) == pytest.approx(0.4, abs=1e-12)


def test_ece_with_one_bin_is_calibration_in_the_large_gap():
    p = np.array([0.1, 0.2, 0.3, 0.6])  # mean 0.3
    y = np.array([0, 0, 0, 1])  # mean 0.25
    assert expected_calibration_error(y, p, bins=1) == pytest.approx(0.05, abs=1e-12)


def test_ece_with_more_bins_than_rows_uses_one_row_per_bin():
    p = np.array([0.2, 0.9])
    y = np.array([0, 1])
    # |0.2 - 0| + |0.9 - 1| over 2 rows
    assert expected_calibration_error(y, p, bins=20) == pytest.approx(0.15, abs=1e-12)


def test_ece_is_near_zero_for_calibrated_and_large_for_doubled_probabilities():
    rng = np.random.default_rng(11)
    p = rng.uniform(0.01, 0.2, 200_000)
    y = (rng.random(p.size) < p).astype(int)
    assert expected_calibration_error(y, p) < 0.005
    # predicting 2p everywhere overshoots by p on average
    doubled = expected_calibration_error(y, 2 * p)
    assert doubled == pytest.approx(p.mean(), abs=0.01)
    assert doubled > 0.08


def test_lift_and_capture_on_hand_made_ranking():
    # ranked by p: rows 0..9; conversions at ranks 1 and 3; base rate 0.2
    p = np.linspace(1.0, 0.1, 10)
    y = np.array([1, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    assert lift_at(y, p, 0.10) == pytest.approx(1.0 / 0.2)  # top 1 row: rate 1
    assert lift_at(y, p, 0.20) == pytest.approx(0.5 / 0.2)  # top 2 rows: rate 0.5
    assert lift_at(y, p, 0.30) == pytest.approx((2 / 3) / 0.2)
    assert capture_at(y, p, 0.20) == pytest.approx(0.5)
    assert capture_at(y, p, 0.30) == pytest.approx(1.0)
    assert capture_at(y, p, 1.0) == pytest.approx(1.0)


def test_lift_and_capture_ignore_input_order():
    p = np.array([0.1, 0.9, 0.5, 0.3, 0.7])
    y = np.array([0, 1, 0, 0, 1])
    # top 2 by p are rows 1 and 4, both converted
    assert lift_at(y, p, 0.4) == pytest.approx(1.0 / 0.4)
    assert capture_at(y, p, 0.4) == pytest.approx(1.0)


def test_lift_and_capture_are_nan_without_conversions():
    p = np.array([0.3, 0.2, 0.1])
    y = np.zeros(3)
    assert math.isnan(lift_at(y, p, 0.5))
    assert math.isnan(capture_at(y, p, 0.5))


def test_ranking_metrics_on_integer_points_scores_with_ties():
    # legacy rules: integer points with ties. AUC by hand over 3 x 3 pairs:
    # positive 20 beats 10 and 0 and ties 20 (2.5), 35 beats all (3), 50 beats all (3) -> 8.5 / 9
    y = np.array([0, 0, 1, 1, 0, 1])
    s = np.array([10, 20, 20, 35, 0, 50])
    m = ranking_metrics(y, s)
    assert m["rows"] == 6
    assert m["positives"] == 3
    assert m["base_rate"] == pytest.approx(0.5)
    assert m["auc"] == pytest.approx(8.5 / 9)
    assert 0 < m["pr_auc"] <= 1


def test_ranking_metrics_are_invariant_to_strictly_monotone_transforms():
    rng = np.random.default_rng(3)
    points = rng.integers(0, 8, 2000) * 5  # many ties, like a rules score
    y = (rng.random(points.size) < 0.02 + points / 400).astype(int)
    base = ranking_metrics(y, points)
    for transformed in (np.log1p(points), 3.0 * points + 7.0, np.exp(points / 10.0), 1 / (1 + np.exp(-points / 7))):
        other = ranking_metrics(y, transformed)
        assert other.keys() == base.keys()
        for key, value in base.items():
            assert other[key] == pytest.approx(value, abs=1e-12), key


def test_ranking_metrics_auc_flips_under_decreasing_transform():
    rng = np.random.default_rng(4)
    s = rng.normal(size=500)
    y = (rng.random(500) < 1 / (1 + np.exp(-2 * s))).astype(int)
    assert ranking_metrics(y, -s)["auc"] == pytest.approx(1 - ranking_metrics(y, s)["auc"], abs=1e-12)


@pytest.mark.parametrize("label", [0, 1])
def test_classification_metrics_with_single_class_gives_nan_auc_without_raising(label):
    y = np.full(50, label)
    p = np.linspace(0.05, 0.5, 50)
    m = classification_metrics(y, p)
    assert math.isnan(m["auc"])
    assert math.isnan(m["pr_auc"])
    assert math.isfinite(m["log_loss"])
    assert math.isfinite(m["brier"])
    assert m["mean_probability"] == pytest.approx(p.mean())
    assert m["ece"] == pytest.approx(abs(p - label).mean())


def test_classification_metrics_clip_extreme_probabilities_for_log_loss():
    y = np.array([0, 1, 0, 1])
    p = np.array([0.0, 1.0, 1.0, 0.0])  # two confident mistakes
    m = classification_metrics(y, p)
    assert math.isfinite(m["log_loss"])
    assert m["log_loss"] > 10


def test_calibration_in_the_large_is_predicted_over_observed_minus_one():
    y = np.array([1, 0, 0, 0, 1, 0, 0, 0, 0, 0])  # 2 conversions
    p = np.full(10, 0.3)  # 3 predicted
    assert classification_metrics(y, p)["calibration_in_the_large"] == pytest.approx(0.5)


def test_ece_does_not_depend_on_the_order_of_tied_rows() -> None:
    rng = np.random.default_rng(0)
    p = np.repeat([0.01, 0.05, 0.2], 400)
    y = (rng.random(len(p)) < p).astype(int)
    shuffled = rng.permutation(len(p))
    assert expected_calibration_error(y, p) == pytest.approx(
        expected_calibration_error(y[shuffled], p[shuffled] + 1e-15), abs=1e-12)
