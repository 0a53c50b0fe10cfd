"""`leadscore backfill`: past scoring runs, each with the data and a model of
its own day, appended to lead_score_history, so backtest and monitoring have
history from the first day. Idempotent: a second backfill adds nothing."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import AS_OF, Warehouse, Warehouses
from leadscore import cli


@pytest.fixture(scope="module")
def backfilled(warehouse: Warehouse, warehouses: Warehouses) -> tuple[Warehouse, list[str]]:
    copy = warehouses.copy(warehouse)
    return copy, cli.backfill(copy.raw, copy.db, copy.out, 63, 21, AS_OF, {"retrain": False})


def test_backfill_scores_past_dates_with_their_own_models_and_fills_the_backtest(
        backfilled: tuple[Warehouse, list[str]]) -> None:
    copy, dates = backfilled
    assert [pd.Timestamp(d) for d in dates] == [pd.Timestamp(AS_OF) - pd.Timedelta(days=k) for k in (63, 42, 21)]
    matured = {pd.Timestamp(d) for d in dates[:2]}  # the 30-day window of the last run is still open at AS_OF

    history = copy.query("select scored_at, model_version, count(*) as leads from lead_score_history group by 1, 2")
    trained = copy.query("""select model_version, cast(text as timestamp) as trained_as_of from ml_model_artifacts
        where model_name = 'conversion' and name = 'trained_as_of'""").set_index("model_version").trained_as_of
    runs = history.set_index("scored_at").sort_index()
    assert list(runs.index) == [pd.Timestamp(d) for d in dates] + [pd.Timestamp(AS_OF)]
    # each past run is scored by a model whose labels were all known on its day: the first
    # past run trains one for its date, which later past runs may use; AS_OF keeps its own
    assert all(trained[version] <= scored_at for scored_at, version in runs.model_version.items())
    assert trained[runs.model_version.iloc[0]] == runs.index[0]
    assert runs.model_version.nunique() == 2 and (runs.leads > 500).all()

    backtest = copy.query("select scored_at, count(*) as n from score_backtest group by 1")
    assert set(backtest.scored_at) == matured
    rolling = copy.query("select * from monitoring_rolling_auc where source = 'backtest'")
    assert set(rolling.measured_at) == matured and rolling.auc.between(0.5, 1).all()
    assert copy.query("select count(*) from monitoring_calibration_by_cohort").iloc[0, 0] > 0

    # again: the same runs replace their own rows, no model is trained
    cli.backfill(copy.raw, copy.db, copy.out, 63, 21, AS_OF, {"retrain": False})
    again = copy.query("select scored_at, model_version, count(*) as leads from lead_score_history group by 1, 2")
    pd.testing.assert_frame_equal(again.sort_values("scored_at").reset_index(drop=True),
                                  history.sort_values("scored_at").reset_index(drop=True))
    assert set(copy.query("select distinct model_version from ml_model_artifacts").model_version) == set(trained.index)


def test_the_sales_floor_marts_fill_up_from_the_history(backfilled: tuple[Warehouse, list[str]]) -> None:
    copy, dates = backfilled
    runs = copy.query(f"""select scored_at, count(*) as leads from lead_score_history
        where scored_at < '{AS_OF}' group by 1""").set_index("scored_at").leads
    assert len(runs) == len(dates)

    # every past run's leads, split four ways against the old rules' Hot list of the same size
    shadow = copy.query("select * from shadow_comparison")
    assert shadow.groupby("scored_at").leads.sum().to_dict() == runs.to_dict()
    assert set(shadow.comparison_group) == {"both", "model_only", "legacy_only", "neither"}
    assert shadow.window_closed.any() and not shadow.window_closed.all()

    revenue = copy.query("select * from revenue_by_tier")
    assert revenue.groupby("scored_at").leads.sum().to_dict() == runs.to_dict()
    by_tier = revenue.groupby("tier")[["leads_with_opportunity", "leads"]].sum()
    rate = by_tier.leads_with_opportunity / by_tier.leads
    assert rate["Hot"] > rate["Cold"] and revenue.won_revenue.sum() > 0

    feedback = copy.query("select * from feedback_by_tier")
    assert (feedback.tier != "unscored").any() and feedback.acceptance_rate.between(0, 1).all()
    adoption = copy.query("select * from rep_adoption")
    assert adoption.scored_leads.sum() == runs.sum() and adoption.touched_within_24h.sum() > 0
    impact = copy.query("select * from sales_impact")
    assert set(impact.dimension) == {"rep", "tier"} and set(impact.period) == {"all"}
