"""CRM tables already landed in the warehouse (Fivetran, Airbyte): without
raw_path every contract table is read through source('crm', …), typed,
checked and scored exactly as the same export read from files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from helpers import AS_OF, Warehouse, Warehouses
from leadscore import cli


def build_from_tables(warehouse: Warehouse, *args: str, **variables: object) -> Warehouse:
    """dbt build without raw_path: the contract tables are the warehouse's."""
    cli.run_dbt(["build", *args], warehouse.db,
                {"export_path": str(warehouse.out), "as_of": AS_OF, "retrain": False, **variables})
    return warehouse


@pytest.fixture(scope="module")
def from_tables(warehouses: Warehouses, sample_raw: Path) -> Warehouse:
    return build_from_tables(warehouses.landed(sample_raw))


def test_tables_score_every_lead_as_the_files_do(from_tables: Warehouse, warehouse: Warehouse) -> None:
    files = warehouse.query("select lead_id, conversion_probability, score, tier from lead_scores order by lead_id")
    tables = from_tables.query("select lead_id, conversion_probability, score, tier from lead_scores order by lead_id")
    assert len(files) > 500
    assert list(tables.lead_id) == list(files.lead_id)
    np.testing.assert_allclose(tables.conversion_probability, files.conversion_probability, rtol=0, atol=1e-12)
    assert (tables.tier == files.tier).all()


def test_quarantine_and_scorecard_count_the_same_rows(from_tables: Warehouse, warehouse: Warehouse) -> None:
    scorecard = "select table_name, check_name, rows_checked, failing_rows, outcome from data_quality_scorecard"
    pd.testing.assert_frame_equal(from_tables.query(scorecard + " order by all"),
                                  warehouse.query(scorecard + " order by all"))
    quarantined = "select _reject_reason, count(*) as n from quarantine_crm__activities group by 1 order by all"
    pd.testing.assert_frame_equal(from_tables.query(quarantined), warehouse.query(quarantined))
    assert set(from_tables.query("select distinct _source_file from base_crm__leads")._source_file) == {
        "warehouse.crm.leads"}


def test_model_store_records_the_crm_schema_as_provenance(from_tables: Warehouse, warehouse: Warehouse) -> None:
    # a warehouse pointed at another CRM schema trains anew, as one pointed at another raw directory does
    provenance = "select distinct text from ml_model_artifacts where name = 'raw_path'"
    assert list(from_tables.query(provenance).text) == ["warehouse.crm"]
    assert list(warehouse.query(provenance).text) == [str(warehouse.raw.resolve())]


def test_schema_and_identifier_vars_place_the_tables(
        warehouses: Warehouses, sample_raw: Path, warehouse: Warehouse) -> None:
    # activities landed as crm_events in schema salesforce, every column text (as some loaders land them)
    landed = warehouses.landed(sample_raw, "salesforce", {"activities": "crm_events"}, ("activities",))
    build_from_tables(landed, "--select", "+stg_crm__activities",
                               "--indirect-selection", "cautious",
                               crm_schema="salesforce", crm_activities_identifier="crm_events")
    staged = "select * from stg_crm__activities order by activity_id, occurred_at"
    pd.testing.assert_frame_equal(landed.query(staged), warehouse.query(staged))
    assert landed.query("select distinct _source_file from base_crm__activities").iloc[0, 0] == (
        "warehouse.salesforce.crm_events")


def test_missing_required_table_names_the_relation_and_its_var(warehouses: Warehouses, sample_raw: Path) -> None:
    landed = warehouses.landed(sample_raw, skip=("opportunities",))
    with pytest.raises(cli.UsageError) as error:
        build_from_tables(landed, "--select", "base_crm__opportunities")
    assert "warehouse.crm.opportunities" in str(error.value)
    assert "crm_opportunities_identifier" in str(error.value)


@pytest.mark.parametrize(("change", "expected"), [
    ("drop column created_at", "required column 'created_at' is missing"),
    ("alter created_at type varchar using 'soon'", "column 'created_at' should hold timestamp"),
])
def test_missing_or_unparseable_required_column_names_the_relation_and_column(
        change: str, expected: str, warehouses: Warehouses, sample_raw: Path) -> None:
    landed = warehouses.landed(sample_raw)
    with duckdb.connect(str(landed.db)) as con:
        con.execute(f"alter table crm.leads {change}")
    with pytest.raises(cli.UsageError) as error:
        build_from_tables(landed, "--select", "base_crm__leads")
    assert "table warehouse.crm.leads" in str(error.value) and expected in str(error.value)


@pytest.mark.parametrize("command", [["parse"], ["compile"], ["docs", "generate"]])
def test_project_compiles_with_no_data_and_no_raw_path(command: list[str], tmp_path: Path) -> None:
    # a fresh clone: an empty warehouse, no CRM tables, no raw_path (run_dbt raises on failure)
    cli.run_dbt(command, tmp_path / "empty.duckdb", {})
