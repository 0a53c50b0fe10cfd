"""Benchmark: generate N sample leads, then time the runs users wait for.

    python -m leadscore.bench --leads 100000 [--activity-scale 2.75] [--workdir bench]

1. first build: `leadscore score --retrain` on a fresh warehouse (trains,
   scores, evaluates, monitors), as `make score` runs it;
2. stored model: `leadscore score --fast` on that warehouse and export (every
   open lead rescored with the stored model; nothing trained);
3. changed only: `dbt build --selector daily` with rescore: changed, TOUCHED_HOURS
   after as_of (about 2,000 of 100,000 leads have an event in them), the dbt
   command itself, as the README gives it to a scheduler;
4. same again: that command once more. A scheduler repeats one command
   (as_of and rescore_since left to the data and lead_scores), and dbt
   re-parses the whole project only when --vars differ from its last run's
   (about 5 s); the repeat rescores the same leads, so parsing is what differs.

Each run is a child process: its wall time and peak memory (the largest
resident set of it and its dbt process, from wait4) are its own. Prints per
run the slowest nodes from dbt's run_results.json (kept next to the
warehouse), checks that the stored-model run's lead_scores equal the first
build's, and prints the test-split quality of every model the build measured.
A benchmark, not a test: record what it prints in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from leadscore import cli, sample

AS_OF = "2026-10-01 00:00:00"
TOUCHED_HOURS = 3


def run_child(command: list[str], log: Path, db: Path) -> tuple[float, float]:
    """(wall seconds, peak GiB) of a child process, its output to `log`."""
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=cli.dbt_environment(db),
                                   cwd=cli.PROJECT_DIR)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)} (see {log})")
    return wall, usage.ru_maxrss / 1024**2


def slowest(results: Path, n: int) -> list[tuple[str, float]]:
    nodes = json.loads(results.read_text())["results"]
    return [(r["unique_id"].split(".")[-1], r["execution_time"])
            for r in sorted(nodes, key=lambda r: -r["execution_time"])[:n]]


def lead_scores(db: Path) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select * from lead_scores order by lead_id").df()


def largest_difference(a: pd.DataFrame, b: pd.DataFrame) -> str:
    """'identical' or what differs between two lead_scores tables."""
    if list(a.columns) != list(b.columns) or len(a) != len(b) or not a.lead_id.equals(b.lead_id):
        return f"different rows or columns ({len(a):,} vs {len(b):,} rows)"
    numbers = [c for c in a.columns if pd.api.types.is_numeric_dtype(a[c]) and not pd.api.types.is_bool_dtype(a[c])]
    # relative to the value (at least 1): parallel sums differ in the last bit, 5e-12 on an expected value of 5,000
    gap = max((float(np.nanmax(np.abs(a[c].to_numpy(float) - b[c].to_numpy(float))
                               / np.maximum(1.0, np.abs(b[c].to_numpy(float))), initial=0.0)) for c in numbers),
              default=0.0)
    texts = [c for c in a.columns if c not in numbers and not a[c].fillna("").astype(str).equals(
        b[c].fillna("").astype(str))]
    return (f"identical (numbers within {gap:.1g} relative)" if gap <= 1e-12 and not texts
            else f"differs: numbers by {gap:.3g} relative, text in {texts}")


def run_one(leads: int, workdir: Path, activity_scale: float) -> None:
    raw = workdir / f"raw_{leads}_{activity_scale}"
    if not raw.exists():
        started = time.perf_counter()
        # written aside and renamed when whole: an interrupted run leaves no half export to reuse
        partial = raw.with_name(raw.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        sample.generate(leads, 365, 42, partial, activity_scale=activity_scale)
        partial.rename(raw)
        print(f"generated {leads:,} leads in {time.perf_counter() - started:.1f} s")
    out = workdir / f"out_{leads}"
    db = out / "leadscore.duckdb"
    shutil.rmtree(out, ignore_errors=True)
    score = [sys.executable, "-m", "leadscore", "score", "--raw", str(raw), "--out", str(out), "--as-of", AS_OF]
    touched_at = str(pd.Timestamp(AS_OF) + pd.Timedelta(hours=TOUCHED_HOURS))
    daily_vars = cli.build_variables(raw, db, out, touched_at, {"rescore": "changed", "rescore_since": AS_OF})
    daily = cli.dbt_command(["build", "--selector", "daily"], daily_vars)
    runs = [("first build", [*score, "--retrain"]), ("stored model", [*score, "--fast"]), ("changed only", daily),
            ("same again", daily)]
    figures = []
    for name, command in runs:
        wall, peak = run_child(command, workdir / f"{name.replace(' ', '_')}_{leads}.log", db)
        results = workdir / f"{name.replace(' ', '_')}_results_{leads}.json"
        shutil.copy(cli.PROJECT_DIR / "target" / "run_results.json", results)
        figures.append((name, wall, peak, results))
        if name == "first build":
            first_scores = lead_scores(db)
            print_model_quality(db)
        if name == "stored model":
            print(f"\nlead_scores of the stored-model run against the first build's: "
                  f"{largest_difference(lead_scores(db), first_scores)}")
    with duckdb.connect(str(db), read_only=True) as con:
        activities, open_leads, touched = con.execute("""select (select count(*) from base_crm__activities),
            (select count(*) from lead_scores), (select count(*) from int_changed_leads)""").fetchone()
    print(f"\n{leads:,} leads, {activities:,} activity rows, {open_leads:,} open leads; "
          f"changed only: {touched:,} leads touched in the {TOUCHED_HOURS} h after as_of")
    print(f"{'run':14} {'wall s':>8} {'peak GiB':>9}   slowest nodes (s)")
    for name, wall, peak, results in figures:
        nodes = ", ".join(f"{node} {seconds:.1f}" for node, seconds in slowest(results, 4))
        print(f"{name:14} {wall:8.1f} {peak:9.2f}   {nodes}")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leads", type=int, action="append", help="repeat for several sizes")
    parser.add_argument("--activity-scale", type=float, default=1.0)
    parser.add_argument("--workdir", default="bench")
    ns = parser.parse_args()
    workdir = Path(ns.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    for leads in ns.leads or [100_000]:
        run_one(leads, workdir, ns.activity_scale)


if __name__ == "__main__":
    main()
