"""A throw-away PostgreSQL server for the tests: initdb in a temporary
directory, started on a free local port, removed at the end. PostgreSQL
refuses to run as root, so as root the cluster belongs to user postgres
(the Debian package's)."""

from __future__ import annotations

import glob
import io
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

SERVER_USER = "postgres"


def bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb is None:
        pytest.fail("PostgreSQL server binaries not found: make postgres installs them")
    return Path(initdb).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[dict[str, str]]:
    """Env vars of the postgres target in profiles/profiles.yml, pointing at the server."""
    bindir, port = bin_dir(), free_port()
    root = Path(tempfile.mkdtemp(prefix="leadscore-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, SERVER_USER)
    data = root / "data"
    subprocess.run(as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                   "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
    # durability is not the point of a test server
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c timezone=UTC"
    subprocess.run(as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"),
                                   "-o", options, "-w", "start"]), check=True, capture_output=True)
    try:
        env = {"LEADSCORE_PG_HOST": "127.0.0.1", "LEADSCORE_PG_PORT": str(port), "LEADSCORE_PG_USER": "postgres",
               "LEADSCORE_PG_DBNAME": "leadscore", "LEADSCORE_PG_SCHEMA": "leadscore"}
        con = connect(env, "postgres")
        con.autocommit = True  # create database runs outside a transaction only
        con.cursor().execute("create database leadscore")
        con.close()
        yield env
    finally:
        subprocess.run(as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def connect(env: dict[str, str], dbname: str | None = None):  # noqa: ANN201 (psycopg2 has no type hints)
    import psycopg2

    return psycopg2.connect(host=env["LEADSCORE_PG_HOST"], port=int(env["LEADSCORE_PG_PORT"]),
                            user=env["LEADSCORE_PG_USER"], dbname=dbname or env["LEADSCORE_PG_DBNAME"])


def pg_type(dtype: object) -> str:
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "bigint"
    if pd.api.types.is_float_dtype(dtype):
        return "double precision"
    if isinstance(dtype, pd.DatetimeTZDtype):
        return "timestamptz"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "timestamp"
    return "text"


def load_export(env: dict[str, str], raw: Path, schema: str = "crm") -> list[str]:
    """Every <table>.parquet of an export as a table of `schema`, with the column types it has there
    (as a loader such as Fivetran lands them)."""
    loaded = []
    with connect(env) as con, con.cursor() as cursor:
        cursor.execute(f'create schema if not exists "{schema}"')
        for path in sorted(raw.glob("*.parquet")):
            frame = pd.read_parquet(path)
            columns = ", ".join(f'"{name}" {pg_type(dtype)}' for name, dtype in frame.dtypes.items())
            cursor.execute(f'create table "{schema}"."{path.stem}" ({columns})')
            buffer = io.StringIO()
            frame.to_csv(buffer, index=False, header=False, na_rep="\\N", date_format="%Y-%m-%d %H:%M:%S.%f")
            buffer.seek(0)
            cursor.copy_expert(f'copy "{schema}"."{path.stem}" from stdin with (format csv, null \'\\N\')', buffer)
            loaded.append(path.stem)
    return loaded
