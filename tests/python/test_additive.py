"""The additive champion: its shapes are the EBM exactly, they survive the
model tables, SQL applies them as Python does, and the champion is chosen on
validation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from interpret.glassbox import ExplainableBoostingClassifier

from helpers import Warehouse, Warehouses
from leadscore import additive, artifacts, champion
from leadscore.artifacts import model_from_rows

FEATURES = ["f_a", "f_b", "f_flag", "f_count"]


def frame(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """A step in f_a, a curve in f_b, an interaction of f_flag with f_count."""
    x = pd.DataFrame({"f_a": rng.normal(size=n), "f_b": rng.uniform(-2, 2, n),
                      "f_flag": (rng.random(n) < 0.4).astype(float), "f_count": rng.poisson(2, n).astype(float)})
    logit = -2.5 + 1.2 * (x.f_a > 0.3) + 0.8 * x.f_b**2 - 1.0 + 0.5 * x.f_flag * x.f_count
    x["label"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    x["lead_id"] = [f"L{i // 3:05d}" for i in range(n)]
    return x


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(7)
    return {"train": frame(rng, 6000), "valid": frame(rng, 3000), "test": frame(rng, 3000)}


def test_shapes_reproduce_the_ebm_exactly_with_missing_values_and_values_on_cuts(data) -> None:
    train = data["train"]
    ebm = ExplainableBoostingClassifier(feature_names=FEATURES, feature_types=["continuous"] * 4, interactions=2,
                                        outer_bags=2, random_state=0)
    ebm.fit(train[FEATURES].to_numpy(), train.label.to_numpy())
    model = additive.shapes_of(ebm, FEATURES)
    probe = data["test"][FEATURES].head(300).copy()
    probe.iloc[:20, 0] = np.nan  # missing values have their own bin
    cuts = model.terms[0].cuts[0]
    probe.iloc[20:20 + len(cuts[:50]), 0] = cuts[:50]  # a value on a cut is in the bin above it
    np.testing.assert_allclose(additive.decision_function(model, probe),
                               ebm.decision_function(probe.to_numpy()), rtol=0, atol=1e-12)
    assert any(len(t.features) == 2 for t in model.terms), "the interaction is a term of its own"


def test_an_additive_model_survives_its_artifact_rows(data) -> None:
    model = additive.fit_additive_model(data["train"], data["valid"], FEATURES)
    rows = artifacts.additive_model_rows(model, "v1", "conversion", pd.Timestamp("2026-09-01").to_pydatetime())
    rebuilt = model_from_rows(rows.sample(frac=1.0, random_state=1))
    test = data["test"]
    np.testing.assert_allclose(champion.predict_proba(rebuilt, test), champion.predict_proba(model, test),
                               rtol=0, atol=1e-12)
    np.testing.assert_allclose(rebuilt.score_xs, model.score_xs)


def test_the_champion_is_the_candidate_that_ranks_validation_better(data) -> None:
    best, candidates = champion.fit_candidates(data["train"], data["valid"], FEATURES)
    assert set(candidates) == {"logistic", "additive"}
    auc = {k: best.params[f"valid_auc_{k}"] for k in candidates}
    assert champion.kind(best) == max(auc, key=auc.get)
    # a step, a curve and an interaction: shapes beat a straight line here
    assert champion.kind(best) == "additive"
    fixed, _ = champion.fit_candidates(data["train"], data["valid"], FEATURES, choice="logistic")
    assert champion.kind(fixed) == "logistic"


@pytest.fixture(scope="module")
def additive_warehouse(sample_raw: Path, warehouses: Warehouses) -> Warehouse:
    return warehouses.build(sample_raw, champion="additive")


def test_sql_applies_the_additive_champion_as_python_does(additive_warehouse: Warehouse) -> None:
    registry = additive_warehouse.query("select * from model_registry where status = 'active'").iloc[0]
    assert registry.champion_kind == "additive"
    assert registry.logistic_test_auc > 0, "the losing candidate is measured too"
    rows = additive_warehouse.query(f"""select * from ml_model_artifacts
        where model_version = '{registry.model_version}' and model_name = 'conversion'""")
    model = model_from_rows(rows)
    scored = additive_warehouse.query("""select m.*, s.logit as sql_logit, s.conversion_probability as sql_probability
        from int_feature_matrix m join int_snapshot_scores s using (lead_id, snapshot_at)""")
    np.testing.assert_allclose(scored.sql_logit, champion.logit(model, scored), rtol=0, atol=1e-9)
    np.testing.assert_allclose(scored.sql_probability, champion.predict_proba(model, scored), rtol=0, atol=1e-9)


def test_additive_reasons_sum_to_the_logit(additive_warehouse: Warehouse) -> None:
    sums = additive_warehouse.query("""select t.lead_id, sum(t.contribution) as total, s.logit
        from int_score_topics t
        join int_snapshot_scores s on s.lead_id = t.lead_id and s.snapshot_type = 'scoring'
        group by t.lead_id, s.logit""")
    intercept = additive_warehouse.query("""select intercept from ml_models
        where model_name = 'conversion' and model_version = (select model_version from model_registry
                                                             where status = 'active')""").iloc[0, 0]
    np.testing.assert_allclose(sums.total + intercept, sums.logit, atol=1e-9)
    reasons = additive_warehouse.query("select reason_1 from lead_scores where reason_1 is not null")
    assert len(reasons) > 0 and not reasons.reason_1.str.contains("f_").any()


def test_a_shape_the_catalogue_calls_increasing_never_turns_down(data) -> None:
    """f_b's true effect is a U: unconstrained, its shape falls then rises; marked
    increasing, one more unit of it never lowers a logit."""
    free = additive.fit_additive_model(data["train"], data["valid"], FEATURES)
    bound = additive.fit_additive_model(data["train"], data["valid"], FEATURES, directions={"f_b": "increasing"})
    test = data["test"]
    more = test.assign(f_b=test.f_b + 0.5)
    assert (additive.decision_function(free, more) - additive.decision_function(free, test)).min() < -0.05
    assert (additive.decision_function(bound, more) - additive.decision_function(bound, test)).min() >= -1e-12


def test_one_more_demo_request_never_lowers_a_score(additive_warehouse: Warehouse) -> None:
    directions = additive_warehouse.query("select * from ml_feature_directions").set_index("feature_name").direction
    demo = [f for f in directions.index if "demo_request" in f and directions[f] == "increasing"]
    assert "f_window__demo_request_7d" in demo and "f_decay__demo_request_hl3d" in demo
    registry = additive_warehouse.query("select model_version from model_registry where status = 'active'")
    rows = additive_warehouse.query(f"""select * from ml_model_artifacts
        where model_version = '{registry.model_version.item()}' and model_name = 'conversion'""")
    model = model_from_rows(rows)
    leads = additive_warehouse.query("select * from int_feature_matrix where snapshot_type = 'scoring'")
    # one more demo request now: its windows and decayed counts, and overall engagement's, go up by one;
    # it was requested 0 days ago; the milestone is reached
    counts = [f for f in directions.index if f.startswith(("f_window__", "f_decay__"))
              and ("demo_request" in f or "__all_" in f)]
    asked = leads.assign(**{f: leads[f] + 1 for f in counts}, f_recency__days_since_demo_request=0.0,
                         f_recency__days_since_activity=0.0, f_tte__reached_demo_request=1.0)
    assert all(directions[f] != "none" for f in [*counts, "f_recency__days_since_demo_request"])
    assert (champion.logit(model, asked) - champion.logit(model, leads)).min() >= -1e-12


def test_an_additive_fit_that_fails_leaves_the_logistic_champion_and_says_why(data, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise ValueError("no usable bins")

    monkeypatch.setattr(additive, "fit_additive_model", broken)
    best, candidates = champion.fit_candidates(data["train"], data["valid"], FEATURES)
    assert champion.kind(best) == "logistic" and set(candidates) == {"logistic"}
    assert best.params["additive_skipped"] == "ValueError: no usable bins"
