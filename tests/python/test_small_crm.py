"""Small CRMs: about 300 leads and 30 conversions still give calibrated
scores with honest intervals, and too few conversions stop training with a
message while everything that needs no model still builds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from helpers import Warehouse, Warehouses
from leadscore import cli
from leadscore.model import fit_conversion_model, linear_predictor, predict_proba, probability_interval

SIGNAL = ["f_a", "f_b", "f_c"]
NOISE = [f"f_noise_{i:02d}" for i in range(30)]
FEATURES = SIGNAL + NOISE


def history(rng: np.random.Generator, leads: int, first: str) -> pd.DataFrame:
    """Three weekly snapshots per lead from `first` on; the logit is linear in
    three features, thirty more are noise. Returns the true probability too."""
    n = leads * 3
    x = rng.normal(size=(n, len(FEATURES)))
    p = 1 / (1 + np.exp(-(-4.0 + x[:, :3] @ np.array([1.2, -0.8, 0.6]))))
    frame = pd.DataFrame(x, columns=FEATURES)
    frame["label"] = (rng.random(n) < p).astype(int)
    frame["true_p"] = p
    frame["lead_id"] = [f"L{first}{i // 3:05d}" for i in range(n)]
    days = rng.integers(0, 120, leads).repeat(3) + np.tile([0, 7, 14], leads)
    frame["snapshot_at"] = pd.Timestamp(first) + pd.to_timedelta(days, unit="D")
    return frame


@pytest.fixture(scope="module")
def small() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(300)
    return {"train": history(rng, 180, "2026-01-01"), "valid": history(rng, 120, "2026-06-01"),
            "held_back": history(rng, 20_000, "2026-08-01")}


def test_a_small_history_is_fitted_on_time_folds_and_beats_a_plain_fit_on_held_back_outcomes(small) -> None:
    train, valid, held = small["train"], small["valid"], small["held_back"]
    assert 20 <= train.label.sum() + valid.label.sum() <= 50  # about 30 conversions
    model = fit_conversion_model(train, valid, FEATURES)
    assert model.params["selection_folds"] > 1
    assert model.params["features_kept_by_folds"] < len(FEATURES)
    plain = LogisticRegression(max_iter=1000).fit(pd.concat([train, valid])[FEATURES], pd.concat([train, valid]).label)
    y = held.label.to_numpy()
    ours, baseline = predict_proba(model, held), plain.predict_proba(held[FEATURES])[:, 1]
    assert log_loss(y, ours) < log_loss(y, baseline)
    # calibration in the large on 60,000 held-back snapshots: the observed rate
    # lies inside the average interval, which is what a thin history can promise
    low, high = probability_interval(model.calibration, linear_predictor(model, held))
    assert low.mean() <= y.mean() <= high.mean()


def test_probability_intervals_cover_the_observed_rate_and_narrow_with_more_data(small) -> None:
    train, valid, held = small["train"], small["valid"], small["held_back"]
    model = fit_conversion_model(train, valid, FEATURES)
    logit = linear_predictor(model, held)
    low, high = probability_interval(model.calibration, logit)
    p = predict_proba(model, held)
    assert (low <= p + 1e-12).all() and (p <= high + 1e-12).all()
    # what the interval claims: the conversion rate of leads at that logit lies in it
    bins = pd.qcut(logit, 10, labels=False, duplicates="drop")
    by_bin = pd.DataFrame({"bin": bins, "y": held.label, "low": low, "high": high}).groupby("bin").mean()
    covered = ((by_bin.low <= by_bin.y) & (by_bin.y <= by_bin.high)).mean()
    assert covered >= 0.7, by_bin
    rng = np.random.default_rng(3000)
    larger = fit_conversion_model(history(rng, 1800, "2026-01-01"), history(rng, 1200, "2026-06-01"), FEATURES)
    low_l, high_l = probability_interval(larger.calibration, linear_predictor(larger, held))
    assert np.mean(high - low) > 1.5 * np.mean(high_l - low_l)


@pytest.fixture(scope="module")
def small_warehouse(warehouses: Warehouses) -> Warehouse:
    return warehouses.build(warehouses.sample(300, seed=5))


def test_a_300_lead_crm_scores_every_open_lead_with_an_interval(small_warehouse: Warehouse) -> None:
    scores = small_warehouse.query("select * from lead_scores")
    open_leads = small_warehouse.query("select count(*) as n from int_scoring_matrix").n.item()
    assert len(scores) == open_leads > 100
    assert (scores.conversion_probability_low <= scores.conversion_probability).all()
    assert (scores.conversion_probability <= scores.conversion_probability_high).all()
    assert (scores.conversion_probability_high > scores.conversion_probability_low).mean() > 0.9
    fitted = small_warehouse.query("""select text from ml_model_artifacts
        where name = 'fitted_on' and model_name = 'conversion'""")
    assert fitted.text.tolist() == ["train+valid"]


def test_too_few_conversions_stop_training_with_a_message_and_the_rest_builds(warehouses: Warehouses) -> None:
    raw = warehouses.sample(300, seed=6)
    opportunities = pd.read_parquet(raw / "opportunities.parquet").sort_values("created_at")
    few = warehouses.export(raw, {"opportunities": opportunities[opportunities.lead_id.isin(
        opportunities.lead_id.drop_duplicates().head(4))]})
    warehouse = warehouses.empty(few)
    with pytest.raises(cli.UsageError) as refused:
        cli.build(few, warehouse.db, warehouse.out, "2026-09-01 00:00:00", {"retrain": False})
    message = str(refused.value)
    assert "converting lead" in message and "at least 10 are needed" in message
    found = int(message.split("has ")[1].split(" converting")[0])
    assert found <= 4
    for table in ("stg_crm__leads", "data_quality_scorecard", "int_legacy_scores", "leakage_audit"):
        assert len(warehouse.query(f"select * from {table}")) > 0, table
    assert warehouse.query("select count(*) as n from information_schema.tables "
                           "where table_name = 'lead_scores'").n.item() == 0
