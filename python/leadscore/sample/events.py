"""The activity streams: e-mail, browsing, the buying ramp, trials and product use,
tire-kickers, bots and post-conversion events, censored at the export instant.

This is where the signal a model should find is planted (engagement ramping up before
the opportunity), alongside the look-alikes it must tell apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from leadscore.sample.config import Config
from leadscore.sample.draws import (
    _before,
    _cumsum_within,
    _decaying_counts_and_ages,
    _path_codes,
    _rank_within,
    _repeat_index,
)
from leadscore.sample.people import People
from leadscore.sample.plan import Plan
from leadscore.sample.vocab import (
    _POOL_SLICES,
    BOT,
    BUYER,
    CASE_STUDY,
    CHAT,
    CONTENT_DOWNLOAD,
    CONTRACT,
    DEMO,
    EMAIL_CLICK,
    EMAIL_OPEN,
    FEATURE,
    FORM_SUBMIT,
    INTEGRATION,
    INVOICE,
    LOGIN,
    ONBOARDING,
    PAGE_VIEW,
    PRICING,
    TEAMMATE,
    TIRE_KICKER,
    TRIAL,
    UNSUBSCRIBE,
    WEBINAR_ATT,
    WEBINAR_REG,
)


@dataclass
class Events:
    """Columnar accumulator of activity rows; lead is a chunk-local index."""

    lead: list[np.ndarray] = field(default_factory=list)
    kind: list[np.ndarray] = field(default_factory=list)
    at: list[np.ndarray] = field(default_factory=list)
    duration: list[np.ndarray] = field(default_factory=list)  # -1 = null
    path: list[np.ndarray] = field(default_factory=list)  # -1 = null

    def add(
        self,
        lead: np.ndarray,
        kind: int | np.ndarray,
        at: np.ndarray,
        duration: np.ndarray | None = None,
        path: np.ndarray | None = None,
    ) -> None:
        size = lead.size
        self.lead.append(lead.astype(np.int64))
        self.kind.append(np.broadcast_to(np.asarray(kind, dtype=np.int64), (size,)).copy())
        self.at.append(at.astype(np.float64))
        self.duration.append(np.full(size, -1, np.int64) if duration is None else duration.astype(np.int64))
        self.path.append(np.full(size, -1, np.int64) if path is None else path.astype(np.int64))

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            name: np.concatenate(getattr(self, name)) if getattr(self, name) else np.empty(0)
            for name in ("lead", "kind", "at", "duration", "path")
        }


def _page_seconds(rng: np.random.Generator, size: int) -> np.ndarray:
    return np.clip(rng.lognormal(np.log(45.0), 1.0, size), 1, 1800)


def _email_stream(rng: np.random.Generator, cfg: Config, p: People, plan: Plan, ev: Events) -> None:
    """Two mailings a week; opens fade with interest, clicks are 10-25% of opens."""
    open_rate = np.array([0.40, 0.15, 0.25, 0.25, 0.20, 0.0])[plan.segment]
    tau = np.array([365.0, 45.0, 240.0, 240.0, 120.0, 1.0])[plan.segment]
    stop = np.minimum(cfg.end_day, plan.unsubscribed)
    counts, ages = _decaying_counts_and_ages(rng, 2.0 / 7.0 * open_rate * cfg.activity_scale, stop - p.created, tau)
    lead = _repeat_index(counts)
    opened = p.created[lead] + ages
    ev.add(lead, EMAIL_OPEN, opened)
    click_rate = np.array([0.22, 0.08, 0.12, 0.10, 0.10, 0.0])[plan.segment]
    clicked = rng.random(lead.size) < click_rate[lead]
    n_click = int(clicked.sum())
    ev.add(
        lead[clicked],
        EMAIL_CLICK,
        opened[clicked] + rng.exponential(5 / 1440, n_click),
        path=_path_codes(rng, "content", n_click),
    )
    unsub = np.flatnonzero(np.isfinite(plan.unsubscribed))
    ev.add(unsub, UNSUBSCRIBE, plan.unsubscribed[unsub])


def _browsing_stream(rng: np.random.Generator, cfg: Config, p: People, plan: Plan, ev: Events) -> None:
    """Background website sessions of everyone but bots, fading with the lead's age."""
    rate = np.array([0.05, 0.05, 0.06, 0.05, 0.09, 0.0])[plan.segment] * cfg.activity_scale
    tau = np.array([120.0, 20.0, 120.0, 90.0, 60.0, 1.0])[plan.segment]
    counts, ages = _decaying_counts_and_ages(rng, rate, cfg.end_day - p.created, tau)
    session_lead = _repeat_index(counts)
    session_at = p.created[session_lead] + ages
    views = 1 + rng.poisson(1.5, session_lead.size)
    owner = _repeat_index(views)
    # page views inside a session are a few minutes apart
    at = session_at[owner] + _cumsum_within(rng.exponential(2 / 1440, owner.size), views)
    # Anyone may glance at pricing while browsing, so a pricing view alone is weak evidence.
    pricing = rng.random(owner.size) < 0.06
    path = np.where(pricing, _POOL_SLICES["pricing"][0], _path_codes(rng, "marketing", owner.size))
    ev.add(session_lead[owner], np.where(pricing, PRICING, PAGE_VIEW), at, _page_seconds(rng, owner.size), path)

    content_rate = np.array([0.006, 0.002, 0.006, 0.005, 0.03, 0.0])[plan.segment]
    counts, ages = _decaying_counts_and_ages(rng, content_rate, cfg.end_day - p.created, tau)
    lead = _repeat_index(counts)
    ev.add(lead, CONTENT_DOWNLOAD, p.created[lead] + ages, path=_path_codes(rng, "content", lead.size))

    webinar_rate = np.array([0.0, 0.0, 0.002, 0.002, 0.004, 0.0])[plan.segment]
    counts, ages = _decaying_counts_and_ages(rng, webinar_rate, cfg.end_day - p.created, tau)
    lead = _repeat_index(counts)
    _webinars(rng, ev, lead, p.created[lead] + ages)


