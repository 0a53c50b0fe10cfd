"""Deal value: ridge Gamma GLM with log link on won deals, the mean amount when there are too few
or the GLM does not beat it out of sample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from leadscore.deal_value import ALPHAS, MIN_WON_DEALS, fit_deal_value, predict_amount


def won_deals(rng: np.random.Generator, n: int, shape: float = 2.0) -> pd.DataFrame:
    """amount ~ Gamma with log-mean 8 + 0.8 log_employees + 0.3 vp; activity features carry no signal."""
    log_employees = rng.uniform(1.0, 9.0, n)
    vp = (rng.random(n) < 0.25).astype(float)
    mean = np.exp(8.0 + 0.8 * log_employees + 0.3 * vp)
    return pd.DataFrame({
        "amount": rng.gamma(shape, mean / shape),
        "f_firmo__log_employees": log_employees,
        "f_contact__seniority_vp": vp,
        "f_activity__page_views": rng.poisson(4, n).astype(float),
    })


@pytest.fixture(scope="module")
def fitted():
    won = won_deals(np.random.default_rng(41), 600)
    return fit_deal_value(won), won


def test_gamma_glm_recovers_employee_slope(fitted):
    (model, stats), _ = fitted
    slope = dict(zip(model.feature_names, model.coefficients, strict=True))["f_firmo__log_employees"]
    assert slope == pytest.approx(0.8, abs=0.1)
    assert model.intercept == pytest.approx(8.0, abs=0.4)
    assert stats["method"] == "gamma_glm_log_link_ridge"
    assert stats["won_deals"] == 600
    assert stats["deviance_explained"] > 0
    assert stats["dispersion"] == pytest.approx(0.5, abs=0.15)  # 1 / shape


def test_only_firmographic_and_seniority_features_are_used(fitted):
    (model, _), _ = fitted
    assert model.feature_names == ["f_contact__seniority_vp", "f_firmo__log_employees"]


def test_predict_amount_reproduces_the_glm_fit_on_won_deals(fitted):
    (model, stats), won = fitted
    predicted = predict_amount(model, won)
    # Gamma score equations with a log link and an intercept: sum((y - mu) / mu) = 0, i.e. mean(y / mu) = 1
    assert np.mean(won["amount"] / predicted) == pytest.approx(1.0, abs=1e-6)
    # and the linear form written to the warehouse gives the statsmodels predictions
    assert predicted.mean() == pytest.approx(stats["mean_predicted"], rel=1e-9)


def test_too_few_won_deals_fall_back_to_the_mean():
    won = won_deals(np.random.default_rng(42), MIN_WON_DEALS - 1)
    model, stats = fit_deal_value(won)
    assert str(stats["method"]).startswith("mean (too few")
    assert stats["won_deals"] == MIN_WON_DEALS - 1
    leads = won_deals(np.random.default_rng(43), 50)
    np.testing.assert_allclose(predict_amount(model, leads), np.mean(won["amount"]), rtol=1e-12)


def test_out_of_sample_error_is_reported_and_decides_between_glm_and_mean(fitted):
    (_, stats), _ = fitted
    # the features carry the amount: held out, the GLM beats a constant
    assert stats["cv_deviance_glm"] < 0.8 * stats["cv_deviance_mean"]
    assert stats["cv_mape_alpha_" + format(stats["alpha"], "g")] < stats["cv_mape_mean"]
    # the same deals with amounts shuffled: no feature carries anything, the mean is kept
    won = won_deals(np.random.default_rng(41), 600)
    shuffled = won.assign(amount=np.random.default_rng(7).permutation(won["amount"].to_numpy()))
    model, noise = fit_deal_value(shuffled)
    assert noise["method"] == "mean (the GLM predicted held-out deals no better)"
    assert noise["cv_deviance_glm"] >= noise["cv_deviance_mean"]
    np.testing.assert_allclose(predict_amount(model, shuffled), shuffled["amount"].mean(), rtol=1e-12)


def test_the_ridge_penalty_is_chosen_out_of_sample_and_pays_on_a_small_noisy_sample():
    """80 deals and 12 noise columns: cross-validation picks a penalty above the
    weakest, and that penalty predicts held-out deals better than the weakest."""
    rng = np.random.default_rng(3)
    won = won_deals(rng, 80).assign(**{f"f_firmo__industry_{i}": (rng.random(80) < 0.2).astype(float)
                                       for i in range(12)})
    _, stats = fit_deal_value(won)
    assert stats["method"] == "gamma_glm_log_link_ridge"
    assert stats["alpha"] > min(ALPHAS)
    assert stats["cv_deviance_glm"] < stats[f"cv_deviance_alpha_{min(ALPHAS):g}"]


def test_no_won_deals_at_all_gives_no_model_rather_than_a_zero_amount():
    # a zero amount would make every expected value 0 and stop all routing to sales
    empty = won_deals(np.random.default_rng(44), 0)
    model, stats = fit_deal_value(empty)
    assert model is None
    assert stats["method"].startswith("none")


def test_predicted_amount_is_always_positive(fitted):
    (model, _), _ = fitted
    extreme = pd.DataFrame({
        "f_firmo__log_employees": [-1e6, 0.0, 1e6, np.nan],
        "f_contact__seniority_vp": [0.0, 1.0, 1.0, np.nan],
    })
    amounts = predict_amount(model, extreme)
    assert np.all(amounts > 0) and np.all(np.isfinite(amounts))
    # a frame without the features at all (e.g. a lead with no account yet) still gets an amount
    bare = predict_amount(model, pd.DataFrame(index=range(3)))
    assert np.all(bare > 0) and np.all(np.isfinite(bare))


def test_non_positive_median_is_floored_to_a_positive_amount():
    won = pd.DataFrame({"amount": np.zeros(5), "f_firmo__log_employees": np.arange(5.0)})
    model, _ = fit_deal_value(won)
    assert np.all(predict_amount(model, won) > 0)


def test_bigger_companies_get_bigger_predicted_deals(fitted):
    (model, _), _ = fitted
    leads = pd.DataFrame({"f_firmo__log_employees": [2.0, 4.0, 6.0], "f_contact__seniority_vp": 0.0})
    amounts = predict_amount(model, leads)
    assert np.all(np.diff(amounts) > 0)
    # multiplicative: two log-units more employees -> exp(2 * 0.8) ~ 4.95x, within slope tolerance
    assert amounts[1] / amounts[0] == pytest.approx(np.exp(1.6), rel=0.25)
