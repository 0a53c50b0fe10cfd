"""The fast paths against a full build on the same data: the daily path (a
day later, only leads with new events are rescored, each getting the row a
full build of that day gives it) and a scoring run with the stored model
(`leadscore score --fast`: every open lead, nothing trained)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import AS_OF, Warehouse, Warehouses, rebuild
from leadscore import cli

NEXT_DAY = str(pd.Timestamp(AS_OF) + pd.Timedelta(days=1))
COLUMNS = ["lead_id", "score", "conversion_probability", "tier", "reason_1", "reasons_text",
           "score_change_7d", "expected_value", "model_version", "scored_at"]


@pytest.fixture(scope="module")
def daily(warehouse: Warehouse, warehouses: Warehouses) -> Warehouse:
    copy = warehouses.copy(warehouse)
    rebuild(copy, selector="daily", as_of=NEXT_DAY, rescore="changed")
    return copy


@pytest.fixture(scope="module")
def full_next_day(warehouse: Warehouse, warehouses: Warehouses) -> Warehouse:
    copy = warehouses.copy(warehouse)
    rebuild(copy, "+lead_scores", as_of=NEXT_DAY)
    return copy


@pytest.fixture(scope="module")
def stored_model(warehouse: Warehouse, warehouses: Warehouses) -> Warehouse:
    copy = warehouses.copy(warehouse)
    cli.build(copy.raw, copy.db, copy.out, AS_OF, {}, fast=True)
    return copy


@pytest.fixture(scope="module")
def stored_model_next_day(warehouse: Warehouse, warehouses: Warehouses) -> Warehouse:
    copy = warehouses.copy(warehouse)
    cli.build(copy.raw, copy.db, copy.out, NEXT_DAY, {}, fast=True)
    return copy


def same_rows(fast: pd.DataFrame, full: pd.DataFrame) -> None:
    """Equal to 1e-12 (relative, or absolute below 1: parallel sums may differ
    in the last bit of a large number): every column, text exactly."""
    pd.testing.assert_frame_equal(fast.reset_index(drop=True), full.reset_index(drop=True),
                                  check_exact=False, rtol=1e-12, atol=1e-12)


def test_a_stored_model_run_gives_the_full_builds_lead_scores(
        warehouse: Warehouse, stored_model: Warehouse, stored_model_next_day: Warehouse,
        full_next_day: Warehouse) -> None:
    scores = "select * from lead_scores order by lead_id"
    same_rows(stored_model.query(scores), warehouse.query(scores))
    # a day later the recency and decay features move: a real rescoring, still the full build's rows
    later = stored_model_next_day.query(scores)
    assert (later.scored_at == pd.Timestamp(NEXT_DAY)).all()
    assert (later.score != warehouse.query(scores).set_index("lead_id").score.reindex(later.lead_id).to_numpy()).any()
    same_rows(later, full_next_day.query(scores))
    exported = pd.read_parquet(stored_model_next_day.out / "lead_scores.parquet").sort_values("lead_id")
    assert exported.scored_at.eq(pd.Timestamp(NEXT_DAY)).all() and len(exported) == len(later)


def test_a_stored_model_run_trains_nothing_and_features_no_training_snapshot(
        warehouse: Warehouse, stored_model_next_day: Warehouse) -> None:
    versions = "select model_version, count(*) as n from ml_model_artifacts group by 1 order by 1"
    pd.testing.assert_frame_equal(stored_model_next_day.query(versions), warehouse.query(versions))
    spine = "select snapshot_type, count(*) as n from int_feature_spine group by 1 order by 1"
    assert set(stored_model_next_day.query(spine).snapshot_type) == {"scoring", "lookback_7d"}
    assert "training" in set(warehouse.query(spine).snapshot_type)
    # evaluation keeps what the full build measured
    performance = "select * from model_performance order by all"
    pd.testing.assert_frame_equal(stored_model_next_day.query(performance), warehouse.query(performance))


@pytest.mark.parametrize("selector", ["full", "score", "daily"])
def test_scoring_runs_leave_the_intermediate_models_data_tests_to_the_full_build(
        warehouse: Warehouse, selector: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A scoring run still tests what it hands over (the scoring marts) and,
    with the stored model, the staged data; tests of how intermediate models
    are built run in the full build (and CI)."""
    cli.run_dbt(["ls", "--selector", selector, "--resource-type", "test", "--output", "path"], warehouse.db,
                {"raw_path": str(warehouse.raw), "export_path": str(warehouse.out)})
    folders = {line.rsplit("/", 1)[0] for line in capsys.readouterr().out.splitlines()
               if line.startswith(("models/", "tests/"))}
    assert "models/marts/scoring" in folders
    assert any(f.startswith("models/intermediate") for f in folders) == (selector == "full")
    assert ("models/staging/crm" in folders) == (selector != "daily")


