"""The daily rescoring path: a day later, only leads with new events are
rescored, and each of them gets the row a full build of that day gives it."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import AS_OF, Warehouse, Warehouses, rebuild

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
    full = full[full.lead_id.isin(rescored.lead_id)].reset_index(drop=True)
    pd.testing.assert_frame_equal(rescored.reset_index(drop=True), full, check_exact=False, rtol=1e-9)


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
