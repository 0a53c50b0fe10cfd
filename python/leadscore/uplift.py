"""Uplift: who is moved by sales outreach, from the randomised holdout.

Two estimators, chosen by Qini coefficient on the validation split and
reported on test (which played no part in the choice):
- two-model: P(convert | outreach) - P(convert | holdout), one logistic
  regression per arm;
- class transformation: z = y if outreach else 1 - y; with a 50/50
  randomisation, uplift = 2 P(z = 1) - 1 (Jaskowski & Jaroszewicz 2012).
Both are linear models in the conversion model's standardisation, so SQL can
apply them like the champion.

The uplift models read only what is known when a lead is created (contact
and firmographic features): experiment leads are assigned at or soon after
creation, and engagement measured after the assignment carries the
outreach's own effect (a rep's call draws replies), which would credit the
treatment to the leads it touched.

An experiment without a detectable effect gets no uplift model at all: when
the 95% interval of the average effect on validation includes zero and the
chosen model's validation Qini is no better than random rankings' (a
permutation bootstrap), a ranking by uplift would ship noise as signal.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from leadscore.model import SOLVER, Calibration, ConversionModel, FeatureScaling, sample_weights, standardise

MIN_ARM_POSITIVES = 10
UPLIFT_MAX_C = 0.01
RANDOM_RANKINGS = 200  # permutations for the Qini of random targeting
KNOWN_AT_CREATION = ("f_contact__", "f_firmo__")


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


def average_effect(y: np.ndarray, treated: np.ndarray) -> tuple[float, float, float]:
    """Difference in conversion rate, outreach minus holdout, with its 95% interval."""
    y_t, y_c = y[treated == 1], y[treated == 0]
    p_t, p_c = y_t.mean(), y_c.mean()
    se = float(np.sqrt(p_t * (1 - p_t) / len(y_t) + p_c * (1 - p_c) / len(y_c)))
    return float(p_t - p_c), float(p_t - p_c - 1.96 * se), float(p_t - p_c + 1.96 * se)


def random_qini_p95(y: np.ndarray, treated: np.ndarray, seed: int = 0) -> float:
    """95th percentile of the Qini of random rankings of these rows: a ranking
    must beat it to be told apart from chance."""
    rng = np.random.default_rng(seed)
    return float(np.quantile([qini_coefficient(y, treated, rng.random(len(y))) for _ in range(RANDOM_RANKINGS)], 0.95))


def fit_uplift(frames: dict[str, pd.DataFrame], scalings: list[FeatureScaling], c: float
               ) -> tuple[dict[str, ConversionModel], dict[str, float | str]]:
    """frames: split -> labelled rows of experiment leads with column `treated`.
    Returns the chosen method's models by artifact name (none when the
    experiment shows no detectable effect) and the comparison."""
    train, valid, test = frames["train"], frames["valid"], frames["test"]
    scalings = [s for s in scalings if s.name.startswith(KNOWN_AT_CREATION)]
    if not scalings:
        return {}, {"uplift_method": "none (no contact or firmographic feature: nothing known before assignment)"}
    arms = {"outreach": train[train.treated == 1], "holdout": train[train.treated == 0]}
    if any(a.label.sum() < MIN_ARM_POSITIVES or a.label.nunique() < 2 for a in arms.values()):
        return {}, {"uplift_method": "none (too few conversions per arm)"}
    y, t = valid.label.to_numpy(), valid.treated.to_numpy()
    if not len(valid) or min(y[t == 1].sum(), y[t == 0].sum()) == 0 or (t == 1).all() or (t == 0).all():
        return {}, {"uplift_method": "none (no validation conversions in both arms to check an effect on)"}
    # the difference of two fits doubles their noise: regularise harder than the champion
    c = min(c, UPLIFT_MAX_C)
    candidates = {"two_model": {f"uplift_{arm}": _fit(rows, rows.label.to_numpy(), scalings, c)
                                for arm, rows in arms.items()}}
    share_treated = float(train.treated.mean())
    # the class transformation's 2P(z=1)-1 identity holds only for a balanced split
    if 0.4 <= share_treated <= 0.6:
        z = np.where(train.treated == 1, train.label, 1 - train.label)
        candidates["class_transformation"] = {"uplift": _fit(train, z, scalings, c)}
    qini = {name: qini_coefficient(y, t, predict_uplift(models, valid)) for name, models in candidates.items()}
    method = max(qini, key=lambda name: qini[name])
    effect, low, high = average_effect(y, t)
    report: dict[str, float | str] = {f"qini_valid_{name}": value for name, value in qini.items()} | {
        "effect_valid": effect, "effect_valid_low": low, "effect_valid_high": high,
        "qini_valid_random_p95": random_qini_p95(y, t)}
    if low <= 0 <= high and qini[method] <= report["qini_valid_random_p95"]:
        return {}, report | {"uplift_method": f"none (no detectable effect on validation: average effect "
                                              f"{effect:+.4f}, 95% interval [{low:+.4f}, {high:+.4f}]; Qini no "
                                              f"better than random rankings)"}
    balanced = "class_transformation" in candidates
    report["uplift_method"] = method if balanced else f"{method} (treated share {share_treated:.2f})"
    y_test, t_test = test.label.to_numpy(), test.treated.to_numpy()
    if len(test) and y_test.sum() > 0 and 0 < (t_test == 1).sum() < len(t_test):
        report["qini_test"] = qini_coefficient(y_test, t_test, predict_uplift(candidates[method], test))
        report["observed_uplift_test"] = average_effect(y_test, t_test)[0]
    return candidates[method], report


def predict_uplift(models: dict[str, ConversionModel], frame: pd.DataFrame) -> np.ndarray:
    """Uplift in probability points from either estimator's models, as SQL computes it."""
    if "uplift" in models:
        return 2 * _sigmoid(models["uplift"], frame) - 1
    return _sigmoid(models["uplift_outreach"], frame) - _sigmoid(models["uplift_holdout"], frame)
