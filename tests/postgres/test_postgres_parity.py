"""The same project on a real PostgreSQL (dbt-postgres), against DuckDB.

One small export is built twice: on DuckDB from its files (trained by the dbt
Python model) and on a throw-away PostgreSQL server from the same tables
loaded into its `crm` schema (trained by `leadscore train`, since
dbt-postgres runs no Python models). Same SQL, same training rows, same fit:
every lead's probability must agree to 1e-6 and the marts must hold the same
rows. Run by `make test-postgres`, not by `make test`.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from conftest import load_export
from engine_parity import (
    AS_OF,
    LEADS,
    MARTS,
    TRAINING,
    VOLATILE,
    assert_same_model,
    assert_sql_applies_the_additive_champion,
    table,
)

from leadscore import cli, engines, sample


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory,
           postgres_server: dict[str, str]) -> Iterator[tuple[engines.Warehouse, engines.Warehouse]]:
    root = tmp_path_factory.mktemp("parity")
    raw = root / "raw"
    sample.generate(LEADS, 365, 5, raw)
    assert "leads" in load_export(postgres_server, raw)
    with pytest.MonkeyPatch.context() as env:
        for name, value in postgres_server.items():
            env.setenv(name, value)
        cli.build(raw, root / "duck.duckdb", root / "out_duckdb", AS_OF, TRAINING)
        cli.build(None, root / "unused.duckdb", root / "out_postgres", AS_OF, TRAINING, target="postgres")
        duck = engines.DuckDBWarehouse(str(root / "duck.duckdb"))
        postgres = engines.open_warehouse(cli.PROFILES_DIR, "postgres")
        yield duck, postgres
        duck.close()
        postgres.close()


def texts(values: pd.Series) -> list[str | None]:
    """Values as text, every kind of null (None, NaN, NA) as None; timestamps alike whatever their unit."""
    return [None if pd.isna(v) else str(pd.Timestamp(v)) if isinstance(v, pd.Timestamp | np.datetime64) else str(v)
            for v in values]


def test_every_lead_has_the_same_probability_score_and_tier(builds) -> None:
    duck, postgres = builds
    d = table(duck, "lead_scores").set_index("lead_id").sort_index()
    p = table(postgres, "lead_scores").set_index("lead_id").sort_index()
    assert len(d) > 500
    assert list(d.index) == list(p.index)
    gap = np.abs(d["conversion_probability"].astype(float) - p["conversion_probability"].astype(float))
    assert gap.max() < 1e-6, d.assign(gap=gap).sort_values("gap").tail(3)
    assert (d["score"] == p["score"]).all()
    assert (d["tier"] == p["tier"]).all()
    assert (d["reasons_text"].fillna("") == p["reasons_text"].fillna("")).all()


def test_both_engines_trained_the_same_model(builds) -> None:
    assert_same_model(builds[0], builds[1])


@pytest.mark.parametrize("mart", MARTS)
def test_marts_hold_the_same_rows(builds, mart: str) -> None:
    duck, postgres = builds
    d, p = table(duck, mart), table(postgres, mart)
    assert sorted(d.columns) == sorted(p.columns)
    assert len(d) == len(p), f"{mart}: {len(d)} rows on DuckDB, {len(p)} on PostgreSQL"
    columns = [c for c in sorted(d.columns) if c not in VOLATILE]
    numeric = [c for c in columns if pd.api.types.is_numeric_dtype(d[c]) and not pd.api.types.is_bool_dtype(d[c])]
    keys = [c for c in columns if c not in numeric]
    # rounded so that last-bit differences cannot reorder rows
    d, p = (f[columns].astype({c: float for c in numeric}).round({c: 9 for c in numeric})
            .assign(**{c: texts(f[c]) for c in keys})
            .sort_values(keys + numeric, kind="stable", na_position="first").reset_index(drop=True) for f in (d, p))
    for column in keys:
        assert texts(d[column]) == texts(p[column]), f"{mart}.{column} differs"
    for column in numeric:
        assert np.allclose(d[column].astype(float), p[column].astype(float), atol=1e-6, equal_nan=True), \
            f"{mart}.{column} differs"


def test_postgres_records_its_crm_schema_as_provenance(builds) -> None:
    _, postgres = builds
    provenance = table(postgres, "ml_model_artifacts").query("name == 'raw_path'")["text"]
    assert set(provenance) == {"leadscore.crm"}


def test_sql_applies_the_additive_champion_as_python_does(builds) -> None:
    assert_sql_applies_the_additive_champion(builds[1])
