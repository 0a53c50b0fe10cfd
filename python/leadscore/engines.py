"""Tables in and out of the warehouse of a dbt target, for the steps dbt
cannot run as a Python model on that engine (training on Spark and
PostgreSQL).

The target is read from profiles/profiles.yml, so the CLI and dbt always
talk to the same warehouse: a DuckDB file, a Spark session configured
the way dbt-spark's session method configures it, or a PostgreSQL database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import jinja2
import pandas as pd
import yaml

PROFILE = "leadscore"
# engines whose dbt adapter runs no Python models: `leadscore train` trains there
CLI_TRAINED = ("spark", "postgres")


class TargetError(Exception):
    """The target cannot be used as asked; the message says what to do."""


class Warehouse(Protocol):
    def read(self, table: str) -> pd.DataFrame | None: ...
    def append(self, table: str, frame: pd.DataFrame) -> None: ...
    def close(self) -> None: ...


def target_config(profiles_dir: Path, target: str) -> dict[str, Any]:
    """The rendered output `target` of the leadscore profile (env_var() resolved as dbt does)."""
    text = (profiles_dir / "profiles.yml").read_text()
    environment = jinja2.Environment()
    environment.filters["as_number"] = lambda value: float(value) if "." in str(value) else int(value)
    rendered = environment.from_string(text).render(env_var=lambda name, default=None: os.environ.get(name, default))
    outputs = yaml.safe_load(rendered)[PROFILE]["outputs"]
    if target not in outputs:
        raise TargetError(f"no target {target!r} in {profiles_dir / 'profiles.yml'} (targets: {', '.join(outputs)})")
    return outputs[target]


@dataclass
class DuckDBWarehouse:
    path: str
    schema: str = "main"

    def __post_init__(self) -> None:
        import duckdb

        self.con = duckdb.connect(self.path)

    def read(self, table: str) -> pd.DataFrame | None:
        exists = self.con.execute("select count(*) from information_schema.tables where table_schema = ? "
                                  "and table_name = ?", [self.schema, table]).fetchone()
        if not exists or not exists[0]:
            return None
        return self.con.execute(f'select * from "{self.schema}"."{table}"').df()

    def append(self, table: str, frame: pd.DataFrame) -> None:
        self.con.register("new_rows", frame)
        self.con.execute(f'create table if not exists "{self.schema}"."{table}" as select * from new_rows limit 0')
        self.con.execute(f'insert into "{self.schema}"."{table}" by name select * from new_rows')
        self.con.unregister("new_rows")

    def close(self) -> None:
        self.con.close()


@dataclass
class SparkWarehouse:
    parameters: dict[str, str]
    schema: str

    def __post_init__(self) -> None:
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.enableHiveSupport()
        # as dbt-spark does: ANSI off on every Spark version, so both agree
        for key, value in (self.parameters | {"spark.sql.ansi.enabled": "false"}).items():
            builder = builder.config(key, str(value))
        self.spark = builder.getOrCreate()

    def read(self, table: str) -> pd.DataFrame | None:
        if not self.spark.catalog.tableExists(f"{self.schema}.{table}"):
            return None
        return self.spark.table(f"{self.schema}.{table}").toPandas()

    def append(self, table: str, frame: pd.DataFrame) -> None:
        from pyspark.sql import types

        spark_types = {"float64": types.DoubleType(), "object": types.StringType()}
        schema = types.StructType([
            types.StructField(name, spark_types.get(str(dtype), types.TimestampNTZType()))
            for name, dtype in frame.dtypes.items()
        ])
        records = [tuple(None if pd.isna(v) else v.to_pydatetime() if isinstance(v, pd.Timestamp) else v
                         for v in row) for row in frame.itertuples(index=False)]
        rows = self.spark.createDataFrame(records, schema=schema)
        rows = rows.select([rows[c].cast("timestamp") if isinstance(f.dataType, types.TimestampNTZType) else rows[c]
                            for c, f in zip(rows.columns, schema.fields, strict=True)])
        rows.write.mode("append").saveAsTable(f"{self.schema}.{table}")

    def close(self) -> None:
        self.spark.stop()


@dataclass
class PostgresWarehouse:
    config: dict[str, Any]

    def __post_init__(self) -> None:
        import psycopg2
        import psycopg2.extensions as pgext

        # numeric (an average of integers, say) as a float, as DuckDB and Spark hand it over
        as_float = pgext.new_type(pgext.DECIMAL.values, "LEADSCORE_NUMERIC",
                                  lambda value, cursor: None if value is None else float(value))
        pgext.register_type(as_float)
        self.schema = self.config["schema"]
        self.con = psycopg2.connect(host=self.config["host"], port=self.config["port"], user=self.config["user"],
                                    password=self.config.get("password") or None, dbname=self.config["dbname"])
        self.con.autocommit = True

    def read(self, table: str) -> pd.DataFrame | None:
        with self.con.cursor() as cursor:
            cursor.execute("select 1 from information_schema.tables where table_schema = %s and table_name = %s",
                           (self.schema, table))
            if cursor.fetchone() is None:
                return None
            cursor.execute(f'select * from "{self.schema}"."{table}"')
            return pd.DataFrame.from_records(cursor.fetchall(), columns=[d.name for d in cursor.description],
                                             coerce_float=True)

    def append(self, table: str, frame: pd.DataFrame) -> None:
        types = {"float64": "double precision", "object": "text", "str": "text", "string": "text"}
        columns = ", ".join(f'"{name}" {types.get(str(dtype), "timestamp")}' for name, dtype in frame.dtypes.items())
        rows = [tuple(None if pd.isna(v) else v.to_pydatetime() if isinstance(v, pd.Timestamp) else v
                      for v in row) for row in frame.itertuples(index=False)]
        names = ", ".join(f'"{name}"' for name in frame.columns)
        marks = ", ".join(["%s"] * len(frame.columns))
        with self.con.cursor() as cursor:
            cursor.execute(f'create table if not exists "{self.schema}"."{table}" ({columns})')
            cursor.executemany(f'insert into "{self.schema}"."{table}" ({names}) values ({marks})', rows)

    def close(self) -> None:
        self.con.close()


def open_warehouse(profiles_dir: Path, target: str) -> Warehouse:
    config = target_config(profiles_dir, target)
    kind = config.get("type")
    if kind == "duckdb":
        return DuckDBWarehouse(os.environ.get("LEADSCORE_DB") or config["path"], config.get("schema", "main"))
    if kind == "spark":
        if config.get("method") != "session":
            raise TargetError(f"target {target!r} uses method {config.get('method')!r}: `leadscore train` runs "
                              "Spark in-process (method: session); on a cluster, run it as a Spark job there "
                              "or on Databricks set var train_with to 'dbt'")
        return SparkWarehouse(config.get("server_side_parameters", {}), config["schema"])
    if kind == "postgres":
        return PostgresWarehouse(config)
    raise TargetError(f"target {target!r} is a {kind} warehouse; `leadscore train` reads duckdb, spark and "
                      "postgres targets")
