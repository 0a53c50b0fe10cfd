"""`generate`: accounts once, then leads chunk by chunk, streamed into one file per table.

Chunking and streaming are what bound memory at a million leads; the writers are
opened up front so every contract table gets a file, even an empty one.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from leadscore.sample.columns import _ids
from leadscore.sample.config import CHUNK_LEADS, DEFAULT_END, Config, _rng, _to_days
from leadscore.sample.contract import SCHEMAS, TABLES
from leadscore.sample.dirt import _dirty_events, _pick
from leadscore.sample.events import _simulate_events
from leadscore.sample.lead_table import _lead_table
from leadscore.sample.people import Accounts, _draw_people, _lead_created_days, _make_accounts
from leadscore.sample.plan import _plan
from leadscore.sample.tables import (
    Counters,
    _event_table,
    _experiment_table,
    _feedback_table,
    _opportunity_table,
    _rep_table,
    _touch_table,
)


@dataclass
class Timers:
    """Seconds spent per table (generation and writing), for the CLI summary."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(TABLES, 0.0))

    @contextmanager
    def measure(self, table: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[table] += time.perf_counter() - t0


def _simulate_chunk(
    cfg: Config,
    chunk: int,
    created: np.ndarray,
    first_number: int,
    accounts: Accounts,
    counters: Counters,
    timers: Timers,
) -> dict[str, pa.Table]:
    """Everything about one block of leads; blocks are independent except for id counters."""
    rng = _rng(cfg, stream=2, chunk=chunk)
    out: dict[str, pa.Table] = {}
    with timers.measure("leads"):
        p = _draw_people(rng, accounts, created)
        plan = _plan(cfg, rng, p)
        ids = _ids("L", np.arange(first_number, first_number + p.n), 7)
        dup_of = _pick(rng, p.n, 0.02)
        dup_created = p.created[dup_of] + 1 / 24 + rng.exponential(30.0, dup_of.size)
        fits = dup_created < cfg.end_day
        dup_of, dup_created = dup_of[fits], dup_created[fits]
        dup_ids = _ids("L", np.arange(counters.next_dup_lead, counters.next_dup_lead + dup_of.size), 7)
        counters.next_dup_lead += dup_of.size
        out["leads"] = _lead_table(rng, cfg, p, plan, accounts, ids, dup_of, dup_ids, dup_created)
    with timers.measure("activities"):
        ev = _simulate_events(rng, cfg, p, plan)
        # orphan ids sit far above any real lead number, so they can never collide
        orphan_base = max(90_000_000, 10 * cfg.n_leads)
        orphan_ids = _ids("L", orphan_base + rng.integers(0, 9_000_000, 64), 7)
        ev = _dirty_events(rng, cfg, ev, p.n, dup_of, dup_created, len(orphan_ids))
        all_ids = pa.concat_arrays([ids, dup_ids, orphan_ids])
        out["activities"] = _event_table(ev, all_ids, counters)
    with timers.measure("opportunities"):
        out["opportunities"] = _opportunity_table(rng, cfg, p, plan, ids, accounts, counters)
    with timers.measure("sales_touches"):
        out["sales_touches"] = _touch_table(rng, cfg, p, plan, ids, counters)
    with timers.measure("outreach_experiment"):
        out["outreach_experiment"] = _experiment_table(cfg, plan, ids)
    with timers.measure("lead_feedback"):
        out["lead_feedback"] = _feedback_table(rng, cfg, p, plan, ids, counters)
    return out


class TableSink:
    """Append-only writer for one table, opened up front so empty tables still get a file."""

    def __init__(self, path: Path, schema: pa.Schema, fmt: str) -> None:
        self.rows = 0
        self._parquet = pq.ParquetWriter(path, schema) if fmt == "parquet" else None
        self._csv = pacsv.CSVWriter(path, schema) if fmt == "csv" else None  # header written once

    def write(self, table: pa.Table) -> None:
        self.rows += table.num_rows
        if self._parquet is not None:
            self._parquet.write_table(table)
        elif self._csv is not None:
            self._csv.write_table(table)

    def close(self) -> None:
        for writer in (self._parquet, self._csv):
            if writer is not None:
                writer.close()


def generate(
    n_leads: int,
    days: int,
    seed: int,
    out_dir: Path,
    fmt: str = "parquet",
    end: datetime | None = None,
    activity_scale: float = 1.0,
    timers: Timers | None = None,
) -> dict[str, int]:
    """Write the eight raw tables for `n_leads` people created over the `days` before `end`.

    Returns row counts per table. `activity_scale` multiplies the background event rates
    (e-mail, browsing, product usage) without changing who converts.
    """
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"fmt must be 'parquet' or 'csv', not {fmt!r}")
    if n_leads < 1 or days < 1:
        raise ValueError("n_leads and days must be positive")
    cfg = Config(n_leads, days, seed, _to_days(end or DEFAULT_END), activity_scale)
    timers = timers or Timers()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sinks = {t: TableSink(out_dir / f"{t}.{fmt}", SCHEMAS[t], fmt) for t in TABLES}
    try:
        with timers.measure("accounts"):
            accounts = _make_accounts(cfg, _rng(cfg, stream=0))
            sinks["accounts"].write(accounts.table)
        with timers.measure("reps"):
            sinks["reps"].write(_rep_table())
        with timers.measure("leads"):
            created = _lead_created_days(cfg, _rng(cfg, stream=1))
        counters = Counters(next_dup_lead=n_leads + 1)
        for chunk, start in enumerate(range(0, n_leads, CHUNK_LEADS)):
            block = created[start : start + CHUNK_LEADS]
            tables = _simulate_chunk(cfg, chunk, block, start + 1, accounts, counters, timers)
            for name, table in tables.items():
                with timers.measure(name):
                    sinks[name].write(table)
    finally:
        for sink in sinks.values():
            sink.close()
    return {t: sinks[t].rows for t in TABLES}
