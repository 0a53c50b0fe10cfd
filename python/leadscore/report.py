"""The HTML report and the model card, written from the warehouse marts.

`python -m leadscore report [--out reports]` writes reports/leadscore_report.html
(one self-contained file: inline CSS, SVG charts, a few lines of JS) and
reports/model_card_<version>.md for the active model version.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path

import duckdb
import pandas as pd

from leadscore import charts

CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1200px;color:#111}
h1{margin-bottom:.2rem}.sub{color:#555;margin-top:0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:1.5rem}
figure{margin:0;border:1px solid #ddd;border-radius:8px;padding:.5rem}figcaption{font-weight:600;margin:.3rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}td,th{border-bottom:1px solid #eee;padding:.25rem .5rem;
text-align:left}th{cursor:pointer;background:#f6f6f6}.axis,.tick,.legend{font-size:11px;fill:#333}
.flag{color:#b91c1c;font-weight:600}
"""

CHECK_JS = """
<script>
// A chart with no marks is a broken chart: say so where a person and a browser test can see it.
const charts = [...document.querySelectorAll('svg.chart')];
const empty = charts.filter(c => c.querySelectorAll('.mark').length === 0).map(c => c.getAttribute('aria-label'));
document.body.dataset.charts = String(charts.length);
document.body.dataset.emptyCharts = empty.join('|');
document.body.dataset.ready = empty.length === 0 ? 'ok' : 'empty-charts';
document.querySelectorAll('table.sortable th').forEach((th, i) => th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0];
  const rows = [...body.rows].sort((a, b) => {
    const x = a.cells[i].innerText, y = b.cells[i].innerText;
    return isNaN(x) || isNaN(y) ? x.localeCompare(y) : Number(y) - Number(x);
  });
  rows.forEach(r => body.appendChild(r));
}));
</script>
"""


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "" if pd.isna(value) else f"{value:.4g}"
    return "" if value is None else str(value)


