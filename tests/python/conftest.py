"""Shared fixtures: real sample data and real dbt builds into temporary DuckDB files.

Builds are session-scoped: each costs tens of seconds, and several tests read
the same warehouse. Nothing here mocks the warehouse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import Warehouse, build_warehouse
from leadscore import sample


@pytest.fixture(scope="session")
def sample_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    sample.generate(3000, 365, 11, raw)
    return raw


@pytest.fixture(scope="session")
def warehouse(sample_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return build_warehouse(sample_raw, tmp_path_factory.mktemp("build"))
