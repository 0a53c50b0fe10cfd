"""The champion: a calibrated logistic regression or an additive model
(leadscore.additive), whichever ranks validation better, behind one interface.
Both are plain numbers SQL applies (macros/scoring/model_sql.sql)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from leadscore import additive, model
from leadscore.additive import AdditiveModel
from leadscore.model import ConversionModel

Champion = ConversionModel | AdditiveModel


def kind(m: Champion) -> str:
    return "additive" if isinstance(m, AdditiveModel) else "logistic"


def logit(m: Champion, frame: pd.DataFrame) -> np.ndarray:
    return additive.decision_function(m, frame) if isinstance(m, AdditiveModel) else model.linear_predictor(m, frame)


def predict_proba(m: Champion, frame: pd.DataFrame) -> np.ndarray:
    return model.calibrate(m.calibration, logit(m, frame))


def probability_interval(m: Champion, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return model.probability_interval(m.calibration, logit(m, frame))


def contributions(m: Champion, frame: pd.DataFrame) -> np.ndarray:
    """One column per term (feature, or shape); rows sum to logit - intercept."""
    if isinstance(m, AdditiveModel):
        return additive.term_contributions(m, frame)
    return model.contributions(m, frame)


def fit_candidates(train: pd.DataFrame, valid: pd.DataFrame, features: list[str], seed: int = 0,
                   choice: str = "auto", directions: Mapping[str, str] | None = None
                   ) -> tuple[Champion, dict[str, Champion]]:
    """Fit the candidates `choice` allows (auto: both) and return the champion
    and every candidate by kind. The champion ranks validation best (ROC AUC of
    its logit: calibration cannot change it); ties and a validation split
    with one class keep the logistic model, the simpler one, and so does a
    small history (see model.fit_conversion_model)."""
    logistic = model.fit_conversion_model(train, valid, features, seed, directions)
    candidates: dict[str, Champion] = {"logistic": logistic}
    y_valid = valid["label"].to_numpy(dtype=int)
    fits = "degraded" not in logistic.params and len(np.unique(train["label"])) == 2
    if choice == "auto" and logistic.params.get("fitted_on") == "train+valid":
        # a small history: validation went into the logistic fit, so it cannot
        # judge the two fairly, and shapes need more conversions than a line
        logistic.params["additive_skipped"] = (f"small history (fewer than {model.SMALL_DATA_CONVERSIONS} "
                                               "converting leads in train): the logistic model is fitted on "
                                               "train and validation")
    elif choice in ("auto", "additive") and fits:
        try:
            candidates["additive"] = additive.fit_additive_model(train, valid, features, seed, directions)
        except Exception as error:  # noqa: BLE001 - an optional candidate: its failure must not stop training
            logistic.params["additive_skipped"] = f"{type(error).__name__}: {error}"[:300]
    auc: dict[str, float] = {}
    if len(np.unique(y_valid)) == 2:
        auc = {k: float(roc_auc_score(y_valid, logit(m, valid))) for k, m in candidates.items()}
        for m in candidates.values():
            m.params.update({f"valid_auc_{k}": v for k, v in auc.items()})
    if choice != "auto":
        return candidates.get(choice, logistic), candidates
    best = max(candidates, key=lambda k: (auc.get(k, -1.0), k == "logistic"))
    return candidates[best], candidates
