"""Training outside dbt (`leadscore train`, var train_with = cli), the path for
engines without dbt Python models, on DuckDB: same function, same table,
same scores as the dbt Python model."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from helpers import Warehouse, Warehouses, rebuild
from leadscore import cli, engines
from leadscore.train import Provenance, train_if_needed


def test_cli_training_appends_a_version_that_scores_like_the_dbt_python_model(
        warehouse: Warehouse, warehouses: Warehouses, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = warehouses.copy(warehouse)
    before = copy.query("select lead_id, conversion_probability from lead_scores order by lead_id")
    versions = set(copy.query("select distinct model_version from ml_model_artifacts").model_version)
    monkeypatch.setenv("LEADSCORE_DB", str(copy.db))
    cli.train("dev", retrain=True)

    rebuild(copy, "source:trained+", train_with="cli")
    after = copy.query("select lead_id, conversion_probability from lead_scores order by lead_id")
    new_versions = set(copy.query("select distinct model_version from ml_model_artifacts").model_version) - versions
    assert len(new_versions) == 1, "one version appended, history kept"
    assert copy.query("select model_version from model_registry where status = 'active'").iloc[0, 0] in new_versions
    assert list(after.lead_id) == list(before.lead_id)
    assert np.abs(after.conversion_probability - before.conversion_probability).max() < 1e-9


def test_cli_training_is_skipped_while_the_active_model_fits(warehouse: Warehouse, warehouses: Warehouses,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    copy = warehouses.copy(warehouse)
    rows = copy.query("select count(*) from ml_model_artifacts").iloc[0, 0]
    monkeypatch.setenv("LEADSCORE_DB", str(copy.db))
    cli.train("dev", retrain=False)
    assert copy.query("select count(*) from ml_model_artifacts").iloc[0, 0] == rows


def test_scoring_without_a_trained_model_names_the_commands_to_run(warehouse: Warehouse,
                                                                   warehouses: Warehouses) -> None:
    empty = warehouses.empty(warehouse.raw)
    with pytest.raises(cli.UsageError, match="python -m leadscore train --target dev"):
        rebuild(empty, "model_registry", train_with="cli")


def test_training_from_a_warehouse_without_training_tables_is_a_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADSCORE_DB", str(tmp_path / "nothing.duckdb"))
    with pytest.raises(cli.UsageError, match="no training tables"):
        cli.train("dev", retrain=False)


def test_a_version_trained_in_the_same_second_gets_its_own_name_and_becomes_active(
        warehouse: Warehouse, warehouses: Warehouses) -> None:
    copy = warehouses.copy(warehouse)
    store = engines.DuckDBWarehouse(str(copy.db))
    try:
        existing = store.read("ml_model_artifacts")
        (first,) = existing.model_version.unique()
        training, won = store.read("int_training_set"), store.read("int_deal_training")
        # what `leadscore train --retrain` does, run in the second the first version was trained
        rows = train_if_needed(list(training.columns), lambda: (training, won), existing, retrain=True,
                               provenance=Provenance.read(store.read("ml_raw_input")),
                               trained_at=existing.trained_at.iloc[0])
        store.append("ml_model_artifacts", rows)
    finally:
        store.close()
    assert re.fullmatch(r"v\d{14}", first), "the first version of a second keeps the plain name"
    assert set(rows.model_version) == {first + "_2"}
    # the typed model tables take the new version in, then the registry
    rebuild(copy, "path:models/ml/store model_registry")
    status = copy.query("select model_version, status from model_registry").set_index("model_version").status
    assert status.to_dict() == {first: "retired", first + "_2": "active"}
