"""Benchmark: generate N sample leads, build everything, print time and memory.

    python -m leadscore.bench --leads 100000 [--leads 1000000] [--workdir bench] [--daily]

--daily then times the daily rescoring path on the built warehouse: one day
later (as_of + 1 day), `dbt build --selector daily` with rescore: changed,
which rescores only the leads with an event in that day, and prints its time
as a share of the full build.

Prints wall time, peak memory of the dbt build (the child process), per
model: seconds, rows and rows per second, from dbt's run_results.json, and
the test-split AUC, ECE, calibration-in-the-large and log loss of the
champion, the candidate that lost, the boosted challenger and the legacy rules.
A benchmark, not a test: record what it prints in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import duckdb

from leadscore import cli, sample

AS_OF = "2026-10-01 00:00:00"
NEXT_DAY = "2026-10-02 00:00:00"


def run_one(leads: int, workdir: Path, activity_scale: float, daily: bool = False) -> None:
    raw = workdir / f"raw_{leads}_{activity_scale}"
    if not (raw / "leads.parquet").exists():
        started = time.perf_counter()
        sample.generate(leads, 365, 42, raw, activity_scale=activity_scale)
        print(f"generated {leads:,} leads in {time.perf_counter() - started:.1f} s")
    db = workdir / f"bench_{leads}.duckdb"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    cli.build(raw, db, workdir / f"out_{leads}", AS_OF, {"retrain": True})
    wall = time.perf_counter() - started
    peak_gib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    results_text = (cli.PROJECT_DIR / "target" / "run_results.json").read_text()
    # kept for a per-stage breakdown: the daily run overwrites dbt's copy
    (workdir / f"build_results_{leads}.json").write_text(results_text)
    results = json.loads(results_text)
    with duckdb.connect(str(db), read_only=True) as con:
        activities = con.execute("select count(*) from base_crm__activities").fetchone()[0]
        tables = {name for (name,) in con.execute("select table_name from information_schema.tables").fetchall()}
        rows = []
        for result in sorted(results["results"], key=lambda r: -r["execution_time"])[:15]:
            name = result["unique_id"].split(".")[-1]
            count = con.execute(f"select count(*) from {name}").fetchone()[0] if name in tables else None
            rows.append((name, result["execution_time"], count))
    print(f"\n{leads:,} leads, {activities:,} activity rows: build {wall:.0f} s, peak memory {peak_gib:.2f} GiB")
    print(f"{'model':45} {'seconds':>9} {'rows':>13} {'rows/s':>12}")
    for name, seconds, count in rows:
        rate = f"{count / seconds:,.0f}" if count and seconds > 0 else ""
        shown = f"{count:,}" if count is not None else ""
        print(f"{name:45} {seconds:9.1f} {shown:>13} {rate:>12}")
    print_model_quality(db)
    if daily:
        run_daily(raw, db, workdir / f"out_{leads}", wall)


def print_model_quality(db: Path) -> None:
    """Test-split quality of every model the build measured: the champion, the
    candidate that lost, the boosted challenger and the legacy rules."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""select model, auc, ece, calibration_in_the_large, log_loss
            from model_performance
            where split = 'test' and model_version = (select model_version from model_registry where status = 'active')
            order by auc desc""").fetchall()
        kind = con.execute("select champion_kind from ml_model_versions order by model_version desc limit 1").fetchone()
    print(f"\ntest split, champion = {kind[0] if kind else '?'}")
    print(f"{'model':15} {'AUC':>7} {'ECE':>7} {'CITL':>8} {'log loss':>9}")
    for model, auc, ece, citl, loss in rows:
        cells = [f"{v:{w}.4f}" if v is not None else " " * (w - 1) + "-" for v, w in ((ece, 7), (citl, 8), (loss, 9))]
        print(f"{model:15} {auc:7.4f} {' '.join(cells)}")


def run_daily(raw: Path, db: Path, export: Path, full_wall: float) -> None:
    """The daily path one day after the full build: only leads with new events."""
    variables = {"raw_path": str(raw.resolve()), "raw_format": cli.find_raw_format(raw),
                 "export_path": str(export.resolve()), "as_of": NEXT_DAY, "rescore": "changed",
                 "rescore_since": AS_OF}
    started = time.perf_counter()
    cli.run_dbt(["build", "--selector", "daily"], db, variables)
    wall = time.perf_counter() - started
    results = json.loads((cli.PROJECT_DIR / "target" / "run_results.json").read_text())
    with duckdb.connect(str(db), read_only=True) as con:
        changed, scored = con.execute("""select (select count(*) from int_changed_leads),
                                                (select count(*) from lead_scores)""").fetchone()
    print(f"\ndaily rescoring at {NEXT_DAY}: {changed:,} of {scored:,} open leads rescored in {wall:.0f} s "
          f"= {wall / full_wall:.0%} of the full build")
    for result in sorted(results["results"], key=lambda r: -r["execution_time"])[:8]:
        print(f"{result['unique_id'].split('.')[-1]:45} {result['execution_time']:9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leads", type=int, action="append", help="repeat for several sizes")
    parser.add_argument("--activity-scale", type=float, default=1.0)
    parser.add_argument("--workdir", default="bench")
    parser.add_argument("--daily", action="store_true", help="then time the daily rescoring path")
    ns = parser.parse_args()
    workdir = Path(ns.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    for leads in ns.leads or [100_000]:
        run_one(leads, workdir, ns.activity_scale, ns.daily)


if __name__ == "__main__":
    main()
