"""Command line: `python -m leadscore {score,train,promote,rollback,retrain-if-needed,demo,summary,report,...}`.

Each command is one `dbt build` with vars, wrapped with the checks and
messages a person needs: where the raw files are, what the scoring instant
is, where results landed, and a readable summary. On a target whose engine
cannot run dbt Python models (Spark, PostgreSQL), `score` builds the training
tables, trains in this process (`train`), then builds the rest.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from leadscore import engines, promotion, summary

PROJECT_DIR = Path(__file__).resolve().parents[2]
PROFILES_DIR = PROJECT_DIR / "profiles"
TABLE_FORMATS = ("parquet", "csv")
DEFAULT_TARGET = "dev"
# selectors.yml: the training tables and their inputs, and everything else
TRAINING_INPUTS, AFTER_TRAINING = "training_inputs", "after_training"
# selectors.yml: a scoring run with the stored model (`score --fast`)
STORED_MODEL_SCORING = "score"
# dbt unit tests check the SQL, not the data: CI's (make test runs them on
# its warehouse), not every scoring run's (5 s of a first build at 100k leads)
NO_UNIT_TESTS = ("--exclude-resource-type", "unit_test")
# `retrain-if-needed` exits with this when retrain_triggers fired (0 when not), so a scheduler can act on it
RETRAIN_NEEDED = 10


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


def dbt_command(args: list[str], variables: dict[str, object], target: str = DEFAULT_TARGET) -> list[str]:
    """The dbt command line of a run in the project (as a scheduler would run it)."""
    dbt = Path(sys.executable).with_name("dbt")
    return [str(dbt), *args, "--project-dir", str(PROJECT_DIR), "--target", target, "--vars", json.dumps(variables)]


def dbt_environment(db: Path) -> dict[str, str]:
    """The environment of a dbt run on the warehouse `db` with the project's profiles."""
    # PostgreSQL sessions in UTC unless set otherwise, as the duckdb and spark targets set theirs
    return {"PGTZ": "UTC"} | dict(os.environ) | {"LEADSCORE_DB": str(db), "DBT_PROFILES_DIR": str(PROFILES_DIR)}