def _webinars(rng: np.random.Generator, ev: Events, lead: np.ndarray, registered: np.ndarray) -> None:
    """Registration, then attendance by about 60% of registrants a few days later."""
    path = _path_codes(rng, "webinar", lead.size)
    ev.add(lead, WEBINAR_REG, registered, path=path)
    went = rng.random(lead.size) < 0.6
    ev.add(
        lead[went],
        WEBINAR_ATT,
        registered[went] + 1 + rng.random(int(went.sum())) * 9,
        rng.integers(1800, 4000, int(went.sum())),
        path[went],
    )


def _ramp(
    rng: np.random.Generator, cfg: Config, p: People, plan: Plan, ev: Events, who: np.ndarray, intensity: float
) -> None:
    """The buying journey: engagement that intensifies towards the buying moment.

    Each milestone sits an exponential distance before the moment with a scale that
    shrinks along the funnel (content ~30 days before, pricing ~10, demo ~3), which is
    what makes recency, velocity and sequence features informative.
    """
    anchor, floor = plan.moment[who], p.created[who]

    def milestone(kind: int, lam: float, scale: float, pool: str, base: int = 0, seconds: bool = False) -> None:
        counts = base + rng.poisson(lam * intensity, who.size)
        owner = _repeat_index(counts)
        at = _before(rng, anchor[owner], floor[owner], scale)
        dur = _page_seconds(rng, owner.size) if seconds else None
        ev.add(who[owner], kind, at, dur, _path_codes(rng, pool, owner.size))

    milestone(PAGE_VIEW, 10.0 * cfg.activity_scale, 20.0, "marketing", seconds=True)
    milestone(CONTENT_DOWNLOAD, 1.5, 30.0, "content")
    milestone(CASE_STUDY, 1.5, 18.0, "case_study", seconds=True)
    milestone(PRICING, 2.5, 10.0, "pricing", base=1, seconds=True)
    milestone(EMAIL_CLICK, 1.5, 14.0, "content")
    for kind, share, scale, pool in (
        (DEMO, 0.55, 3.0, "demo"),
        (FORM_SUBMIT, 0.45, 5.0, "form"),
        (CHAT, 0.25, 8.0, "chat"),
    ):
        hit = rng.random(who.size) < share * min(1.0, intensity * 1.2)
        n_hit = int(hit.sum())
        ev.add(who[hit], kind, _before(rng, anchor[hit], floor[hit], scale), path=_path_codes(rng, pool, n_hit))
    reg = rng.random(who.size) < 0.3 * intensity
    _webinars(rng, ev, who[reg], _before(rng, anchor[reg], floor[reg], 35.0))


