"""Evaluation metrics for probabilistic lead scores.

Plain functions over numpy arrays so the same numbers come out of the
training step, the tests and the report.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score

EPS = 1e-12


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 20) -> float:
    """Weighted mean |predicted - observed| over equal-frequency bins.

    Equal-frequency, not equal-width: with conversion rates of a few percent
    almost every lead sits in the first width-bin, which would hide any
    miscalibration where the leads actually are.
    """
    # ties (leads with the same features) ordered by outcome, and p rounded past
    # float noise: the figure depends on the rows, not on the order they come in
    # (SQL and Python score the same test rows in different orders)
    order = np.lexsort((y, np.round(p, 12)))
    gaps = [
        len(chunk) * abs(p[chunk].mean() - y[chunk].mean())
        for chunk in np.array_split(order, min(bins, len(p)))
        if len(chunk)
    ]
    return float(np.sum(gaps) / len(p))


def lift_at(y: np.ndarray, p: np.ndarray, share: float) -> float:
    """Conversion rate among the top `share` of leads by p, over the base rate."""
    n_top = max(1, int(round(len(p) * share)))
    top = np.argsort(-p, kind="stable")[:n_top]
    base = y.mean()
    return float(y[top].mean() / base) if base > 0 else float("nan")


def capture_at(y: np.ndarray, p: np.ndarray, share: float) -> float:
    """Share of all conversions that fall in the top `share` of leads by p."""
    n_top = max(1, int(round(len(p) * share)))
    top = np.argsort(-p, kind="stable")[:n_top]
    total = y.sum()
    return float(y[top].sum() / total) if total > 0 else float("nan")


def ranking_metrics(y: np.ndarray, s: np.ndarray) -> dict[str, float]:
    """Metrics that need only an ordering: fit for points-based legacy scores too."""
    y, s = np.asarray(y, dtype=float), np.asarray(s, dtype=float)
    both_classes = 0 < y.sum() < len(y)
    return {
        "rows": float(len(y)),
        "positives": float(y.sum()),
        "base_rate": float(y.mean()) if len(y) else float("nan"),
        "auc": float(roc_auc_score(y, s)) if both_classes else float("nan"),
        "pr_auc": float(average_precision_score(y, s)) if both_classes else float("nan"),
        "lift_at_10pct": lift_at(y, s, 0.10) if len(y) else float("nan"),
        "lift_at_20pct": lift_at(y, s, 0.20) if len(y) else float("nan"),
        "capture_at_20pct": capture_at(y, s, 0.20) if len(y) else float("nan"),
    }


def classification_metrics(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """The headline metrics reported for every probabilistic model and split."""
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), EPS, 1 - EPS)
    return ranking_metrics(y, p) | {
        "mean_probability": float(p.mean()) if len(p) else float("nan"),
        "log_loss": float(log_loss(y, p, labels=[0, 1])) if len(y) else float("nan"),
        "brier": float(brier_score_loss(y, p)) if len(y) else float("nan"),
        "ece": expected_calibration_error(y, p) if len(y) else float("nan"),
        # calibration in the large: predicted conversions over observed, minus 1
        "calibration_in_the_large": float(p.sum() / y.sum() - 1) if y.sum() else float("nan"),
    }
