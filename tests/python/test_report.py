"""The HTML report, checked the way a person would: rendered in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from html import unescape
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from helpers import Warehouse, Warehouses
from leadscore.report import trends_section, write_report
from leadscore.report_charts import feature_label
from leadscore.report_sales import headline, rep_load

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"]
# the sample warehouse: tiers by action and rep load (2), score mix, rolling AUC and drift (3; no Hot
# verdicts after its only run and no past run for revenue), the top 5 Hot leads (5), model quality (6)
CHARTS = 16


def chromium(*args: str) -> subprocess.CompletedProcess:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.fail("chromium is not installed: `make test` installs Debian's package (make chromium)")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)


def body_of(html: Path) -> str:
    """The <body> tag of the page after its script ran (data-ready, data-charts)."""
    return re.search(r"<body[^>]*>", chromium("--dump-dom", html.as_uri()).stdout).group(0)


def text_of(dom: str) -> str:
    """What a reader sees: the DOM less its head, scripts and tags."""
    return unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(head|script)[^>]*>.*?</\1>", "", dom, flags=re.S)))


@pytest.fixture(scope="module")
def report(warehouse: Warehouse) -> tuple[Path, Path]:
    return write_report(warehouse.db, warehouse.out / "reports")


@pytest.fixture(scope="module")
def rendered(report: tuple[Path, Path]) -> subprocess.CompletedProcess:
    return chromium("--dump-dom", report[0].as_uri())


def test_report_renders_every_chart_without_script_errors(report: tuple[Path, Path],
                                                          rendered: subprocess.CompletedProcess) -> None:
    html, _ = report
    body = re.search(r"<body[^>]*>", rendered.stdout)
    assert body, rendered.stderr[-2000:]
    assert 'data-ready="ok"' in body.group(0), f"empty charts: {body.group(0)}"
    assert f'data-charts="{CHARTS}"' in body.group(0)
    assert "Uncaught" not in rendered.stderr, rendered.stderr[-2000:]
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "report.png"
    screenshot.unlink(missing_ok=True)
    chromium("--window-size=1280,4000", f"--screenshot={screenshot}", html.as_uri())
    assert screenshot.stat().st_size > 50_000, "a rendered page with charts, not a blank one"


def test_an_empty_chart_is_reported_by_the_page_itself(report: tuple[Path, Path], tmp_path: Path) -> None:
    page = report[0].read_text()
    no_rows = re.sub(r'data-marks="\d+"', 'data-marks="0"', page, count=1)
    no_marks = re.sub(r"<svg.*?</svg>", "<svg></svg>", page, count=1, flags=re.S)
    for name, broken in {"no_rows": no_rows, "no_marks": no_marks}.items():
        path = tmp_path / f"{name}.html"
        path.write_text(broken, encoding="utf-8")
        assert 'data-ready="empty-charts"' in body_of(path), name


def test_the_headline_comes_first_and_names_both_shares(rendered: subprocess.CompletedProcess,
                                                        warehouse: Warehouse) -> None:
    # the sample has one scoring run, at as_of, so no closed shadow run: the test split's top 20% speaks
    assert warehouse.query("select count(*) from shadow_comparison").iloc[0, 0] == 0
    shares = warehouse.query("select policy, share_of_conversions from legacy_vs_model") \
        .set_index("policy").share_of_conversions
    first = text_of(rendered.stdout).split()[:60]
    sentence = " ".join(first)
    assert sentence.startswith("The model's top 20% of leads caught"), sentence
    assert f"caught {shares['model_top_20pct']:.0%} of conversions" in sentence
    assert f"on a list of the same size, caught {shares['legacy_rules_top_20pct']:.0%}" in sentence


def test_the_headline_reads_the_last_closed_shadow_run() -> None:
    shadow = pd.DataFrame({
        "scored_at": pd.to_datetime(["2026-07-01"] * 4 + ["2026-08-25"] * 2),
        "comparison_group": ["both", "model_only", "legacy_only", "neither", "both", "legacy_only"],
        "window_closed": [True] * 4 + [False] * 2,
        "conversions": [10, 5, 2, 3, 1, 9],
    })
    text, model, rules = headline(shadow, None)
    assert (model, rules) == (0.75, 0.6)
    assert text.startswith("The Hot tier caught 75% of conversions in the last closed run (2026-07-01)")
    assert text.endswith("the old points rules, on a list of the same size, caught 60%.")
    assert headline(None, None)[1:] == (None, None)


def test_trends_draw_every_chart_once_history_has_several_runs() -> None:
    # the sample warehouse has a single run: feed the trend queries what a few weeks of runs give
    weeks = pd.to_datetime(["2026-08-10", "2026-08-17", "2026-08-24"])
    tables = {
        "lead_score_history": pd.DataFrame({"run": ["2026-08-10", "2026-08-17"] * 2, "tier": ["Hot"] * 2 + ["Cold"] * 2,
                                            "leads": [10, 12, 90, 85]}),
        "monitoring_rolling_auc": pd.DataFrame({"measured_at": weeks, "auc": [0.8, 0.82, 0.79],
                                                "source": "backtest"}),
        "feedback_by_tier": pd.DataFrame({"feedback_week": weeks, "acceptance_rate": [0.6, 0.7, 0.5]}),
        "monitoring_feature_drift": pd.DataFrame({"feature_name": ["f_window__pricing_view_30d"], "psi": [0.3]}),
        "revenue_by_tier": pd.DataFrame({"tier": ["Hot", "Warm"], "pipeline": [50_000.0, 20_000.0],
                                         "won revenue": [12_000.0, 3_000.0]}),
    }
    trends = trends_section(lambda sql: next(f for t, f in tables.items() if t in sql), None)
    assert trends["missing"] == []
    assert [f.marks for f in trends["figures"]] == [4, 3, 3, 1, 4]
    drift = trends["figures"][3].svg
    assert "pricing view 30d" in drift and "0.25: act" in drift and "f_window" not in drift


def test_rep_load_counts_every_active_rep_against_capacity() -> None:
    reps = pd.DataFrame({"rep_id": ["R1", "R2", "R3"], "rep_name": ["Ana", "Bo", "Cy"], "daily_capacity": [5, 3, 4],
                         "segment": ["us", None, "de"], "seniority": [2, 1, 1], "is_active": [True, True, False]})
    load = rep_load(pd.DataFrame({"rep_id": ["R1", "R3"], "assigned": [5, 1]}), reps)
    assert load.to_dict("records") == [
        {"rep": "Ana", "segment": "us", "seniority": 2, "assigned": 5, "capacity": 5, "free": 0},
        {"rep": "Bo", "segment": "any", "seniority": 1, "assigned": 0, "capacity": 3, "free": 3}]
    assert rep_load(pd.DataFrame({"rep_id": ["R9"], "assigned": [2]}), None).capacity.isna().all()


def test_new_hot_leads_are_listed_with_name_and_company(rendered: subprocess.CompletedProcess,
                                                        warehouse: Warehouse) -> None:
    top = warehouse.query("""
        select leads.first_name || ' ' || leads.last_name as name, accounts.company_name
        from alerts
        inner join stg_crm__leads as leads on alerts.lead_id = leads.lead_id
        inner join stg_crm__accounts as accounts on leads.account_id = accounts.account_id
        where alerts.alert_type = 'new_hot'
        order by alerts.expected_value desc limit 5""")
    text = text_of(rendered.stdout)
    section = text[text.index("New Hot leads this week"):text.index("Activity spikes")]
    assert len(top) == 5
    for lead in top.itertuples():
        assert lead.name in section and lead.company_name in section, lead


def test_each_top_hot_lead_has_its_section_with_probability_band(rendered: subprocess.CompletedProcess,
                                                                  warehouse: Warehouse) -> None:
    top = warehouse.query("""
        select leads.first_name || ' ' || leads.last_name as name, conversion_probability_low as low,
               conversion_probability_high as high
        from lead_scores inner join stg_crm__leads as leads on lead_scores.lead_id = leads.lead_id
        where tier = 'Hot' order by conversion_probability desc, lead_scores.lead_id limit 5""")
    sections = text_of(rendered.stdout).split("The top Hot leads, explained")[1].split("Model quality")[0]
    assert [name for name in top.name if f"What moves {name}'s score" in sections] == list(top.name)
    for lead in top.itertuples():
        assert f"likely between {100 * lead.low:.0f}% and {100 * lead.high:.0f}%" in " ".join(sections.split())


def test_no_feature_codes_reach_the_reader(rendered: subprocess.CompletedProcess, warehouse: Warehouse) -> None:
    # charts' labels are SVG text and aria-labels, both in the DOM
    assert not re.findall(r"\bf_[a-z]+__\w+", rendered.stdout)
    catalog = warehouse.query("select rule_order, feature_regex, topic, meaning from feature_catalog")
    assert feature_label("f_window__pricing_view_30d", catalog) == "Pricing page views in the last 30 days"
    assert feature_label("f_decay__email_open_hl3d", catalog) == \
        "Email open: time-decayed events of one category (half-life 3 days)"
    assert feature_label("f_firmo__industry_software", catalog) == "Industry: software"
    assert feature_label("f_email__click_rate", None) == "click rate"


def test_a_warehouse_without_reps_alerts_or_history_still_renders(warehouses: Warehouses, warehouse: Warehouse,
                                                                   tmp_path: Path) -> None:
    bare = warehouses.copy(warehouse)
    with duckdb.connect(str(bare.db)) as con:
        con.execute("drop view stg_crm__reps")
        for table in ("alerts", "lead_score_history", "feedback_by_tier", "revenue_by_tier", "shadow_comparison"):
            con.execute(f"drop table {table}")
    html, card = write_report(bare.db, tmp_path)
    assert card is not None
    text = text_of(html.read_text())
    assert "No reps table: capacity unknown" in text
    assert "No alerts table: new Hot leads unknown." in text
    assert "Not drawn: score mix per run (lead_score_history): no table." in text
    assert text.split()[:2] == ["The", "model's"]
    assert 'data-ready="ok"' in body_of(html)


def test_model_card_describes_the_active_version(report: tuple[Path, Path], warehouse: Warehouse) -> None:
    _, card = report
    version = warehouse.query("select model_version from model_registry where status = 'active'").iloc[0, 0]
    text = card.read_text()
    assert version in card.name and version in text
    assert "| champion |" in text and "| legacy_rules |" in text
    assert "## Fairness" in text and "## Known limits" in text
