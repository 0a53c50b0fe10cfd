"""One training run: training table in, artifact rows out.

`train_if_needed` is what the dbt Python model (models/ml/ml_model_artifacts.py)
and the `leadscore train` command call; it never touches the warehouse.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

from leadscore import artifacts, champion, promotion
from leadscore.deal_value import fit_deal_value
from leadscore.metrics import classification_metrics, ranking_metrics
from leadscore.model import calibrate, choose_calibration, converting_leads, lead_groups, sample_weights
from leadscore.uplift import fit_uplift

SPLITS = ("train", "valid", "test")
MIN_CONVERSIONS = 10  # var min_training_conversions


class TrainingRefused(ValueError):
    """Too few conversions to learn from; the message says how many there are and how many are needed."""


def check_enough_conversions(training: pd.DataFrame, minimum: int) -> None:
    found = converting_leads(training)
    if found < minimum:
        raise TrainingRefused(
            f"leadscore: not enough conversions to train: the labelled history has {found} converting "
            f"lead{'' if found == 1 else 's'} (converted within the label window after a training snapshot), "
            f"at least {minimum} are needed (var min_training_conversions). Staging, data quality and the "
            "legacy-rules marts are built; scores wait for more history (or a longer export).")


@dataclass(frozen=True)
class Provenance:
    """What a build reads (models/ml/ml_raw_input): where the CRM is, the
    scoring instant, and a fingerprint of the data (row count and latest
    timestamps per contract table), so a new export in the same place, or
    the same export scored at another instant, is noticed."""

    raw_input: str
    as_of: str
    fingerprint: str

    @classmethod
    def read(cls, ml_raw_input: pd.DataFrame) -> Provenance:
        row = ml_raw_input.iloc[0]
        return cls(str(row["raw_input"]), str(row["as_of"]), str(row["data_fingerprint"]))


def feature_directions(table: pd.DataFrame | None) -> dict[str, str]:
    """models/ml/ml_feature_directions as {feature: increasing | decreasing}."""
    if table is None:
        return {}
    return {str(f): str(d) for f, d in zip(table["feature_name"], table["direction"], strict=True) if d != "none"}


def feature_columns(frame: pd.DataFrame) -> list[str]:
    return sorted(c for c in frame.columns if c.startswith("f_"))


def model_version(trained_at: datetime, taken: Collection[str] = ()) -> str:
    """Name of a version trained at `trained_at` (a UTC second): v20261127151406,
    then v20261127151406_2, _3, ... for more versions trained in that second
    (`taken`: the names already in the store). Among versions trained for the
    same as_of the newest is the name that sorts last as text (reusable_version,
    promotion.serving_version and the active_model_version macro break ties so); suffixes keep that
    order up to _9, and a training takes seconds."""
    name = "v" + trained_at.strftime("%Y%m%d%H%M%S")
    if name not in taken:
        return name
    n = 2
    while f"{name}_{n}" in taken:
        n += 1
    return f"{name}_{n}"


def in_stable_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by (lead, snapshot): engines return them in any order, and a fit on
    sorted rows is the same on every engine."""
    keys = [k for k in ("lead_id", "snapshot_at") if k in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True) if keys else frame


def split_frames(training: pd.DataFrame) -> dict[str, pd.DataFrame]:
    # sort the keys only and take each split's rows once: sorting the whole
    # 229-column frame first copied it twice (4.6 s against 2.6 s at 1M leads)
    keys = [k for k in ("lead_id", "snapshot_at", "split") if k in training.columns]
    ordered = in_stable_order(training[keys].assign(position=np.arange(len(training))))
    return {s: training.take(ordered.loc[ordered["split"] == s, "position"].to_numpy()).reset_index(drop=True)
            for s in SPLITS}


def challenger_test_probability(train: pd.DataFrame, valid: pd.DataFrame, test: pd.DataFrame, features: list[str],
                                 seed: int = 0, max_rows: int = 50_000) -> np.ndarray:
    """Gradient-boosted trees on the same weighted rows (a uniform sample of at
    most max_rows of them, to bound its time), judged as the champion is:
    boosting rounds stopped on validation (whole leads, never a random slice of
    train that shares leads with the rest), calibrated on validation the same
    way, measured on test. Reported only, never used for scores: it shows
    what linearity costs. At 1M leads 100k rows took twice as long as 50k for
    a test AUC of 0.959 against 0.957 (the champion: 0.954)."""
    if len(train) > max_rows:
        train = train.sample(n=max_rows, random_state=seed)
    model = HistGradientBoostingClassifier(
        max_iter=200, learning_rate=0.1, max_leaf_nodes=31, l2_regularization=1.0, max_bins=63,
        early_stopping=True, n_iter_no_change=10, random_state=seed,
    )
    x_valid, y_valid = valid[features].to_numpy(dtype=float), valid["label"].to_numpy(dtype=int)
    model.fit(train[features].to_numpy(dtype=float), train["label"].to_numpy(dtype=int),
              sample_weight=sample_weights(train), X_val=x_valid, y_val=y_valid)
    calibration, _ = choose_calibration(model.decision_function(x_valid), y_valid, lead_groups(valid), seed)
    return calibrate(calibration, model.decision_function(test[features].to_numpy(dtype=float)))


