"""leadscore as a dbt package: a throw-away host project (`acme_analytics`,
one model of its own) installs this repository with `packages.yml`
`- local: <repo>`, sets leadscore's vars under a `leadscore:` key of its own
dbt_project.yml and on the command line, gives leadscore's models schemas of
their own (marts: leadscore, the rest: leadscore_internal), and
`dbt build --select package:leadscore` scores the Fivetran-shaped Salesforce
tables in its DuckDB file. The Python side
(`import leadscore` in ml_model_artifacts) is importable as a host's
`pip install <repo>` makes it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers import AS_OF, INTERNAL, MARTS, Warehouse, Warehouses, host_dbt, host_project
from leadscore.sample.salesforce import to_salesforce


@pytest.fixture(scope="module")
def objects(sample_raw: Path) -> dict[str, pd.DataFrame]:
    return to_salesforce(sample_raw)


@pytest.fixture(scope="module")
def host(warehouses: Warehouses, sample_raw: Path, objects: dict[str, pd.DataFrame]) -> tuple[Path, Warehouse]:
    warehouse = warehouses.landed_frames(sample_raw, objects, "salesforce")
    host = host_project(warehouse)
    # the command: vars on the command line, the rest under the host's `leadscore:` key
    host_dbt(host, "build", "--select", "package:leadscore", "acme_customers",
             "--vars", "{source_system: salesforce, salesforce_schema: salesforce}")
    return host, warehouse


def test_every_open_undeleted_lead_is_scored_once(host: tuple[Path, Warehouse],
                                                  objects: dict[str, pd.DataFrame]) -> None:
    _, warehouse = host
    lead, as_of = objects["lead"], pd.Timestamp(AS_OF)
    converted_at = lead.converted_opportunity_id.map(objects["opportunity"].set_index("id").created_date)
    is_open = (lead.created_date < as_of) & ~(converted_at < as_of)
    open_leads = set(lead.id[~lead.is_deleted & ~lead._fivetran_deleted & is_open])
    rejected = set(warehouse.query(
        f"select lead_id from {INTERNAL}.quarantine_crm__leads where _reject_reason <> 'deleted in the CRM'").lead_id)
    scores = warehouse.query(f"select lead_id from {MARTS}.lead_scores")
    assert scores.lead_id.is_unique and len(scores) > 1500
    assert set(scores.lead_id) == open_leads - rejected


def test_the_hosts_own_model_and_vars(host: tuple[Path, Warehouse]) -> None:
    _, warehouse = host
    assert warehouse.query("select customer_name from main.acme_customers").customer_name.tolist() == ["Acme"]
    # the package's seeds and internals in the schema the host gave them, the marts in theirs
    assert len(warehouse.query(f"select * from {INTERNAL}.tier_policy")) > 0
    assert len(warehouse.query(f"select * from {INTERNAL}.ml_model_artifacts")) > 0
    assert len(warehouse.query(f"select * from {MARTS}.crm_lead_score_sync")) > 0
    tables = set(warehouse.query("select table_schema from information_schema.tables").table_schema)
    assert tables == {"main", "salesforce", MARTS, INTERNAL}
    # vars under the host's `leadscore:` key reach the package: exports where it said
    assert (warehouse.out / "lead_scores.parquet").exists()
