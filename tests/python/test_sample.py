"""Tests for the sample CRM generator: contract shape, determinism, funnel realism, dirt.

The realism checks are deliberately falsifiable: they measure the funnel the way the
pipeline will (point in time, first opportunity = conversion) on ~2000 leads.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from leadscore.sample import POST_CONVERSION_TYPES, RE_EXPORTED_ID_EVERY, TABLES, generate, main

N_LEADS = 3000  # ~1200 open leads mid-window: enough for a stable 2% rate, still < 1 s
DAYS = 365
SEED = 7
END = datetime(2026, 11, 1, tzinfo=UTC)
MID = (END - timedelta(days=DAYS / 2)).replace(tzinfo=None)

STRING, TIMESTAMP, INT, FLOAT, BOOL = "string", "timestamp", "int", "float", "bool"
CONTRACT: dict[str, dict[str, str]] = {
    "leads": {
        "lead_id": STRING,
        "created_at": TIMESTAMP,
        "account_id": STRING,
        "email": STRING,
        "first_name": STRING,
        "last_name": STRING,
        "job_title": STRING,
        "lead_source": STRING,
        "country": STRING,
        "owner_id": STRING,
        "utm_campaign": STRING,
        "is_partner_referral": BOOL,
    },
    "accounts": {
        "account_id": STRING,
        "company_name": STRING,
        "industry": STRING,
        "employee_count": INT,
        "annual_revenue": FLOAT,
        "country": STRING,
        "created_at": TIMESTAMP,
    },
    "activities": {
        "activity_id": STRING,
        "lead_id": STRING,
        "activity_type": STRING,
        "occurred_at": TIMESTAMP,
        "duration_seconds": INT,
        "page_path": STRING,
    },
    "opportunities": {
        "opportunity_id": STRING,
        "lead_id": STRING,
        "account_id": STRING,
        "created_at": TIMESTAMP,
        "stage": STRING,
        "closed_at": TIMESTAMP,
        "amount": FLOAT,
    },
    "sales_touches": {
        "touch_id": STRING,
        "lead_id": STRING,
        "touched_at": TIMESTAMP,
        "channel": STRING,
        "rep_id": STRING,
    },
    "outreach_experiment": {"lead_id": STRING, "group_name": STRING, "assigned_at": TIMESTAMP},
    "lead_feedback": {
        "feedback_id": STRING,
        "lead_id": STRING,
        "created_at": TIMESTAMP,
        "verdict": STRING,
        "rep_id": STRING,
        "comment": STRING,
    },
    "reps": {
        "rep_id": STRING,
        "name": STRING,
        "daily_capacity": INT,
        "segment": STRING,
        "seniority": INT,
        "is_active": BOOL,
    },
}
_TYPE_CHECKS = {
    STRING: pa.types.is_string,
    TIMESTAMP: lambda t: pa.types.is_timestamp(t) and t.tz is None,
    INT: pa.types.is_integer,
    FLOAT: pa.types.is_floating,
    BOOL: pa.types.is_boolean,
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("sample")
    return out, generate(N_LEADS, DAYS, SEED, out)


@pytest.fixture(scope="module")
def db(sample: tuple[Path, dict[str, int]]) -> duckdb.DuckDBPyConnection:
    out, _ = sample
    con = duckdb.connect()
    for table in TABLES:
        con.execute(f"create view {table} as select * from read_parquet('{out / table}.parquet')")
    con.execute(
        "create view first_opp as select lead_id, min(created_at) as converted_at from opportunities group by lead_id"
    )
    return con


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    return con.execute(sql).fetchone()[0]


# --- determinism -------------------------------------------------------------------------------
def test_same_seed_gives_identical_files_and_another_seed_does_not(
    sample: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    out, counts = sample
    again = generate(N_LEADS, DAYS, SEED, tmp_path / "again")
    assert again == counts
    for table in TABLES:
        name = f"{table}.parquet"
        assert (tmp_path / "again" / name).read_bytes() == (out / name).read_bytes(), table
    generate(N_LEADS, DAYS, SEED + 1, tmp_path / "other")
    for table in ("leads", "activities", "opportunities"):
        name = f"{table}.parquet"
        assert (tmp_path / "other" / name).read_bytes() != (out / name).read_bytes(), table


# --- contract ----------------------------------------------------------------------------------
def test_every_table_has_exact_contract_columns_and_types(sample: tuple[Path, dict[str, int]]) -> None:
    out, counts = sample
    for table, columns in CONTRACT.items():
        schema = pq.read_schema(out / f"{table}.parquet")
        assert schema.names == list(columns), table
        for name, kind in columns.items():
            assert _TYPE_CHECKS[kind](schema.field(name).type), (table, name, schema.field(name).type)
        assert pq.read_metadata(out / f"{table}.parquet").num_rows == counts[table]
        assert counts[table] > 0, table


def test_ids_are_unique_and_enumerations_valid(db: duckdb.DuckDBPyConnection) -> None:
    for table, key in [
        ("leads", "lead_id"),
        ("accounts", "account_id"),
        ("opportunities", "opportunity_id"),
        ("sales_touches", "touch_id"),
        ("outreach_experiment", "lead_id"),
        ("lead_feedback", "feedback_id"),
    ]:
        assert _one(db, f"select count(*) - count(distinct {key}) from {table}") == 0, table
    # the deliberate dirt: every n-th activity row re-uses the previous row's id
    rows = _one(db, "select count(*) from activities")
    assert _one(db, "select count(*) - count(distinct activity_id) from activities") == rows // RE_EXPORTED_ID_EVERY
    assert _one(db, "select count(*) from opportunities where stage not in ('open', 'closed_won', 'closed_lost')") == 0
    assert _one(db, "select count(*) from opportunities where closed_at <= created_at") == 0
    assert _one(db, "select count(*) from opportunities where (stage = 'open') != (closed_at is null)") == 0
    assert _one(db, "select count(*) from sales_touches where channel not in ('call','email','linkedin')") == 0
    assert _one(db, "select count(*) from lead_feedback where verdict not in ('accepted','rejected','not_a_lead')") == 0
    # nothing but the deliberate 2099 rows lies after the export instant
    assert (
        _one(
            db, f"select count(*) from activities where occurred_at >= '{END:%Y-%m-%d}' and occurred_at < '2090-01-01'"
        )
        == 0
    )


def test_csv_format_writes_same_data_with_header(sample: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    out, counts = sample
    assert generate(N_LEADS, DAYS, SEED, tmp_path, fmt="csv") == counts
    for table in TABLES:
        csv_table = pacsv.read_csv(tmp_path / f"{table}.csv")
        assert csv_table.column_names == list(CONTRACT[table]), table
        assert csv_table.num_rows == counts[table], table
    leads_csv = pacsv.read_csv(tmp_path / "leads.csv").column("lead_id").to_pylist()
    assert leads_csv == pq.read_table(out / "leads.parquet").column("lead_id").to_pylist()


def test_cli_writes_files_and_prints_one_line_per_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "--leads",
                "300",
                "--days",
                "90",
                "--seed",
                "3",
                "--out",
                str(tmp_path),
                "--format",
                "csv",
                "--end",
                "2026-06-01",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    for table in TABLES:
        assert (tmp_path / f"{table}.csv").exists()
        assert any(line.startswith(table) and "rows" in line for line in printed.splitlines()), table
    latest = pacsv.read_csv(tmp_path / "leads.csv").column("created_at")
    assert max(v for v in latest.to_pylist() if v is not None) < datetime(2026, 6, 1)


# --- funnel realism ----------------------------------------------------------------------------
def test_30_day_conversion_rate_of_open_leads_mid_window_is_1_to_5_percent(
    db: duckdb.DuckDBPyConnection,
) -> None:
    # Averaged over weekly snapshots within two weeks of mid-window, as the pipeline's
    # snapshots would see it; a single date is too noisy at a few thousand leads.
    rate = _one(
        db,
        f"""
        with dates as (select timestamp '{MID}' + to_days(7 * k) as d from range(-2, 3) r(k)),
        per_date as (
            select d, avg(case when f.converted_at > d and f.converted_at <= d + interval 30 day
                          then 1.0 else 0.0 end) as rate
            from dates, leads l left join first_opp f using (lead_id)
            where l.created_at < d and (f.converted_at is null or f.converted_at > d)
            group by d)
        select avg(rate) from per_date""",
    )
    assert 0.01 <= rate <= 0.05, rate
    ever = _one(db, "select count(*) / (select count(*) from leads) from first_opp")
    assert 0.05 <= ever <= 0.16, ever


def test_converters_ramp_up_on_pricing_and_demo_before_converting(db: duckdb.DuckDBPyConnection) -> None:
    high_intent = "('Pricing Page View', 'Demo Request')"
    converters = _one(
        db,
        f"""
        select avg(n) from (
            select f.lead_id, count(a.activity_id) as n
            from first_opp f left join activities a
              on a.lead_id = f.lead_id and a.activity_type in {high_intent}
             and a.occurred_at < f.converted_at and a.occurred_at >= f.converted_at - interval 30 day
            group by 1)""",
    )
    others = _one(
        db,
        f"""
        select avg(n) from (
            select l.lead_id, count(a.activity_id) as n
            from leads l left join activities a
              on a.lead_id = l.lead_id and a.activity_type in {high_intent}
             and a.occurred_at < '{MID}' and a.occurred_at >= timestamp '{MID}' - interval 30 day
            where l.created_at < '{MID}' and l.lead_id not in (select lead_id from first_opp)
            group by 1)""",
    )
    assert converters > 3 * others, (converters, others)
    # the ramp also shows in product usage for trial converters
    assert (
        _one(
            db,
            """
        select count(*) from first_opp f join activities a using (lead_id)
        where a.activity_type = 'Product Login' and a.occurred_at < f.converted_at""",
        )
        > 0
    )


def test_opportunity_amount_grows_with_company_size(db: duckdb.DuckDBPyConnection) -> None:
    corr = _one(
        db,
        """
        select corr(ln(o.amount), ln(a.employee_count))
        from opportunities o join accounts a using (account_id)
        where o.amount > 0 and a.employee_count is not null""",
    )
    assert corr > 0.3, corr


def test_stage_mix_is_plausible(db: duckdb.DuckDBPyConnection) -> None:
    won = _one(db, "select avg((stage = 'closed_won')::int) from opportunities")
    lost = _one(db, "select avg((stage = 'closed_lost')::int) from opportunities")
    assert 0.25 <= won <= 0.45 and 0.35 <= lost <= 0.55, (won, lost)


def test_holdout_leads_are_never_touched_and_reps_prefer_good_leads(db: duckdb.DuckDBPyConnection) -> None:
    assert (
        _one(
            db,
            """
        select count(*) from sales_touches t join outreach_experiment e using (lead_id)
        where e.group_name = 'holdout'""",
        )
        == 0
    )
    assert (
        _one(
            db,
            """
        select count(*) from sales_touches t join outreach_experiment e using (lead_id)
        where e.group_name = 'outreach'""",
        )
        > 0
    )
    share = _one(db, "select avg((group_name = 'holdout')::int) from outreach_experiment")
    assert 0.4 <= share <= 0.6, share
    in_experiment = _one(db, "select count(*) from outreach_experiment") / _one(db, "select count(*) from leads")
    assert 0.5 <= in_experiment <= 0.7, in_experiment
    # reps touch converters (who looked good) more than everyone else
    touched = db.execute("""
        select (f.lead_id is not null) as converted, avg(coalesce(t.n, 0))
        from leads l left join first_opp f using (lead_id)
        left join (select lead_id, count(*) as n from sales_touches group by 1) t using (lead_id)
        group by 1 order by 1""").fetchall()
    assert touched[1][1] > 1.5 * touched[0][1], touched


def test_post_conversion_types_only_after_first_opportunity(db: duckdb.DuckDBPyConnection) -> None:
    types = "(" + ", ".join(f"'{t}'" for t in POST_CONVERSION_TYPES) + ")"
    assert _one(db, f"select count(*) from activities where activity_type in {types}") > 0
    assert (
        _one(
            db,
            f"""
        select count(*) from activities a left join first_opp f using (lead_id)
        where a.activity_type in {types} and (f.converted_at is null or a.occurred_at < f.converted_at)""",
        )
        == 0
    )


def test_feedback_flags_students_and_bots_as_not_a_lead(db: duckdb.DuckDBPyConnection) -> None:
    verdicts = dict(db.execute("select verdict, count(*) from lead_feedback group by 1").fetchall())
    assert verdicts["accepted"] > verdicts["rejected"] > 0 and verdicts.get("not_a_lead", 0) > 0
    students = _one(
        db,
        """
        select avg((verdict = 'not_a_lead')::int) from lead_feedback f join leads l using (lead_id)
        where lower(trim(l.job_title)) = 'student'""",
    )
    assert students > 0.5, students


def test_accounts_have_missing_and_skewed_firmographics(db: duckdb.DuckDBPyConnection) -> None:
    miss_emp, miss_rev, max_emp, median_emp = db.execute("""
        select avg((employee_count is null)::int), avg((annual_revenue is null)::int),
               max(employee_count), median(employee_count) from accounts""").fetchone()
    assert 0.03 < miss_emp < 0.15 and 0.08 < miss_rev < 0.25, (miss_emp, miss_rev)
    assert max_emp > 20 * median_emp
    assert _one(db, "select corr(ln(employee_count), ln(annual_revenue)) from accounts") > 0.7
    leads_per_account = _one(db, "select count(*) from leads") / _one(db, "select count(*) from accounts")
    assert 3 <= leads_per_account <= 8


# --- dirt --------------------------------------------------------------------------------------
def test_dirt_of_real_exports_is_present(db: duckdb.DuckDBPyConnection) -> None:
    n_leads = _one(db, "select count(*) from leads")
    case_dups = _one(
        db,
        """
        select count(*) from (select lower(email) from leads where email is not null
                              group by 1 having count(distinct email) > 1)""",
    )
    assert 0.01 * n_leads <= case_dups <= 0.04 * n_leads, case_dups
    # the duplicate record is the later one and carries some of the person's activities
    assert (
        _one(
            db,
            """
        with d as (select lead_id, row_number() over (partition by lower(email) order by created_at) as k
                   from leads where email is not null and created_at is not null)
        select count(distinct a.lead_id) from activities a join d using (lead_id) where d.k > 1""",
        )
        > 0
    )
    n_act = _one(db, "select count(*) from activities")
    dup_rows = _one(
        db,
        """
        select sum(c - 1) from (select count(*) as c from activities
                                group by lead_id, activity_type, occurred_at having c > 1)""",
    )
    assert 0.005 * n_act <= dup_rows <= 0.03 * n_act, dup_rows
    orphans = _one(db, "select count(*) from activities where lead_id not in (select lead_id from leads)")
    assert 0.002 * n_act <= orphans <= 0.01 * n_act, orphans
    junk = _one(
        db,
        "select count(*) from activities where activity_type is null or activity_type in "
        "('', 'test_event', 'null', 'N/A')",
    )
    assert 0.002 * n_act <= junk <= 0.01 * n_act, junk
    assert _one(db, "select count(*) from activities where year(occurred_at) = 2099") >= 1
    assert _one(db, "select count(*) from leads where created_at is null") >= 1
    assert _one(db, "select count(*) from opportunities where amount < 0") >= 1
    assert (
        _one(
            db,
            """select count(*) from leads where account_id is not null
                       and account_id not in (select account_id from accounts)""",
        )
        >= 1
    )
    assert _one(db, "select count(distinct country) from leads") > 20
    assert _one(db, "select count(*) from activities where activity_type = 'Chat Started'") > 0


def test_bots_burst_and_students_use_edu_addresses(db: duckdb.DuckDBPyConnection) -> None:
    bursts = _one(
        db,
        """
        select count(*) from (
            select lead_id, date_trunc('minute', occurred_at) from activities
            where activity_type = 'Page View' group by all having count(*) >= 10)""",
    )
    assert bursts > 0
    edu = _one(
        db,
        """
        select avg((email ilike '%.edu' or email ilike '%.ac.uk')::int) from leads
        where lower(trim(job_title)) = 'student'""",
    )
    assert edu > 0.6, edu
