"""The dbt unit tests (models/**/_*__unit_tests.yml) run here, in CI, on the
shared sample warehouse: scoring runs (`leadscore score`, the demo) leave them
out, as dbt advises for production runs."""

from __future__ import annotations

import json

from helpers import AS_OF, Warehouse
from leadscore import cli


def test_every_dbt_unit_test_passes(warehouse: Warehouse) -> None:
    variables = cli.build_variables(warehouse.raw, warehouse.db, warehouse.out, AS_OF, {"retrain": False})
    cli.run_dbt(["test", "--select", "test_type:unit"], warehouse.db, variables)
    declared = json.loads((cli.PROJECT_DIR / "target" / "manifest.json").read_text())["unit_tests"]
    results = json.loads((cli.PROJECT_DIR / "target" / "run_results.json").read_text())["results"]
    ran = {r["unique_id"]: r["status"] for r in results}
    assert len(declared) >= 20
    assert {name: ran.get(name) for name in declared} == dict.fromkeys(declared, "pass")
