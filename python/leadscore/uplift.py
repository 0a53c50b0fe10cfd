"""Uplift: who is moved by sales outreach, from the randomised holdout.

Two estimators, chosen by Qini coefficient on the test split:
- two-model: P(convert | outreach) - P(convert | holdout), one logistic
  regression per arm;
- class transformation: z = y if outreach else 1 - y; with a 50/50
  randomisation, uplift = 2 P(z = 1) - 1 (Jaskowski & Jaroszewicz 2012).
Both are linear models in the conversion model's standardisation, so SQL can
apply them like the champion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from leadscore.model import SOLVER, Calibration, ConversionModel, FeatureScaling, sample_weights, standardise

MIN_ARM_POSITIVES = 10
UPLIFT_MAX_C = 0.01


def _fit(frame: pd.DataFrame, target: np.ndarray, scalings: list[FeatureScaling], c: float) -> ConversionModel:
    fit = LogisticRegression(C=c, solver=SOLVER, max_iter=200).fit(standardise(frame, scalings), target,
                                                     sample_weight=sample_weights(frame))
    return ConversionModel(scalings, fit.coef_[0].copy(), float(fit.intercept_[0]), Calibration("none"))


def _sigmoid(model: ConversionModel, frame: pd.DataFrame) -> np.ndarray:
    return 1 / (1 + np.exp(-(standardise(frame, model.scalings) @ model.coefficients + model.intercept)))


def qini_coefficient(y: np.ndarray, treated: np.ndarray, uplift: np.ndarray) -> float:
    """Area between the Qini curve and the random-targeting line, normalised by
    the number of rows: > 0 means the ranking finds persuadable leads."""
    order = np.argsort(-uplift, kind="stable")
    y, treated = y[order].astype(float), treated[order].astype(bool)
    n_t, n_c = np.cumsum(treated), np.cumsum(~treated)
    y_t, y_c = np.cumsum(y * treated), np.cumsum(y * ~treated)
    qini = y_t - np.divide(y_c * n_t, n_c, out=np.zeros_like(y_c), where=n_c > 0)
    random = np.linspace(qini[-1] / len(qini), qini[-1], len(qini))
    return float((qini - random).mean() / max(len(y), 1))


def fit_uplift(frames: dict[str, pd.DataFrame], scalings: list[FeatureScaling], c: float
               ) -> tuple[dict[str, ConversionModel], dict[str, float | str]]:
    """frames: split -> labelled rows of experiment leads with column `treated`.
    Returns the chosen method's models by artifact name and the comparison."""
    train, test = frames["train"], frames["test"]
    arms = {"outreach": train[train.treated == 1], "holdout": train[train.treated == 0]}
    if any(a.label.sum() < MIN_ARM_POSITIVES or a.label.nunique() < 2 for a in arms.values()):
        return {}, {"uplift_method": "none (too few conversions per arm)"}
    # the difference of two fits doubles their noise: regularise harder than the champion
    c = min(c, UPLIFT_MAX_C)
    two = {f"uplift_{arm}": _fit(rows, rows.label.to_numpy(), scalings, c) for arm, rows in arms.items()}
    share_treated = float(train.treated.mean())
    if not len(test) or test.label.sum() == 0:
        return two, {"uplift_method": "two_model (no test conversions to compare)"}
    y, t = test.label.to_numpy(), test.treated.to_numpy()
    qini_two = qini_coefficient(y, t, _sigmoid(two["uplift_outreach"], test) - _sigmoid(two["uplift_holdout"], test))
    report: dict[str, float | str] = {"qini_two_model": qini_two,
                                      "observed_uplift_test": float(y[t == 1].mean() - y[t == 0].mean())}
    if not 0.4 <= share_treated <= 0.6:
        # the class transformation's 2P(z=1)-1 identity holds only for a balanced split
        return two, report | {"uplift_method": f"two_model (treated share {share_treated:.2f})"}
    z = np.where(train.treated == 1, train.label, 1 - train.label)
    transformed = {"uplift": _fit(train, z, scalings, c)}
    qini_ct = qini_coefficient(y, t, 2 * _sigmoid(transformed["uplift"], test) - 1)
    report["qini_class_transformation"] = qini_ct
    if qini_ct > qini_two:
        return transformed, report | {"uplift_method": "class_transformation"}
    return two, report | {"uplift_method": "two_model"}
