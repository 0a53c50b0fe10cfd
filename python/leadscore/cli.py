"""Command line: `python -m leadscore {score,train,demo,summary,report}`.

Each command is one `dbt build` with vars, wrapped with the checks and
messages a person needs: where the raw files are, what the scoring instant
is, where results landed, and a readable summary. On a target whose engine
cannot run dbt Python models (Spark, PostgreSQL), `score` builds the training
tables, trains in this process (`train`), then builds the rest.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from leadscore import engines, summary

PROJECT_DIR = Path(__file__).resolve().parents[2]
PROFILES_DIR = PROJECT_DIR / "profiles"
TABLE_FORMATS = ("parquet", "csv")
DEFAULT_TARGET = "dev"
# selectors.yml: the training tables and their inputs, and everything else
TRAINING_INPUTS, AFTER_TRAINING = "training_inputs", "after_training"


class UsageError(Exception):
    """A problem the user can fix; printed without a traceback."""


def parse_as_of(text: str) -> str:
    """'2026-05-02' means 2026-05-02T00:00Z; offsets are converted to UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as err:
        raise UsageError(f"AS_OF={text!r} is not an ISO date or timestamp "
                         "(e.g. 2026-05-02 or 2026-05-02T13:00Z)") from err
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ")


def find_raw_format(raw: Path) -> str:
    """Preferred format of a raw directory: the format of leads (the one required file)."""
    if not raw.is_dir():
        raise UsageError(f"RAW={raw} is not a directory")
    for fmt in TABLE_FORMATS:
        if (raw / f"leads.{fmt}").exists():
            return fmt
    found = ", ".join(sorted(p.name for p in raw.iterdir())) or "nothing"
    raise UsageError(f"RAW={raw} has no leads.parquet or leads.csv (found: {found})")


def run_dbt(args: list[str], db: Path, variables: dict[str, object], target: str = DEFAULT_TARGET) -> None:
    """Run dbt in the project with the given vars; stop with a clear message on failure."""
    # PostgreSQL sessions in UTC unless set otherwise, as the duckdb and spark targets set theirs
    env = {"PGTZ": "UTC"} | os.environ | {"LEADSCORE_DB": str(db), "DBT_PROFILES_DIR": str(PROFILES_DIR)}
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), *args, "--project-dir", str(PROJECT_DIR), "--target", target, "--vars", json.dumps(variables)]
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    tail: list[str] = []
    for line in process.stdout:
        sys.stdout.write(line)
        tail = (tail + [line])[-200:]
    if process.wait() != 0:
        text = "".join(tail)
        if "Could not set lock on file" in text:
            raise UsageError(f"the warehouse {db} is open in another process (a notebook, IDE or second build); "
                             "close it or set LEADSCORE_DB to another file")
        messages = [ln.strip() for ln in tail if "leadscore:" in ln]
        raise UsageError(messages[-1] if messages else f"dbt {' '.join(args)} failed (see the log above)")


