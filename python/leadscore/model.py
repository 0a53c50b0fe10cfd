"""Conversion model: standardised logistic regression + calibration.

Everything a score needs is plain numbers (per-feature clip/transform/centre/
scale, coefficients, a calibration map, a score reference), so the model can
be written as warehouse tables and applied in SQL. `predict_proba` here is the
reference implementation the SQL in macros/scoring/ must match.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
# Below this many converting leads in train one validation split is too
# noisy to choose by and too precious to leave out of the fit: C and the
# feature count are chosen over TIME_FOLDS forward-chaining folds of train
# and validation, and the model is fitted on both (fit_conversion_model).
SMALL_DATA_CONVERSIONS = 200
TIME_FOLDS = 3
FEATURE_COUNTS = (5, 10, 20, 40)
# Newton steps on the exact Hessian: a few hundred features and many rows is
# the case it is made for. L-BFGS on the same grid took twice as long at 1M
# leads and, warm-started, stopped short at the larger C (zero iterations).
SOLVER = "newton-cholesky"
PROB_FLOOR = 1e-5  # isotonic steps can reach 0 or 1; no lead is certain
BAND_DRAWS = 100  # bootstrap refits of the calibration behind each probability's interval
BAND_LEVEL = 0.9  # conversion_probability_low / _high hold the central 90% of them
# C, class weighting and the features kept against their direction are chosen
# on at most this many training rows (whole leads), then the model is refitted
# once on all of them: the grid on 200k rows took 18 s of a 100 s training at
# 100k leads; chosen on 100k, the champion's test AUC was 0.9553 against
# 0.9558, on 50k 0.9530 (docs/benchmarks.md, issue 19).
SELECTION_ROWS = 100_000


@dataclass(frozen=True)
class FeatureScaling:
    """How one raw feature becomes a standardised model input."""

    name: str
    transform: str  # 'log1p' for non-negative counts and durations, else 'identity'
    clip_low: float
    clip_high: float
    center: float
    scale: float


@dataclass(frozen=True)
class Calibration:
    """Map from the linear predictor to a calibrated probability, and the
    band around it (probability_band): at logits band_xs, the probability's
    low and high bounds, linear in between."""

    method: str  # 'platt' | 'isotonic' | 'none'
    slope: float = 1.0
    intercept: float = 0.0
    xs: tuple[float, ...] = ()
    ys: tuple[float, ...] = ()
    band_xs: tuple[float, ...] = ()
    band_lows: tuple[float, ...] = ()
    band_highs: tuple[float, ...] = ()


@dataclass
class ConversionModel:
    scalings: list[FeatureScaling]
    coefficients: np.ndarray
    intercept: float
    calibration: Calibration
    score_xs: np.ndarray = field(default_factory=lambda: np.array([0.0, 1.0]))
    score_ys: np.ndarray = field(default_factory=lambda: np.array([0.0, 100.0]))
    params: dict[str, float | str] = field(default_factory=dict)

    @property
    def feature_names(self) -> list[str]:
        return [s.name for s in self.scalings]


def fit_scalings(frame: pd.DataFrame, columns: list[str]) -> list[FeatureScaling]:
    """Clip bounds, transform and standardisation per feature, from training rows.

    Counts are heavy-tailed (a bot can log 500 page views), so they are clipped
    at the 99.9th percentile and log1p-transformed before standardising.
    """
    scalings = []
    for name in columns:
        # missing reads as 0, exactly as standardise() will read it when scoring
        x = np.nan_to_num(frame[name].to_numpy(dtype=float), nan=0.0)
        binary = np.isin(np.unique(x), (0.0, 1.0)).all()
        low, high = (0.0, 1.0) if binary else (float(np.quantile(x, 0.0)), float(np.quantile(x, 0.999)))
        transform = "log1p" if (not binary and low >= 0) else "identity"
        t = _transform(np.clip(x, low, high), transform)
        scale = float(t.std())
        scalings.append(FeatureScaling(name, transform, low, high, float(t.mean()), scale if scale > 1e-12 else 1.0))
    return scalings


def sample_weights(frame: pd.DataFrame) -> np.ndarray:
    """Row weights of a training frame: `sample_weight` where the warehouse
    sampled non-conversions (1 / keep share), else 1."""
    if "sample_weight" in frame:
        return frame["sample_weight"].to_numpy(dtype=float)
    return np.ones(len(frame))


def _transform(x: np.ndarray, transform: str) -> np.ndarray:
    return np.log1p(x) if transform == "log1p" else x


def standardise(frame: pd.DataFrame | Sequence[pd.DataFrame], scalings: list[FeatureScaling]) -> np.ndarray:
    """Model inputs z = (transform(clip(x)) - centre) / scale; missing columns
    read as 0. Several frames: their rows one after the other, without
    concatenating the frames themselves."""
    frames = [frame] if isinstance(frame, pd.DataFrame) else list(frame)
    # column-major: each feature is written in one contiguous run (np.column_stack
    # into a row-major block took 0.5 s per 200k rows, this 0.03 s)
    z = np.empty((sum(map(len, frames)), len(scalings)), order="F")
    for i, s in enumerate(scalings):
        x = np.concatenate([f[s.name].to_numpy(dtype=float) if s.name in f else np.zeros(len(f)) for f in frames])
        x = np.nan_to_num(x, nan=0.0)
        z[:, i] = (_transform(np.clip(x, s.clip_low, s.clip_high), s.transform) - s.center) / s.scale
    return z


def linear_predictor(model: ConversionModel, frame: pd.DataFrame) -> np.ndarray:
    return standardise(frame, model.scalings) @ model.coefficients + model.intercept


def contributions(model: ConversionModel, frame: pd.DataFrame) -> np.ndarray:
    """Per-feature contribution coefficient x z; rows sum to logit - intercept."""
    return standardise(frame, model.scalings) * model.coefficients


def calibrate(calibration: Calibration, logit: np.ndarray) -> np.ndarray:
    if calibration.method == "platt":
        return 1.0 / (1.0 + np.exp(-(calibration.slope * logit + calibration.intercept)))
    if calibration.method == "isotonic":
        return np.interp(logit, np.array(calibration.xs), np.array(calibration.ys))
    return 1.0 / (1.0 + np.exp(-logit))


def probability_interval(calibration: Calibration, logit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of the calibrated probability at each logit; they hold it."""
    p = calibrate(calibration, logit)
    if not calibration.band_xs:
        return p, p
    xs = np.array(calibration.band_xs)
    return (np.minimum(np.interp(logit, xs, np.array(calibration.band_lows)), p),
            np.maximum(np.interp(logit, xs, np.array(calibration.band_highs)), p))


