"""Leaks planted in an export never reach the model; genuine engagement that
goes on after conversion stays a feature.

One export is the test sample plus a leak of every kind the leakage rules
target (docs/design.md, "Leakage rules"), an event stamped exactly at a
training snapshot, extra sales touches and genuine product use after
conversion. Its feature matrix is compared with the sample's: every feature
of every snapshot must be the same, except what must change (the planted
event seen by the lead's later snapshots) and the firmographics of an account
link filled at conversion, which must become unknown for every lead.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import Warehouse, Warehouses

FOOTPRINT = "SQL Stage Reached"  # not in the catalogue: only the proximity audit can catch it
SALES_DRIVEN = "Open Sales Email"  # in the catalogue as sales-driven
PLANTED_LEADS = 5


def _activities(lead_ids: pd.Series, activity_type: str, at: pd.Series, prefix: str) -> pd.DataFrame:
    return pd.DataFrame({
        "activity_id": [f"{prefix}{i:07d}" for i in range(len(lead_ids))],
        "lead_id": lead_ids.to_numpy(),
        "activity_type": activity_type,
        "occurred_at": pd.to_datetime(at.to_numpy()).astype("datetime64[us]"),
        "duration_seconds": np.nan,
        "page_path": None,
    })


@pytest.fixture(scope="module")
def converted(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query("select lead_id, converted_at from int_leads where converted_at is not null")


@pytest.fixture(scope="module")
def watched(warehouse: Warehouse) -> pd.DataFrame:
    """Leads with two training snapshots in a row, and the earlier of them: an
    event stamped exactly at it must be seen by the later one only."""
    return warehouse.query(f"""
        with snapshots as (
            select lead_id, snapshot_at,
                lead(snapshot_at) over (partition by lead_id order by snapshot_at) as next_snapshot_at
            from int_feature_matrix where snapshot_type = 'training')
        select lead_id, min(snapshot_at) as snapshot_at, min(next_snapshot_at) as next_snapshot_at
        from snapshots
        where next_snapshot_at is not null
        group by lead_id
        order by lead_id
        limit {PLANTED_LEADS}""")


@pytest.fixture(scope="module")
def planted(sample_raw: Path, warehouses: Warehouses, converted: pd.DataFrame, watched: pd.DataFrame) -> Warehouse:
    seconds = pd.to_timedelta(np.arange(len(converted)) % 3 * 3600 + 1, unit="s")  # 1 s, 1 h, 2 h before
    days = pd.to_timedelta(np.arange(len(converted)) % 5 + 1, unit="D")
    activities = pd.concat([
        pd.read_parquet(sample_raw / "activities.parquet"),
        # the conversion workflow's footprint, stamped just before each opportunity
        _activities(converted.lead_id, FOOTPRINT, converted.converted_at - seconds, "XF"),
        # a rep's email opened in the days before conversion
        _activities(converted.lead_id, SALES_DRIVEN, converted.converted_at - days, "XS"),
        # a customer who keeps using the product: logins after conversion, many
        *(_activities(converted.lead_id, "Product Login", converted.converted_at + days * k, f"XP{k}")
          for k in range(1, 9)),
        # a hand-raise stamped at a training snapshot instant
        _activities(watched.lead_id, "Demo Request", watched.snapshot_at, "XD"),
    ], ignore_index=True)
    touches = pd.read_parquet(sample_raw / "sales_touches.parquet")
    extra = touches.sample(frac=1.0, random_state=3).assign(
        touch_id=lambda t: "XT" + t.touch_id, touched_at=lambda t: t.touched_at - pd.Timedelta(hours=1))
    leads = pd.read_parquet(sample_raw / "leads.parquet")
    # the account link a rep makes at conversion: empty on every lead that never converted
    leads.loc[~leads.lead_id.isin(converted.lead_id), "account_id"] = None
    tables = {"activities": activities, "sales_touches": pd.concat([touches, extra], ignore_index=True),
              "leads": leads}
    return warehouses.build(warehouses.export(sample_raw, tables))


def _matrix(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query("select * from int_feature_matrix").set_index(
        ["lead_id", "snapshot_at"]).sort_index()


@pytest.fixture(scope="module")
def matrices(warehouse: Warehouse, planted: Warehouse) -> tuple[pd.DataFrame, pd.DataFrame]:
    return _matrix(warehouse), _matrix(planted)


def _audit(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query("select * from leakage_audit").set_index(["audited_item", "item_name"])


def test_each_planted_leak_is_excluded_and_says_why(planted: Warehouse) -> None:
    audit = _audit(planted)
    assert audit.loc[("activity_type", "sql_stage_reached"), "excluded_because"] == \
        "conversion footprint (proximity audit)"
    assert audit.loc[("activity_type", "open_sales_email"), "excluded_because"] == "sales-driven (catalogue)"
    assert audit.loc[("lead_field", "account_id"), "excluded_because"] == "filled at conversion (fill-rate audit)"
    events = planted.query("""select count(*) from int_activities
        where activity_type_key in ('sql_stage_reached', 'open_sales_email')""").iloc[0, 0]
    assert events == 0
    scorecard = planted.query("""select failing_rows from data_quality_scorecard
        where check_name = 'conversion footprint found by the proximity audit'""").iloc[0, 0]
    assert scorecard == audit.loc[("activity_type", "sql_stage_reached"), "evidence_count"]


def test_the_sample_alone_trips_no_leakage_rule(warehouse: Warehouse) -> None:
    audit = _audit(warehouse)
    assert not audit.loc["lead_field"].is_excluded.any()
    reasons = set(audit.loc["activity_type"].excluded_because.dropna())
    assert "conversion footprint (proximity audit)" not in reasons


def test_engagement_that_goes_on_after_conversion_is_kept(planted: Warehouse, converted: pd.DataFrame) -> None:
    types = planted.query("select * from int_activity_types where activity_type_key = 'product_login'").iloc[0]
    after = planted.query("""select count(*) from stg_crm__activities a join int_leads l using (lead_id)
        where a.activity_type_key = 'product_login' and a.occurred_at >= l.converted_at""").iloc[0, 0]
    assert after > types.events_before_conversion  # mostly after conversion, yet...
    assert types.feature_category == "product_usage"
    assert pd.isna(types.excluded_because)


def test_no_planted_leak_changes_a_feature(matrices: tuple[pd.DataFrame, pd.DataFrame],
                                           watched: pd.DataFrame) -> None:
    base, leaked = matrices
    assert list(base.columns) == list(leaked.columns)
    assert base.index.equals(leaked.index)
    features = [c for c in base.columns if c.startswith("f_") and not c.startswith("f_firmo__")]
    # the watched leads' snapshots after the planted demo request must change: compared on their own below
    planted_at = base.index.get_level_values("lead_id").map(watched.set_index("lead_id").snapshot_at)
    later = base.index.get_level_values("snapshot_at") > planted_at
    assert later.sum() >= PLANTED_LEADS
    # to the last bits only: DuckDB's parallel sums (decay) are not order-stable
    np.testing.assert_allclose(leaked.loc[~later, features].to_numpy(float),
                               base.loc[~later, features].to_numpy(float), rtol=1e-12, atol=1e-12)


def test_an_event_at_a_snapshot_is_seen_by_the_next_snapshot_only(
        matrices: tuple[pd.DataFrame, pd.DataFrame], watched: pd.DataFrame) -> None:
    base, leaked = matrices
    column = "f_window__demo_request_30d"
    for row in watched.itertuples():
        at, after = (row.lead_id, row.snapshot_at), (row.lead_id, row.next_snapshot_at)
        assert leaked.loc[at, column] == base.loc[at, column]
        assert leaked.loc[after, column] == base.loc[after, column] + 1


def test_an_account_link_filled_at_conversion_is_no_feature(matrices: tuple[pd.DataFrame, pd.DataFrame],
                                                            planted: Warehouse) -> None:
    base, leaked = matrices
    assert base.f_firmo__account_missing.nunique() == 2
    account = [c for c in leaked.columns if c.startswith(("f_firmo__size_", "f_firmo__industry_"))
               or c in ("f_firmo__account_missing", "f_firmo__log_employees", "f_firmo__log_revenue")]
    assert (leaked[account].nunique() == 1).all()
    # the attributes stay for people: converted leads still show their company's size
    sizes = planted.query("""select count(size_band) from int_features__firmographic f
        join int_leads l using (lead_id) where l.converted_at is not null""").iloc[0, 0]
    assert sizes > 0

