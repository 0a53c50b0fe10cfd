"""Conversion model: scaling, fitting, calibration choice and the 0-100 score map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from leadscore.metrics import classification_metrics
from leadscore.model import (
    Calibration,
    calibrate,
    choose_calibration,
    contributions,
    fit_conversion_model,
    fit_isotonic,
    fit_scalings,
    fit_with_directions,
    leads_sample,
    linear_predictor,
    predict_proba,
    score,
    score_reference,
    standardise,
    stratified_folds,
)

FEATURES = ["f_a", "f_b", "f_c", "f_d", "f_flag"]
TRUE_COEF = np.array([0.8, -0.6, 0.5, -0.4, 0.7])
TRUE_INTERCEPT = -4.4  # ~3% base rate


def synthetic_leads(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Logit linear in 5 features (4 Gaussian, 1 binary); label ~ Bernoulli(sigmoid(logit))."""
    x = np.column_stack([rng.normal(size=(n, 4)), (rng.random(n) < 0.3).astype(float)])
    p = 1 / (1 + np.exp(-(TRUE_INTERCEPT + x @ TRUE_COEF)))
    frame = pd.DataFrame(x, columns=FEATURES)
    frame["label"] = (rng.random(n) < p).astype(int)
    return frame


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(2024)
    train, valid, test = synthetic_leads(rng, 20_000), synthetic_leads(rng, 10_000), synthetic_leads(rng, 100_000)
    return fit_conversion_model(train, valid, FEATURES, seed=0), train, valid, test


# --- scaling -------------------------------------------------------------------------------------


def test_binary_column_gets_identity_transform_and_unit_clip():
    frame = pd.DataFrame({"f_flag": [0, 1, 1, 0, 0, 1, 0, 0]})
    (s,) = fit_scalings(frame, ["f_flag"])
    assert (s.transform, s.clip_low, s.clip_high) == ("identity", 0.0, 1.0)
    assert s.center == pytest.approx(3 / 8)
    assert s.scale == pytest.approx(np.std([0, 1, 1, 0, 0, 1, 0, 0]))


def test_count_column_gets_log1p_and_clips_at_999th_percentile():
    # 0..9999 plus one bot with a million page views: the 99.9th percentile of the 10001 values is 9990
    counts = np.append(np.arange(10_000.0), 1e6)
    frame = pd.DataFrame({"f_views": counts})
    (s,) = fit_scalings(frame, ["f_views"])
    assert s.transform == "log1p"
    assert s.clip_low == 0.0
    assert s.clip_high == pytest.approx(9990.0)
    z = standardise(pd.DataFrame({"f_views": [1e6, 9990.0, 5e4]}), [s])[:, 0]
    assert z[0] == pytest.approx(z[1]) and z[2] == pytest.approx(z[1])  # the bot is clipped to the bound


def test_signed_column_stays_identity():
    frame = pd.DataFrame({"f_delta": [-3.0, -1.0, 0.0, 2.0, 5.0]})
    (s,) = fit_scalings(frame, ["f_delta"])
    assert s.transform == "identity"
    assert s.clip_low == -3.0


def test_standardised_training_data_has_zero_mean_unit_std():
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({
        "f_gauss": rng.normal(10, 3, 5000),
        "f_count": rng.poisson(3, 5000).astype(float),
        "f_heavy": rng.pareto(1.5, 5000),
        "f_flag": (rng.random(5000) < 0.1).astype(float),
        "f_signed": rng.normal(-2, 5, 5000),
    })
    z = standardise(frame, fit_scalings(frame, list(frame.columns)))
    assert z.shape == (5000, 5)
    np.testing.assert_allclose(z.mean(axis=0), 0.0, atol=1e-9)
    # clipping happens before the moments are taken, so the std is exactly 1 on training rows
    np.testing.assert_allclose(z.std(axis=0), 1.0, atol=1e-9)


def test_constant_column_standardises_to_zero_without_division_by_zero():
    frame = pd.DataFrame({"f_const": np.full(100, 5.0), "f_x": np.arange(100.0)})
    scalings = fit_scalings(frame, ["f_const", "f_x"])
    assert scalings[0].scale == 1.0
    z = standardise(frame, scalings)
    np.testing.assert_allclose(z[:, 0], 0.0, atol=1e-12)
    assert np.isfinite(z).all()


