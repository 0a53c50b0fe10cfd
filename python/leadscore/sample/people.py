"""Who exists: accounts (true firmographics and the exported table) and the people of a
chunk of leads, with their creation instants.

The latent attributes drawn here are what the plan and the event streams condition on;
only part of them reaches the export.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from leadscore.sample.columns import _ids, _take, _timestamps
from leadscore.sample.config import Config
from leadscore.sample.contract import SCHEMAS
from leadscore.sample.dirt import _messy_country
from leadscore.sample.draws import _rank_within, _weighted_choice
from leadscore.sample.vocab import (
    _BOT_SOURCES,
    _COUNTRY_WEIGHTS,
    _INTERN_TITLE,
    _N_REAL_FIRST,
    _NAME_HEADS,
    _NAME_TAILS,
    _SOURCE_WEIGHTS,
    _STUDENT_SOURCES,
    _STUDENT_TITLE,
    _TITLE_SENIORITY,
    _TITLE_TECHNICAL,
    _TITLE_WEIGHTS,
    COMPETITOR,
    CORPORATE,
    COUNTRIES,
    DISPOSABLE,
    EDU,
    FIRST_NAMES,
    FREE,
    INDUSTRIES,
    LAST_NAMES,
    TITLES,
)


# --- accounts --------------------------------------------------------------------------------
@dataclass
class Accounts:
    """True firmographics (used by the simulation) plus the exported, dirtied table."""

    employees: np.ndarray
    industry: np.ndarray
    country: np.ndarray
    lead_weight: np.ndarray
    ids: pa.Array
    domains: pa.Array
    table: pa.Table


def _make_accounts(cfg: Config, rng: np.random.Generator) -> Accounts:
    """About one account per five leads; size is log-normal, revenue follows size."""
    n = max(1, round(cfg.n_leads / 5))
    employees = np.clip(np.round(np.exp(rng.normal(np.log(40), 1.9, n))), 1, 50_000)
    industry = _weighted_choice(rng, np.array([i[1] for i in INDUSTRIES]), n)
    country = rng.choice(len(COUNTRIES), size=n, p=_COUNTRY_WEIGHTS)
    rev_effect = np.array([i[3] for i in INDUSTRIES])[industry]
    revenue = np.round(employees * np.exp(rng.normal(np.log(150_000) + rev_effect, 0.6)), -3)

    head = rng.integers(0, len(_NAME_HEADS), n)
    tail = rng.integers(0, len(_NAME_TAILS), n)
    suffix_pick = rng.random(n)
    suffixes = [s for c in COUNTRIES for s in c[4]]
    suf_off = np.cumsum([0] + [len(c[4]) for c in COUNTRIES])[:-1]
    suf_n = np.array([len(c[4]) for c in COUNTRIES])
    suffix = _take(suffixes, suf_off[country] + (suffix_pick * suf_n[country]).astype(np.int64))
    base_name = pc.binary_join_element_wise(_take(_NAME_HEADS, head), _take(_NAME_TAILS, tail), " ")
    company = pc.utf8_trim_whitespace(pc.binary_join_element_wise(base_name, suffix, " "))

    # Same-named companies exist, but their e-mail domains must differ, or two strangers
    # with the same name would collapse into one person when the pipeline dedupes by e-mail.
    combo = head * len(_NAME_TAILS) + tail
    order = np.argsort(combo, kind="stable")
    counts = np.bincount(combo, minlength=len(_NAME_HEADS) * len(_NAME_TAILS))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = _rank_within(counts[counts > 0])  # sorted order lists combos in ascending code
    tld_pick = np.where(rng.random(n) < 0.5, np.array([c[3] for c in COUNTRIES], dtype=object)[country], ".com")
    slug = pc.utf8_lower(pc.binary_join_element_wise(_take(_NAME_HEADS, head), _take(_NAME_TAILS, tail), ""))
    number = pc.if_else(pa.array(rank > 0), pc.cast(pa.array(rank + 1), pa.string()), "")
    domains = pc.binary_join_element_wise(slug, number, pa.array(tld_pick.astype(str)), "")

    created = np.where(
        rng.random(n) < 0.75,
        cfg.start_day - rng.exponential(500.0, n),
        cfg.start_day + rng.random(n) * cfg.days * 0.8,
    )
    ids = _ids("A", np.arange(1, n + 1), 6)

    # Export dirt: hidden firmographics, and ~0.5% of accounts missing from the export
    # although leads still point at them.
    emp_out = pa.array(employees.astype(np.int64), mask=rng.random(n) < 0.08)
    rev_out = pa.array(revenue, mask=rng.random(n) < 0.15)
    ind_out = _take([i[0] for i in INDUSTRIES], np.where(rng.random(n) < 0.05, -1, industry))
    country_out = _messy_country(rng, np.where(rng.random(n) < 0.05, -1, country))
    # weight 'missing' by lead share so the dropped accounts are ones leads really point at
    weight = employees**0.35  # bigger companies produce more leads
    lead_weight = weight / weight.sum()
    dropped = rng.choice(n, size=max(1, round(0.005 * n)) if n >= 50 else 0, replace=False, p=lead_weight)
    keep = np.ones(n, dtype=bool)
    keep[dropped] = False
    table = pa.table(
        {
            "account_id": ids,
            "company_name": company,
            "industry": ind_out,
            "employee_count": emp_out,
            "annual_revenue": rev_out,
            "country": country_out,
            "created_at": _timestamps(created),
        },
        schema=SCHEMAS["accounts"],
    ).filter(pa.array(keep))
    return Accounts(employees, industry, country, lead_weight, ids, domains, table)


# --- leads -------------------------------------------------------------------------------------
_WEEKDAY_WEIGHT = np.array([1.15, 1.2, 1.15, 1.1, 0.95, 0.35, 0.3])  # Monday first


def _lead_created_days(cfg: Config, rng: np.random.Generator) -> np.ndarray:
    """Creation instants over the window: mild growth, weekday seasonality, office hours.

    Drawn for all leads at once (8 bytes a lead) and sorted, so lead ids rise with
    creation time as a CRM's sequence would.
    """
    offsets = np.arange(cfg.days)
    weekday = (np.floor(cfg.start_day + offsets).astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    weights = (1.0 + 0.6 * offsets / max(cfg.days, 1)) * _WEEKDAY_WEIGHT[weekday]
    day = rng.choice(cfg.days, size=cfg.n_leads, p=weights / weights.sum())
    hour = np.where(rng.random(cfg.n_leads) < 0.8, rng.normal(15.0, 3.5, cfg.n_leads), rng.random(cfg.n_leads) * 24.0)
    created = np.floor(cfg.start_day) + day + np.clip(hour, 0.0, 23.99) / 24.0
    created = np.clip(created, cfg.start_day, cfg.end_day - 1e-3)
    return np.sort(created)


@dataclass
class People:
    """Latent and observable attributes of one chunk of leads (one row per person)."""

    created: np.ndarray
    account: np.ndarray
    employees: np.ndarray
    industry: np.ndarray
    country: np.ndarray
    title: np.ndarray
    seniority: np.ndarray
    technical: np.ndarray
    source: np.ndarray
    email_kind: np.ndarray
    is_bot: np.ndarray
    is_student: np.ndarray
    is_competitor: np.ndarray
    first: np.ndarray
    last: np.ndarray

    @property
    def n(self) -> int:
        return self.created.size


def _draw_people(rng: np.random.Generator, accounts: Accounts, created: np.ndarray) -> People:
    """Who the leads are; bots, students and competitors first, as they override the rest."""
    n = created.size
    kind_draw = rng.random(n)
    is_bot = kind_draw < 0.015
    is_student = (kind_draw >= 0.015) & (kind_draw < 0.045)
    is_competitor = (kind_draw >= 0.045) & (kind_draw < 0.049)
    regular = ~(is_bot | is_student | is_competitor)

    has_account = regular & (rng.random(n) < 0.85)
    account = np.where(has_account, rng.choice(accounts.employees.size, size=n, p=accounts.lead_weight), -1)
    safe = np.maximum(account, 0)
    employees = np.where(has_account, accounts.employees[safe], 1.0)
    industry = np.where(has_account, accounts.industry[safe], -1)
    own_country = rng.choice(len(COUNTRIES), size=n, p=_COUNTRY_WEIGHTS)
    country = np.where(has_account & (rng.random(n) < 0.85), accounts.country[safe], own_country)

    title = _weighted_choice(rng, _TITLE_WEIGHTS, n)
    title = np.where(is_student, np.where(rng.random(n) < 0.9, _STUDENT_TITLE, _INTERN_TITLE), title)
    title = np.where(is_bot & (rng.random(n) < 0.7), len(TITLES) - 2, title)  # bots rarely fill a title

    source = _weighted_choice(rng, _SOURCE_WEIGHTS, n)
    source = np.where(is_bot, rng.choice(_BOT_SOURCES, n), source)
    source = np.where(is_student, rng.choice(_STUDENT_SOURCES, n), source)

    u = rng.random(n)
    email_kind = np.where(
        has_account,
        np.where(u < 0.83, CORPORATE, np.where(u < 0.995, FREE, DISPOSABLE)),
        np.where(u < 0.97, FREE, DISPOSABLE),
    )
    email_kind = np.where(is_student, np.where(u < 0.85, EDU, FREE), email_kind)
    email_kind = np.where(is_bot, np.where(u < 0.5, DISPOSABLE, FREE), email_kind)
    email_kind = np.where(is_competitor, COMPETITOR, email_kind)

    first = rng.integers(0, _N_REAL_FIRST, n)
    first = np.where(is_bot & (rng.random(n) < 0.5), rng.integers(_N_REAL_FIRST, len(FIRST_NAMES), n), first)
    return People(
        created=created,
        account=account,
        employees=employees,
        industry=industry,
        country=country,
        title=title,
        seniority=_TITLE_SENIORITY[title],
        technical=_TITLE_TECHNICAL[title],
        source=source,
        email_kind=email_kind,
        is_bot=is_bot,
        is_student=is_student,
        is_competitor=is_competitor,
        first=first,
        last=rng.integers(0, len(LAST_NAMES), n),
    )


def _size_effect(employees: np.ndarray) -> np.ndarray:
    """Propensity rises with company size up to ~3k employees, then plateaus."""
    return 0.25 * (np.minimum(np.log(employees), 8.0) - 4.0)
