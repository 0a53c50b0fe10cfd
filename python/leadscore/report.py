"""The HTML report and the model card, written from the warehouse marts.

`python -m leadscore report [--out reports]` writes reports/leadscore_report.html
(one self-contained file: inline CSS, static SVG charts, a few lines of JS),
sales first (the headline against the old rules, rep capacity, new Hot leads,
movers, trends, one section per top lead), model quality after, and
reports/model_card_<version>.md for the active model version. A table missing
from the warehouse (no reps, no alerts, no history) leaves its section saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import duckdb
import jinja2
import pandas as pd

from leadscore import report_charts as charts
from leadscore import report_sales as sales
from leadscore.model_card import cell, model_card

Read = Callable[[str], pd.DataFrame | None]


class Crm(NamedTuple):
    """The CRM staging frames that put names on leads; None where the warehouse has none."""

    leads: pd.DataFrame | None
    accounts: pd.DataFrame | None
    reps: pd.DataFrame | None


# what a warehouse without an optional table (or column, or raw file) raises
MISSING = (duckdb.CatalogException, duckdb.BinderException, duckdb.IOException)
TOP_LEADS = 5
TEMPLATES = jinja2.Environment(loader=jinja2.PackageLoader("leadscore", "templates"), autoescape=True,
                               trim_blocks=True, lstrip_blocks=True)
TEMPLATES.filters["cell"] = cell


def _reader(con: duckdb.DuckDBPyConnection) -> Read:
    def read(sql: str) -> pd.DataFrame | None:
        try:
            return con.execute(sql).df()
        except MISSING:
            return None
    return read


def _money(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else f"{v:,.0f}")


def _lead_rows(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """`frame`'s `columns` renamed for people, money without decimals."""
    out = frame.assign(expected_value=_money(frame.expected_value)) if "expected_value" in frame else frame
    return out[list(columns)].rename(columns=columns)


def crm_people(read: Read) -> Crm:
    """From the CRM's staging models: the scored leads' names, owners and
    accounts, the accounts' company names, the reps (None where missing)."""
    return Crm(read("""select lead_id, first_name, last_name, owner_id, account_id from stg_crm__leads
                       where lead_id in (select lead_id from lead_scores)"""),
               read("select account_id, company_name from stg_crm__accounts"),
               read("select rep_id, rep_name, daily_capacity, segment, seniority, is_active from stg_crm__reps"))


def sales_section(read: Read, crm: Crm) -> dict:
    """Headline, tiers and actions, rep load, new Hot leads and movers."""
    leads, accounts, reps = crm
    mix = read("""select tier, replace(action, '_', ' ') as action, count(*) as leads from lead_scores
                 group by 1, 2 order by 1, 2""")
    assigned = read("""select assigned_rep_id as rep_id, count(*) as assigned from lead_scores
                       where assignment_status is not null and scored_at = (select max(scored_at) from lead_scores)
                       group by 1""")
    overflow = read("select count(*) from lead_scores where tier = 'Hot' and assignment_reason like 'over capacity%'")
    alerts = read("""select lead_id, alert_type, message, score, previous_score, assigned_rep_id, expected_value,
                            reasons_text from alerts order by expected_value desc nulls last, score desc, lead_id""")
    scores = read("""select lead_id, score, legacy_score, tier, reasons_text from lead_scores""")
    text, _, _ = sales.headline(
        read("select * from shadow_comparison"),
        read("select policy, share_of_conversions from legacy_vs_model"))
    load = sales.rep_load(assigned, reps) if assigned is not None else None
    columns = {"name": "lead", "company": "company", "owner": "owner", "suggested rep": "suggested rep",
               "score": "score", "previous_score": "was", "expected_value": "expected value",
               "reasons_text": "reasons"}
    new_hot = spikes = up = down = None
    if alerts is not None:
        named = sales.people(alerts, leads, accounts, reps)
        new_hot = _lead_rows(named[named.alert_type == "new_hot"], columns)
        spikes = _lead_rows(named[named.alert_type == "spike"], {"name": "lead", "company": "company",
                                                                  "message": "what happened", "score": "score"})
    if scores is not None and scores.legacy_score.notna().any():
        move = {"name": "lead", "company": "company", "score": "score", "legacy_score": "old points",
                "model rank": "model rank", "rules rank": "rules rank"}
        up, down = (_lead_rows(sales.people(frame, leads, accounts, reps),
                               move | {places: places, "reasons_text": "reasons"})
                    for frame, places in zip(sales.movers(scores), ("places up", "places down"), strict=True))
    return {
        "headline": text,
        "has_reps": reps is not None, "load": load, "overflow": None if overflow is None else int(overflow.iloc[0, 0]),
        "mix": mix, "new_hot": new_hot, "spikes": spikes, "up": up, "down": down,
        "figures": [f for f in (
            charts.stacked_tiers("Open leads by tier and what to do with them", mix, "tier", "tier", "action"),
            charts.capacity(load[load.capacity.notna()]) if load is not None else None) if f],
    }


