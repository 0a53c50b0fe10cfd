"""Which trained version serves: the promotion gate and the promotion log.

A version trained on a build serves only if, on its own test split (the
latest labelled rows, unseen by both), it is not worse than the version
serving before it beyond the tolerances; otherwise it is stored as a
candidate. `leadscore promote` and `leadscore rollback` append to the log
(ml_model_promotions). `serving_version` reads both, and macro
active_model_version is the same rule in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from leadscore.champion import Champion

LOG_COLUMNS = {"model_version": "object", "action": "object", "promoted_by": "object",
               "promoted_at": "datetime64[us]"}


@dataclass(frozen=True)
class Tolerances:
    """How much worse than the serving version a new one may be and still
    serve (vars promotion_max_auc_drop, promotion_max_calibration_worsening):
    both measured on the same rows, so what is left is the models' difference."""

    max_auc_drop: float = 0.01
    max_calibration_worsening: float = 0.01


DEFAULT = Tolerances()

def empty_log() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in LOG_COLUMNS.items()})


def log_row(version: str, action: str, by: str, at: pd.Timestamp) -> pd.DataFrame:
    """One entry of the promotion log: `version` serves from `at` on."""
    return pd.DataFrame({"model_version": [version], "action": [action], "promoted_by": [by],
                         "promoted_at": [at]}).astype(LOG_COLUMNS)


def serving_version(versions: pd.DataFrame, log: pd.DataFrame, as_of: pd.Timestamp | None = None) -> str | None:
    """The version that serves a build at `as_of` (None: the latest, every version allowed).

    versions: model_version, trained_at, trained_as_of, promotion_status (see
    leadscore.train.version_info); log: the promotion log. Only versions
    trained for as_of or earlier may serve (never a model from the future).
    Among them the latest log entry names the version, unless a version that
    passed the gate was trained after it: then, as without a log, the one
    with the latest trained_as_of, then the newest name. Candidates (failed
    the gate) serve only once promoted."""
    trained_as_of = pd.to_datetime(versions["trained_as_of"], errors="coerce")
    allowed = versions if as_of is None else versions[trained_as_of <= as_of]
    actions = log[log["model_version"].isin(allowed["model_version"])].sort_values(["promoted_at", "model_version"])
    passed = allowed[allowed["promotion_status"].fillna("active") != "candidate"]
    if len(actions):
        passed = passed[pd.to_datetime(passed["trained_at"]) > actions["promoted_at"].iloc[-1]]
    if len(passed):
        order = passed.assign(at=trained_as_of[passed.index]).sort_values(["at", "model_version"])
        return str(order["model_version"].iloc[-1])
    return str(actions["model_version"].iloc[-1]) if len(actions) else None


def rollback_target(versions: pd.DataFrame, log: pd.DataFrame) -> tuple[str | None, str | None]:
    """(serving now, the version that served before it), replaying every
    training and log entry in time order; (current, None) when nothing else
    ever served. A second rollback therefore returns to the first's starting point."""
    moments = sorted(set(pd.to_datetime(versions["trained_at"])) | set(log["promoted_at"]))
    served: list[str] = []
    for moment in moments:
        now = serving_version(versions[pd.to_datetime(versions["trained_at"]) <= moment],
                              log[log["promoted_at"] <= moment])
        if now is not None and (not served or served[-1] != now):
            served.append(now)
    current = served[-1] if served else None
    earlier = [v for v in served if v != current]
    return current, earlier[-1] if earlier else None


def gate(label: np.ndarray, new: np.ndarray, previous: np.ndarray, tolerances: Tolerances
         ) -> dict[str, float | str]:
    """Compare a new version's probabilities with the serving version's on the
    same rows: ROC AUC (ranking, what routing uses) and expected calibration
    error (probability points, what expected value and the tiers' meaning
    use). Returns the registry's promotion_status, promotion_reason and both figures."""
    from leadscore.metrics import classification_metrics  # sklearn: see judge

    mine, theirs = classification_metrics(label, new), classification_metrics(label, previous)
    figures: dict[str, float | str] = {"gate_rows": float(len(label)), "gate_new_auc": mine["auc"],
                                       "gate_previous_auc": theirs["auc"], "gate_new_ece": mine["ece"],
                                       "gate_previous_ece": theirs["ece"]}
    if np.isnan(mine["auc"]) or np.isnan(theirs["auc"]):
        return figures | {"promotion_status": "active",
                          "promotion_reason": "no comparison: the test split has a single class"}
    drop, worsening = theirs["auc"] - mine["auc"], mine["ece"] - theirs["ece"]
    failed = []
    if drop > tolerances.max_auc_drop:
        failed.append(f"AUC {mine['auc']:.4f} vs {theirs['auc']:.4f} (drop over {tolerances.max_auc_drop})")
    if worsening > tolerances.max_calibration_worsening:
        failed.append(f"ECE {mine['ece']:.4f} vs {theirs['ece']:.4f} "
                      f"(worse by over {tolerances.max_calibration_worsening})")
    if failed:
        return figures | {"promotion_status": "candidate", "promotion_reason": "; ".join(failed)}
    return figures | {"promotion_status": "active",
                      "promotion_reason": f"not worse than the serving version: AUC {mine['auc']:.4f} vs "
                                          f"{theirs['auc']:.4f}, ECE {mine['ece']:.4f} vs {theirs['ece']:.4f}"}


def columns_read(m: Champion) -> set[str]:
    """Every feature column a model reads: an additive model's interactions name two."""
    from leadscore.additive import AdditiveModel

    if isinstance(m, AdditiveModel):
        return {feature for term in m.terms for feature in term.features}
    return set(m.feature_names)


def judge(rows: pd.DataFrame, existing: pd.DataFrame, serving: pd.Series | None, test: pd.DataFrame,
          tolerances: Tolerances) -> dict[str, float | str | None]:
    """The gate's verdict on the new version (its artifact `rows`) against
    `serving` (a row of version_info, or None), both rebuilt from their stored
    rows and applied to the new version's test split: the scorer SQL matches.
    The first version, and one whose predecessor reads features this data no
    longer has, pass with the reason said."""
    # imported when a version is judged: every CLI command reads this module
    # (its tolerances), and scikit-learn, behind these, took 1.3 s to import
    from leadscore import artifacts, champion

    if serving is None:
        return {"promotion_status": "active", "promotion_reason": "no version served before: nothing to compare"}
    previous = str(serving["model_version"])
    if not len(test):
        return {"promotion_status": "active", "gate_compared_with": previous,
                "promotion_reason": "no comparison: the test split is empty"}
    new_model, old_model = (artifacts.model_from_rows(r[r["model_name"] == "conversion"])
                            for r in (rows, existing[existing["model_version"] == previous]))
    missing = columns_read(old_model) - set(test.columns)
    if missing:
        return {"promotion_status": "active", "gate_compared_with": previous,
                "promotion_reason": f"{previous} reads features this data no longer has: {', '.join(sorted(missing))}"}
    new, old = champion.predict_proba(new_model, test), champion.predict_proba(old_model, test)
    return {"gate_compared_with": previous} | gate(test["label"].to_numpy(dtype=int), new, old, tolerances)
