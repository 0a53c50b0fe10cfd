"""Compare every table two DuckDB warehouses share, row for row.

`python -m leadscore.compare OLD.duckdb NEW.duckdb` is the check to run after
a refactor (what dbt-audit-helper's compare_relations does, for a whole
warehouse): each table's rows are compared both ways with `except all`, so
a difference in the last bit of a double is a difference. Columns that
name the moment of a build (model version, trained_at, scored_at, ...)
differ between any two builds and are left out of the comparison.

`--digits N` compares doubles at N significant digits instead of every bit:
DuckDB's parallel sums of doubles (the decay features) can differ in the
last bit from one run of the same code to the next.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

# Columns whose values are the build's own clock or invocation id, never a result.
BUILD_CLOCK_COLUMNS = frozenset({"model_version", "lead_score_model_version", "trained_at", "scored_at",
                                 "synced_at", "updated_at", "updated_at_utc", "built_at", "sync_batch_id"})


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = 'main' order by table_name, ordinal_position",
        [catalog],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


def _select_list(columns: list[tuple[str, str]], digits: int | None) -> str:
    """The columns compared: build-clock columns left out, doubles rounded when `digits` is set."""
    return ", ".join(f"printf('%.{digits - 1}e', \"{name}\")" if digits and data_type in ("DOUBLE", "FLOAT")
                     else f'"{name}"' for name, data_type in columns if name not in BUILD_CLOCK_COLUMNS)


def compare(old: Path, new: Path, digits: int | None = None) -> dict[str, str]:
    """Per table: 'same', or what differs. Tables in only one warehouse are named as such."""
    # attached under their own names: dbt's views name the catalog of their file
    if old.stem == new.stem:
        raise ValueError(f"{old} and {new} must have different file names (views name their catalog)")
    con = duckdb.connect()
    for path in (old, new):
        con.execute(f"attach '{path}' as \"{path.stem}\" (read_only)")
    before, after = _tables(con, old.stem), _tables(con, new.stem)
    result: dict[str, str] = {}
    for table in sorted(before.keys() | after.keys()):
        if table not in after or table not in before:
            result[table] = "only in " + ("old" if table in before else "new")
            continue
        if before[table] != after[table]:
            result[table] = f"columns differ: {before[table]} vs {after[table]}"
            continue
        columns = _select_list(before[table], digits)
        if not columns:
            result[table] = "same"
            continue
        lost, gained = (con.execute(f'select count(*) from (select {columns} from "{a}".main."{table}" except all '
                                    f'select {columns} from "{b}".main."{table}")').fetchone()[0]
                        for a, b in ((old.stem, new.stem), (new.stem, old.stem)))
        result[table] = "same" if lost == gained == 0 else f"{lost} rows only in old, {gained} only in new"
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="leadscore.compare", description=__doc__)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--digits", type=int, default=None, help="compare doubles at this many significant digits")
    ns = parser.parse_args(argv)
    result = compare(ns.old, ns.new, ns.digits)
    width = max(map(len, result), default=0)
    for table, verdict in result.items():
        print(f"{table:<{width}}  {verdict}")
    differing = [t for t, v in result.items() if v != "same"]
    print(f"\n{len(result) - len(differing)} of {len(result)} tables identical")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