def _labelled(frame: pd.DataFrame | None, catalog: pd.DataFrame | None) -> pd.DataFrame | None:
    return None if frame is None else frame.assign(feature=[charts.feature_label(f, catalog)
                                                            for f in frame.feature_name])


def trends_section(read: Read, catalog: pd.DataFrame | None) -> dict:
    """Score mix per run, rolling AUC, Hot acceptance, drift and revenue: each
    a figure, or the reason there is none."""
    history = read("""select strftime(scored_at, '%Y-%m-%d') as run, tier, count(*) as leads
                      from lead_score_history group by 1, 2 order by 1""")
    auc = read("""select measured_at, auc, replace(source, '_', ' ') as source from monitoring_rolling_auc
                  order by measured_at""")
    accepted = read("""select feedback_week, sum(accepted) / sum(verdicts) as acceptance_rate
                       from feedback_by_tier where tier = 'Hot' group by 1 order by 1""")
    drift = _labelled(read("select feature_name, psi from monitoring_feature_drift order by psi desc limit 12"),
                      catalog)
    revenue = read("""select tier, sum(pipeline_amount) as pipeline, sum(won_revenue) as "won revenue"
                      from revenue_by_tier group by 1 having sum(leads) > 0""")
    money = None if revenue is None else revenue.melt("tier", var_name="measure", value_name="amount")
    wanted = {
        "score mix per run (lead_score_history)": (history, lambda f: charts.stacked_tiers(
            "Score mix per scoring run", f, "run", "scoring run")),
        "rolling AUC (monitoring_rolling_auc)": (auc, lambda f: charts.line(
            "Ranking quality over time (AUC; 0.5 = coin flip)", f, "measured_at", "auc", x_title="measured",
            y_title="AUC", series="source")),
        "Hot acceptance by reps (feedback_by_tier)": (accepted, lambda f: charts.line(
            "Share of Hot leads reps accepted, by week", f, "feedback_week", "acceptance_rate",
            x_title="week", y_title="accepted", fmt=".0%")),
        "feature drift (monitoring_feature_drift)": (drift, lambda f: charts.bars(
            "Input drift: largest PSI, current leads vs the latest labelled period", f, "feature", "psi",
            x_title="PSI", y_title=None, fmt=".3f", rules=charts.PSI_RULES)),
        "revenue by tier (revenue_by_tier)": (money, lambda f: charts.grouped_bars(
            "Pipeline and won revenue after past runs, by tier at scoring (a lead counts once per run)",
            f, "tier", "amount", "measure",
            x_title="tier at scoring", y_title="amount", fmt=",.0f")),
    }
    figures, missing = [], []
    for name, (frame, draw) in wanted.items():
        figure = draw(frame)
        if figure:
            figures.append(figure)
        else:
            missing.append(f"{name}: {'no table' if frame is None else 'no rows yet'}")
    return {"figures": figures, "missing": missing}


def _largest_terms(terms: pd.DataFrame | None, lead_id: str, catalog: pd.DataFrame | None) -> pd.DataFrame | None:
    """A lead's 8 largest model terms, in words, each raising or lowering its score."""
    if terms is None:
        return None
    mine = terms[terms.lead_id == lead_id]
    mine = mine.loc[mine.contribution.abs().sort_values(ascending=False).index[:8]]
    words = [p if isinstance(p, str) and p else charts.feature_label(t, catalog)
             for t, p in zip(mine.term, mine.phrase, strict=True)]
    return mine.assign(term=words, effect=["raises" if c > 0 else "lowers" for c in mine.contribution])


def top_leads(read: Read, crm: Crm, catalog: pd.DataFrame | None) -> list[dict]:
    """One section per top Hot lead: who, how likely (with its band), the
    trend, and the terms that moved its score, in plain words."""
    top = read(f"""select lead_id, score, conversion_probability, conversion_probability_low,
                          conversion_probability_high, trend, score_change_7d, action, assigned_rep_id,
                          expected_value, reasons_text
                   from lead_scores where tier = 'Hot'
                   order by conversion_probability desc, lead_id limit {TOP_LEADS}""")
    if top is None or top.empty:
        return []
    named = sales.people(top, *crm)
    terms = read(f"""select lead_id, term, contribution, phrase from lead_score_contributions
                     where term <> 'intercept' and lead_id in ({", ".join(f"'{i}'" for i in top.lead_id)})""")
    pages = []
    for lead in named.to_dict("records"):  # records: Jinja reads "suggested rep" from a dict, not a namedtuple
        pages.append({"lead": lead, "figure": charts.bars(
            f"What moves {lead['name']}'s score (log-odds)", _largest_terms(terms, lead["lead_id"], catalog),
            "term", "contribution", x_title="effect on the log-odds of converting", y_title=None, fmt="+.2f",
            colour="effect")})
    return pages