def with_band(calibration: Calibration, logit: np.ndarray, y: np.ndarray, groups: np.ndarray | None,
              seed: int = 0, draws: int = BAND_DRAWS, level: float = BAND_LEVEL) -> Calibration:
    """The calibration with its band: the calibration method refitted on
    `draws` bootstrap resamples of validation (whole leads, when `groups`
    says which rows are one lead's), and at each of 21 logit quantiles the
    central `level` of the probabilities the refits give. Thin data: few
    conversions in validation, refits that disagree, a wide band."""
    if not len(y):
        return calibration
    grid = np.unique(np.quantile(logit, np.linspace(0, 1, 21)))
    _, codes = np.unique(groups if groups is not None else np.arange(len(y)), return_inverse=True)
    order = np.argsort(codes, kind="stable")
    counts = np.bincount(codes)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rng = np.random.default_rng(seed)
    curves = []
    for _ in range(draws):
        picked = rng.integers(0, len(counts), len(counts))
        sizes = counts[picked]
        within = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)  # row's place in its lead
        rows = order[np.repeat(starts[picked], sizes) + within]
        x, t = logit[rows], y[rows]
        if t.min() == t.max():
            curves.append(np.full(len(grid), np.clip(t.mean(), PROB_FLOOR, 1 - PROB_FLOOR)))
        else:
            curves.append(calibrate(fit_isotonic(x, t) if calibration.method == "isotonic" else fit_platt(x, t), grid))
    lows, highs = np.quantile(np.array(curves), [(1 - level) / 2, (1 + level) / 2], axis=0)
    return replace(calibration, band_xs=tuple(map(float, grid)), band_lows=tuple(map(float, lows)),
                   band_highs=tuple(map(float, highs)))


def predict_proba(model: ConversionModel, frame: pd.DataFrame) -> np.ndarray:
    """Calibrated P(convert within the label window)."""
    return calibrate(model.calibration, linear_predictor(model, frame))


