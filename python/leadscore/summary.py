"""The end-of-build summary a person reads in ten seconds."""

from __future__ import annotations

from pathlib import Path

import duckdb

RAW_TABLES = ("leads", "accounts", "activities", "opportunities", "sales_touches", "outreach_experiment",
              "lead_feedback", "lead_field_history", "reps")


def _table(rows: list[tuple], headers: tuple[str, ...]) -> str:
    cells = [tuple(headers)] + [tuple("" if v is None else f"{v:,.3f}" if isinstance(v, float) else
                                      f"{v:,}" if isinstance(v, int) else str(v) for v in row) for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in cells]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    query = "select count(*) from information_schema.tables where table_name = ?"
    return bool(con.execute(query, [name]).fetchone()[0])


def print_summary(db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        print("\n=== leadscore summary ===")
        rows = []
        for table in RAW_TABLES:
            if _exists(con, f"base_crm__{table}"):
                total, rejected = con.execute(
                    f"select count(*), count(_reject_reason) from base_crm__{table}").fetchone()
                rows.append((table, total, total - rejected, rejected))
        print(_table(rows, ("raw table", "rows in", "staged", "quarantined")))
        if _exists(con, "lead_scores"):
            tiers = con.execute("""
                select tier, count(*), avg(conversion_probability), sum(conversion_probability)
                from lead_scores group by tier order by min(score) desc""").fetchall()
            print()
            print(_table([(t, n, p, e) for t, n, p, e in tiers],
                         ("tier", "leads scored", "mean P(convert)", "expected conversions")))
        if _exists(con, "model_performance_summary"):
            perf = con.execute("select * from model_performance_summary order by sort_order").fetchall()
            print("\nTest split (held-out, latest period):")
            print(_table([r[1:-1] for r in perf],
                         ("model", "AUC", "PR-AUC", "log loss", "Brier", "ECE", "lift@10%", "lift@20%")))
            capture = {r[1]: r[-1] for r in perf}
            if capture.get("legacy_rules"):
                print(f"Top 20% by model holds {capture['champion'] / capture['legacy_rules']:.1f}x the conversions "
                      "of the top 20% by the legacy points rules.")
        if _exists(con, "model_registry") and _exists(con, "tier_conversion"):
            version, calibration = con.execute(
                "select model_version, calibration_method from model_registry where status = 'active'").fetchone()
            ratio = con.execute("select max(ratio_to_coldest) filter (where tier_rank = 1) from tier_conversion"
                                ).fetchone()[0]
            print(f"\nActive model {version} (calibration: {calibration}); Hot/Cold conversion ratio on test: "
                  f"{'n/a' if ratio is None else f'{ratio:.1f}x'}")
        if _exists(con, "data_quality_scorecard"):
            issues = con.execute("""select table_name, check_name, failing_rows from data_quality_scorecard
                                    where failing_rows > 0 order by failing_rows desc limit 8""").fetchall()
            if issues:
                print("\nData quality (top findings; full list in data_quality_scorecard):")
                print(_table(issues, ("table", "check", "rows")))
    finally:
        con.close()
