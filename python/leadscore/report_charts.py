"""The report's charts: altair specs rendered to static SVG offline by vl-convert.

Every builder takes a small frame (None: its table is missing) and returns a
`Figure`, or None when there is nothing to draw: the page then says why instead of showing empty axes.
`Figure.marks` counts the data rows drawn, so the page (and its browser test)
can tell a drawn chart from an empty one without trusting the SVG alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import altair as alt
import pandas as pd
import vl_convert

WIDTH, HEIGHT = 460, 240
TIER_ORDER = ["Hot", "Warm", "Cool", "Cold"]
TIER_COLOURS = ["#dc2626", "#f97316", "#60a5fa", "#94a3b8"]
PSI_RULES = pd.DataFrame({"psi": [0.1, 0.25], "meaning": ["0.1: watch", "0.25: act"]})


@dataclass(frozen=True)
class Figure:
    caption: str
    svg: str
    marks: int


def _render(caption: str, chart: alt.TopLevelMixin, marks: int) -> Figure:
    spec = chart.configure_view(stroke=None).configure_axis(labelLimit=240).configure_legend(labelLimit=0).to_json()
    return Figure(caption, vl_convert.vegalite_to_svg(spec), marks)


def _colour(column: str) -> alt.Color:
    """Tiers in their fixed order and colours, effects green up and red down, anything else by default."""
    scales = {"tier": alt.Scale(domain=TIER_ORDER, range=TIER_COLOURS),
              "effect": alt.Scale(domain=["raises", "lowers"], range=["#16a34a", "#dc2626"])}
    return alt.Color(f"{column}:N", title=column, scale=scales.get(column, alt.Undefined))


def feature_label(name: str, catalog: pd.DataFrame | None) -> str:
    """A readable name for a model feature (`f_window__pricing_view_30d` ->
    'Pricing page views in the last 30 days'): the first rule of
    seeds/feature_catalog.csv that matches, its N filled in, its level named;
    without a catalog, the name less its prefixes."""
    rules = () if catalog is None else catalog.sort_values("rule_order").itertuples()
    for rule in rules:
        match = re.match(rule.feature_regex, name)
        if not match:
            continue
        numbers = [g for g in match.groups() if g.isdigit()]
        levels = [g.replace("_", " ") for g in match.groups() if not g.isdigit()]
        meaning = re.sub(r"\bN\b", numbers[0], rule.meaning) if numbers else str(rule.meaning)
        if levels and numbers:  # the level first: long labels are cut at the end
            return f"{levels[0].capitalize()}: {meaning[0].lower()}{meaning[1:]}"
        if levels:
            return f"{str(rule.topic).replace('{1}', levels[0]).capitalize()}: {levels[-1]}"
        return meaning
    return re.sub(r"^f_[a-z]+__", "", name).replace("_", " ")


def readable(text: object, catalog: pd.DataFrame | None) -> object:
    """`text` with every feature name in it (f_...) replaced by its readable name."""
    return re.sub(r"\bf_\w+", lambda m: feature_label(m.group(), catalog), text) if isinstance(text, str) else text


def bars(caption: str, frame: pd.DataFrame | None, category: str, value: str, *, x_title: str, y_title: str,
         fmt: str = ",.0f", colour: str | None = None, rules: pd.DataFrame | None = None) -> Figure | None:
    """Horizontal bars with their values printed; `rules` (column `value`,
    `meaning`) draws labelled reference lines."""
    if frame is None or frame.empty:
        return None
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{category}:N", title=y_title, sort=None),
        x=alt.X(f"{value}:Q", title=x_title, axis=alt.Axis(format=fmt)))
    drawn = base.mark_bar(color="#2563eb") if colour is None else base.mark_bar().encode(color=_colour(colour))
    layers = [drawn, base.mark_text(align="left", dx=3).encode(text=alt.Text(f"{value}:Q", format=fmt))]
    if rules is not None:
        rule = alt.Chart(rules).encode(x=f"{value}:Q")
        layers += [rule.mark_rule(color="#b91c1c", strokeDash=[4, 3]),
                   rule.mark_text(color="#b91c1c", align="left", dx=3, y=0, baseline="top").encode(text="meaning:N")]
    return _render(caption, alt.layer(*layers).properties(width=WIDTH, height=max(60, 22 * len(frame))), len(frame))


def capacity(frame: pd.DataFrame | None) -> Figure | None:
    """Leads assigned today per rep (bars) against the rep's daily capacity (tick)."""
    if frame is None or frame.empty:
        return None
    base = alt.Chart(frame).encode(y=alt.Y("rep:N", title=None, sort=None))
    chart = alt.layer(
        base.mark_bar(color="#2563eb").encode(x=alt.X("assigned:Q", title="Hot leads assigned today")),
        base.mark_text(align="left", dx=3).encode(x="assigned:Q", text="assigned:Q"),
        base.mark_tick(color="#111", thickness=3, size=18).encode(x="capacity:Q"),
    ).properties(width=WIDTH, height=max(60, 24 * len(frame)))
    return _render("Hot leads assigned today per rep (bar) against daily capacity (black tick)", chart, len(frame))