def build(raw: Path | None, db: Path, export: Path, as_of: str | None, extra: dict[str, object],
          target: str = DEFAULT_TARGET) -> None:
    """One build; without `raw`, the target's own CRM tables are read (var crm_schema)."""
    export.mkdir(parents=True, exist_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    variables: dict[str, object] = {"export_path": str(export.resolve()), **extra}
    if raw is not None:
        variables |= {"raw_path": str(raw.resolve()), "raw_format": find_raw_format(raw)}
    if as_of:
        variables["as_of"] = as_of
    if engines.target_config(PROFILES_DIR, target).get("type") not in engines.CLI_TRAINED:
        run_dbt(["build"], db, variables, target)
        return
    # no dbt Python models there: training inputs, training here, the rest.
    # Cautious: a test runs in the step that built all its parents (each once).
    # Unit tests run on DuckDB (dbt-spark's fixtures cast to types Spark rejects).
    variables["train_with"] = "cli"
    options = ["--indirect-selection", "cautious", "--exclude-resource-type", "unit_test"]
    run_dbt(["build", "--selector", TRAINING_INPUTS, *options], db, variables, target)
    # in a child process: its JVM, and the embedded metastore's lock, end with it
    command = [sys.executable, "-m", "leadscore", "train", "--target", target]
    if extra.get("retrain"):
        command.append("--retrain")
    if subprocess.run(command, cwd=PROJECT_DIR, env=os.environ | {"LEADSCORE_DB": str(db)}).returncode != 0:
        raise UsageError(f"training on target {target!r} failed (see the log above)")
    run_dbt(["build", "--selector", AFTER_TRAINING, *options], db, variables, target)


def train(target: str, retrain: bool) -> None:
    """Train from the training tables of `target` and append the version to its ml_model_artifacts."""
    from leadscore.artifacts import empty_artifacts
    from leadscore.train import Provenance, train_if_needed

    warehouse = engines.open_warehouse(PROFILES_DIR, target)
    try:
        training, won = warehouse.read("int_training_set"), warehouse.read("int_deal_training")
        read = warehouse.read("ml_raw_input")
        if training is None or won is None or read is None:
            raise UsageError(f"target {target!r} has no training tables yet: dbt build --target {target} "
                             f"--selector {TRAINING_INPUTS} --vars '{{train_with: cli, raw_path: ...}}'")
        existing = warehouse.read("ml_model_artifacts")
        rows = train_if_needed(list(training.columns), lambda: (training, won),
                               empty_artifacts() if existing is None else existing, retrain, Provenance.read(read),
                               datetime.now(UTC).replace(tzinfo=None, microsecond=0))
        if rows.empty:
            print("leadscore: the active model still fits this warehouse; nothing trained (--retrain forces it)")
            return
        warehouse.append("ml_model_artifacts", rows)
        print(f"leadscore: trained {rows['model_version'].iloc[0]} on {len(training):,} rows ({target})")
    finally:
        warehouse.close()


def cmd_train(ns: argparse.Namespace) -> None:
    train(ns.target, ns.retrain)


def cmd_score(ns: argparse.Namespace) -> None:
    out = Path(ns.out)
    db = Path(os.environ.get("LEADSCORE_DB") or out / "leadscore.duckdb")
    build(Path(ns.raw), db, out, parse_as_of(ns.as_of) if ns.as_of else None, {"retrain": ns.retrain}, ns.target)
    if engines.target_config(PROFILES_DIR, ns.target).get("type") == "duckdb":
        summary.print_summary(db)  # the summary reads the DuckDB file; other engines: query the marts there
    print(f"\nScores: {out / 'lead_scores.parquet'} (and .csv)")


def cmd_demo(ns: argparse.Namespace) -> None:
    from leadscore import sample

    raw = PROJECT_DIR / "data" / "sample"
    if not (raw / "leads.parquet").exists() or ns.regenerate:
        print(f"Generating {ns.leads:,} sample leads over {ns.days} days into {raw} ...")
        sample.generate(ns.leads, ns.days, ns.seed, raw)
    db = Path(os.environ.get("LEADSCORE_DB") or PROJECT_DIR / "leadscore.duckdb")
    build(raw, db, PROJECT_DIR / "exports", None, {"retrain": True})
    summary.print_summary(db)
    cmd_report(argparse.Namespace(out=str(PROJECT_DIR / "reports")))


def cmd_report(ns: argparse.Namespace) -> None:
    from leadscore.report import write_report

    report, card = write_report(Path(os.environ.get("LEADSCORE_DB") or PROJECT_DIR / "leadscore.duckdb"),
                                Path(ns.out))
    print(f"\nReport: {report}\nModel card: {card}")


def cmd_summary(ns: argparse.Namespace) -> None:
    summary.print_summary(Path(os.environ.get("LEADSCORE_DB") or PROJECT_DIR / "leadscore.duckdb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="leadscore", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    score = commands.add_parser("score", help="score a CRM export: RAW dir in, OUT/lead_scores.parquet out")
    score.add_argument("--raw", required=True)
    score.add_argument("--as-of", default=None, help="scoring instant, UTC (default: latest event in the data)")
    score.add_argument("--out", required=True)
    score.add_argument("--retrain", action="store_true", help="train a new model version even if one exists")
    score.add_argument("--target", default=DEFAULT_TARGET,
                       help="dbt target in profiles/profiles.yml (dev, spark, postgres)")
    score.set_defaults(func=cmd_score)
    train_cmd = commands.add_parser("train", help="train from the target's training tables (engines without "
                                    "dbt Python models); appends to its ml_model_artifacts")
    train_cmd.add_argument("--target", default=DEFAULT_TARGET)
    train_cmd.add_argument("--retrain", action="store_true")
    train_cmd.set_defaults(func=cmd_train)
    demo = commands.add_parser("demo", help="generate sample data and run the whole pipeline")
    demo.add_argument("--leads", type=int, default=10_000)
    demo.add_argument("--days", type=int, default=365)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--regenerate", action="store_true")
    demo.set_defaults(func=cmd_demo)
    commands.add_parser("summary", help="print the summary of the last build").set_defaults(func=cmd_summary)
    report = commands.add_parser("report", help="write the HTML report and the model card")
    report.add_argument("--out", default=str(PROJECT_DIR / "reports"))
    report.set_defaults(func=cmd_report)
    ns = parser.parse_args(argv)
    try:
        ns.func(ns)
    except (UsageError, engines.TargetError) as err:
        print(f"\nleadscore: {err}", file=sys.stderr)
        return 2
    return 0
