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

from leadscore import champion, cli, engines, sample
from leadscore.artifacts import model_from_rows

AS_OF = "2026-09-01 00:00:00"
LEADS = 1500
# differ between two builds by construction: build times, ids of runs, file paths
VOLATILE = {"model_version", "lead_score_model_version", "trained_at", "synced_at", "updated_at", "updated_at_utc",
            "sync_batch_id", "built_at", "_source_file"}
MARTS = [
    "lead_scores", "crm_lead_score_sync", "lead_score_history", "tier_conversion", "model_lift_by_decile",
    "model_calibration_curve", "model_threshold_curve", "legacy_vs_model", "segment_fairness", "score_backtest",
    "monitoring_feature_drift", "monitoring_score_distribution", "monitoring_calibration_by_cohort",
    "monitoring_rolling_auc", "retrain_triggers",
    "data_quality_scorecard", "model_performance",
]

# the additive champion: its SQL is the newer and larger of the two (the logistic one is also checked by make test)
TRAINING = {"retrain": True, "champion": "additive"}


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


def table(warehouse: engines.Warehouse, name: str) -> pd.DataFrame:
    frame = warehouse.read(name)
    assert frame is not None, f"{name} was not built"
    return frame


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
    duck, spark, _ = builds
    d = table(duck, "model_coefficients")
    s = table(spark, "model_coefficients")
    assert len(d) > 50 and len(d) == len(s)
    merged = d.merge(s, on=["model_name", "feature_name"], suffixes=("_duck", "_spark"))
    assert len(merged) == len(d)
    assert np.allclose(merged["coefficient_duck"], merged["coefficient_spark"], atol=1e-8)


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
    """Built with the additive champion: its CASE-per-term SQL gives Python's logit on this engine too."""
    _, other, _ = builds
    store = table(other, "ml_model_artifacts")
    versions = table(other, "model_registry").query("status == 'active'")
    assert versions.champion_kind.item() == "additive"
    model = model_from_rows(store[(store.model_version == versions.model_version.item())
                                  & (store.model_name == "conversion")])
    scored = table(other, "int_feature_matrix").merge(
        table(other, "int_snapshot_scores")[["lead_id", "snapshot_at", "logit", "conversion_probability"]],
        on=["lead_id", "snapshot_at"])
    features = [c for c in scored.columns if c.startswith("f_")]
    scored[features] = scored[features].astype(float)
    np.testing.assert_allclose(scored.logit.astype(float), champion.logit(model, scored), rtol=0, atol=1e-9)
    np.testing.assert_allclose(scored.conversion_probability.astype(float), champion.predict_proba(model, scored),
                               rtol=0, atol=1e-9)
