"""The same project on a real local Spark (dbt-spark, session method).

One small export is built twice: on DuckDB (trained by the dbt Python model)
and on Spark (trained by `leadscore train` through a Spark session, since
dbt-spark runs no Python models). Same SQL, same training rows, same fit: every
lead's probability must agree to 1e-6 and the marts must hold the same rows.
Run by `make test-spark`, not by `make test`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
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
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[engines.Warehouse, engines.Warehouse, Path]]:
    root = tmp_path_factory.mktemp("parity")
    raw = root / "raw"
    sample.generate(LEADS, 365, 5, raw)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LEADSCORE_SPARK_DIR", str(root / "spark"))
        cli.build(raw, root / "duck.duckdb", root / "out_duckdb", AS_OF, TRAINING)
        cli.build(raw, root / "unused.duckdb", root / "out_spark", AS_OF, TRAINING, target="spark")
        duck = engines.DuckDBWarehouse(str(root / "duck.duckdb"))
        spark = engines.open_warehouse(cli.PROFILES_DIR, "spark")
        yield duck, spark, root
        duck.close()
        spark.close()


def texts(values: pd.Series) -> list[str | None]:
    """Values as text, every kind of null (None, NaN, NA) as None."""
    return [None if pd.isna(v) else str(v) for v in values]


def test_every_lead_has_the_same_probability_score_and_tier(builds) -> None:
    duck, spark, _ = builds
    d = table(duck, "lead_scores").set_index("lead_id").sort_index()
    s = table(spark, "lead_scores").set_index("lead_id").sort_index()
    assert len(d) > 500
    assert list(d.index) == list(s.index)
    gap = np.abs(d["conversion_probability"].astype(float) - s["conversion_probability"].astype(float))
    assert gap.max() < 1e-6, d.assign(gap=gap).sort_values("gap").tail(3)
    assert (d["score"] == s["score"]).all()
    assert (d["tier"] == s["tier"]).all()
    assert (d["reasons_text"].fillna("") == s["reasons_text"].fillna("")).all()


def test_both_engines_trained_the_same_model(builds) -> None:
    assert_same_model(builds[0], builds[1])


@pytest.mark.parametrize("mart", MARTS)
def test_marts_hold_the_same_rows(builds, mart: str) -> None:
    duck, spark, _ = builds
    d, s = table(duck, mart), table(spark, mart)
    assert sorted(d.columns) == sorted(s.columns)
    assert len(d) == len(s), f"{mart}: {len(d)} rows on DuckDB, {len(s)} on Spark"
    columns = [c for c in sorted(d.columns) if c not in VOLATILE]
    numeric = [c for c in columns if pd.api.types.is_numeric_dtype(d[c]) and not pd.api.types.is_bool_dtype(d[c])]
    keys = [c for c in columns if c not in numeric]
    # rounded so that last-bit differences cannot reorder rows
    d, s = (f[columns].astype({c: float for c in numeric}).round({c: 9 for c in numeric})
            .sort_values(keys + numeric, kind="stable").reset_index(drop=True) for f in (d, s))
    for column in keys:
        assert texts(d[column]) == texts(s[column]), f"{mart}.{column} differs"
    for column in numeric:
        assert np.allclose(d[column].astype(float), s[column].astype(float), atol=1e-6, equal_nan=True), \
            f"{mart}.{column} differs"


def test_spark_exports_scores_for_reverse_etl(builds) -> None:
    _, _, root = builds
    parts = list((root / "out_spark" / "lead_scores.parquet").glob("part-*.parquet"))
    assert len(parts) == 1
    exported = pd.read_parquet(parts[0])
    assert len(exported) > 500 and {"lead_id", "score", "tier"} <= set(exported.columns)
    assert list((root / "out_spark" / "lead_scores.csv").glob("part-*.csv"))


def test_sql_applies_the_additive_champion_as_python_does(builds) -> None:
    assert_sql_applies_the_additive_champion(builds[1])
