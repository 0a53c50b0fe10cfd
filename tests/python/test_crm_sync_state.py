"""crm_lead_score_sync is the full current state a diffing reverse-ETL tool
syncs: one row per lead, kept as a tombstone with empty score fields when the
lead leaves scoring (so the CRM field is cleared), until the retention ends.

One sequence of builds on a private export: at AS_OF a Hot lead is scored;
then it converts, another lead is deleted from the CRM export and a third is
marked not a lead, and the warehouse is rebuilt a week later (twice: the same
build again changes nothing), then past the retention.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from helpers import AS_OF, Warehouse, Warehouses, rebuild

WEEK_LATER = str(pd.Timestamp(AS_OF) + pd.Timedelta(days=7))
PAST_RETENTION = str(pd.Timestamp(WEEK_LATER) + pd.Timedelta(days=31))  # default retention: 30 days
SCORE_FIELDS = ["lead_score", "lead_tier", "lead_score_reasons", "lead_routing_action", "lead_conversion_probability",
                "lead_conversion_percent", "lead_score_model_version", "scored_at_utc"]


@dataclass(frozen=True)
class Sequence:
    converted: str
    removed: str
    not_a_lead: str
    first: pd.DataFrame           # sync at AS_OF
    week_later: pd.DataFrame      # sync after the changes
    again: pd.DataFrame           # the same build once more
    past_retention: pd.DataFrame
    open_leads: set[str]          # lead_scores a week later
    log_rows: tuple[int, int]     # log rows after the week-later build and after its re-run
    log_after_retention: pd.DataFrame
    out: Path


def sync(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query("select * from crm_lead_score_sync order by lead_id").set_index("lead_id")


def log_rows(warehouse: Warehouse) -> int:
    return int(warehouse.query("select count(*) from crm_lead_score_sync_log").iloc[0, 0])


@pytest.fixture(scope="module")
def sequence(warehouses: Warehouses, sample_raw: Path) -> Sequence:
    # a private copy of the export, changed in place below: the same directory
    # keeps the same model (the model store retrains on another export)
    raw = warehouses.export(sample_raw, {})
    warehouse = warehouses.build(raw)
    first = sync(warehouse)
    scores = warehouse.query("select lead_id, tier from lead_scores order by score desc, lead_id")
    converted = scores.lead_id[scores.tier == "Hot"].iloc[0]
    removed, not_a_lead = scores.lead_id[scores.tier != "Hot"].iloc[:2]
    changed_at = pd.Timestamp(AS_OF) + pd.Timedelta(days=2)

    opportunities = pd.read_parquet(raw / "opportunities.parquet")
    opportunity = opportunities.iloc[[0]].assign(opportunity_id="O-SYNC-TEST", lead_id=converted, stage="open",
                                                 created_at=changed_at, closed_at=pd.NaT)
    pd.concat([opportunities, opportunity]).to_parquet(raw / "opportunities.parquet", index=False)
    for file in raw.glob("*.parquet"):  # deleted in the CRM, with everything attached to it
        table = pd.read_parquet(file)
        if "lead_id" in table.columns:
            table[table.lead_id != removed].to_parquet(file, index=False)
    feedback = pd.read_parquet(raw / "lead_feedback.parquet")
    verdict = feedback.iloc[[0]].assign(feedback_id="F-SYNC-TEST", lead_id=not_a_lead, verdict="not_a_lead",
                                        created_at=changed_at)
    pd.concat([feedback, verdict]).to_parquet(raw / "lead_feedback.parquet", index=False)

    rebuild(warehouse, selector="full", as_of=WEEK_LATER)
    week_later, open_leads = sync(warehouse), set(warehouse.query("select lead_id from lead_scores").lead_id)
    logged = log_rows(warehouse)
    rebuild(warehouse, selector="full", as_of=WEEK_LATER)
    again, logged_again = sync(warehouse), log_rows(warehouse)
    rebuild(warehouse, selector="full", as_of=PAST_RETENTION)
    return Sequence(converted, removed, not_a_lead, first, week_later, again, sync(warehouse), open_leads,
                    (logged, logged_again), warehouse.query("select * from crm_lead_score_sync_log"), warehouse.out)


def test_a_hot_lead_that_converts_is_cleared_not_dropped(sequence: Sequence) -> None:
    before = sequence.first.loc[sequence.converted]
    assert (before.sync_status, before.lead_tier) == ("active", "Hot")
    after = sequence.week_later.loc[sequence.converted]
    assert after.sync_status == "converted"
    assert after[SCORE_FIELDS].isna().all(), "score fields empty, so the CRM field is cleared"
    assert after.left_at_utc == pd.Timestamp(WEEK_LATER)
    assert (after.crm_record_id, after.email) == (before.crm_record_id, before.email), "still matches its record"


def test_leads_removed_from_the_crm_or_marked_not_a_lead_become_tombstones(sequence: Sequence) -> None:
    statuses = sequence.week_later.sync_status
    assert statuses[sequence.removed] == "removed"
    assert statuses[sequence.not_a_lead] == "not_a_lead"
    tombstones = sequence.week_later[statuses != "active"]
    assert tombstones[SCORE_FIELDS].isna().all().all()


def test_tombstones_drop_out_after_the_retention_and_stay_in_the_log(sequence: Sequence) -> None:
    for lead in (sequence.converted, sequence.removed, sequence.not_a_lead):
        assert lead not in sequence.past_retention.index
        assert "active" in set(sequence.log_after_retention[sequence.log_after_retention.lead_id == lead].sync_status)
    tombstones = sequence.past_retention[sequence.past_retention.sync_status != "active"]
    assert (tombstones.left_at_utc == pd.Timestamp(PAST_RETENTION)).all(), "only those that left on this run"


def test_the_state_is_each_leads_latest_logged_row_within_the_retention(sequence: Sequence) -> None:
    # the mart is kept incrementally (each build reads only the log rows since
    # the last); here it is rebuilt from the whole log, as the log defines it
    log = sequence.log_after_retention.sort_values(["lead_id", "synced_at", "sync_batch_id"])
    latest = log.groupby("lead_id").tail(1).set_index("lead_id")
    cutoff = pd.Timestamp(PAST_RETENTION) - pd.Timedelta(days=30)
    expected = latest[(latest.sync_status == "active") | (latest.left_at >= cutoff)]
    state = sequence.past_retention
    assert set(state.index) == set(expected.index)
    assert (state.updated_at_utc == expected.synced_at.reindex(state.index)).all()
    assert (state.sync_status == expected.sync_status.reindex(state.index)).all()
    assert state.lead_score.equals(expected.score.reindex(state.index).astype(state.lead_score.dtype))


def test_every_open_lead_has_exactly_one_active_row(sequence: Sequence) -> None:
    assert sequence.week_later.index.is_unique
    active = sequence.week_later[sequence.week_later.sync_status == "active"]
    assert set(active.index) == sequence.open_leads
    assert set(sequence.first.index) <= set(sequence.week_later.index), "within the retention no lead is dropped"


def test_rebuilding_the_same_run_changes_nothing(sequence: Sequence) -> None:
    pd.testing.assert_frame_equal(sequence.again, sequence.week_later)
    assert sequence.log_rows[0] == sequence.log_rows[1]


def test_percent_is_the_probability_and_reasons_start_with_words(sequence: Sequence) -> None:
    active = sequence.first[sequence.first.sync_status == "active"]
    reasons = active.lead_score_reasons.dropna()
    assert ((active.lead_conversion_percent - 100 * active.lead_conversion_probability).abs() <= 0.05 + 1e-9).all()
    assert len(reasons) > 0 and reasons.str.contains(r"\((?:raises|lowers) score\)").all()
    assert not reasons.str.match(r"[=+\-@\s']").any()


def test_the_csv_export_leaves_reasons_unguarded_and_guards_the_rest(sequence: Sequence) -> None:
    exported = pd.read_csv(sequence.out / "crm_lead_score_sync.csv", dtype=str)
    reasons = exported.lead_score_reasons.dropna()
    assert len(reasons) > 0 and not reasons.str.startswith("'").any()
    signed = pd.read_csv(sequence.out / "lead_scores.csv", dtype=str).reasons_text.dropna()
    assert signed.str.match(r"'[+-] ").all(), "lead_scores keeps its signed reasons, guarded"
