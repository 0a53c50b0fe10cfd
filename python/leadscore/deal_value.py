"""Expected deal amount: a Gamma GLM with log link on won opportunities.

Amounts are positive and right-skewed with spread growing with the mean, which
is exactly the Gamma family's assumption; the log link keeps predictions
positive and makes coefficients multiplicative ("x1.3 per doubling of size").
The deployed coefficients are ridge-penalised (a few hundred deals and a few
dozen one-hot columns overfit), the penalty chosen by 5-fold cross-validated
Gamma deviance; the mean amount replaces the GLM when it does not predict
held-out deals better than the mean does (the mean, not the median: expected
value needs E[amount], and the median of skewed amounts understates it).
statsmodels' unpenalised fit of the same GLM reports the in-sample statistics
(deviance explained, dispersion).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.linear_model import GammaRegressor
from sklearn.metrics import mean_gamma_deviance
from sklearn.model_selection import KFold
from statsmodels.tools.sm_exceptions import SingularMatrixWarning

from leadscore.model import Calibration, ConversionModel, FeatureScaling

MIN_WON_DEALS = 30
# ridge strengths (sklearn's GammaRegressor: mean half-deviance + alpha/2 |w|^2)
ALPHAS = (1e-4, 1e-3, 1e-2, 1e-1, 1.0)
CV_FOLDS = 5


def value_features(frame: pd.DataFrame) -> list[str]:
    """Firmographics and seniority: what a deal's size depends on, known at any snapshot.
    Size bands are left out: they restate log employees."""
    return sorted(c for c in frame.columns
                  if c.startswith(("f_firmo__", "f_contact__seniority_")) and not c.startswith("f_firmo__size_"))


def fit_deal_value(won: pd.DataFrame) -> tuple[ConversionModel | None, dict[str, float | str]]:
    """Fit amount ~ features on won deals; returns the model in the same linear form
    as the conversion model (identity scaling, log link) and its fit statistics.
    With too few won deals, or a GLM no better than a constant out of sample,
    every lead gets the mean amount; with none there is no model and expected
    values stay unknown (null), not zero."""
    if won.empty:
        return None, {"won_deals": 0.0, "method": "none (no won deals with an amount)"}
    amounts = won["amount"].to_numpy(dtype=float)
    won = won.fillna(0.0)  # a missing feature reads as 0, as in SQL scoring
    features = [c for c in value_features(won) if won[c].nunique() > 1]
    scalings = [FeatureScaling(c, "identity", float(won[c].min()), float(won[c].max()), 0.0, 1.0) for c in features]
    if len(won) < MIN_WON_DEALS or not features:
        return _mean_model(scalings, amounts, f"mean (too few won deals: {len(won)} < {MIN_WON_DEALS})")
    x = won[features].to_numpy(dtype=float)
    cv = _cross_validate(x, amounts)
    alpha = min(ALPHAS, key=lambda a: cv[f"cv_deviance_alpha_{a:g}"])
    stats: dict[str, float | str] = {"won_deals": float(len(won)), "cv_folds": float(CV_FOLDS), **cv,
                                     "cv_deviance_glm": cv[f"cv_deviance_alpha_{alpha:g}"], "alpha": alpha}
    if stats["cv_deviance_glm"] >= cv["cv_deviance_mean"]:
        model, mean_stats = _mean_model(scalings, amounts, "mean (the GLM predicted held-out deals no better)")
        return model, stats | mean_stats
    fit = GammaRegressor(alpha=alpha, solver="newton-cholesky", max_iter=300, tol=1e-10).fit(x, amounts)
    model = ConversionModel(scalings, fit.coef_.copy(), float(fit.intercept_), Calibration("none"))
    predicted = fit.predict(x)
    return model, stats | _unpenalised_stats(x, amounts) | {
        "method": "gamma_glm_log_link_ridge",
        "mean_amount": float(amounts.mean()),
        "mean_predicted": float(predicted.mean()),
        "mape": float(np.mean(np.abs(predicted - amounts) / amounts)),
    }


def _mean_model(scalings: list[FeatureScaling], amounts: np.ndarray, method: str
                ) -> tuple[ConversionModel, dict[str, float | str]]:
    """Every lead gets the mean won amount (a log-link model with no slopes)."""
    intercept = float(np.log(max(float(np.mean(amounts)), 1e-9)))
    model = ConversionModel(scalings, np.zeros(len(scalings)), intercept, Calibration("none"))
    return model, {"won_deals": float(len(amounts)), "method": method}


def _cross_validate(x: np.ndarray, amounts: np.ndarray) -> dict[str, float]:
    """Held-out mean Gamma deviance and MAPE of the GLM at each ridge strength
    and of the mean amount, over the same folds."""
    losses: dict[str, list[float]] = {}
    for fit_idx, eval_idx in KFold(CV_FOLDS, shuffle=True, random_state=0).split(x):
        held_out = amounts[eval_idx]
        candidates = {"mean": np.full(len(eval_idx), np.mean(amounts[fit_idx]))}
        for alpha in ALPHAS:
            fit = GammaRegressor(alpha=alpha, solver="newton-cholesky", max_iter=300)
            candidates[f"alpha_{alpha:g}"] = fit.fit(x[fit_idx], amounts[fit_idx]).predict(x[eval_idx])
        for name, predicted in candidates.items():
            losses.setdefault(f"cv_deviance_{name}", []).append(mean_gamma_deviance(held_out, predicted))
            losses.setdefault(f"cv_mape_{name}", []).append(float(np.mean(np.abs(predicted - held_out) / held_out)))
    return {name: float(np.mean(values)) for name, values in losses.items()}


def _unpenalised_stats(x: np.ndarray, amounts: np.ndarray) -> dict[str, float]:
    """statsmodels' unpenalised Gamma GLM on the same deals: how much of the
    deviance the features explain, and the dispersion (1 / Gamma shape)."""
    with warnings.catch_warnings():
        # one-hot families can be collinear with the constant; IRLS then takes the
        # minimum-norm solution (pinv), whose predictions are still unique
        warnings.simplefilter("ignore", SingularMatrixWarning)
        fit = sm.GLM(amounts, sm.add_constant(x, has_constant="add"),
                     family=sm.families.Gamma(link=sm.families.links.Log())).fit()
    return {
        "deviance": float(fit.deviance),
        "null_deviance": float(fit.null_deviance),
        "deviance_explained": float(1 - fit.deviance / fit.null_deviance) if fit.null_deviance else float("nan"),
        "aic": float(fit.aic),
        "dispersion": float(fit.scale),
    }


def predict_amount(model: ConversionModel, frame: pd.DataFrame) -> np.ndarray:
    from leadscore.model import linear_predictor

    return np.exp(linear_predictor(model, frame))