def score(model: ConversionModel, probability: np.ndarray) -> np.ndarray:
    """0-100: the probability's place in the frozen reference distribution."""
    return np.interp(probability, model.score_xs, model.score_ys)


def fit_platt(logit: np.ndarray, y: np.ndarray) -> Calibration:
    # Newton steps on two parameters: half L-BFGS's time, and the calibration
    # band refits this 100 times (8 s of the additive candidate at 100k leads)
    fit = LogisticRegression(C=1e6, solver=SOLVER, max_iter=1000).fit(logit.reshape(-1, 1), y)
    return Calibration("platt", slope=float(fit.coef_[0, 0]), intercept=float(fit.intercept_[0]))


def fit_isotonic(logit: np.ndarray, y: np.ndarray) -> Calibration:
    fit = IsotonicRegression(out_of_bounds="clip", y_min=PROB_FLOOR, y_max=1 - PROB_FLOOR).fit(logit, y)
    return Calibration("isotonic", xs=tuple(map(float, fit.X_thresholds_)), ys=tuple(map(float, fit.y_thresholds_)))


def choose_calibration(logit: np.ndarray, y: np.ndarray, groups: np.ndarray | None = None,
                       seed: int = 0) -> tuple[Calibration, dict[str, float]]:
    """Platt or isotonic, whichever has the lower cross-validated log loss on validation.

    Cross-validated because isotonic regression scored on the rows it was
    fitted on always looks best; folds keep each lead's snapshots together
    (`groups`), or a lead's weekly near-copies on both sides flatter isotonic.
    """
    if y.sum() < 2 or y.sum() > len(y) - 2:
        return Calibration("none"), {}
    n_splits = min(5, int(y.sum()), int(len(y) - y.sum()))
    splits = stratified_folds(y, groups, n_splits, seed)
    losses: dict[str, list[float]] = {"platt": [], "isotonic": []}
    for fit_idx, eval_idx in splits:
        for method, fitter in (("platt", fit_platt), ("isotonic", fit_isotonic)):
            p = calibrate(fitter(logit[fit_idx], y[fit_idx]), logit[eval_idx])
            losses[method].append(log_loss(y[eval_idx], np.clip(p, PROB_FLOOR, 1 - PROB_FLOOR), labels=[0, 1]))
    cv = {f"valid_cv_log_loss_{m}": float(np.mean(v)) for m, v in losses.items()}
    best = min(losses, key=lambda m: np.mean(losses[m]))
    return (fit_platt if best == "platt" else fit_isotonic)(logit, y), cv


