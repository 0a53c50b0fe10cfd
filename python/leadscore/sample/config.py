"""Run parameters, the export instant and the random streams.

Everything that fixes the data's identity sits here: the same `Config`, the same
chunk size and the same `SeedSequence([seed, stream, chunk])` give byte-identical files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

DEFAULT_END = datetime(2026, 11, 1, tzinfo=UTC)
# The chunk size is part of the data's identity (each chunk has its own random stream),
# so it is a constant rather than an option: the arguments alone determine the output.
CHUNK_LEADS = 50_000


@dataclass(frozen=True)
class Config:
    """Run parameters; `end_day` is the export instant in days since the Unix epoch."""

    n_leads: int
    days: int
    seed: int
    end_day: float
    activity_scale: float = 1.0

    @property
    def start_day(self) -> float:
        return self.end_day - self.days


def _to_days(moment: datetime) -> float:
    if moment.tzinfo is None:  # naive datetimes are taken as UTC, like the contract's timestamps
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() / 86_400.0


def _rng(cfg: Config, stream: int, chunk: int = 0) -> np.random.Generator:
    """Independent stream per purpose and chunk, so chunks never share random numbers."""
    return np.random.default_rng(np.random.SeedSequence([cfg.seed, stream, chunk]))
