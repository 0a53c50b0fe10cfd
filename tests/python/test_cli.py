"""`leadscore score` on broken and degraded exports: clear errors, never a deep traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import Warehouses
from leadscore.cli import UsageError, parse_as_of


def run_score(raw: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "leadscore", "score", "--raw", str(raw), "--out", str(out),
                           "--as-of", "2026-09-01", *extra], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def small_raw(warehouses: Warehouses) -> Path:
    return warehouses.sample(600, seed=3)


def test_as_of_dates_mean_midnight_utc_and_offsets_convert() -> None:
    assert parse_as_of("2026-05-02") == "2026-05-02 00:00:00"
    assert parse_as_of("2026-05-02T10:00:00+02:00") == "2026-05-02 08:00:00"
    assert parse_as_of("2026-05-02T10:00:00Z") == "2026-05-02 10:00:00"
    with pytest.raises(UsageError, match="not an ISO date"):
        parse_as_of("last tuesday")


def test_missing_directory_or_leads_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_score(tmp_path / "nope", tmp_path / "out")
    assert result.returncode == 2 and "is not a directory" in result.stderr
    result = run_score(tmp_path, tmp_path / "out")
    assert result.returncode == 2 and "no leads.parquet or leads.csv" in result.stderr


def test_fast_needs_a_stored_model_and_does_not_retrain(small_raw: Path, tmp_path: Path) -> None:
    result = run_score(small_raw, tmp_path / "out", "--fast")
    assert result.returncode == 2 and "has none yet: run once without --fast" in result.stderr
    assert not (tmp_path / "out" / "leadscore.duckdb").exists()
    result = run_score(small_raw, tmp_path / "out", "--fast", "--retrain")
    assert result.returncode == 2 and "choose one" in result.stderr


def test_missing_required_column_names_file_and_column(small_raw: Path, warehouses: Warehouses,
                                                        tmp_path: Path) -> None:
    activities = pd.read_parquet(small_raw / "activities.parquet").drop(columns=["occurred_at"])
    raw = warehouses.export(small_raw, {"activities": activities})
    result = run_score(raw, tmp_path / "out")
    assert result.returncode == 2
    message = result.stderr.strip().splitlines()[-1]
    assert "activities.parquet" in message and "'occurred_at'" in message and "timestamp" in message
    assert "Traceback" not in result.stderr


def test_non_timestamp_created_at_stops_with_an_example_value(small_raw: Path, warehouses: Warehouses,
                                                              tmp_path: Path) -> None:
    leads = pd.read_parquet(small_raw / "leads.parquet")
    leads["created_at"] = "yesterday"
    raw = warehouses.export(small_raw, {"leads": leads}, fmt="csv")
    result = run_score(raw, tmp_path / "out")
    assert result.returncode == 2
    message = result.stderr.strip().splitlines()[-1]
    assert "leads.csv" in message and "'created_at'" in message and "'yesterday'" in message


def test_empty_activities_file_gives_a_degraded_but_complete_run(small_raw: Path, warehouses: Warehouses,
                                                                  tmp_path: Path) -> None:
    empty = pd.read_parquet(small_raw / "activities.parquet").head(0)
    optional_tables_removed = dict.fromkeys(("accounts", "sales_touches", "outreach_experiment", "lead_feedback"))
    raw = warehouses.export(small_raw, {"activities": empty, **optional_tables_removed}, fmt="csv")
    result = run_score(raw, tmp_path / "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    scores = pd.read_parquet(tmp_path / "out" / "lead_scores.parquet")
    assert len(scores) > 0 and scores.conversion_probability.between(0, 1).all()
    assert scores.uplift.isna().all(), "no experiment table: uplift is null, not invented"
    assert "accounts" in result.stdout and "not found" in result.stdout


def test_csv_input_with_formula_like_ids_exports_them_quoted(small_raw: Path, warehouses: Warehouses,
                                                             tmp_path: Path) -> None:
    leads = pd.read_parquet(small_raw / "leads.parquet")
    activities = pd.read_parquet(small_raw / "activities.parquet")
    opportunities = pd.read_parquet(small_raw / "opportunities.parquet")
    open_early = leads[(leads.created_at < "2026-06-01") & ~leads.lead_id.isin(opportunities.lead_id)
                       & ~leads.email.str.lower().duplicated(keep=False)]
    victim = open_early.lead_id.iloc[0]
    evil = '=HYPERLINK("http://evil.example","x")'
    leads.loc[leads.lead_id == victim, "lead_id"] = evil
    activities.loc[activities.lead_id == victim, "lead_id"] = evil
    raw = warehouses.export(small_raw, {"leads": leads, "activities": activities}, fmt="csv")
    result = run_score(raw, tmp_path / "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    parquet = pd.read_parquet(tmp_path / "out" / "lead_scores.parquet")
    csv = pd.read_csv(tmp_path / "out" / "lead_scores.csv", dtype=str, keep_default_na=False)
    assert evil in set(parquet.lead_id), "Parquet keeps the value as it is"
    assert "'" + evil in set(csv.lead_id)
    assert not csv.lead_id.str.match(r"^[=+\-@]").any()
