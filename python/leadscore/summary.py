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
        _print_sales_floor(con)
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


def _print_sales_floor(con: duckdb.DuckDBPyConnection) -> None:
    """Today's routing against the reps' capacity, the alerts, and what past
    runs' tiers were worth: what a sales manager asks first."""
    if _exists(con, "lead_scores") and _exists(con, "stg_crm__reps"):
        reps = con.execute("""
            select reps.rep_id, reps.rep_name, reps.daily_capacity, count(scores.lead_id)
            from stg_crm__reps as reps
            left join lead_scores as scores on scores.assigned_rep_id = reps.rep_id
            where reps.is_active group by all order by 4 desc, 1""").fetchall()
        routed, overflow, status = con.execute("""
            select count(assigned_rep_id), count(*) filter (where assignment_reason like 'over capacity%'),
                   max(assignment_status) from lead_scores""").fetchone()
        if reps:
            print(f"\nRouting today: {routed:,} Hot leads to {len(reps)} reps ({status or 'none assigned'}); "
                  f"{overflow:,} over capacity went to nurture.")
            print(_table(reps[:10], ("rep", "name", "capacity", "assigned")))
    if _exists(con, "alerts"):
        alerts = dict(con.execute("select alert_type, count(*) from alerts group by 1").fetchall())
        print(f"\nAlerts standing: {alerts.get('new_hot', 0):,} new Hot leads, {alerts.get('spike', 0):,} spikes "
              "(alerts; flags in crm_lead_score_sync).")
    if _exists(con, "shadow_comparison"):
        caught = con.execute("""
            select scored_at,
                   sum(conversions) filter (where comparison_group in ('both', 'model_only')) / sum(conversions),
                   sum(conversions) filter (where comparison_group in ('both', 'legacy_only')) / sum(conversions)
            from shadow_comparison where window_closed group by 1 having sum(conversions) > 0
            order by 1 desc limit 1""").fetchone()
        if caught and caught[1] is not None:
            print(f"Run of {caught[0]:%Y-%m-%d}: the Hot tier caught {caught[1]:.0%} of the conversions that followed; "
                  f"the old points rules, on a list of the same size, {caught[2]:.0%} (shadow_comparison).")
    if _exists(con, "revenue_by_tier"):
        revenue = con.execute("""select tier, sum(leads), sum(leads_with_opportunity), cast(sum(won_revenue) as bigint)
                                 from revenue_by_tier group by 1 order by 4 desc""").fetchall()
        if revenue:
            print("\nWhat past runs' tiers were worth (revenue_by_tier, opportunities after the run):")
            print(_table(revenue, ("tier", "leads scored", "with opportunity", "won revenue")))
