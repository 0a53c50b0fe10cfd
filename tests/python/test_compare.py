"""leadscore.compare: the refactor check finds any changed row, and only those."""

from __future__ import annotations

from pathlib import Path

import duckdb

from leadscore.compare import compare


def _warehouse(path: Path, probability: float, model_version: str) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create table lead_scores (lead_id varchar, conversion_probability double, model_version varchar)")
        con.execute("insert into lead_scores values ('L1', ?, ?), ('L2', 0.5, ?)",
                    [probability, model_version, model_version])
        con.execute("create view hot as select * from lead_scores where conversion_probability > 0.4")
    return path


def test_builds_that_differ_only_in_their_clock_are_the_same(tmp_path: Path) -> None:
    old = _warehouse(tmp_path / "old.duckdb", 0.25, "v20260101000000")
    new = _warehouse(tmp_path / "new.duckdb", 0.25, "v20261127151406")
    assert compare(old, new) == {"hot": "same", "lead_scores": "same"}


def test_a_change_in_the_last_bit_is_found_unless_digits_are_given(tmp_path: Path) -> None:
    old = _warehouse(tmp_path / "old.duckdb", 0.25, "v1")
    new = _warehouse(tmp_path / "new.duckdb", 0.25 + 2**-54, "v1")
    assert compare(old, new)["lead_scores"] == "1 rows only in old, 1 only in new"
    assert compare(old, new, digits=12)["lead_scores"] == "same"
    assert compare(old, new)["hot"] == "same"  # the changed lead is not in the view


def test_a_table_in_one_warehouse_only_is_named(tmp_path: Path) -> None:
    old = _warehouse(tmp_path / "old.duckdb", 0.25, "v1")
    new = _warehouse(tmp_path / "new.duckdb", 0.25, "v1")
    with duckdb.connect(str(new)) as con:
        con.execute("create table lead_extras as select 1 as x")
    assert compare(old, new)["lead_extras"] == "only in new"