def _product_days(rng: np.random.Generator, ev: Events, lead: np.ndarray, day_at: np.ndarray) -> None:
    """One active day = a login followed by a burst of feature use minutes apart."""
    ev.add(lead, LOGIN, day_at, path=_path_codes(rng, "app", lead.size))
    uses = rng.poisson(2.0, lead.size)
    owner = _repeat_index(uses)
    at = day_at[owner] + _cumsum_within(rng.exponential(6 / 1440, owner.size), uses)
    ev.add(lead[owner], FEATURE, at, path=_path_codes(rng, "feature", owner.size))


def _trial_stream(rng: np.random.Generator, cfg: Config, p: People, plan: Plan, ev: Events) -> None:
    """Trial signup and product usage: converters use it on many days before converting.

    Buyers who convert log in on several days between signup and the opportunity and
    connect integrations and invite teammates; stalled buyers and curious non-buyers
    try it briefly. Customers (won or still open deals) keep using it afterwards.
    """
    who = np.flatnonzero(plan.trial)
    start = plan.trial_start[who]
    ev.add(who, TRIAL, start, path=_path_codes(rng, "signup", who.size))
    buyer = plan.segment[who] == BUYER
    converting = buyer & plan.converts[who]
    span = np.where(buyer, np.maximum(plan.moment[who] - start, 0.05), 14.0)
    span = np.where(buyer & ~converting, np.minimum(span, 30.0), span)
    s = cfg.activity_scale
    n_days = 1 + np.where(
        converting,
        rng.poisson(8.0 * s, who.size),
        np.where(buyer, rng.poisson(4.0 * s, who.size), rng.poisson(1.5 * s, who.size)),
    )
    owner = _repeat_index(n_days)
    _product_days(rng, ev, who[owner], start[owner] + rng.random(owner.size) * span[owner])
    for kind, lam_conv, lam_other in ((INTEGRATION, 1.5, 0.2), (TEAMMATE, 2.0, 0.3)):
        counts = rng.poisson(np.where(converting, lam_conv, lam_other))
        owner = _repeat_index(counts)
        pool = "integration" if kind == INTEGRATION else "app"
        ev.add(
            who[owner],
            kind,
            start[owner] + rng.random(owner.size) * span[owner],
            path=_path_codes(rng, pool, owner.size),
        )

    customer = np.flatnonzero(plan.has_opp & (plan.won | (plan.close >= cfg.end_day)))
    n_days = rng.poisson(0.12 * 180.0 * s * (1.0 + plan.trial[customer]), customer.size)
    owner = _repeat_index(n_days)
    _product_days(rng, ev, customer[owner], plan.moment[customer][owner] + 0.01 + rng.random(owner.size) * 180.0)


