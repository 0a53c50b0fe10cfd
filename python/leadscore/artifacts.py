"""Model <-> warehouse tables.

All model versions live in one append-only long table (ml_model_artifacts):
one row per coefficient, calibration point, score-reference point, metric or
parameter. SQL views split it into model_coefficients, model_calibration,
model_score_reference and model_registry. Nothing is pickled.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from leadscore.model import Calibration, ConversionModel, FeatureScaling

COLUMNS = {
    "model_version": "object",
    "model_name": "object",
    "artifact": "object",
    "name": "object",
    "transform": "object",
    "clip_low": "float64",
    "clip_high": "float64",
    "center": "float64",
    "scale": "float64",
    "coefficient": "float64",
    "x": "float64",
    "y": "float64",
    "value": "float64",
    "text": "object",
    "trained_at": "datetime64[us]",
}
INTERCEPT = "__intercept__"


def empty_artifacts() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in COLUMNS.items()})


def _rows(version: str, model_name: str, trained_at: datetime, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["model_version"], frame["model_name"], frame["trained_at"] = version, model_name, trained_at
    return frame.reindex(columns=list(COLUMNS)).astype(COLUMNS)


def linear_model_rows(model: ConversionModel, version: str, model_name: str, trained_at: datetime) -> pd.DataFrame:
    """Coefficients with their scaling, intercept, calibration map, score reference."""
    rows: list[dict] = [
        {"artifact": "coefficient", "name": s.name, "transform": s.transform, "clip_low": s.clip_low,
         "clip_high": s.clip_high, "center": s.center, "scale": s.scale, "coefficient": float(c)}
        for s, c in zip(model.scalings, model.coefficients, strict=True)
    ]
    rows.append({"artifact": "coefficient", "name": INTERCEPT, "coefficient": model.intercept})
    cal = model.calibration
    rows.append({"artifact": "calibration", "name": "method", "text": cal.method,
                 "coefficient": cal.slope, "value": cal.intercept})
    rows += [{"artifact": "calibration_point", "name": str(i), "x": x, "y": y}
             for i, (x, y) in enumerate(zip(cal.xs, cal.ys, strict=True))]
    rows += [{"artifact": "score_reference", "name": str(i), "x": float(x), "y": float(y)}
             for i, (x, y) in enumerate(zip(model.score_xs, model.score_ys, strict=True))]
    rows += param_rows(model.params)
    return _rows(version, model_name, trained_at, rows)


def param_rows(params: dict[str, float | str | None]) -> list[dict]:
    return [
        {"artifact": "param", "name": k, "value": float(v)} if isinstance(v, (int, float, np.floating))
        else {"artifact": "param", "name": k, "text": None if v is None else str(v)}
        for k, v in params.items()
    ]


def metric_rows(version: str, model_name: str, trained_at: datetime,
                metrics: dict[str, dict[str, float]]) -> pd.DataFrame:
    """metrics: split -> metric -> value; the split goes in `text`."""
    rows = [{"artifact": "metric", "name": name, "value": value, "text": split}
            for split, values in metrics.items() for name, value in values.items()]
    return _rows(version, model_name, trained_at, rows)


def info_rows(version: str, model_name: str, trained_at: datetime, info: dict[str, float | str | None]) -> pd.DataFrame:
    return _rows(version, model_name, trained_at, param_rows(info))


def linear_model_from_rows(rows: pd.DataFrame) -> ConversionModel:
    """Rebuild a model from its artifact rows (the inverse of linear_model_rows)."""
    coef = rows[(rows.artifact == "coefficient") & (rows.name != INTERCEPT)]
    scalings = [FeatureScaling(r.name, r.transform, r.clip_low, r.clip_high, r.center, r.scale)
                for r in coef.itertuples()]
    intercept = float(rows[(rows.artifact == "coefficient") & (rows.name == INTERCEPT)].coefficient.iloc[0])
    method = rows[rows.artifact == "calibration"].iloc[0]
    points = rows[rows.artifact == "calibration_point"].assign(i=lambda f: f.name.astype(int)).sort_values("i")
    ref = rows[rows.artifact == "score_reference"].assign(i=lambda f: f.name.astype(int)).sort_values("i")
    calibration = Calibration(method.text, slope=float(method.coefficient), intercept=float(method.value),
                              xs=tuple(points.x), ys=tuple(points.y))
    return ConversionModel(scalings, coef.coefficient.to_numpy(), intercept, calibration,
                           ref.x.to_numpy(), ref.y.to_numpy())
