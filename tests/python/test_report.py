"""The HTML report, checked the way a person would: rendered in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from helpers import Warehouse
from leadscore.report import write_report

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"]


def chromium(*args: str) -> subprocess.CompletedProcess:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.fail("chromium is not installed: `make test` installs Debian's package (make chromium)")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def report(warehouse: Warehouse) -> tuple[Path, Path]:
    return write_report(warehouse.db, warehouse.out / "reports")


def test_report_renders_every_chart_without_script_errors(report: tuple[Path, Path]) -> None:
    html, _ = report
    rendered = chromium("--dump-dom", html.as_uri())
    body = re.search(r"<body[^>]*>", rendered.stdout)
    assert body, rendered.stderr[-2000:]
    assert 'data-ready="ok"' in body.group(0), f"empty charts: {body.group(0)}"
    assert 'data-charts="7"' in body.group(0)
    assert "Uncaught" not in rendered.stderr, rendered.stderr[-2000:]
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "report.png"
    screenshot.unlink(missing_ok=True)
    chromium("--window-size=1280,2400", f"--screenshot={screenshot}", html.as_uri())
    assert screenshot.stat().st_size > 50_000, "a rendered page with charts, not a blank one"


def test_an_empty_chart_is_reported_by_the_page_itself(report: tuple[Path, Path], tmp_path: Path) -> None:
    html, _ = report
    broken = tmp_path / "broken.html"
    broken.write_text(re.sub(r'class="mark"', 'class="nomark"', html.read_text(), count=40), encoding="utf-8")
    body = re.search(r"<body[^>]*>", chromium("--dump-dom", broken.as_uri()).stdout).group(0)
    assert 'data-ready="empty-charts"' in body


def test_model_card_describes_the_active_version(report: tuple[Path, Path], warehouse: Warehouse) -> None:
    _, card = report
    version = warehouse.query("select model_version from model_registry where status = 'active'").iloc[0, 0]
    text = card.read_text()
    assert version in card.name and version in text
    assert "| champion |" in text and "| legacy_rules |" in text
    assert "## Fairness" in text and "## Known limits" in text