def train_run(frames: Mapping[str, pd.DataFrame], won: pd.DataFrame, trained_at: datetime, seed: int = 0,
              taken: Collection[str] = (), choice: str = "auto",
              directions: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Fit the champion (chosen among the candidates `choice` allows),
    challenger, deal-value and uplift models and return every artifact row of
    the new model version.

    frames: split_frames of the labelled snapshots (split, label, treated,
    f_*); won: won deals (amount, firmographic and contact f_*); taken: version
    names already in the store; directions: feature -> increasing / decreasing
    (models/ml/ml_feature_directions)."""
    version = model_version(trained_at, taken)
    features = feature_columns(frames["train"])
    best, candidates = champion.fit_candidates(frames["train"], frames["valid"], features, seed, choice, directions)

    # valid and test are uniform samples; train may hold reweighted negatives,
    # so its unweighted metrics would mislead and are not reported
    held_out = {s: f for s, f in frames.items() if s != "train" and len(f)}

    def measured(m: champion.Champion) -> dict[str, dict[str, float]]:
        return {s: classification_metrics(f["label"].to_numpy(), champion.predict_proba(m, f))
                for s, f in held_out.items()}

    legacy = {s: ranking_metrics(f["label"].to_numpy(), f["legacy_score"].to_numpy())
              for s, f in held_out.items() if "legacy_score" in f}
    rows_of = artifacts.additive_model_rows if champion.kind(best) == "additive" else artifacts.linear_model_rows
    parts = [
        rows_of(best, version, "conversion", trained_at),
        artifacts.metric_rows(version, "conversion", trained_at, measured(best)),
        artifacts.metric_rows(version, "legacy_rules", trained_at, legacy),
    ]
    # the candidate that lost, measured the same way: the registry shows what the choice was worth
    parts += [artifacts.metric_rows(version, kind, trained_at, measured(m))
              for kind, m in candidates.items() if m is not best]
    skipped: dict[str, str] = {}
    if frames["train"]["label"].nunique() == 2 and frames["valid"]["label"].nunique() == 2 and len(frames["test"]):
        try:
            p = challenger_test_probability(frames["train"], frames["valid"], frames["test"], features, seed)
            parts.append(artifacts.metric_rows(version, "challenger", trained_at,
                                               {"test": classification_metrics(frames["test"]["label"].to_numpy(),
                                                                               p)}))
        except ValueError as error:  # a yardstick only (e.g. every feature missing): it must not stop training
            skipped["challenger_skipped"] = f"{type(error).__name__}: {error}"[:300]
    deal_model, deal_stats = fit_deal_value(in_stable_order(won))
    if deal_model is not None:
        parts.append(artifacts.linear_model_rows(deal_model, version, "deal_value", trained_at))
    parts.append(artifacts.info_rows(version, "deal_value", trained_at, deal_stats))

    experiment = {s: f[f["treated"].notna()] for s, f in frames.items()}
    if len(experiment["train"]):
        logistic = candidates["logistic"]
        uplift_models, uplift_report = fit_uplift(experiment, logistic.scalings, float(logistic.params.get("C", 1.0)))
    else:
        uplift_models, uplift_report = {}, {"uplift_method": "none (no outreach_experiment table)"}
    parts += [artifacts.linear_model_rows(m, version, name, trained_at) for name, m in uplift_models.items()]
    info = registry_info(frames, features) | uplift_report | skipped | {"champion_kind": champion.kind(best)}
    parts.append(artifacts.info_rows(version, "conversion", trained_at, info))
    return pd.concat(parts, ignore_index=True)


def registry_info(frames: dict[str, pd.DataFrame], features: list[str]) -> dict[str, float | str | None]:
    info: dict[str, float | str | None] = {"features": float(len(features))}
    for split, frame in frames.items():
        info[f"rows_{split}"] = float(len(frame))
        info[f"positives_{split}"] = float(frame["label"].sum()) if len(frame) else 0.0
        info[f"window_{split}_from"] = str(frame["snapshot_at"].min()) if len(frame) else None
        info[f"window_{split}_to"] = str(frame["snapshot_at"].max()) if len(frame) else None
    info["feature_set"] = ",".join(features)
    return info


INFO = ["feature_set", "trained_as_of", "data_fingerprint", "promotion_status"]


def version_info(existing: pd.DataFrame) -> pd.DataFrame:
    """Per conversion version: when it was trained, its feature set, training
    as_of, data fingerprint and gate verdict (null for versions stored before
    they were recorded)."""
    conversion = existing[existing["model_name"] == "conversion"]
    info = conversion[conversion["name"].isin(INFO)]
    table = info.pivot_table(index="model_version", columns="name", values="text", aggfunc="first")
    trained_at = conversion.groupby("model_version")["trained_at"].min().sort_index()
    return trained_at.to_frame().join(table).reindex(columns=["trained_at", *INFO]).rename_axis("model_version")


def reusable_version(existing: pd.DataFrame, provenance: Provenance) -> pd.Series | None:
    """The version trained for this build, which it reuses instead of
    training: trained on this data (same fingerprint) from labels observable
    at as_of (its training as_of is not later), the latest such as_of first,
    then the newest version. None when no version qualifies. Which version
    serves is promotion.serving_version's decision."""
    info = version_info(existing)
    trained_as_of = pd.to_datetime(info["trained_as_of"], errors="coerce")
    allowed = info[(info["data_fingerprint"] == provenance.fingerprint)
                   & (trained_as_of <= pd.Timestamp(provenance.as_of))]
    if allowed.empty:
        return None
    order = allowed.assign(at=trained_as_of[allowed.index]).reset_index().sort_values(["at", "model_version"])
    return order.iloc[-1]


def needs_training(existing: pd.DataFrame, features: list[str], retrain: bool, provenance: Provenance
                   ) -> str | None:
    """Why a new version must be trained on this build, or None to reuse the one trained for it.

    New data always trains a version (a warehouse pointed at another CRM's
    export is never scored by a stranger's model unchecked: the older model
    keeps serving only if the promotion gate finds the new one worse on this
    data), and a model serves only an as_of at which every label it learned
    from was already known: scoring an earlier date with a model trained
    later would use the future."""
    if retrain:
        return "retrain requested"
    if not (existing["model_name"] == "conversion").any():
        return "no model yet"
    reusable = reusable_version(existing, provenance)
    if reusable is None:
        info = version_info(existing)
        if not (info["data_fingerprint"] == provenance.fingerprint).any():
            return "the data changed (row counts or latest timestamps differ from every stored version's)"
        return f"every stored version learned from labels not yet known at as_of {provenance.as_of}"
    if reusable["feature_set"] != ",".join(features):
        return "feature set changed"
    return None


def serving_before(existing: pd.DataFrame, log: pd.DataFrame, as_of: str) -> pd.Series | None:
    """version_info's row of the version serving a build at as_of before it trains (None: none does)."""
    if not (existing["model_name"] == "conversion").any():
        return None
    info = version_info(existing).reset_index()
    serving = promotion.serving_version(info, log, pd.Timestamp(as_of))
    return None if serving is None else info[info["model_version"] == serving].iloc[0]


def train_if_needed(columns: list[str], load: Callable[[], tuple[pd.DataFrame, pd.DataFrame]],
                    existing: pd.DataFrame, retrain: bool, provenance: Provenance,
                    trained_at: datetime, choice: str = "auto",
                    directions: Mapping[str, str] | None = None, min_conversions: int = MIN_CONVERSIONS,
                    log: pd.DataFrame | None = None, tolerances: promotion.Tolerances = promotion.DEFAULT
                    ) -> pd.DataFrame:
    """The artifact rows to append to the model store: a new version with why it
    was trained and the promotion gate's verdict, or none when a stored version
    was trained for this build.

    columns: of the training table (they decide); load: returns (training, won
    deals), called only when a version is trained; log: the promotion log.
    Raises TrainingRefused when the training table has fewer than
    min_conversions converting leads."""
    reason = needs_training(existing, sorted(c for c in columns if c.startswith("f_")), retrain, provenance)
    if reason is None:
        return artifacts.empty_artifacts()
    training, won = load()
    check_enough_conversions(training, min_conversions)
    frames = split_frames(training)
    # the splits are copies: the whole table would stay through every fit (0.6 GiB at 100k leads)
    del training
    rows = train_run(frames, won, trained_at, taken=set(existing["model_version"]), choice=choice,
                     directions=directions)
    version = rows["model_version"].iloc[0]
    serving = serving_before(existing, promotion.empty_log() if log is None else log, provenance.as_of)
    verdict = promotion.judge(rows, existing, serving, frames["test"], tolerances)
    # labels were read up to as_of: the version may serve that instant and later ones
    recorded = {"trained_because": reason, "raw_path": provenance.raw_input, "trained_as_of": provenance.as_of,
                "label_cutoff": provenance.as_of, "data_fingerprint": provenance.fingerprint} | verdict
    return pd.concat([rows, artifacts.info_rows(version, "conversion", trained_at, recorded)], ignore_index=True)