def test_missing_column_in_scoring_frame_reads_as_zero():
    rng = np.random.default_rng(6)
    train = pd.DataFrame({"f_a": rng.normal(size=200), "f_b": rng.poisson(2, 200).astype(float)})
    scalings = fit_scalings(train, ["f_a", "f_b"])
    scoring = pd.DataFrame({"f_a": [0.5, -1.0, 2.0]})
    with_zero = scoring.assign(f_b=0.0)
    np.testing.assert_array_equal(standardise(scoring, scalings), standardise(with_zero, scalings))


def test_standardising_several_frames_equals_standardising_them_concatenated():
    rng = np.random.default_rng(7)
    train = pd.DataFrame({"f_a": rng.normal(size=300), "f_b": rng.poisson(2, 300).astype(float)})
    scalings = fit_scalings(train, ["f_a", "f_b"])
    valid = pd.DataFrame({"f_a": [np.nan, 3.0]})  # f_b missing: reads as 0, as in one frame
    together = pd.concat([train, valid.assign(f_b=0.0)], ignore_index=True)
    np.testing.assert_array_equal(standardise([train, valid], scalings), standardise(together, scalings))


def test_nan_in_scoring_frame_reads_as_zero():
    train = pd.DataFrame({"f_b": [0.0, 1.0, 4.0, 9.0]})
    scalings = fit_scalings(train, ["f_b"])
    np.testing.assert_array_equal(
        standardise(pd.DataFrame({"f_b": [np.nan]}), scalings), standardise(pd.DataFrame({"f_b": [0.0]}), scalings)
    )


# --- fitting -------------------------------------------------------------------------------------


def test_fit_recovers_sign_of_every_true_coefficient(fitted):
    model, *_ = fitted
    assert model.feature_names == FEATURES
    np.testing.assert_array_equal(np.sign(model.coefficients), np.sign(TRUE_COEF))


def test_calibrated_probabilities_on_fresh_test_set_are_calibrated(fitted):
    model, _, _, test = fitted
    m = classification_metrics(test["label"].to_numpy(), predict_proba(model, test))
    assert m["ece"] < 0.01
    assert abs(m["calibration_in_the_large"]) < 0.10
    assert 0.02 < m["base_rate"] < 0.045
    # ranks as well as the true probabilities do, on 100,000 fresh leads
    truth = 1 / (1 + np.exp(-(TRUE_INTERCEPT + test[FEATURES].to_numpy() @ TRUE_COEF)))
    assert m["auc"] >= classification_metrics(test["label"].to_numpy(), truth)["auc"] - 0.005


def test_contributions_sum_to_linear_predictor_minus_intercept(fitted):
    model, _, _, test = fitted
    frame = test.head(500)
    total = contributions(model, frame).sum(axis=1) + model.intercept
    np.testing.assert_allclose(total, linear_predictor(model, frame), rtol=0, atol=1e-9)


def test_score_is_monotone_in_probability_and_bounded(fitted):
    model, *_ = fitted
    p = np.concatenate([[-0.5, 0.0], np.sort(np.random.default_rng(1).random(5000)), [1.0, 1.5]])
    p.sort()
    s = score(model, p)
    assert np.all(np.diff(s) >= 0)
    assert s.min() >= 0 and s.max() <= 100
    assert s[0] == 0 and s[-1] == 100


def test_score_is_the_percentile_in_the_validation_reference(fitted):
    model, _, valid, _ = fitted
    p_valid = predict_proba(model, valid)
    s = score(model, p_valid)
    # about half of the reference population scores below 50, a tenth above 90
    assert np.mean(s < 50) == pytest.approx(0.5, abs=0.03)
    assert np.mean(s > 90) == pytest.approx(0.1, abs=0.03)


def test_score_reference_with_many_ties_has_strictly_increasing_xs():
    # isotonic-style output: three flat steps, 80% of rows on the lowest
    p = np.random.default_rng(8).permutation(np.repeat([0.01, 0.05, 0.3], [4000, 750, 250]))
    xs, ys = score_reference(p)
    assert np.all(np.diff(xs) > 0)
    assert np.all(np.diff(ys) > 0)
    assert len(xs) < 101  # tied percentiles collapsed
    assert (xs[0], xs[-1]) == (0.01, 0.3)
    # quantile index q * 4999 < 4000 for percentiles 0..79: they collapse to their mean, 39.5
    assert ys[0] == pytest.approx(39.5)
    assert ys[-1] <= 100


def test_score_reference_of_a_constant_population_is_still_a_function():
    xs, ys = score_reference(np.full(100, 0.02))
    assert len(xs) == 2 and xs[1] > xs[0]
    np.testing.assert_array_equal(ys, [50.0, 50.0])


