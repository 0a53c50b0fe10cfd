"""`leadscore backfill`: past scoring runs, each with the data and a model of
its own day, appended to lead_score_history, so backtest and monitoring have
history from the first day. Idempotent: a second backfill adds nothing."""

from __future__ import annotations

import pandas as pd

from helpers import AS_OF, Warehouse, Warehouses
from leadscore import cli


def test_backfill_scores_past_dates_with_their_own_models_and_fills_the_backtest(
        warehouse: Warehouse, warehouses: Warehouses) -> None:
    copy = warehouses.copy(warehouse)
    dates = cli.backfill(copy.raw, copy.db, copy.out, 63, 21, AS_OF, {"retrain": False})
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
