"""Expected deal amount: a Gamma GLM with log link on won opportunities.

Amounts are positive and right-skewed with spread growing with the mean, which
is exactly the Gamma family's assumption; the log link keeps predictions
positive and makes coefficients multiplicative ("x1.3 per doubling of size").
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.tools.sm_exceptions import SingularMatrixWarning

from leadscore.model import Calibration, ConversionModel, FeatureScaling

MIN_WON_DEALS = 30


def value_features(frame: pd.DataFrame) -> list[str]:
    """Firmographics and seniority: what a deal's size depends on, known at any snapshot.
    Size bands are left out: they restate log employees."""
    return sorted(c for c in frame.columns
                  if c.startswith(("f_firmo__", "f_contact__seniority_")) and not c.startswith("f_firmo__size_"))


def fit_deal_value(won: pd.DataFrame) -> tuple[ConversionModel | None, dict[str, float | str]]:
    """Fit amount ~ features on won deals; returns the model in the same linear form
    as the conversion model (identity scaling, log link) and its fit statistics.
    With too few won deals every lead gets the median amount; with none there
    is no model and expected values stay unknown (null), not zero."""
    if won.empty:
        return None, {"won_deals": 0.0, "method": "none (no won deals with an amount)"}
    amounts = won["amount"].to_numpy(dtype=float)
    won = won.fillna(0.0)  # a missing feature reads as 0, as in SQL scoring
    features = [c for c in value_features(won) if won[c].nunique() > 1]
    scalings = [FeatureScaling(c, "identity", float(won[c].min()), float(won[c].max()), 0.0, 1.0) for c in features]
    if len(won) < MIN_WON_DEALS or not features:
        median = float(np.median(amounts))
        intercept = float(np.log(max(median, 1e-9)))
        model = ConversionModel(scalings, np.zeros(len(features)), intercept, Calibration("none"))
        return model, {"won_deals": float(len(won)), "method": "median (too few won deals)"}
    x = sm.add_constant(won[features].to_numpy(dtype=float), has_constant="add")
    with warnings.catch_warnings():
        # one-hot families can be collinear with the constant; IRLS then takes the
        # minimum-norm solution (pinv), whose predictions are still unique
        warnings.simplefilter("ignore", SingularMatrixWarning)
        fit = sm.GLM(amounts, x, family=sm.families.Gamma(link=sm.families.links.Log())).fit()
    params = np.asarray(fit.params)
    model = ConversionModel(scalings, params[1:], float(params[0]), Calibration("none"))
    predicted = fit.predict(x)
    stats: dict[str, float | str] = {
        "won_deals": float(len(won)),
        "method": "gamma_glm_log_link",
        "deviance": float(fit.deviance),
        "null_deviance": float(fit.null_deviance),
        "deviance_explained": float(1 - fit.deviance / fit.null_deviance) if fit.null_deviance else float("nan"),
        "aic": float(fit.aic),
        "dispersion": float(fit.scale),
        "mean_amount": float(amounts.mean()),
        "mean_predicted": float(predicted.mean()),
        "mape": float(np.mean(np.abs(predicted - amounts) / amounts)),
    }
    return model, stats


def predict_amount(model: ConversionModel, frame: pd.DataFrame) -> np.ndarray:
    from leadscore.model import linear_predictor

    return np.exp(linear_predictor(model, frame))
