"""Model versions are append-only and pinnable; the CRM sync log records changes only."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import Warehouse, Warehouses, rebuild


@pytest.fixture(scope="module")
def second_build(warehouse: Warehouse, warehouses: Warehouses) -> Warehouse:
    return warehouses.copy(warehouse)


def current_batch(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query("""select * from crm_lead_score_sync_log
        where synced_at = (select max(synced_at) from crm_lead_score_sync_log)""")


def test_log_hands_over_everything_first_and_nothing_when_nothing_changed(second_build: Warehouse) -> None:
    scored = second_build.query("select count(*) from lead_scores").iloc[0, 0]
    assert len(current_batch(second_build)) == scored
    state = second_build.query("select * from crm_lead_score_sync order by lead_id")
    logged = second_build.query("select count(*) from crm_lead_score_sync_log").iloc[0, 0]
    rebuild(second_build, "lead_scores+")
    assert second_build.query("select count(*) from crm_lead_score_sync_log").iloc[0, 0] == logged
    pd.testing.assert_frame_equal(second_build.query("select * from crm_lead_score_sync order by lead_id"), state)
    assert second_build.query("select count(*) from lead_score_history").iloc[0, 0] == scored, "same run replaced"


def test_log_hands_over_only_leads_whose_synced_fields_changed(second_build: Warehouse) -> None:
    rebuild(second_build, "+lead_scores+", as_of="2026-09-08 00:00:00")
    log = second_build.query("select * from crm_lead_score_sync_log where sync_status = 'active'")
    batch = log[log.synced_at == log.synced_at.max()].set_index("lead_id")
    before = log[log.synced_at < log.synced_at.max()].sort_values("synced_at").groupby("lead_id").last()
    assert len(batch) > 0
    # every lead handed over again differs from its last row in a field the CRM holds
    fields = ["score", "tier", "reasons_text", "action", "assigned_rep_id", "is_new_hot", "is_spike"]
    again = batch.join(before[fields].add_suffix("_before"), how="inner")
    differs = pd.DataFrame({f: again[f].astype(str) != again[f"{f}_before"].astype(str) for f in fields})
    assert len(again) > 0 and differs.any(axis=1).all()
    history = second_build.query("select lead_id, scored_at, score from lead_score_history")
    unchanged = second_build.query("""select h1.lead_id from lead_score_history h1
        join lead_score_history h2 on h1.lead_id = h2.lead_id and h1.scored_at < h2.scored_at
        where h1.score = h2.score and h1.tier = h2.tier and h1.reasons_text = h2.reasons_text
            and h1.assigned_rep_id is not distinct from h2.assigned_rep_id""")
    # same score, tier, reasons and rep at both runs: handed over again only for an alert flag
    flagged = differs[differs.index.isin(unchanged.lead_id)]
    assert flagged[["action", "is_new_hot", "is_spike"]].any(axis=1).all()
    state = second_build.query("select * from crm_lead_score_sync where sync_status = 'active'")
    kept = state[~state.lead_id.isin(batch.index)]
    assert (kept.scored_at_utc < pd.Timestamp("2026-09-08")).all(), "unchanged leads keep the row last handed over"
    assert history.scored_at.nunique() == 2, "history keeps both scoring runs"


def test_registry_is_append_only_and_a_version_can_be_pinned(second_build: Warehouse) -> None:
    before = second_build.query("select * from ml_model_artifacts order by all")
    (first_version,) = before.model_version.unique()
    rebuild(second_build, "ml_model_artifacts+", retrain=True)
    after = second_build.query("select * from ml_model_artifacts order by all")
    assert after.model_version.nunique() == 2
    kept = after[after.model_version == first_version].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, before, check_dtype=False)
    registry = second_build.query("select model_version, status from model_registry")
    assert (registry.status == "active").sum() == 1
    assert registry.set_index("model_version").status[first_version] == "retired"

    rebuild(second_build, "ml_model_artifacts+", model_version=first_version)
    assert set(second_build.query("select model_version from lead_scores").model_version) == {first_version}
    registry = second_build.query("select model_version, status from model_registry")
    assert registry.set_index("model_version").status[first_version] == "active"
