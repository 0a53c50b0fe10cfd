"""Additive conversion model: an Explainable Boosting Machine (interpret-core)
as plain numbers SQL can apply.

Each term is a shape: the bins of one feature (or of two, for a pairwise
interaction) and a contribution per bin. A value falls in bin
1 + (number of cuts <= value); bin 0 is a missing value. The logit is the
intercept plus one contribution per term, so the contributions are exact
reasons. Calibration and the score reference are fitted on validation, as for
the logistic model. `decision_function` here is the reference the SQL of
macros/scoring/model_sql.sql must match.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from leadscore.model import (
    Calibration,
    calibrate,
    choose_calibration,
    lead_groups,
    sample_weights,
    score_reference,
    with_band,
)

MAX_BINS = 64  # per feature: shapes a rep can read and SQL short enough to inline
# Boosting 220 features is slow: 9k rows took 15 s, 100k rows more than 15
# minutes on 2 busy cores. Until issue 19 measures it on an idle machine, the
# additive candidate learns from a sample of whole leads.
MAX_ROWS = 20_000
MAX_INTERACTION_BINS = 16
INTERACTIONS = 5
OUTER_BAGS = 2
EARLY_STOPPING_LEADS = 0.15  # share of training leads each bag stops on
MONOTONE = {"increasing": 1, "decreasing": -1}


@dataclass(frozen=True)
class ShapeTerm:
    features: tuple[str, ...]  # one feature, or two for an interaction
    cuts: tuple[np.ndarray, ...]  # per feature, increasing
    contributions: np.ndarray  # one axis per feature: bin 0 = missing, then len(cuts) + 1 bins

    @property
    def name(self) -> str:
        return " x ".join(self.features)


@dataclass
class AdditiveModel:
    terms: list[ShapeTerm]
    intercept: float
    calibration: Calibration = field(default_factory=lambda: Calibration("none"))
    score_xs: np.ndarray = field(default_factory=lambda: np.array([0.0, 1.0]))
    score_ys: np.ndarray = field(default_factory=lambda: np.array([0.0, 100.0]))
    params: dict[str, float | str] = field(default_factory=dict)

    @property
    def feature_names(self) -> list[str]:
        return [t.features[0] for t in self.terms if len(t.features) == 1]


def bin_index(x: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """0 for missing, else 1 + the number of cuts at or below the value."""
    filled = np.nan_to_num(x, nan=0.0)
    return np.where(np.isnan(x), 0, 1 + np.searchsorted(cuts, filled, side="right"))


def term_contributions(model: AdditiveModel, frame: pd.DataFrame) -> np.ndarray:
    """One column per term; rows sum to logit - intercept. A column the frame
    lacks reads as missing."""
    out = np.empty((len(frame), len(model.terms)))
    for t, term in enumerate(model.terms):
        bins = tuple(bin_index(frame[f].to_numpy(dtype=float) if f in frame else np.full(len(frame), np.nan), c)
                     for f, c in zip(term.features, term.cuts, strict=True))
        out[:, t] = term.contributions[bins]
    return out


def decision_function(model: AdditiveModel, frame: pd.DataFrame) -> np.ndarray:
    return model.intercept + term_contributions(model, frame).sum(axis=1)


def predict_proba(model: AdditiveModel, frame: pd.DataFrame) -> np.ndarray:
    return calibrate(model.calibration, decision_function(model, frame))


def _bags_by_lead(frame: pd.DataFrame, seed: int) -> np.ndarray | None:
    """Early-stopping rows per outer bag, whole leads at a time (a lead's weekly
    near-copies on both sides would stop boosting late)."""
    if "lead_id" not in frame:
        return None
    rng = np.random.default_rng(seed)
    leads = frame["lead_id"].unique()
    held = [set(rng.choice(leads, size=max(1, int(EARLY_STOPPING_LEADS * len(leads))), replace=False))
            for _ in range(OUTER_BAGS)]
    return np.column_stack([np.where(frame["lead_id"].isin(h), -1, 1) for h in held]).astype(np.int8)


def shapes_of(ebm, features: list[str]) -> AdditiveModel:
    """The fitted EBM as shapes (no calibration yet): its decision function, exactly."""
    terms = []
    for indices, scores in zip(ebm.term_features_, ebm.term_scores_, strict=True):
        # an interaction reads its features' coarser bins; the last bin of a
        # continuous feature is for unknown categories and is never reached
        levels = [min(len(indices), len(ebm.bins_[i])) - 1 for i in indices]
        cuts = tuple(np.asarray(ebm.bins_[i][level], dtype=float) for i, level in zip(indices, levels, strict=True))
        used = tuple(slice(0, len(c) + 2) for c in cuts)
        terms.append(ShapeTerm(tuple(features[i] for i in indices), cuts, np.asarray(scores, dtype=float)[used]))
    return AdditiveModel(terms, float(np.ravel(ebm.intercept_)[0]))


def fit_additive_model(train: pd.DataFrame, valid: pd.DataFrame, features: list[str], seed: int = 0,
                       directions: Mapping[str, str] | None = None, max_rows: int = MAX_ROWS) -> AdditiveModel:
    """Boosted shapes on the training rows (a uniform sample of at most
    max_rows of whole leads, to bound its time), then calibration and the
    score reference on validation, as the logistic model's.

    directions: feature -> 'increasing' | 'decreasing' (the feature catalogue's):
    those shapes never turn the other way, and no interaction is boosted on
    them, so one more demo request never lowers a score."""
    from interpret.glassbox import ExplainableBoostingClassifier

    if len(train) > max_rows and "lead_id" in train:
        leads = train["lead_id"].unique()
        keep = np.random.default_rng(seed).choice(leads, size=int(len(leads) * max_rows / len(train)), replace=False)
        train = train[train["lead_id"].isin(keep)]
    ebm = ExplainableBoostingClassifier(
        feature_names=features, feature_types=["continuous"] * len(features), max_bins=MAX_BINS,
        max_interaction_bins=MAX_INTERACTION_BINS, interactions=INTERACTIONS, outer_bags=OUTER_BAGS,
        monotone_constraints=[MONOTONE.get((directions or {}).get(f, "none"), 0) for f in features],
        random_state=seed, n_jobs=1,
    )
    ebm.fit(train[features].to_numpy(dtype=float), train["label"].to_numpy(dtype=int),
            sample_weight=sample_weights(train), bags=_bags_by_lead(train, seed))
    model = shapes_of(ebm, features)
    y_valid = valid["label"].to_numpy(dtype=int)
    logit_valid = decision_function(model, valid)
    calibration, cv = choose_calibration(logit_valid, y_valid, lead_groups(valid), seed)
    model.calibration = with_band(calibration, logit_valid, y_valid, lead_groups(valid), seed)
    model.params.update(cv, calibration=calibration.method, rows_fitted=float(len(train)))
    model.score_xs, model.score_ys = score_reference(predict_proba(model, valid))
    return model
