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

from leadscore.additive import AdditiveModel, ShapeTerm
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
    return _rows(version, model_name, trained_at, rows + _head_rows(model))


def additive_model_rows(model: AdditiveModel, version: str, model_name: str, trained_at: datetime) -> pd.DataFrame:
    """Per term (named 'f_a' or 'f_a x f_b'): its cuts (artifact cut: value =
    axis, x = cut index, y = cut) and a contribution per bin (artifact shape:
    x, y = bin index per axis, value = contribution); then as for a linear model."""
    rows: list[dict] = []
    for term in model.terms:
        rows += [{"artifact": "cut", "name": term.name, "value": float(axis), "x": float(i), "y": float(cut)}
                 for axis, cuts in enumerate(term.cuts) for i, cut in enumerate(cuts)]
        rows += [{"artifact": "shape", "name": term.name, "x": float(index[0]),
                  "y": float(index[1]) if len(index) > 1 else None, "value": float(v)}
                 for index, v in np.ndenumerate(term.contributions)]
    return _rows(version, model_name, trained_at, rows + _head_rows(model))


def _head_rows(model: ConversionModel | AdditiveModel) -> list[dict]:
    """Intercept, calibration map, score reference and parameters."""
    rows: list[dict] = [{"artifact": "coefficient", "name": INTERCEPT, "coefficient": model.intercept}]
    cal = model.calibration
    rows.append({"artifact": "calibration", "name": "method", "text": cal.method,
                 "coefficient": cal.slope, "value": cal.intercept})
    rows += [{"artifact": "calibration_point", "name": str(i), "x": x, "y": y}
             for i, (x, y) in enumerate(zip(cal.xs, cal.ys, strict=True))]
    rows += [{"artifact": "probability_band", "name": str(i), "x": x, "y": low, "value": high}
             for i, (x, low, high) in enumerate(zip(cal.band_xs, cal.band_lows, cal.band_highs, strict=True))]
    rows += [{"artifact": "score_reference", "name": str(i), "x": float(x), "y": float(y)}
             for i, (x, y) in enumerate(zip(model.score_xs, model.score_ys, strict=True))]
    return rows + param_rows(model.params)


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


def model_from_rows(rows: pd.DataFrame) -> ConversionModel | AdditiveModel:
    """Rebuild a model from its artifact rows (the inverse of linear_model_rows
    or additive_model_rows)."""
    intercept = float(rows[(rows.artifact == "coefficient") & (rows.name == INTERCEPT)].coefficient.iloc[0])
    method = rows[rows.artifact == "calibration"].iloc[0]
    points = rows[rows.artifact == "calibration_point"].assign(i=lambda f: f.name.astype(int)).sort_values("i")
    ref = rows[rows.artifact == "score_reference"].assign(i=lambda f: f.name.astype(int)).sort_values("i")
    band = rows[rows.artifact == "probability_band"].assign(i=lambda f: f.name.astype(int)).sort_values("i")
    calibration = Calibration(method.text, slope=float(method.coefficient), intercept=float(method.value),
                              xs=tuple(points.x), ys=tuple(points.y), band_xs=tuple(band.x),
                              band_lows=tuple(band.y), band_highs=tuple(band.value))
    if (rows.artifact == "shape").any():
        return AdditiveModel(_terms_from_rows(rows), intercept, calibration, ref.x.to_numpy(), ref.y.to_numpy())
    coef = rows[(rows.artifact == "coefficient") & (rows.name != INTERCEPT)]
    scalings = [FeatureScaling(r.name, r.transform, r.clip_low, r.clip_high, r.center, r.scale)
                for r in coef.itertuples()]
    return ConversionModel(scalings, coef.coefficient.to_numpy(), intercept, calibration,
                           ref.x.to_numpy(), ref.y.to_numpy())


def _terms_from_rows(rows: pd.DataFrame) -> list[ShapeTerm]:
    terms = []
    for name, shape in rows[rows.artifact == "shape"].groupby("name", sort=True):
        features = tuple(name.split(" x "))
        cut_rows = rows[(rows.artifact == "cut") & (rows.name == name)]
        cuts = tuple(cut_rows[cut_rows.value == axis].sort_values("x").y.to_numpy(dtype=float)
                     for axis in range(len(features)))
        contributions = np.zeros(tuple(len(c) + 2 for c in cuts))
        index = tuple(shape[column].to_numpy(dtype=int) for column in ("x", "y")[: len(features)])
        contributions[index] = shape.value.to_numpy(dtype=float)
        terms.append(ShapeTerm(features, cuts, contributions))
    return terms
