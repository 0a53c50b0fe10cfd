"""numpy codes and float days -> Arrow columns (ids, vocabulary strings, timestamps).

The simulation works on small ints and float days; these turn them into the contract's
strings and whole-second timestamps in Arrow, since per-row Python is too slow at 50M rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from leadscore.sample.contract import TS


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """'L0000001'-style ids built in Arrow (a Python f-string per row is too slow at 50M)."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers, pa.int64()), pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _take(vocab: Sequence[str | None], codes: np.ndarray) -> pa.Array:
    """Strings from integer codes; a negative code means null."""
    idx = pa.array(codes.astype(np.int64), mask=codes < 0)
    return pc.take(pa.array(vocab, pa.string()), idx)


def _timestamps(days: np.ndarray) -> pa.Array:
    """Float days since epoch -> whole-second timestamp[us]; NaN becomes null."""
    missing = np.isnan(days)
    seconds = np.floor(np.where(missing, 0.0, days) * 86_400.0).astype(np.int64)
    return pa.array(seconds * 1_000_000, type=TS, mask=missing)