def test_one_class_in_every_fitted_row_returns_degraded_prior_model():
    """No conversion in train nor validation (a small history fits on both):
    the smoothed base rate, the same for every lead."""
    rng = np.random.default_rng(9)
    train = synthetic_leads(rng, 400).assign(label=0)
    valid = synthetic_leads(rng, 200).assign(label=0)
    model = fit_conversion_model(train, valid, FEATURES)
    assert "degraded" in model.params
    assert np.all(model.coefficients == 0)
    np.testing.assert_allclose(predict_proba(model, valid), 0.5 / 601, rtol=1e-9)


def test_all_positive_fitted_rows_return_prior_near_one():
    rng = np.random.default_rng(10)
    train = synthetic_leads(rng, 100).assign(label=1)
    model = fit_conversion_model(train, synthetic_leads(rng, 50).assign(label=1), FEATURES)
    assert "degraded" in model.params
    np.testing.assert_allclose(predict_proba(model, train.head(5)), 150.5 / 151, rtol=1e-9)


# --- calibration choice --------------------------------------------------------------------------


def test_platt_wins_when_truth_is_exactly_a_sigmoid_of_the_logit():
    rng = np.random.default_rng(12)
    logit = rng.normal(-2, 1.5, 20_000)
    y = (rng.random(logit.size) < 1 / (1 + np.exp(-(0.8 * logit - 0.5)))).astype(int)
    calibration, cv = choose_calibration(logit, y, seed=0)
    assert calibration.method == "platt"
    assert cv["valid_cv_log_loss_platt"] < cv["valid_cv_log_loss_isotonic"]
    assert calibration.slope == pytest.approx(0.8, abs=0.1)
    assert calibration.intercept == pytest.approx(-0.5, abs=0.15)


def test_isotonic_wins_when_truth_is_a_monotone_step_no_sigmoid_can_follow():
    rng = np.random.default_rng(13)
    logit = rng.normal(-2, 1.5, 20_000)
    truth = np.where(logit < -2, 0.02, np.where(logit < 0, 0.25, 0.6))
    y = (rng.random(logit.size) < truth).astype(int)
    calibration, cv = choose_calibration(logit, y, seed=0)
    assert calibration.method == "isotonic"
    assert cv["valid_cv_log_loss_isotonic"] < cv["valid_cv_log_loss_platt"]
    np.testing.assert_allclose(calibrate(calibration, np.array([-3.0, -1.0, 1.0])), [0.02, 0.25, 0.6], atol=0.04)


def test_choose_calibration_falls_back_to_none_with_fewer_than_two_positives():
    logit = np.linspace(-3, 1, 100)
    y = np.zeros(100, dtype=int)
    y[50] = 1
    calibration, cv = choose_calibration(logit, y)
    assert calibration == Calibration("none")
    assert cv == {}


def test_isotonic_calibration_never_returns_certain_probabilities():
    rng = np.random.default_rng(14)
    logit = rng.normal(size=2000)
    y = (logit > 0).astype(int)  # perfectly separable: raw isotonic fit would be exactly 0 and 1
    p = calibrate(fit_isotonic(logit, y), np.array([-10.0, 10.0]))
    assert 0 < p[0] < 1e-3 and 1 - 1e-3 < p[1] < 1


def test_sampled_negatives_with_inverse_weights_keep_the_fit_calibrated():
    """Keep 1 in 5 non-conversions with weight 5: the uncalibrated fit must still
    predict the population's base rate, not the sample's."""
    rng = np.random.default_rng(5)
    n = 60_000
    x = rng.normal(size=(n, 3))
    p = 1 / (1 + np.exp(-(-3.6 + x @ np.array([0.8, -0.5, 0.3]))))
    frame = pd.DataFrame(x, columns=["f_a", "f_b", "f_c"]).assign(label=rng.binomial(1, p))
    train, valid = frame.iloc[:40_000], frame.iloc[40_000:]
    keep = (train.label == 1) | (rng.random(len(train)) < 0.2)
    sampled = train[keep].assign(sample_weight=np.where(train[keep].label == 1, 1.0, 5.0))
    model = fit_conversion_model(sampled, valid, ["f_a", "f_b", "f_c"])
    raw = 1 / (1 + np.exp(-linear_predictor(model, valid)))
    assert abs(raw.mean() / valid.label.mean() - 1) < 0.1
    unweighted = fit_conversion_model(sampled.drop(columns="sample_weight"), valid, ["f_a", "f_b", "f_c"])
    raw_unweighted = 1 / (1 + np.exp(-linear_predictor(unweighted, valid)))
    assert raw_unweighted.mean() > 2 * valid.label.mean(), "without weights the sample's base rate leaks in"


