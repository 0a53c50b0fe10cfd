"""Nothing stamped at or after as_of may change a score: the strongest leakage guard.

The same export is built twice with the same as_of: once as it is (it runs
two months past as_of) and once with every row stamped at or after as_of
removed. Features, probabilities and reasons of the scoring snapshot must be
identical.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import AS_OF, Warehouse, Warehouses, rebuild

# accounts carry no event time: they are kept whole
TIMESTAMP_COLUMNS = {"leads": "created_at", "activities": "occurred_at", "opportunities": "created_at",
                     "sales_touches": "touched_at", "outreach_experiment": "assigned_at", "lead_feedback": "created_at"}


def rows_before(raw: Path, as_of: str) -> dict[str, pd.DataFrame]:
    """The event tables of an export as they would have looked at `as_of`: rows stamped later removed."""
    tables = {}
    for name, column in TIMESTAMP_COLUMNS.items():
        frame = pd.read_parquet(raw / f"{name}.parquet")
        tables[name] = frame[frame[column].isna() | (frame[column] < pd.Timestamp(as_of))]
    return tables


@pytest.fixture(scope="module")
def truncated(sample_raw: Path, warehouses: Warehouses) -> Warehouse:
    return warehouses.build(warehouses.export(sample_raw, rows_before(sample_raw, AS_OF)))


def test_sample_really_has_rows_after_as_of(warehouse: Warehouse) -> None:
    later = warehouse.query(f"select count(*) from stg_crm__activities where occurred_at >= '{AS_OF}'").iloc[0, 0]
    assert later > 1000


def test_future_rows_do_not_change_scoring_features(warehouse: Warehouse, truncated: Warehouse) -> None:
    query = "select * from int_feature_matrix where snapshot_type = 'scoring' order by lead_id"
    full, cut = warehouse.query(query), truncated.query(query)
    assert list(full.columns) == list(cut.columns)
    assert full.lead_id.tolist() == cut.lead_id.tolist()
    features = [c for c in full.columns if c.startswith("f_")]
    np.testing.assert_allclose(full[features].to_numpy(float), cut[features].to_numpy(float), atol=1e-9)


def test_future_rows_do_not_change_training_labels(warehouse: Warehouse, truncated: Warehouse) -> None:
    query = "select lead_id, snapshot_at, label, split from int_lead_labels order by 1, 2"
    assert warehouse.query(query).equals(truncated.query(query))


def test_future_rows_do_not_change_scores(warehouse: Warehouse, truncated: Warehouse) -> None:
    query = "select lead_id, conversion_probability, score, tier, reasons_text from lead_scores order by lead_id"
    full, cut = warehouse.query(query), truncated.query(query)
    np.testing.assert_allclose(full.conversion_probability, cut.conversion_probability, atol=1e-9)
    assert full.tier.tolist() == cut.tier.tolist()
    assert full.reasons_text.tolist() == cut.reasons_text.tolist()


EARLIER = str(pd.Timestamp(AS_OF) - pd.Timedelta(days=28))
SCORE_COLUMNS = "lead_id, conversion_probability, score, tier, reasons_text"


def serving(warehouse: Warehouse) -> str:
    return warehouse.query("select distinct model_version from lead_scores").model_version.item()


def test_an_earlier_as_of_is_scored_exactly_as_a_fresh_warehouse_scores_it(warehouse: Warehouse,
                                                                          warehouses: Warehouses) -> None:
    """The shared warehouse trained at AS_OF, from labels of the four weeks
    before it. Rebuilt for four weeks earlier it must not reuse that model: it
    trains one for the earlier date, whose scores are those of a fresh
    warehouse built at that date. Back at AS_OF, the first model serves again
    and nothing is trained."""
    fresh = warehouses.build(warehouse.raw, as_of=EARLIER)
    later = warehouses.copy(warehouse)
    first = serving(later)
    rebuild(later, selector="full", as_of=EARLIER)
    versions = set(later.query("select distinct model_version from ml_model_artifacts").model_version)
    assert len(versions) == 2 and serving(later) != first
    expected = fresh.query(f"select {SCORE_COLUMNS} from lead_scores order by lead_id")
    got = later.query(f"select {SCORE_COLUMNS} from lead_scores order by lead_id")
    assert len(expected) > 1000
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=0, atol=1e-12)

    rebuild(later, selector="full", as_of=AS_OF)
    assert serving(later) == first
    assert set(later.query("select distinct model_version from ml_model_artifacts").model_version) == versions
