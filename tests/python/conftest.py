"""Shared fixtures: real sample data and real dbt builds into temporary DuckDB files.

Builds are session-scoped: each costs tens of seconds, and several tests read
the same warehouse. Nothing here mocks the warehouse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import Warehouse, Warehouses


@pytest.fixture(scope="session")
def warehouses(tmp_path_factory: pytest.TempPathFactory) -> Warehouses:
    return Warehouses(tmp_path_factory)


@pytest.fixture(scope="session")
def sample_raw(warehouses: Warehouses) -> Path:
    return warehouses.sample(3000, seed=11)


@pytest.fixture(scope="session")
def warehouse(warehouses: Warehouses, sample_raw: Path) -> Warehouse:
    return warehouses.build(sample_raw)