def score_reference(probability: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Percentile map of a reference population: p at each percentile -> 0..100.

    Equal quantiles (flat isotonic steps) collapse to one point at their mean
    percentile, so the map stays a function.
    """
    percentiles = np.linspace(0, 100, 101)
    if not len(probability):
        return np.array([0.0, 1.0]), np.array([0.0, 100.0])
    xs = np.quantile(probability, percentiles / 100)
    frame = pd.DataFrame({"x": xs, "y": percentiles[: len(xs)]}).groupby("x", as_index=False)["y"].mean()
    if len(frame) == 1:
        return np.array([frame.x[0], frame.x[0] + 1e-9]), np.array([50.0, 50.0])
    return frame.x.to_numpy(), frame.y.to_numpy()


def fit_conversion_model(
    train: pd.DataFrame, valid: pd.DataFrame, features: list[str], seed: int = 0,
    directions: Mapping[str, str] | None = None,
) -> ConversionModel:
    """Fit the logistic candidate: regularisation and class weighting chosen by
    ROC AUC (invariant to calibration, so weighting cannot win by distorting
    probabilities). Features whose coefficient goes against their catalogue
    direction are dropped and the rest refitted, so no engagement a rep
    reads as good lowers a score. The test split stays unseen.

    Enough data (SMALL_DATA_CONVERSIONS converting leads in train or more):
    fitted on train, chosen on validation, calibrated on validation.
    A small CRM, where one validation split is too noisy to choose by and too
    precious to leave out: C, class weighting and the number of features are
    chosen on TIME_FOLDS forward-chaining folds of train and validation
    together, the model is fitted on both, and calibrated on the folds'
    out-of-fold logits (a calibration that never saw its own rows' fit).

    Rows may carry `sample_weight` (negatives sampled for speed are reweighted
    by 1 / keep share): the fit then sees the population it was sampled from."""
    small = converting_leads(train) < SMALL_DATA_CONVERSIONS and len(valid) > 0
    # train and validation one after the other: their keys here, their features
    # only as z (a copy of both whole frames was 0.4 GiB more at 100k leads)
    keys = [c for c in ("label", "sample_weight", "lead_id", "snapshot_at") if c in train or c in valid]
    rows = pd.concat([f[[c for c in keys if c in f]] for f in (train, valid)], ignore_index=True)
    final = np.arange(len(rows)) if small else np.arange(len(train))
    y = rows["label"].to_numpy(dtype=int)
    weights = np.nan_to_num(sample_weights(rows), nan=1.0)  # validation rows are never sampled
    # a feature constant on the fitted rows (missing everywhere reads as 0) carries nothing
    fitted = pd.concat([train, valid], ignore_index=True) if small else train
    scalings = [s for s in fit_scalings(fitted, features)
                if s.clip_high > s.clip_low and np.ptp(np.nan_to_num(fitted[s.name].to_numpy(dtype=float))) > 0]
    rate = float((weights[final] @ y[final] + 0.5) / (weights[final].sum() + 1))
    if y[final].min() == y[final].max():
        return _prior_model(scalings, rate, reason="one class in training data")
    if not scalings:
        return _prior_model(scalings, rate, reason="no feature varies in the training data")

    z = standardise([train, valid], scalings)
    folds = time_folds(rows) if small else [(np.arange(len(train)), len(train) + np.arange(len(valid)))]
    groups = lead_groups(rows)
    folds = [(leads_sample(fit, groups, SELECTION_ROWS, seed), held) for fit, held in folds]
    folds = [(fit, held) for fit, held in folds if 0 < y[fit].sum() < len(fit) and 0 < y[held].sum() < len(held)]
    params: dict[str, float | str] = {"selection_folds": float(len(folds)),
                                      "fitted_on": "train+valid" if small else "train"}
    best: tuple[float, float, str | None] = (-np.inf, C_GRID[0], None)
    start: tuple[np.ndarray, np.ndarray] | None = None  # the best fit's coefficients on the first fold
    # each fold's rows taken once: a fancy-indexed copy per fit was 2 s of the grid at 100k leads
    fold_rows = [(z[fit], y[fit], weights[fit], z[held], y[held]) for fit, held in folds]
    for class_weight in (None, "balanced"):
        # warm start along the path of increasing C: each fit starts from the last
        fits = [LogisticRegression(class_weight=class_weight, solver=SOLVER, max_iter=200, warm_start=True)
                for _ in folds]
        for c in C_GRID:
            quality = float(np.mean([roc_auc_score(y_held, fit.set_params(C=c).fit(
                z_fit, y_fit, sample_weight=w_fit).decision_function(z_held))
                for fit, (z_fit, y_fit, w_fit, z_held, y_held) in zip(fits, fold_rows, strict=True)])) if folds else -c
            if quality > best[0] + 1e-4:
                best = (quality, c, class_weight)
                start = (fits[0].coef_.copy(), fits[0].intercept_.copy()) if folds else None
    del fold_rows  # the grid's copies go before the rounds against direction make theirs
    quality, c, class_weight = best
    params |= {"C": c, "class_weight": class_weight or "none", "valid_auc_raw": quality}
    fit = LogisticRegression(C=c, class_weight=class_weight, solver=SOLVER, max_iter=200)
    keep = np.arange(len(scalings))
    if small and folds:
        keep, params["features_kept_by_folds"] = feature_count(fit, z, y, weights, folds, final)
    wanted = [(directions or {}).get(s.name, "none") for s in scalings]
    # the rounds of dropping against direction on the sample, then once more on all rows
    sample = leads_sample(final, groups, SELECTION_ROWS, seed)
    dropped: list[int] = []
    on_sample = len(sample) < len(final) and 0 < y[sample].sum() < len(sample)
    if on_sample:
        # with enough data the sample is the grid's one fold (the same draw):
        # the first round is the grid's best fit, so it starts from there
        warm = not small and start is not None
        if warm:
            fit.coef_, fit.intercept_ = start
        keep, dropped = fit_with_directions(fit, z, sample, y, weights, keep, wanted, warm=warm)
    keep, more = fit_with_directions(fit, z, final, y, weights, keep, wanted, warm=on_sample)
    dropped += more
    params["dropped_against_direction"] = ",".join(scalings[i].name for i in dropped)
    if not len(keep):
        return _prior_model([], rate, reason="no feature raises the odds in its catalogue direction")
    model = ConversionModel([scalings[i] for i in keep], fit.coef_[0].copy(), float(fit.intercept_[0]),
                            Calibration("none"), params=params)
    if small:
        # out-of-fold logits of fits on 4/5 of the rows (whole leads): nearly
        # the final fit's size, so nearly its logit scale
        held, logit = cross_fitted_logits(fit, z[:, keep], y, weights, lead_groups(rows), seed)
        calibrated_on = rows.iloc[held]
    else:
        logit, calibrated_on = linear_predictor(model, valid), valid
    y_cal, groups = calibrated_on["label"].to_numpy(dtype=int), lead_groups(calibrated_on)
    calibration, cv = choose_calibration(logit, y_cal, groups, seed)
    model.calibration = with_band(calibration, logit, y_cal, groups, seed)
    model.params.update(cv, calibration=calibration.method)
    model.score_xs, model.score_ys = score_reference(predict_proba(model, valid if len(valid) else train))
    return model


def cross_fitted_logits(fit: LogisticRegression, z: np.ndarray, y: np.ndarray, weights: np.ndarray,
                        groups: np.ndarray | None, seed: int, n_splits: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """(rows, logits): each row's logit from a fit (`fit`'s settings) on the
    other folds, folds keeping a lead's snapshots together. Fewer folds
    when there are fewer conversions; none (empty) below two."""
    n_splits = min(n_splits, int(y.sum()), int(len(y) - y.sum()))
    if n_splits < 2:
        return np.array([], dtype=int), np.array([])
    parts = [(held, clone(fit).fit(z[rest], y[rest], sample_weight=weights[rest]).decision_function(z[held]))
             for rest, held in stratified_folds(y, groups, n_splits, seed)]
    return np.concatenate([h for h, _ in parts]), np.concatenate([p for _, p in parts])


def stratified_folds(y: np.ndarray, groups: np.ndarray | None, n_splits: int, seed: int
                     ) -> list[tuple[np.ndarray, np.ndarray]]:
    """(fit rows, held rows) of n_splits folds that keep each group's (lead's)
    rows together and share the converting groups evenly: groups with a
    conversion, then the others, are shuffled and dealt round-robin. Plain
    stratified folds without groups, or with fewer converting groups than
    folds. sklearn's StratifiedGroupKFold searches the best fold group by
    group: 11 s for the 45k leads of validation at 100k leads, this is linear."""
    if groups is None or len(np.unique(groups[y == 1])) < n_splits:
        return list(StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(np.zeros(len(y)), y))
    _, codes = np.unique(groups, return_inverse=True)
    converting = np.bincount(codes, weights=y) > 0
    order = np.random.default_rng(seed).permutation(len(converting))
    dealt = np.concatenate([order[converting[order]], order[~converting[order]]])
    fold_of_group = np.empty(len(converting), dtype=int)
    fold_of_group[dealt] = np.arange(len(dealt)) % n_splits
    fold = fold_of_group[codes]
    return [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(n_splits)]


def leads_sample(rows: np.ndarray, groups: np.ndarray | None, max_rows: int, seed: int) -> np.ndarray:
    """At most about max_rows of `rows` (positions), whole leads at a time,
    drawn uniformly: sample weights stay valid on it. All when fewer."""
    if len(rows) <= max_rows:
        return rows
    if groups is None:
        return np.sort(np.random.default_rng(seed).choice(rows, size=max_rows, replace=False))
    # integer codes: np.isin on the lead ids themselves (strings) took 19 s per 200k rows
    leads, codes = np.unique(groups[rows], return_inverse=True)
    kept = np.zeros(len(leads), dtype=bool)
    kept[np.random.default_rng(seed).choice(len(leads), size=max(1, len(leads) * max_rows // len(rows)),
                                            replace=False)] = True
    return rows[kept[codes]]


def converting_leads(frame: pd.DataFrame) -> int:
    """Leads with a converting snapshot (rows, where there is no lead_id)."""
    positive = frame[frame["label"] == 1]
    return int(positive["lead_id"].nunique()) if "lead_id" in frame else len(positive)


def time_folds(train: pd.DataFrame, n: int = TIME_FOLDS) -> list[tuple[np.ndarray, np.ndarray]]:
    """Forward-chaining folds of the rows: their snapshot instants in n + 1 blocks
    of about equal rows; fold k fits on the blocks before block k and is
    judged on block k, as the model will be fitted on the past and judged on
    what follows."""
    if "snapshot_at" not in train:
        return []
    at = pd.to_datetime(train["snapshot_at"]).to_numpy()
    instants = np.unique(at)
    if len(instants) < n + 1:
        return []
    share = np.searchsorted(np.sort(at), instants, side="right") / len(at)
    block = np.searchsorted(np.linspace(0, 1, n + 2)[1:-1], share, side="left")
    row_block = block[np.searchsorted(instants, at)]
    return [(np.flatnonzero(row_block < k), np.flatnonzero(row_block == k)) for k in range(1, n + 1)
            if (row_block < k).any() and (row_block == k).any()]


def feature_count(fit: LogisticRegression, z: np.ndarray, y: np.ndarray, weights: np.ndarray,
                  folds: list[tuple[np.ndarray, np.ndarray]], final: np.ndarray) -> tuple[np.ndarray, float]:
    """The columns to keep: the k strongest (|coefficient| of a fit on the
    `final` rows) for the k of FEATURE_COUNTS (or all) whose fits rank the
    folds best on average; the fewer features on a tie within 0.002."""
    order = np.argsort(-np.abs(fit.fit(z[final], y[final], sample_weight=weights[final]).coef_[0]), kind="stable")
    counts = sorted({k for k in FEATURE_COUNTS if k < len(order)} | {len(order)})
    scores = {}
    for k in counts:
        cols = order[:k]
        scores[k] = float(np.mean([roc_auc_score(y[held], fit.fit(z[rows][:, cols], y[rows],
                                                                  sample_weight=weights[rows])
                                                 .decision_function(z[held][:, cols]))
                                   for rows, held in folds]))
    best = max(scores.values())
    k = min(k for k, v in scores.items() if v >= best - 0.002)
    return np.sort(order[:k]), float(k)


def fit_with_directions(fit: LogisticRegression, z: np.ndarray, rows: np.ndarray, y: np.ndarray, weights: np.ndarray,
                        keep: np.ndarray, directions: list[str], warm: bool = False) -> tuple[np.ndarray, list[int]]:
    """Fit on `rows` of z (y, weights: of every row of z) and its columns
    `keep`, drop those whose coefficient has the wrong sign for its direction
    (increasing: > 0, decreasing: < 0), refit, until none does. Returns the
    columns kept (fit is fitted on them) and those dropped.

    With `warm` the first fit starts from `fit`'s coefficients (of these
    very columns): from the grid's best fit on the same sample it takes 1
    Newton step instead of 6, from the sample's fit on all train rows 2
    instead of 6 (together 2.7 s of a training at 100k leads). Each refit
    starts from the last fit's coefficients of the columns still kept;
    dropping columns moves the optimum, so those save little."""
    dropped: list[int] = []
    y, weights = y[rows], weights[rows]
    while len(keep):
        # one row-major copy of the cells fitted: scikit-learn copies any other
        # layout again, and z[rows][:, keep] is two copies (at 100k leads each is
        # 0.35 GiB, and the peak of the whole training step was here)
        x = z[np.ix_(rows, keep)]
        coef = fit.set_params(warm_start=warm).fit(x, y, sample_weight=weights).coef_[0]
        del x
        wrong = [i for i, b in zip(keep, coef, strict=True)
                 if (directions[i] == "increasing" and b < 0) or (directions[i] == "decreasing" and b > 0)]
        if not wrong:
            return keep, dropped
        dropped += wrong
        stays = ~np.isin(keep, wrong)
        keep, fit.coef_, warm = keep[stays], fit.coef_[:, stays], True
    return keep, dropped


def lead_groups(frame: pd.DataFrame) -> np.ndarray | None:
    """Each row's lead, for folds that keep a lead's snapshots together."""
    return frame["lead_id"].to_numpy() if "lead_id" in frame else None


def _prior_model(scalings: list[FeatureScaling], rate: float, reason: str) -> ConversionModel:
    """Degraded fallback: every lead gets the base rate. Scores stay defined."""
    return ConversionModel(
        scalings,
        np.zeros(len(scalings)),
        float(np.log(rate / (1 - rate))),
        Calibration("none"),
        params={"degraded": reason},
    )
