"""Training outside dbt (`leadscore train`, var train_with = cli), the path for
engines without dbt Python models, on DuckDB: same function, same table,
same scores as the dbt Python model."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from helpers import Warehouse, copy_warehouse, rebuild
from leadscore import cli


def test_cli_training_appends_a_version_that_scores_like_the_dbt_python_model(
        warehouse: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = copy_warehouse(warehouse, tmp_path / "cli")
    before = copy.query("select lead_id, conversion_probability from lead_scores order by lead_id")
    versions = set(copy.query("select distinct model_version from ml_model_artifacts").model_version)
    time.sleep(1.1)  # versions are named by the second they were trained
    monkeypatch.setenv("LEADSCORE_DB", str(copy.db))
    cli.train("dev", str(copy.raw), retrain=True)

    rebuild(copy, "source:trained+", train_with="cli")
    after = copy.query("select lead_id, conversion_probability from lead_scores order by lead_id")
    new_versions = set(copy.query("select distinct model_version from ml_model_artifacts").model_version) - versions
    assert len(new_versions) == 1, "one version appended, history kept"
    assert copy.query("select model_version from model_registry where status = 'active'").iloc[0, 0] in new_versions
    assert list(after.lead_id) == list(before.lead_id)
    assert np.abs(after.conversion_probability - before.conversion_probability).max() < 1e-9


def test_cli_training_is_skipped_while_the_active_model_fits(warehouse: Warehouse, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    copy = copy_warehouse(warehouse, tmp_path / "skip")
    rows = copy.query("select count(*) from ml_model_artifacts").iloc[0, 0]
    monkeypatch.setenv("LEADSCORE_DB", str(copy.db))
    cli.train("dev", str(copy.raw), retrain=False)
    assert copy.query("select count(*) from ml_model_artifacts").iloc[0, 0] == rows


def test_scoring_without_a_trained_model_names_the_commands_to_run(warehouse: Warehouse, tmp_path: Path) -> None:
    empty = Warehouse(warehouse.raw, tmp_path / "empty.duckdb", tmp_path / "out")
    with pytest.raises(cli.UsageError, match="python -m leadscore train --target dev"):
        rebuild(empty, "model_registry", train_with="cli")


def test_training_from_a_warehouse_without_training_tables_is_a_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADSCORE_DB", str(tmp_path / "nothing.duckdb"))
    with pytest.raises(cli.UsageError, match="no training tables"):
        cli.train("dev", str(tmp_path), retrain=False)
