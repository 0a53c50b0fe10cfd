"""Helpers for tests that build a real DuckDB warehouse with dbt."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from leadscore import cli

AS_OF = "2026-09-01 00:00:00"
TIMESTAMP_COLUMNS = {"leads": "created_at", "accounts": None, "activities": "occurred_at",
                     "opportunities": "created_at", "sales_touches": "touched_at",
                     "outreach_experiment": "assigned_at", "lead_feedback": "created_at"}


@dataclass(frozen=True)
class Warehouse:
    raw: Path
    db: Path
    out: Path

    def query(self, sql: str) -> pd.DataFrame:
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(sql).df()


def build_warehouse(raw: Path, root: Path, as_of: str | None = AS_OF, **extra: object) -> Warehouse:
    warehouse = Warehouse(raw, root / "warehouse.duckdb", root / "out")
    cli.build(raw, warehouse.db, warehouse.out, as_of, {"retrain": False, **extra})
    return warehouse


def truncate_at(raw: Path, target: Path, as_of: str) -> Path:
    """Copy of a raw export as it would have looked at `as_of`: rows stamped later removed."""
    target.mkdir(parents=True, exist_ok=True)
    for file in raw.iterdir():
        column = TIMESTAMP_COLUMNS.get(file.stem)
        if column is None:
            shutil.copy(file, target / file.name)
            continue
        frame = pd.read_parquet(file)
        keep = frame[column].isna() | (frame[column] < pd.Timestamp(as_of))
        frame[keep].to_parquet(target / file.name, index=False)
    return target


def copy_warehouse(warehouse: Warehouse, root: Path) -> Warehouse:
    """A private copy of a built warehouse, for tests that build on top of it."""
    root.mkdir(parents=True, exist_ok=True)
    copy = Warehouse(warehouse.raw, root / "warehouse.duckdb", root / "out")
    shutil.copy(warehouse.db, copy.db)
    copy.out.mkdir(exist_ok=True)
    return copy


def rebuild(warehouse: Warehouse, select: str, as_of: str = AS_OF, **extra: object) -> None:
    """dbt build of a selection on an existing warehouse (same raw export)."""
    variables = {"raw_path": str(warehouse.raw), "export_path": str(warehouse.out), "as_of": as_of, **extra}
    cli.run_dbt(["build", "--select", select], warehouse.db, variables)
