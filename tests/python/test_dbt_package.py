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

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import AS_OF, Warehouse, Warehouses
from leadscore.sample_salesforce import to_salesforce

REPO = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")

HOST_PROJECT = """\
name: acme_analytics
version: "1.0.0"
config-version: 2
profile: acme
model-paths: ["models"]
vars:
  leadscore:
    as_of: "{as_of}"
    retrain: false
    export_path: "{exports}"
models:
  leadscore:
    +schema: leadscore_internal
    marts:
      +schema: leadscore
seeds:
  leadscore:
    +schema: leadscore_internal
"""
# with dbt's default generate_schema_name: <target schema>_<custom schema>
MARTS, INTERNAL = "main_leadscore", "main_leadscore_internal"

PROFILE = """\
acme:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{db}"
      threads: 1
      settings:
        preserve_insertion_order: false
        memory_limit: 4GB
        TimeZone: UTC
"""


def dbt(host: Path, *args: str) -> str:
    env = os.environ | {"DBT_PROFILES_DIR": str(host)}
    env.pop("LEADSCORE_DB", None)
    result = subprocess.run([str(DBT), *args, "--project-dir", str(host)], cwd=host, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def objects(sample_raw: Path) -> dict[str, pd.DataFrame]:
    return to_salesforce(sample_raw)


@pytest.fixture(scope="module")
def host(warehouses: Warehouses, sample_raw: Path, objects: dict[str, pd.DataFrame]) -> tuple[Path, Warehouse]:
    warehouse = warehouses.landed_frames(sample_raw, objects, "salesforce")
    host = warehouse.db.parent / "acme_analytics"
    (host / "models").mkdir(parents=True)
    (host / "dbt_project.yml").write_text(HOST_PROJECT.format(as_of=AS_OF, exports=warehouse.out))
    (host / "packages.yml").write_text(f"packages:\n  - local: {REPO}\n")
    (host / "profiles.yml").write_text(PROFILE.format(db=warehouse.db))
    (host / "models" / "acme_customers.sql").write_text("select 1 as customer_id, 'Acme' as customer_name\n")
    dbt(host, "deps")
    # the command: vars on the command line, the rest under the host's `leadscore:` key
    dbt(host, "build", "--select", "package:leadscore", "acme_customers",
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