def test_calibration_folds_keep_a_leads_snapshots_together():
    """A lead's weekly snapshots are near-copies: with them split across folds,
    isotonic regression is scored on rows it has in effect seen and wins on
    noise. Grouped folds judge it on unseen leads, where Platt (the truth
    here is logistic) is no worse; ungrouped folds on the same rows flatter isotonic."""
    rng = np.random.default_rng(5)
    leads = 400
    logit_lead = rng.normal(-2.0, 1.5, leads)
    y_lead = rng.binomial(1, 1 / (1 + np.exp(-logit_lead)))
    copies = 25
    logit = np.repeat(logit_lead, copies) + rng.normal(0, 1e-3, leads * copies)
    y, groups = np.repeat(y_lead, copies), np.repeat(np.arange(leads), copies)
    _, grouped = choose_calibration(logit, y, groups, seed=0)
    _, ungrouped = choose_calibration(logit, y, seed=0)
    assert ungrouped["valid_cv_log_loss_isotonic"] < grouped["valid_cv_log_loss_isotonic"] - 0.01
    assert grouped["valid_cv_log_loss_platt"] <= grouped["valid_cv_log_loss_isotonic"]


def test_stratified_folds_keep_leads_whole_and_share_the_converting_leads():
    rng = np.random.default_rng(3)
    lead = np.repeat(np.arange(500), rng.integers(1, 20, 500))
    groups = np.array([f"lead_{i}" for i in range(500)], dtype=object)[lead]
    converts = rng.random(500) < 0.06
    y = converts[lead].astype(int)
    folds = stratified_folds(y, groups, 5, seed=0)
    held = np.concatenate([h for _, h in folds])
    assert sorted(held) == list(range(len(y)))  # every row held out once
    for fit, held_rows in folds:
        assert not set(groups[fit]) & set(groups[held_rows])
        converting = len(set(groups[held_rows][y[held_rows] == 1]))
        assert abs(converting - converts.sum() / 5) <= 1
    assert all((a[1] == b[1]).all() for a, b in zip(folds, stratified_folds(y, groups, 5, seed=0), strict=True))
    # fewer converting leads than folds: plain stratified folds, still a partition
    few = np.zeros(len(y), dtype=int)
    few[:2] = 1
    assert sorted(np.concatenate([h for _, h in stratified_folds(few, groups, 2, seed=0)])) == list(range(len(y)))


def test_a_leads_sample_takes_whole_leads_up_to_the_size():
    groups = np.repeat(np.arange(1000).astype(str).astype(object), 10)
    rows = np.arange(len(groups))
    picked = leads_sample(rows, groups, 2_000, seed=1)
    assert len(picked) == 2_000
    assert (pd.Series(groups[picked]).value_counts() == 10).all()
    assert (leads_sample(rows, groups, 20_000, seed=1) == rows).all()


def test_rounds_against_direction_end_where_they_would_from_a_cold_start():
    """A warm start (the coefficients of another fit on these columns) changes
    where Newton steps begin, not where they end: the same columns dropped,
    the same coefficients to the solver's tolerance."""
    rng = np.random.default_rng(5)
    frame = synthetic_leads(rng, 30_000)
    z, y, w = frame[FEATURES].to_numpy(), frame["label"].to_numpy(), np.ones(len(frame))
    # f_a truly raises the odds; declared decreasing, it must go (and f_b, declared so, stays)
    directions = ["decreasing", "decreasing", "none", "none", "increasing"]
    every = np.arange(len(FEATURES))

    def solver() -> LogisticRegression:
        return LogisticRegression(C=0.1, solver="newton-cholesky", max_iter=200)

    cold = solver()
    rows = np.arange(len(frame))
    kept, dropped = fit_with_directions(cold, z, rows, y, w, every, directions)
    elsewhere = solver().fit(z[:3_000] * 2.0, y[:3_000])  # a poor start on purpose
    warm = solver()
    warm.coef_, warm.intercept_ = elsewhere.coef_.copy(), elsewhere.intercept_.copy()
    kept_warm, dropped_warm = fit_with_directions(warm, z, rows, y, w, every, directions, warm=True)
    assert dropped == dropped_warm == [0]
    assert list(kept) == list(kept_warm) == [1, 2, 3, 4]
    np.testing.assert_allclose(warm.coef_, cold.coef_, atol=1e-4)
    np.testing.assert_allclose(warm.intercept_, cold.intercept_, atol=1e-4)
