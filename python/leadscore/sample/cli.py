"""`python -m leadscore.sample`: generate an export from the command line and print
rows, seconds and peak memory per table (the figures docs/benchmarks.md quotes).
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import leadscore.sample as package  # its docstring's first line describes the command
from leadscore.sample.config import DEFAULT_END
from leadscore.sample.contract import TABLES
from leadscore.sample.export import Timers, generate


def _parse_end(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m leadscore.sample", description=package.__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=10_000, help="number of people (duplicates add ~2%%)")
    parser.add_argument("--days", type=int, default=365, help="window of lead creation before --end")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True, help="directory for <table>.<format>")
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument(
        "--end", type=_parse_end, default=DEFAULT_END, help="export instant, ISO date/time in UTC (default 2026-11-01)"
    )
    parser.add_argument(
        "--activity-scale",
        type=float,
        default=1.0,
        help="multiplier on background activity rates (1.0 ~ 35 activities/lead at 365 days)",
    )
    args = parser.parse_args(argv)
    timers = Timers()
    t0 = time.perf_counter()
    counts = generate(args.leads, args.days, args.seed, args.out, args.format, args.end, args.activity_scale, timers)
    for table in TABLES:
        print(f"{table:<20} {counts[table]:>12,} rows {timers.seconds[table]:8.2f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(
        f"{'total':<20} {sum(counts.values()):>12,} rows {time.perf_counter() - t0:8.2f} s  peak RSS {peak_mb:,.0f} MB"
    )
    return 0