def _tire_kicker_stream(rng: np.random.Generator, p: People, plan: Plan, ev: Events) -> None:
    """A look at pricing within days of arriving, a few pages around it, then silence."""
    who = np.flatnonzero(plan.segment == TIRE_KICKER)
    visit = p.created[who] + rng.exponential(7.0, who.size)
    for kind, base, lam, pool in (
        (PRICING, 1, 1.0, "pricing"),
        (PAGE_VIEW, 1, 2.0, "marketing"),
        (CASE_STUDY, 0, 0.3, "case_study"),
    ):
        counts = base + rng.poisson(lam, who.size)
        owner = _repeat_index(counts)
        at = visit[owner] + rng.exponential(20 / 1440, owner.size)
        ev.add(who[owner], kind, at, _page_seconds(rng, owner.size), _path_codes(rng, pool, owner.size))


def _bot_stream(rng: np.random.Generator, cfg: Config, p: People, plan: Plan, ev: Events) -> None:
    """Crawlers: bursts of dozens of page views seconds apart, no e-mail engagement."""
    who = np.flatnonzero(plan.segment == BOT)
    bursts = 1 + rng.poisson(1.5, who.size)
    b_owner = _repeat_index(bursts)
    b_at = p.created[who][b_owner] + rng.random(b_owner.size) * 60.0
    views = 15 + rng.poisson(25.0, b_owner.size)
    owner = _repeat_index(views)
    at = b_at[owner] + _cumsum_within(rng.exponential(3 / 86_400, owner.size), views)
    ev.add(
        who[b_owner][owner], PAGE_VIEW, at, rng.integers(0, 2, owner.size), _path_codes(rng, "marketing", owner.size)
    )
    spam = rng.random(who.size) < 0.2
    ev.add(
        who[spam],
        FORM_SUBMIT,
        p.created[who[spam]] + rng.random(int(spam.sum())) * 30.0,
        path=_path_codes(rng, "form", int(spam.sum())),
    )


def _post_conversion_stream(rng: np.random.Generator, plan: Plan, ev: Events) -> None:
    """Won deals: contract at close, onboarding calls, then monthly or annual invoices.

    These only ever follow the opportunity, which is exactly what the pipeline's leakage
    audit must detect for types it does not know.
    """
    who = np.flatnonzero(plan.has_opp & plan.won)
    close = plan.close[who]
    ev.add(who, CONTRACT, close)
    calls = 1 + rng.binomial(1, 0.4, who.size)
    owner = _repeat_index(calls)
    ev.add(
        who[owner],
        ONBOARDING,
        close[owner] + 1 + rng.exponential(7.0, owner.size),
        rng.normal(2700, 600, owner.size).clip(600, 5400),
    )
    monthly = rng.random(who.size) < 0.5
    invoices = np.where(monthly, 12, 2)
    owner = _repeat_index(invoices)
    step = np.where(monthly, 30.0, 365.0)[owner]
    ev.add(who[owner], INVOICE, close[owner] + 5 + _rank_within(invoices) * step + rng.random(owner.size))


def _simulate_events(rng: np.random.Generator, cfg: Config, p: People, plan: Plan) -> dict[str, np.ndarray]:
    """All activity streams, censored at the export instant."""
    ev = Events()
    _email_stream(rng, cfg, p, plan, ev)
    _browsing_stream(rng, cfg, p, plan, ev)
    buyers = np.flatnonzero(plan.segment == BUYER)
    converting = plan.converts[buyers]
    _ramp(rng, cfg, p, plan, ev, buyers[converting], 1.0)
    _ramp(rng, cfg, p, plan, ev, buyers[~converting], 0.6)  # stalled: same start, thinner, no deal
    surprise = np.flatnonzero(plan.converts & (plan.segment != BUYER))
    _ramp(rng, cfg, p, plan, ev, surprise, 0.35)
    _trial_stream(rng, cfg, p, plan, ev)
    _tire_kicker_stream(rng, p, plan, ev)
    _bot_stream(rng, cfg, p, plan, ev)
    _post_conversion_stream(rng, plan, ev)
    out = ev.arrays()
    keep = out["at"] < cfg.end_day
    return {k: v[keep] for k, v in out.items()}
