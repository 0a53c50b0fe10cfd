"""An open-source reverse-ETL tool (drt, from the package index) syncs
crm_lead_score_sync to a local HTTP endpoint with the project's own drt
configuration (sync/drt): every row arrives once, keyed on lead_id, with the
values of the mart; empty score fields arrive as JSON null (which clears a CRM
field). Nothing is mocked: a real drt run, a real HTTP server, a real build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from helpers import Warehouse

REPO = Path(__file__).resolve().parents[2]
DRT = Path(sys.executable).with_name("drt")


class Endpoint:
    """A local CRM stand-in: an HTTP server that records each JSON body posted."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        received = self.bodies

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/leads"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    served = Endpoint()
    yield served
    served.server.shutdown()


def drt_run(project: Path, home: Path, database: Path, endpoint: str) -> subprocess.CompletedProcess[str]:
    (home / ".drt").mkdir(parents=True, exist_ok=True)
    (home / ".drt" / "profiles.yml").write_text(f"leadscore:\n  type: duckdb\n  database: {database}\n")
    env = os.environ | {"HOME": str(home), "DO_NOT_TRACK": "1"}
    variables = json.dumps({"leadscore_schema": "main", "crm_endpoint": endpoint})
    return subprocess.run([str(DRT), "run", "--vars", variables], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_drt_syncs_every_row_of_the_full_state_once(warehouse: Warehouse, endpoint: Endpoint,
                                                    tmp_path: Path) -> None:
    # drt opens the file for writing: give it a copy, not the shared warehouse
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse.db, database)
    # plant a tombstone: the CRM must receive its empty fields as nulls
    with duckdb.connect(str(database)) as con:
        tombstone = con.execute("select min(lead_id) from crm_lead_score_sync").fetchone()[0]
        con.execute("""update crm_lead_score_sync set sync_status = 'converted', lead_score = null,
                       lead_tier = null, lead_score_reasons = null, lead_conversion_percent = null
                       where lead_id = ?""", [tombstone])
        mart = con.execute("select * from crm_lead_score_sync").df().set_index("lead_id")

    project = shutil.copytree(REPO / "sync" / "drt", tmp_path / "drt")
    result = drt_run(project, tmp_path / "home", database, endpoint.url)
    assert result.returncode == 0, result.stdout + result.stderr

    received = pd.DataFrame(endpoint.bodies)
    assert len(received) == len(mart) > 0
    assert received.lead_id.is_unique and set(received.lead_id) == set(mart.index)
    received = received.set_index("lead_id").loc[mart.index]
    for column in ["lead_score", "lead_tier", "lead_score_reasons", "sync_status", "crm_record_id"]:
        expected = mart[column].astype(object).where(mart[column].notna(), None)
        got = received[column].astype(object).where(received[column].notna(), None)
        assert (got == expected).all() or got.equals(expected), column
    assert received.lead_conversion_percent.dropna().round(6).equals(
        mart.lead_conversion_percent.dropna().astype(float).round(6))
    cleared = endpoint.bodies[[body["lead_id"] for body in endpoint.bodies].index(tombstone)]
    assert cleared["sync_status"] == "converted"
    assert cleared["lead_score"] is None and cleared["lead_score_reasons"] is None
