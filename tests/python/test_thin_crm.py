"""Thin CRMs: no activity tracking, and degenerate training data, still give
a model and a score for every open lead, or a message that names the cause,
never a traceback."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_train import TRAINED_AT, training_frame, won_frame

from helpers import AS_OF, Warehouse, Warehouses
from leadscore import artifacts, champion
from leadscore.train import split_frames, train_run

OPTIONAL = ("activities", "accounts", "sales_touches", "outreach_experiment", "lead_feedback", "reps")


def open_leads(warehouse: Warehouse) -> set[str]:
    """Staged leads created before as_of with no opportunity before it (from the raw file)."""
    leads = warehouse.query("select lead_id, created_at from stg_crm__leads")
    opportunities = pd.read_parquet(warehouse.raw / "opportunities.parquet")
    as_of = pd.Timestamp(AS_OF)
    converted = set(opportunities.loc[pd.to_datetime(opportunities.created_at) < as_of, "lead_id"])
    return set(leads.loc[pd.to_datetime(leads.created_at) < as_of, "lead_id"]) - converted


@pytest.mark.parametrize("activities", ["missing", "empty"])
def test_leads_and_opportunities_alone_score_every_open_lead(warehouses: Warehouses, activities: str) -> None:
    raw = warehouses.sample(600, seed=17)
    tables: dict[str, pd.DataFrame | None] = dict.fromkeys(OPTIONAL)
    if activities == "empty":
        tables["activities"] = pd.read_parquet(raw / "activities.parquet").head(0)
    thin = warehouses.export(raw, tables)
    assert sorted(p.stem for p in thin.iterdir()) == ["activities", "leads", "opportunities"][
        activities == "missing":]
    warehouse = warehouses.build(thin)
    scores = warehouse.query("select lead_id, score, conversion_probability, reason_1 from lead_scores")
    assert set(scores.lead_id) == open_leads(warehouse)
    assert scores.conversion_probability.between(0, 1).all() and scores.score.between(0, 100).all()
    registry = warehouse.query("select champion_kind from ml_model_versions")
    assert len(registry) == 1


def degenerate(case: str) -> pd.DataFrame:
    frame = training_frame(np.random.default_rng(5), n=3000)
    features = [c for c in frame.columns if c.startswith("f_")]
    if case == "all features missing":
        frame[features] = np.nan
    elif case == "a feature constant in train":
        frame.loc[frame.split == "train", "f_activity__page_views_30d"] = 2.0
    elif case == "one class in validation":
        frame.loc[frame.split == "valid", "label"] = 0
    elif case == "one class in train":
        frame.loc[frame.split == "train", "label"] = 0
    elif case == "no test rows":
        frame = frame[frame.split != "test"]
    return frame


@pytest.mark.parametrize("case", ["all features missing", "a feature constant in train", "one class in validation",
                                  "one class in train", "no test rows"])
def test_degenerate_training_data_gives_a_model_that_says_why(case: str) -> None:
    rows = train_run(split_frames(degenerate(case)), won_frame(np.random.default_rng(6)), TRAINED_AT)
    conversion = rows[rows.model_name == "conversion"]
    model = artifacts.model_from_rows(conversion)
    probabilities = champion.predict_proba(model, degenerate(case))
    assert np.isfinite(probabilities).all() and ((probabilities >= 0) & (probabilities <= 1)).all()
    params = dict(zip(conversion.loc[conversion.artifact == "param", "name"],
                      conversion.loc[conversion.artifact == "param", "text"], strict=True))
    if case == "all features missing":
        assert params.get("degraded") == "no feature varies in the training data", params
    if case == "one class in train":  # a small history learns from validation too; else the prior, and why
        assert params.get("fitted_on") == "train+valid" or params.get("degraded"), params
    metrics = rows[rows.artifact == "metric"]
    assert np.isfinite(metrics.value.dropna()).all()
