"""Command line: `python -m leadscore {score,demo,build,summary}`.

Each command is one `dbt build` with vars, wrapped with the checks and
messages a person needs: where the raw files are, what the scoring instant
is, where results landed, and a readable summary.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from leadscore import summary

PROJECT_DIR = Path(__file__).resolve().parents[2]
TABLE_FORMATS = ("parquet", "csv")


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


def run_dbt(args: list[str], db: Path, variables: dict[str, object]) -> None:
    """Run dbt in the project with the given vars; stop with a clear message on failure."""
    env = os.environ | {"LEADSCORE_DB": str(db), "DBT_PROFILES_DIR": str(PROJECT_DIR / "profiles")}
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), *args, "--project-dir", str(PROJECT_DIR), "--vars", json.dumps(variables)]
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


def build(raw: Path, db: Path, export: Path, as_of: str | None, extra: dict[str, object]) -> None:
    export.mkdir(parents=True, exist_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    variables: dict[str, object] = {"raw_path": str(raw.resolve()), "raw_format": find_raw_format(raw),
                                    "export_path": str(export.resolve()), **extra}
    if as_of:
        variables["as_of"] = as_of
    run_dbt(["build"], db, variables)


def cmd_score(ns: argparse.Namespace) -> None:
    out = Path(ns.out)
    db = Path(os.environ.get("LEADSCORE_DB") or out / "leadscore.duckdb")
    build(Path(ns.raw), db, out, parse_as_of(ns.as_of) if ns.as_of else None, {"retrain": ns.retrain})
    summary.print_summary(db)
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
    score.set_defaults(func=cmd_score)
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
    except UsageError as err:
        print(f"\nleadscore: {err}", file=sys.stderr)
        return 2
    return 0