def quality_section(read: Read, catalog: pd.DataFrame | None) -> dict:
    """The model-quality content: held-out performance, the evaluation charts and the audits."""
    triggers = read("select check_name, measured, threshold, fired, detail from retrain_triggers")
    lift = read("select model, decile, lift from model_lift_by_decile where model in ('champion', 'legacy_rules')")
    calibration = read("select mean_probability, observed_rate from model_calibration_curve order by bin")
    threshold = read("""select threshold, 'precision' as measure, coalesce(precision, 0) as share
                        from model_threshold_curve
                        union all
                        select threshold, 'recall', coalesce(recall, 0) from model_threshold_curve""")
    scores = read("""with banded as (select cast(floor(least(score, 99) / 10) * 10 as integer) as low from lead_scores)
                     select low || '-' || (low + 9) as band, count(*) as leads from banded group by low order by low""")
    tiers = read("select tier, conversion_rate from tier_conversion order by tier_rank")
    legacy = read("""select replace(replace(policy, '_top_20pct', ''), '_', ' ') as policy, share_of_conversions
                     from legacy_vs_model order by policy desc""")
    return {
        "performance": read("""select model, auc, pr_auc, log_loss, brier, ece, lift_at_10pct, lift_at_20pct,
                                      capture_at_20pct from model_performance_summary order by sort_order"""),
        "triggers": None if triggers is None else triggers.assign(
            detail=[charts.readable(d, catalog) for d in triggers.detail]),
        "fairness": read("""select dimension, segment, snapshots, selection_rate, precision, mean_probability,
                                   observed_rate, is_flagged from segment_fairness
                            order by dimension, snapshots desc"""),
        "quality": read("""select table_name, check_name, failing_rows, outcome from data_quality_scorecard
                           where failing_rows > 0 order by failing_rows desc"""),
        "leakage": read("""select audited_item, item_name, evidence_count, round(measure, 3) as measure, threshold,
                                  coalesce(excluded_because, 'kept') as decision from leakage_audit
                           where audited_item = 'lead_field'
                              or (is_excluded and excluded_because not like 'not engagement%')
                           order by audited_item, evidence_count desc"""),
        "figures": [f for f in (
            charts.grouped_bars(
                "Lift by decile, test split (1 = the top 10% of leads)", lift, "decile", "lift", "model",
                x_title="decile", y_title="lift over the base rate", fmt=".1f"),
            charts.line(
                "Calibration, test split (dashed: perfect)", calibration, "mean_probability", "observed_rate",
                x_title="mean predicted probability", y_title="observed conversion rate", x_type="Q",
                diagonal=True),
            charts.line(
                "Precision and recall by score threshold, test split", threshold, "threshold", "share",
                x_title="score threshold", y_title="share", series="measure", x_type="Q"),
            charts.bars(
                "Open leads by score band", scores, "band", "leads", x_title="leads", y_title="score band"),
            charts.bars(
                "Conversion rate by tier, test split", tiers, "tier", "conversion_rate", x_title="conversion rate",
                y_title=None, fmt=".1%", colour="tier"),
            charts.bars(
                "Share of conversions reached by the top 20% of leads, test split",
                legacy, "policy", "share_of_conversions", x_title="share of all conversions", y_title=None, fmt=".0%"),
        ) if f],
    }


def write_report(db: Path, out: Path) -> tuple[Path, Path | None]:
    """The report and, when the warehouse has an active model, its model card."""
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        read = _reader(con)
        catalog = read("select rule_order, feature_regex, topic, meaning from feature_catalog")
        crm = crm_people(read)
        registry = read("select * from model_registry where status = 'active'")
        scored_at = read("select max(scored_at) from lead_scores")
        context = {
            "scored_at": None if scored_at is None else scored_at.iloc[0, 0],
            "registry": None if registry is None or registry.empty else registry.iloc[0],
            "written": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "sales": sales_section(read, crm), "trends": trends_section(read, catalog),
            "leads": top_leads(read, crm, catalog), "model": quality_section(read, catalog),
        }
    finally:
        con.close()
    report = out / "leadscore_report.html"
    report.write_text(TEMPLATES.get_template("report.html.j2").render(context), encoding="utf-8")
    model = context["model"]
    if context["registry"] is None or any(model[k] is None for k in ("performance", "fairness", "leakage")):
        return report, None
    card = out / f"model_card_{context['registry'].model_version}.md"
    card.write_text(model_card(context["registry"], model["performance"], model["fairness"], model["leakage"]),
                    encoding="utf-8")
    return report, card