def test_only_leads_with_new_events_are_rescored(warehouse: Warehouse, daily: Warehouse) -> None:
    changed = daily.query("select * from int_changed_leads")
    new_events = daily.query(f"""select distinct lead_id from stg_crm__activities
        where occurred_at >= '{AS_OF}' and occurred_at < '{NEXT_DAY}'""")
    open_leads = daily.query("""select lead_id, created_at from int_leads
        where converted_at is null and not is_not_a_lead""")
    expected = set(new_events.lead_id) & set(open_leads.lead_id)
    expected |= set(open_leads[open_leads.created_at >= pd.Timestamp(AS_OF)].lead_id)
    assert 0 < len(changed) < 0.5 * len(open_leads)
    assert set(changed.lead_id) == expected
    scores = daily.query("select lead_id, scored_at from lead_scores")
    assert set(scores[scores.scored_at == pd.Timestamp(NEXT_DAY)].lead_id) == set(changed.lead_id)
    before = warehouse.query("select lead_id, score, scored_at from lead_scores")
    kept = scores[scores.scored_at == pd.Timestamp(AS_OF)].merge(before, on=["lead_id", "scored_at"])
    assert len(kept) == (scores.scored_at == pd.Timestamp(AS_OF)).sum(), "untouched leads keep their row"


def test_rescored_rows_equal_a_full_build_of_that_day(daily: Warehouse, full_next_day: Warehouse) -> None:
    rescored = daily.query(f"select * from lead_scores where scored_at = '{NEXT_DAY}' order by lead_id")[COLUMNS]
    full = full_next_day.query("select * from lead_scores order by lead_id")[COLUMNS]
    same_rows(rescored, full[full.lead_id.isin(rescored.lead_id)])


def test_closed_leads_leave_and_the_set_matches_a_full_build(daily: Warehouse, full_next_day: Warehouse) -> None:
    assert set(daily.query("select lead_id from lead_scores").lead_id) == \
        set(full_next_day.query("select lead_id from lead_scores").lead_id)


def test_history_gets_rows_for_rescored_leads_only(warehouse: Warehouse, daily: Warehouse) -> None:
    history = daily.query("select scored_at, count(*) as n from lead_score_history group by 1 order by 1")
    first = warehouse.query("select count(*) from lead_scores").iloc[0, 0]
    changed = daily.query("select count(*) from int_changed_leads").iloc[0, 0]
    assert history.n.tolist() == [first, changed]


def test_sync_keeps_untouched_leads_rows_and_clears_leads_that_closed(warehouse: Warehouse, daily: Warehouse) -> None:
    before = warehouse.query("select * from crm_lead_score_sync order by lead_id").set_index("lead_id")
    after = daily.query("select * from crm_lead_score_sync order by lead_id").set_index("lead_id")
    changed = set(daily.query("select lead_id from int_changed_leads").lead_id)
    open_leads = set(daily.query("select lead_id from lead_scores").lead_id)
    untouched = sorted(open_leads - changed)
    pd.testing.assert_frame_equal(after.loc[untouched], before.loc[untouched], check_dtype=False)
    assert set(after[after.sync_status == "active"].index) == open_leads
    closed = sorted(set(before.index) - open_leads)
    assert (after.loc[closed].sync_status != "active").all() and after.loc[closed].lead_score.isna().all()


def test_a_daily_run_keeps_the_full_builds_feature_columns(warehouse: Warehouse, warehouses: Warehouses,
                                                           daily: Warehouse) -> None:
    """Category levels (lead sources, industries) are chosen by a full build,
    and the stored model reads those columns. A day later the data may choose
    others (here: one level allowed instead of 12); the daily run keeps the
    full build's columns and gives the same rows. Before, it failed: the
    update lacked the columns of the levels that no longer made the cut."""
    fewer = warehouses.copy(warehouse)
    rebuild(fewer, selector="daily", as_of=NEXT_DAY, rescore="changed", category_level_limit=1)
    for group in ("contact", "firmographic"):
        columns = f"select * from int_features__{group} limit 0"
        assert list(fewer.query(columns).columns) == list(warehouse.query(columns).columns), group
        assert sum(c.startswith("f_") for c in warehouse.query(columns).columns) > 3, group
    scores = "select * from lead_scores order by lead_id"
    same_rows(fewer.query(scores), daily.query(scores))
