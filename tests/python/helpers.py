"""Helpers for tests that build a real DuckDB warehouse with dbt.

`Warehouses` (the `warehouses` fixture) is the one way a test gets an export
or a warehouse: `sample` generates an export, `export` copies one with some
tables changed, `build` runs the dbt build of an export, `copy` gives a private
copy of a built warehouse for tests that build on it (`rebuild`), `landed`
puts an export into a warehouse as tables, as Fivetran or Airbyte land a CRM
(`landed_frames`: any tables, e.g. the export in Salesforce's shape);
`host_project` installs leadscore as a package of a throw-away dbt project
on such a warehouse, and `host_dbt` runs dbt there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb
import pandas as pd
import pytest

from leadscore import cli
from leadscore.sample import generate

AS_OF = "2026-09-01 00:00:00"
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


@dataclass(frozen=True)
class Warehouse:
    raw: Path
    db: Path
    out: Path

    def query(self, sql: str) -> pd.DataFrame:
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(sql).df()


@dataclass(frozen=True)
class Warehouses:
    """Exports and warehouses, each in a fresh temporary directory."""

    tmp: pytest.TempPathFactory

    def sample(self, leads: int, seed: int, days: int = 365) -> Path:
        """A generated sample export (Parquet)."""
        raw = self.tmp.mktemp("raw")
        generate(leads, days, seed, raw)
        return raw

    def export(self, raw: Path, tables: Mapping[str, pd.DataFrame | None],
               fmt: Literal["parquet", "csv"] = "parquet") -> Path:
        """A copy of the export `raw` with `tables` written as `fmt` in place of
        their files, or removed where None; every other file copied as it is."""
        target = self.tmp.mktemp("raw")
        for file in raw.iterdir():
            if file.stem not in tables:
                shutil.copy(file, target / file.name)
        for name, frame in tables.items():
            if frame is None:
                continue
            if fmt == "csv":
                frame.to_csv(target / f"{name}.csv", index=False)
            else:
                frame.to_parquet(target / f"{name}.parquet", index=False)
        return target

    def build(self, raw: Path, as_of: str | None = AS_OF, **variables: object) -> Warehouse:
        """`dbt build` of the export `raw` (vars: as_of, retrain false, `variables`) into a new warehouse."""
        warehouse = self.empty(raw)
        cli.build(raw, warehouse.db, warehouse.out, as_of, {"retrain": False, **variables})
        return warehouse

    def copy(self, warehouse: Warehouse) -> Warehouse:
        """A private copy of a built warehouse, for tests that build on top of it."""
        copy = self.empty(warehouse.raw)
        shutil.copy(warehouse.db, copy.db)
        return copy

    def landed(self, raw: Path, schema: str = "crm", names: Mapping[str, str] | None = None,
               as_text: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> Warehouse:
        """A warehouse holding the export `raw` as tables of `schema` (renamed by `names`;
        every column text for the tables in `as_text`; those in `skip` left out), nothing built."""
        warehouse = self.empty(raw)
        with duckdb.connect(str(warehouse.db)) as con:
            con.execute(f"create schema {schema}")
            for file in sorted(raw.glob("*.parquet")):
                if file.stem not in skip:
                    columns = "cast(columns(*) as varchar)" if file.stem in as_text else "*"
                    table = (names or {}).get(file.stem, file.stem)
                    con.execute(f"create table {schema}.{table} as select {columns} from read_parquet('{file}')")
        return warehouse

    def landed_frames(self, raw: Path, tables: Mapping[str, pd.DataFrame], schema: str) -> Warehouse:
        """A warehouse holding `tables` (e.g. leadscore.sample.salesforce.to_salesforce(raw))
        as tables of `schema`, nothing built."""
        warehouse = self.empty(raw)
        with duckdb.connect(str(warehouse.db)) as con:
            con.execute(f"create schema {schema}")
            for name, frame in tables.items():
                con.register("frame", frame)
                con.execute(f"create table {schema}.{name} as select * from frame")
                con.unregister("frame")
        return warehouse

    def empty(self, raw: Path) -> Warehouse:
        """A warehouse of the export `raw` into which nothing has been built yet."""
        root = self.tmp.mktemp("warehouse")
        warehouse = Warehouse(raw, root / "warehouse.duckdb", root / "out")
        warehouse.out.mkdir()
        return warehouse


def rebuild(warehouse: Warehouse, select: str | None = None, as_of: str = AS_OF, *, selector: str | None = None,
            **extra: object) -> None:
    """dbt build of `select`, or of a `selector` of selectors.yml, on an existing warehouse (same raw export)."""
    variables = {"raw_path": str(warehouse.raw), "export_path": str(warehouse.out), "as_of": as_of, **extra}
    selection = ["--selector", selector] if selector else ["--select", str(select)]
    cli.run_dbt(["build", *selection], warehouse.db, variables)


def host_project(warehouse: Warehouse) -> Path:
    """A throw-away dbt project (`acme_analytics`, one model of its own) beside the
    warehouse, installing this repository as a local package (`dbt deps` run):
    leadscore's vars under its `leadscore:` key, its models in schemas MARTS and INTERNAL."""
    host = warehouse.db.parent / "acme_analytics"
    (host / "models").mkdir(parents=True)
    (host / "dbt_project.yml").write_text(HOST_PROJECT.format(as_of=AS_OF, exports=warehouse.out))
    (host / "packages.yml").write_text(f"packages:\n  - local: {REPO}\n")
    (host / "profiles.yml").write_text(PROFILE.format(db=warehouse.db))
    (host / "models" / "acme_customers.sql").write_text("select 1 as customer_id, 'Acme' as customer_name\n")
    host_dbt(host, "deps")
    return host


def host_dbt(host: Path, *args: str, check: bool = True) -> str:
    """dbt `args` in the host project; its output (stdout and stderr), asserted successful when `check`."""
    env = os.environ | {"DBT_PROFILES_DIR": str(host)}
    env.pop("LEADSCORE_DB", None)
    result = subprocess.run([str(DBT), *args, "--project-dir", str(host)], cwd=host, env=env,
                            capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0 or not check, \
        f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
    return output


def plain_logistic_regression(training: pd.DataFrame) -> dict[str, float]:
    """The yardstick a careful notebook fits on the same rows: every f_ column
    standardised, scikit-learn's default logistic regression fitted on the
    train split (with its sample weights when there are any), judged on the
    test split. Its test AUC and log loss, and `auc_floor`: the AUC less one
    standard error (Hanley and McNeil), since the champion is tuned and
    calibrated on validation, never on test, and an equally good model can
    trail the yardstick on test by noise of that size."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss, roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    features = [c for c in training.columns if c.startswith("f_")]
    train, test = training[training.split == "train"], training[training.split == "test"]
    weights = train["sample_weight"].to_numpy(float) if "sample_weight" in train else None
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
    model.fit(train[features].fillna(0).to_numpy(float), train.label.to_numpy(int),
              logisticregression__sample_weight=weights)
    p = model.predict_proba(test[features].fillna(0).to_numpy(float))[:, 1]
    auc = float(roc_auc_score(test.label, p))
    positives, negatives = int(test.label.sum()), int((test.label == 0).sum())
    q1, q2 = auc / (2 - auc), 2 * auc**2 / (1 + auc)
    se = ((auc * (1 - auc) + (positives - 1) * (q1 - auc**2) + (negatives - 1) * (q2 - auc**2))
          / (positives * negatives)) ** 0.5
    return {"auc": auc, "auc_floor": auc - se, "log_loss": float(log_loss(test.label, p))}