def run_dbt(args: list[str], db: Path, variables: dict[str, object], target: str = DEFAULT_TARGET) -> None:
    """Run dbt in the project with the given vars; stop with a clear message on failure."""
    process = subprocess.Popen(dbt_command(args, variables, target), cwd=PROJECT_DIR, env=dbt_environment(db),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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


def build_variables(raw: Path | None, db: Path, export: Path, as_of: str | None,
                    extra: dict[str, object]) -> dict[str, object]:
    """The vars of a build; without `raw`, the target's own CRM tables are read (var crm_schema)."""
    export.mkdir(parents=True, exist_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    variables: dict[str, object] = {"export_path": str(export.resolve()), **extra}
    if raw is not None:
        variables |= {"raw_path": str(raw.resolve()), "raw_format": find_raw_format(raw)}
    if as_of:
        variables["as_of"] = as_of
    return variables


def build(raw: Path | None, db: Path, export: Path, as_of: str | None, extra: dict[str, object],
          target: str = DEFAULT_TARGET, fast: bool = False) -> None:
    """The full build (trains when needed, scores, evaluates, monitors), or
    with `fast` a scoring run with the stored model (selector score)."""
    variables = build_variables(raw, db, export, as_of, extra)
    trained_here = engines.target_config(PROFILES_DIR, target).get("type") in engines.CLI_TRAINED
    if trained_here:
        variables["train_with"] = "cli"  # the model store is the table `leadscore train` writes
    if fast:
        run_dbt(["build", "--selector", STORED_MODEL_SCORING], db, variables, target)
        return
    if not trained_here:
        run_dbt(["build", *NO_UNIT_TESTS], db, variables, target)
        return
    # no dbt Python models there: training inputs, training here, the rest.
    # Cautious: a test runs in the step that built all its parents (each once).
    # Unit tests run on DuckDB (dbt-spark's fixtures cast to types Spark rejects).
    options = ["--indirect-selection", "cautious", *NO_UNIT_TESTS]
    run_dbt(["build", "--selector", TRAINING_INPUTS, *options], db, variables, target)
    # in a child process: its JVM, and the embedded metastore's lock, end with it
    command = [sys.executable, "-m", "leadscore", "train", "--target", target]
    if extra.get("retrain"):
        command.append("--retrain")
    if extra.get("champion"):
        command += ["--champion", str(extra["champion"])]
    if extra.get("min_training_conversions") is not None:
        command += ["--min-conversions", str(extra["min_training_conversions"])]
    for var, option in (("promotion_max_auc_drop", "--max-auc-drop"),
                        ("promotion_max_calibration_worsening", "--max-calibration-worsening")):
        if extra.get(var) is not None:
            command += [option, str(extra[var])]
    if subprocess.run(command, cwd=PROJECT_DIR, env=os.environ | {"LEADSCORE_DB": str(db)}).returncode != 0:
        raise UsageError(f"training on target {target!r} failed (see the log above)")
    run_dbt(["build", "--selector", AFTER_TRAINING, *options], db, variables, target)


# a partial build runs only the tests whose parents it builds (a relationships
# test to a table outside the selection would read a table not built yet)
PARTIAL = ("--indirect-selection", "cautious")


def backfill(raw: Path, db: Path, export: Path, start: str | int, every_days: int, until: str | None,
             extra: dict[str, object]) -> list[str]:
    """Score past dates so monitoring has history from day one: every
    `every_days` from `start` (a date, or a number of days before `until`) to
    before `until` (default: the data's as_of),
    each build sees only the data known then (features and labels are cut at
    its as_of) and is scored by a model allowed at that date (trained for it
    when none is), appending its rows to lead_score_history. Then a full build
    at `until`, whose backtest and monitoring marts read that history.
    Returns the dates scored. DuckDB only (it reads the warehouse file)."""
    if engines.target_config(PROFILES_DIR, DEFAULT_TARGET).get("type") != "duckdb":
        raise UsageError("backfill runs on the DuckDB target; on another engine run `score --as-of` per date")
    if until is None:
        run_dbt(["build", "--select", "+int_as_of", *PARTIAL], db, build_variables(raw, db, export, None, extra))
        store = engines.DuckDBWarehouse(str(db))
        try:
            as_of = store.read("int_as_of")
        finally:
            store.close()
        until = str(pd.Timestamp(as_of["as_of"].iloc[0]))
    end = pd.Timestamp(parse_as_of(until))
    first = end - pd.Timedelta(days=start) if isinstance(start, int) else pd.Timestamp(parse_as_of(start))
    dates = [str(day) for day in pd.date_range(first, end, freq=f"{every_days}D") if day < end]
    for day in dates:
        print(f"\nleadscore: backfill, scoring as of {day} ...")
        run_dbt(["build", "--select", "+lead_score_history", *PARTIAL], db,
                build_variables(raw, db, export, day, extra))
    build(raw, db, export, until, extra)
    return dates


def train(target: str, retrain: bool, choice: str = "auto", min_conversions: int | None = None,
          tolerances: promotion.Tolerances = promotion.DEFAULT) -> None:
    """Train from the training tables of `target` and append the version to its ml_model_artifacts."""
    from leadscore.artifacts import empty_artifacts
    from leadscore.train import MIN_CONVERSIONS, Provenance, TrainingRefused, feature_directions, train_if_needed

    warehouse = engines.open_warehouse(PROFILES_DIR, target)
    try:
        training, won = warehouse.read("int_training_set"), warehouse.read("int_deal_training")
        read = warehouse.read("ml_raw_input")
        if training is None or won is None or read is None:
            raise UsageError(f"target {target!r} has no training tables yet: dbt build --target {target} "
                             f"--selector {TRAINING_INPUTS} --vars '{{train_with: cli, raw_path: ...}}'")
        existing = warehouse.read("ml_model_artifacts")
        directions = warehouse.read("ml_feature_directions")
        log = warehouse.read("ml_model_promotions")
        try:
            rows = train_if_needed(list(training.columns), lambda: (training, won),
                                   empty_artifacts() if existing is None else existing, retrain,
                                   Provenance.read(read), datetime.now(UTC).replace(tzinfo=None, microsecond=0),
                                   choice, feature_directions(directions),
                                   MIN_CONVERSIONS if min_conversions is None else min_conversions,
                                   None if log is None else log.astype(promotion.LOG_COLUMNS), tolerances)
        except TrainingRefused as refused:
            raise UsageError(str(refused).removeprefix("leadscore: ")) from None
        if rows.empty:
            print("leadscore: the active model still fits this warehouse; nothing trained (--retrain forces it)")
            return
        warehouse.append("ml_model_artifacts", rows)
        verdict = rows.set_index("name")["text"].get("promotion_reason")
        print(f"leadscore: trained {rows['model_version'].iloc[0]} on {len(training):,} rows ({target}): {verdict}")
    finally:
        warehouse.close()


def cmd_train(ns: argparse.Namespace) -> None:
    train(ns.target, ns.retrain, ns.champion, ns.min_conversions,
          promotion.Tolerances(ns.max_auc_drop, ns.max_calibration_worsening))


def duckdb_path(ns: argparse.Namespace) -> Path:
    """The warehouse file of a command that reads the last build: --db, else LEADSCORE_DB, else the demo's."""
    return Path(getattr(ns, "db", None) or os.environ.get("LEADSCORE_DB") or PROJECT_DIR / "leadscore.duckdb")


def open_built(ns: argparse.Namespace) -> engines.DuckDBWarehouse:
    db = duckdb_path(ns)
    if not db.exists():
        raise UsageError(f"{db} does not exist: build first (make score, or dbt build), or pass --db")
    try:
        return engines.DuckDBWarehouse(str(db))
    except Exception as error:  # duckdb.IOException: another process holds the file
        if "lock" in str(error):
            raise UsageError(f"the warehouse {db} is open in another process; close it and run again") from None
        raise


def promotion_state(warehouse: engines.DuckDBWarehouse) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(versions as promotion.serving_version reads them, the promotion log) of a built warehouse."""
    from leadscore.train import version_info

    existing, log = warehouse.read("ml_model_artifacts"), warehouse.read("ml_model_promotions")
    if existing is None or not (existing["model_name"] == "conversion").any():
        raise UsageError("no trained model version in this warehouse yet: build first")
    return version_info(existing).reset_index(), promotion.empty_log() if log is None else log


def record_promotion(ns: argparse.Namespace, action: str, choose: Callable[[pd.DataFrame, pd.DataFrame], str]
                     ) -> None:
    """Append `action` for the version `choose(versions, log)` names to the promotion log, with who and when."""
    warehouse = open_built(ns)
    try:
        versions, log = promotion_state(warehouse)
        current, version = promotion.serving_version(versions, log), choose(versions, log)
        if version == current:
            print(f"leadscore: {version} already serves; nothing recorded")
            return
        by, at = ns.by or getpass.getuser(), pd.Timestamp(datetime.now(UTC).replace(tzinfo=None))
        warehouse.append("ml_model_promotions", promotion.log_row(version, action, by, at))
    finally:
        warehouse.close()
    print(f"leadscore: {action}: {version} serves from the next build on (was {current}); recorded for {by} at {at}")


def cmd_promote(ns: argparse.Namespace) -> None:
    def named(versions: pd.DataFrame, log: pd.DataFrame) -> str:
        if ns.version not in set(versions["model_version"]):
            raise UsageError(f"{ns.version} is not in the registry; known: {', '.join(versions['model_version'])}")
        return ns.version

    record_promotion(ns, "promote", named)


def cmd_rollback(ns: argparse.Namespace) -> None:
    def previous(versions: pd.DataFrame, log: pd.DataFrame) -> str:
        current, before = promotion.rollback_target(versions, log)
        if before is None:
            raise UsageError(f"no version served before {current}: nothing to roll back to")
        return before

    record_promotion(ns, "rollback", previous)


def cmd_retrain_if_needed(ns: argparse.Namespace) -> int:
    warehouse = open_built(ns)
    try:
        triggers = warehouse.read("retrain_triggers")
    finally:
        warehouse.close()
    if triggers is None:
        raise UsageError("this warehouse has no retrain_triggers yet: build first (dbt build)")
    checks = triggers[triggers["check_name"] != "retrain"]
    fired = checks[checks["fired"].fillna(False).astype(bool)]
    for check in fired.itertuples():
        print(f"fired: {check.check_name}: {check.measured:.4g} against {check.threshold:.4g} ({check.detail})")
    if fired.empty:
        print(f"leadscore: no retrain needed ({', '.join(checks['check_name'])} checked)")
        return 0
    print(f"leadscore: retrain needed (exit {RETRAIN_NEEDED}): run the build with --retrain")
    return RETRAIN_NEEDED


def cmd_score(ns: argparse.Namespace) -> None:
    out = Path(ns.out)
    db = Path(os.environ.get("LEADSCORE_DB") or out / "leadscore.duckdb")
    if ns.fast and ns.retrain:
        raise UsageError("--fast scores with the stored model; --retrain trains a new one: choose one")
    if ns.fast and engines.target_config(PROFILES_DIR, ns.target).get("type") == "duckdb" and not db.exists():
        raise UsageError(f"--fast scores with the stored model, and {db} has none yet: run once without --fast")
    build(Path(ns.raw), db, out, parse_as_of(ns.as_of) if ns.as_of else None, {"retrain": ns.retrain}, ns.target,
          fast=ns.fast)
    if engines.target_config(PROFILES_DIR, ns.target).get("type") == "duckdb":
        summary.print_summary(db)  # the summary reads the DuckDB file; other engines: query the marts there
    print(f"\nScores: {out / 'lead_scores.parquet'} (and .csv)")


def cmd_backfill(ns: argparse.Namespace) -> None:
    out = Path(ns.out)
    db = Path(os.environ.get("LEADSCORE_DB") or out / "leadscore.duckdb")
    every = re.fullmatch(r"(\d+)d?", ns.every)
    if every is None or int(every.group(1)) < 1:
        raise UsageError(f"--every {ns.every!r}: give a number of days, e.g. 7d")
    dates = backfill(Path(ns.raw), db, out, ns.start, int(every.group(1)), ns.to, {"retrain": False})
    print(f"\nBackfilled {len(dates)} past scoring runs into lead_score_history: {', '.join(dates) or 'none'}")


def cmd_demo(ns: argparse.Namespace) -> None:
    from leadscore import sample

    raw = PROJECT_DIR / "data" / "sample"
    if not (raw / "leads.parquet").exists() or ns.regenerate:
        print(f"Generating {ns.leads:,} sample leads over {ns.days} days into {raw} ...")
        sample.generate(ns.leads, ns.days, ns.seed, raw)
    db = Path(os.environ.get("LEADSCORE_DB") or PROJECT_DIR / "leadscore.duckdb")
    # two past monthly runs (60 and 30 days back) whose 30-day label windows
    # have closed, then the build at as_of: backtest and monitoring have history
    backfill(raw, db, PROJECT_DIR / "exports", 60, 30, None, {"retrain": True})
    summary.print_summary(db)
    cmd_report(argparse.Namespace(out=str(PROJECT_DIR / "reports")))


def cmd_report(ns: argparse.Namespace) -> None:
    from leadscore.report import write_report

    report, card = write_report(Path(os.environ.get("LEADSCORE_DB") or PROJECT_DIR / "leadscore.duckdb"),
                                Path(ns.out))
    print(f"\nReport: {report}\nModel card: {card or 'none (no active model in the warehouse)'}")


def cmd_custom_fields(ns: argparse.Namespace) -> None:
    from leadscore.custom_fields import write_overrides

    db = duckdb_path(ns)
    warehouse = engines.DuckDBWarehouse(str(db))
    try:
        profile = warehouse.read("custom_field_profile")
    finally:
        warehouse.close()
    if profile is None:
        raise UsageError(f"{db} has no custom_field_profile yet: build it first (make score, or dbt build)")
    out = Path(ns.out)
    added = write_overrides(profile, out)
    print(f"leadscore: {added} custom field(s) added to {out} ({len(profile)} profiled); edit a treatment "
          "(exclude, category, number, flag, date) or set known_at to creation, then build again")


def cmd_summary(ns: argparse.Namespace) -> None:
    summary.print_summary(duckdb_path(ns))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="leadscore", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    score = commands.add_parser("score", help="score a CRM export: RAW dir in, OUT/lead_scores.parquet out")
    score.add_argument("--raw", required=True)
    score.add_argument("--as-of", default=None, help="scoring instant, UTC (default: latest event in the data)")
    score.add_argument("--out", required=True)
    score.add_argument("--retrain", action="store_true", help="train a new model version even if one exists")
    score.add_argument("--fast", action="store_true",
                       help="rescore every open lead with the stored model: no training, evaluation or monitoring "
                            "(selector score); lead_scores is the full build's")
    score.add_argument("--target", default=DEFAULT_TARGET,
                       help="dbt target in profiles/profiles.yml (dev, spark, postgres)")
    score.set_defaults(func=cmd_score)
    train_cmd = commands.add_parser("train", help="train from the target's training tables (engines without "
                                    "dbt Python models); appends to its ml_model_artifacts")
    train_cmd.add_argument("--target", default=DEFAULT_TARGET)
    train_cmd.add_argument("--retrain", action="store_true")
    train_cmd.add_argument("--champion", choices=["auto", "logistic", "additive"], default="auto",
                           help="candidates the champion is chosen from (auto: the better on validation)")
    train_cmd.add_argument("--min-conversions", type=int, default=None,
                           help="converting leads the labelled history needs before a model is trained (default 10)")
    train_cmd.add_argument("--max-auc-drop", type=float, default=promotion.DEFAULT.max_auc_drop,
                           help="promotion gate: test AUC the new version may lose against the serving one")
    train_cmd.add_argument("--max-calibration-worsening", type=float,
                           default=promotion.DEFAULT.max_calibration_worsening,
                           help="promotion gate: test ECE the new version may add against the serving one")
    train_cmd.set_defaults(func=cmd_train)
    who = {"default": None, "help": "who, for the promotion log (default: the login name)"}
    where = {"default": None, "help": "the DuckDB warehouse (default: LEADSCORE_DB, else ./leadscore.duckdb)"}
    promote = commands.add_parser("promote", help="make VERSION (a candidate or retired one) serve from the next "
                                  "build on; recorded in ml_model_promotions")
    promote.add_argument("version")
    promote.add_argument("--by", **who)
    promote.add_argument("--db", **where)
    promote.set_defaults(func=cmd_promote)
    rollback = commands.add_parser("rollback", help="make the version that served before the current one serve "
                                   "again from the next build on; recorded in ml_model_promotions")
    rollback.add_argument("--by", **who)
    rollback.add_argument("--db", **where)
    rollback.set_defaults(func=cmd_rollback)
    retrain = commands.add_parser("retrain-if-needed", help=f"read retrain_triggers of the last build: exit 0 when "
                                  f"no trigger fired, {RETRAIN_NEEDED} when one did (printed)")
    retrain.add_argument("--db", **where)
    retrain.set_defaults(func=cmd_retrain_if_needed)
    back = commands.add_parser("backfill", help="score past dates (each with the data and a model of its day) "
                               "into lead_score_history, then build at as_of: monitoring has history at once")
    back.add_argument("--raw", required=True)
    back.add_argument("--out", required=True)
    back.add_argument("--from", dest="start", required=True, help="first past date to score (UTC)")
    back.add_argument("--every", default="7d", help="days between past runs, e.g. 7d")
    back.add_argument("--to", default=None, help="the current as_of (default: latest event in the data)")
    back.set_defaults(func=cmd_backfill)
    demo = commands.add_parser("demo", help="generate sample data and run the whole pipeline")
    demo.add_argument("--leads", type=int, default=10_000)
    demo.add_argument("--days", type=int, default=365)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--regenerate", action="store_true")
    demo.set_defaults(func=cmd_demo)
    commands.add_parser("summary", help="print the summary of the last build").set_defaults(func=cmd_summary)
    fields = commands.add_parser("custom-fields", help="write the last build's custom-field profile into the "
                                 "overrides seed, to review and edit (LEADSCORE_DB: the warehouse)")
    fields.add_argument("--out", default=str(PROJECT_DIR / "seeds" / "custom_field_overrides.csv"))
    fields.set_defaults(func=cmd_custom_fields)
    report = commands.add_parser("report", help="write the HTML report and the model card")
    report.add_argument("--out", default=str(PROJECT_DIR / "reports"))
    report.set_defaults(func=cmd_report)
    ns = parser.parse_args(argv)
    try:
        return ns.func(ns) or 0
    except (UsageError, engines.TargetError) as err:
        print(f"\nleadscore: {err}", file=sys.stderr)
        return 2