def _table(frame: pd.DataFrame, sortable: bool = False) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = "".join("<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    css_class = "sortable" if sortable else ""
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _figure(caption: str, svg: str) -> str:
    return f"<figure><figcaption>{escape(caption)}</figcaption>{svg}</figure>"


def build_charts(q) -> list[str]:
    lift = q("select model, decile, lift from model_lift_by_decile order by decile")
    calibration = q("select mean_probability, observed_rate from model_calibration_curve order by bin")
    threshold = q("select threshold, precision, recall from model_threshold_curve order by threshold")
    scores = q("""select floor(least(score, 99) / 10) * 10 as band, count(*) as leads
                  from lead_scores group by 1 order by 1""")
    tiers = q("select tier, conversion_rate from tier_conversion order by tier_rank")
    legacy = q("select policy, share_of_conversions from legacy_vs_model order by policy desc")
    drift = q("select feature_name, psi from monitoring_feature_drift order by psi desc limit 10")
    deciles = sorted(lift.decile.unique())
    return [
        _figure("Lift by decile (test split)", charts.bars(
            "lift by decile", [str(d) for d in deciles],
            {m: lift[lift.model == m].sort_values("decile").lift.tolist() for m in ("champion", "legacy_rules")},
            "decile (1 = highest ranked 10%)", "lift over base rate")),
        _figure("Calibration (test split, 20 equal-size bins)", charts.lines(
            "calibration curve", {"model": list(zip(calibration.mean_probability, calibration.observed_rate,
                                                     strict=True))},
            "mean predicted probability", "observed conversion rate", diagonal=True)),
        _figure("Routing threshold (test split)", charts.lines(
            "threshold curve", {"precision": list(zip(threshold.threshold, threshold.precision.fillna(0),
                                                      strict=True)),
                                "recall": list(zip(threshold.threshold, threshold.recall.fillna(0), strict=True))},
            "score threshold", "share")),
        _figure("Score distribution (open leads now)", charts.bars(
            "score distribution", [f"{int(b)}-{int(b) + 9}" for b in scores.band], {"leads": scores.leads.tolist()},
            "score band", "leads")),
        _figure("Conversion by tier (test split)", charts.bars(
            "tier conversion", tiers.tier.tolist(), {"conversion rate": tiers.conversion_rate.tolist()},
            "tier", "conversion rate")),
        _figure("Top 20% of leads: share of conversions reached", charts.bars(
            "legacy vs model", legacy.policy.tolist(), {"share": legacy.share_of_conversions.tolist()},
            "policy", "share of all conversions")),
        _figure("Feature drift: largest PSI (current vs latest labelled period)", charts.bars(
            "feature drift", [f.replace("f_", "").split("__")[-1][:14] for f in drift.feature_name],
            {"psi": drift.psi.tolist()}, "feature", "PSI")),
    ]


def write_report(db: Path, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        def q(sql: str) -> pd.DataFrame:
            return con.execute(sql).df()

        registry = q("select * from model_registry where status = 'active'").iloc[0]
        performance = q("""select model, auc, pr_auc, log_loss, brier, ece, lift_at_10pct, lift_at_20pct,
                                  capture_at_20pct from model_performance_summary order by sort_order""")
        top = q("""select lead_id, score, round(conversion_probability, 4) as probability, tier, action, trend,
                          reasons_text from lead_scores order by conversion_probability desc limit 25""")
        quality = q("""select table_name, check_name, failing_rows, outcome from data_quality_scorecard
                       where failing_rows > 0 order by failing_rows desc""")
        leakage = q("""select audited_item, item_name, evidence_count, round(measure, 3) as measure, threshold,
                              coalesce(excluded_because, 'kept') as decision from leakage_audit
                       where audited_item = 'lead_field'
                          or (is_excluded and excluded_because not like 'not engagement%')
                       order by audited_item, evidence_count desc""")
        fairness = q("""select dimension, segment, snapshots, selection_rate, precision, mean_probability,
                               observed_rate, is_flagged from segment_fairness order by dimension, snapshots desc""")
        triggers = q("select check_name, measured, threshold, fired, detail from retrain_triggers")
        scored_at = q("select max(scored_at) from lead_scores").iloc[0, 0]
        figures = build_charts(q)
    finally:
        con.close()

    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>leadscore report</title>
<style>{CSS}</style></head><body>
<h1>leadscore report</h1>
<p class="sub">Scores as of {escape(str(scored_at))} · model {escape(registry.model_version)}
(calibration: {escape(str(registry.calibration_method))}) · written {datetime.now(UTC):%Y-%m-%d %H:%M} UTC</p>
<h2>Model vs challenger vs legacy rules (held-out test split)</h2>{_table(performance)}
<div class="grid">{"".join(figures)}</div>
<h2>Top 25 open leads</h2>{_table(top, sortable=True)}
<h2>Retraining checks</h2>{_table(triggers)}
<h2>Fairness by segment</h2>{_table(fairness, sortable=True)}
<h2>Data quality</h2>{_table(quality)}
<h2>Leakage rules: what never reaches the model</h2>{_table(leakage)}
{CHECK_JS}</body></html>"""
    report = out / "leadscore_report.html"
    report.write_text(html, encoding="utf-8")
    card = out / f"model_card_{registry.model_version}.md"
    card.write_text(model_card(registry, performance, fairness, leakage), encoding="utf-8")
    return report, card


def _markdown(frame: pd.DataFrame) -> str:
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


KIND_TEXT = {
    "logistic": "Logistic regression on standardised point-in-time features",
    "additive": "Additive model (an Explainable Boosting Machine: one monotone-where-expected shape per feature "
                "and a few pairwise interactions) on point-in-time features",
}


def model_card(registry: pd.Series, performance: pd.DataFrame, fairness: pd.DataFrame,
               leakage: pd.DataFrame) -> str:
    flagged = fairness[fairness.is_flagged]
    excluded = leakage[leakage.decision != "kept"]
    splits = pd.DataFrame([(split, registry[f"window_{split}_from"], registry[f"window_{split}_to"],
                            f'{registry[f"rows_{split}"]:,.0f}', f'{registry[f"positives_{split}"]:,.0f}')
                           for split in ("train", "valid", "test")],
                          columns=["split", "from", "to", "rows", "conversions"])
    return f"""# Model card: leadscore conversion model {registry.model_version}

## What it predicts
Calibrated probability that an open lead converts (first opportunity, or
closed-won per `conversion_definition`) within the label window after the
scoring instant. {KIND_TEXT.get(str(registry.champion_kind), KIND_TEXT["logistic"])}, then
{registry.calibration_method} calibration; the champion of the two candidates (var champion); trained
{registry.trained_at} because: {registry.trained_because}.

## Data
{_markdown(splits)}

Features: {registry.features:.0f} (see `seeds/feature_catalog.csv`). Training rows may be a reweighted
sample (`max_train_rows`).

## Performance on the held-out test split
{_markdown(performance)}

## Fairness
Segments (industry, company size, region, seniority) whose mean predicted
probability misses their observed conversion rate by more than
`fairness_max_calibration_gap`: {len(flagged)} of {len(fairness)}.
{"".join(f"- {r.dimension} = {r.segment}: predicted {r.mean_probability:.3f}, observed {r.observed_rate:.3f}" + chr(10)
         for r in flagged.itertuples())}
## Known limits
- Leakage rules (`leakage_audit`): sales-driven activity types, types crowding into the hours before conversion
  and lead fields filled in at conversion are kept out; here: {", ".join(
      f"{r.item_name} ({r.decision})" for r in excluded.itertuples()) or "none"}.
- Firmographics, title, source and country are current state (no history in the contract); a value a rep
  overwrites after a deal would leak unseen.
- Sales touches are never features (they follow qualification); uplift comes from the randomised holdout only.
- Leads older than `max_lead_age_days` are scored by extrapolation (their age is clipped to the training range).
- Scores describe the population the model was trained on; watch `retrain_triggers` and `monitoring_feature_drift`.
"""