def stacked_tiers(caption: str, frame: pd.DataFrame | None, x: str, x_title: str,
                  colour: str = "tier") -> Figure | None:
    """Lead counts per `x`, stacked by `colour` (a tier or an action), with totals."""
    if frame is None or frame.empty:
        return None
    order = TIER_ORDER if x == "tier" else None
    base = alt.Chart(frame).encode(x=alt.X(f"{x}:N", title=x_title, sort=order, axis=alt.Axis(labelAngle=0)))
    totals = alt.Chart(frame).transform_aggregate(leads="sum(leads)", groupby=[x]).encode(
        x=alt.X(f"{x}:N", sort=order), y="leads:Q", text=alt.Text("leads:Q", format=","))
    chart = alt.layer(base.mark_bar().encode(y=alt.Y("sum(leads):Q", title="leads"), color=_colour(colour)),
                      totals.mark_text(dy=-6)).properties(width=WIDTH, height=HEIGHT)
    return _render(caption, chart, len(frame))


def line(caption: str, frame: pd.DataFrame | None, x: str, y: str, *, x_title: str, y_title: str, fmt: str = ".2f",
         series: str | None = None, x_type: str = "T", diagonal: bool = False) -> Figure | None:
    """Points joined by lines, each labelled with its value; `diagonal` draws y = x."""
    if frame is None or frame.empty:
        return None
    colour = alt.Color(f"{series}:N", title=series.replace("_", " ")) if series else alt.value("#2563eb")
    # dates as days: vega's default ticks name weekdays between weekly points
    axis = alt.Axis(format="%Y-%m-%d", labelAngle=0, tickCount=min(len(frame), 8)) if x_type == "T" else alt.Axis()
    base = alt.Chart(frame).encode(x=alt.X(f"{x}:{x_type}", title=x_title, axis=axis),
                                   y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=fmt)), color=colour)
    layers = [base.mark_line(point=True), base.mark_text(dy=-8, fontSize=9).encode(text=alt.Text(f"{y}:Q", format=fmt))]
    if diagonal:
        ends = pd.DataFrame({x: [0.0, float(max(frame[x].max(), frame[y].max()))]})
        layers.insert(0, alt.Chart(ends.assign(**{y: ends[x]})).mark_line(color="#999", strokeDash=[4, 4])
                      .encode(x=f"{x}:Q", y=f"{y}:Q"))
    return _render(caption, alt.layer(*layers).properties(width=WIDTH, height=HEIGHT), len(frame))


def grouped_bars(caption: str, frame: pd.DataFrame | None, x: str, y: str, group: str, *, x_title: str, y_title: str,
                 fmt: str = ".2f") -> Figure | None:
    """Bars side by side per `x`, one per `group`, values printed."""
    if frame is None or frame.empty:
        return None
    base = alt.Chart(frame).encode(x=alt.X(f"{x}:N", title=x_title, axis=alt.Axis(labelAngle=0)),
                                   xOffset=f"{group}:N", y=alt.Y(f"{y}:Q", title=y_title))
    chart = alt.layer(base.mark_bar().encode(color=alt.Color(f"{group}:N", title=group.replace("_", " "))),
                      base.mark_text(dy=-5, fontSize=8).encode(text=alt.Text(f"{y}:Q", format=fmt)))
    return _render(caption, chart.properties(width=WIDTH, height=HEIGHT), len(frame))
