"""Synthetic CRM export for leadscore: seven raw tables shaped like the raw data contract (README).

Why this exists: the dbt project has to be demonstrable and testable without anyone's
real CRM, and the features and models only prove something if the data behaves like a
B2B funnel rather than uniform noise:

* a latent propensity (firmographics, seniority, source, email type) decides who is a
  buyer; buyers' engagement ramps up (content -> case study -> pricing -> demo/trial with
  product usage) in the weeks *before* their opportunity is created;
* tire-kickers, long-tail nurture leads, unsubscribers, students and bots add the
  look-alikes a model must tell apart;
* reps touch leads that look good (confounding), except for a randomised holdout, and
  touches change conversion by a segment-dependent amount (the uplift signal);
* everything is censored at the export instant `end`, as a real export is;
* the dirt of real exports is present (case-variant duplicate leads, duplicate and
  orphan activity rows, re-used activity ids, junk types, future and missing timestamps, missing
  firmographics, messy country names, negative amounts, dangling account ids).

Reproducibility: all randomness comes from numpy Generators seeded by
`SeedSequence([seed, stream, chunk])`; nothing reads the wall clock or relies on hash
order, so the same arguments give byte-identical files. Scale: leads are simulated and
written in fixed chunks of `CHUNK_LEADS`, with numpy doing the per-event work, so memory
stays bounded at a million leads. Internally a timestamp is a float64 count of days since
the Unix epoch (NaN = missing); it becomes whole-second UTC `timestamp[us]` on output.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

DEFAULT_END = datetime(2026, 11, 1, tzinfo=UTC)
# The chunk size is part of the data's identity (each chunk has its own random stream),
# so it is a constant rather than an option: the arguments alone determine the output.
CHUNK_LEADS = 50_000
RE_EXPORTED_ID_EVERY = 1000  # every n-th activity row re-uses the previous row's id
TABLES = (
    "leads",
    "accounts",
    "activities",
    "opportunities",
    "sales_touches",
    "outreach_experiment",
    "lead_feedback",
)
TS = pa.timestamp("us")
SCHEMAS: dict[str, pa.Schema] = {
    "leads": pa.schema(
        [
            ("lead_id", pa.string()),
            ("created_at", TS),
            ("account_id", pa.string()),
            ("email", pa.string()),
            ("first_name", pa.string()),
            ("last_name", pa.string()),
            ("job_title", pa.string()),
            ("lead_source", pa.string()),
            ("country", pa.string()),
            ("utm_campaign", pa.string()),
            ("is_partner_referral", pa.bool_()),
        ]
    ),
    "accounts": pa.schema(
        [
            ("account_id", pa.string()),
            ("company_name", pa.string()),
            ("industry", pa.string()),
            ("employee_count", pa.int64()),
            ("annual_revenue", pa.float64()),
            ("country", pa.string()),
            ("created_at", TS),
        ]
    ),
    "activities": pa.schema(
        [
            ("activity_id", pa.string()),
            ("lead_id", pa.string()),
            ("activity_type", pa.string()),
            ("occurred_at", TS),
            ("duration_seconds", pa.int64()),
            ("page_path", pa.string()),
        ]
    ),
    "opportunities": pa.schema(
        [
            ("opportunity_id", pa.string()),
            ("lead_id", pa.string()),
            ("account_id", pa.string()),
            ("created_at", TS),
            ("stage", pa.string()),
            ("closed_at", TS),
            ("amount", pa.float64()),
        ]
    ),
    "sales_touches": pa.schema(
        [
            ("touch_id", pa.string()),
            ("lead_id", pa.string()),
            ("touched_at", TS),
            ("channel", pa.string()),
            ("rep_id", pa.string()),
        ]
    ),
    "outreach_experiment": pa.schema([("lead_id", pa.string()), ("group_name", pa.string()), ("assigned_at", TS)]),
    "lead_feedback": pa.schema(
        [
            ("feedback_id", pa.string()),
            ("lead_id", pa.string()),
            ("created_at", TS),
            ("verdict", pa.string()),
            ("rep_id", pa.string()),
            ("comment", pa.string()),
        ]
    ),
}

# --- activity vocabulary ---------------------------------------------------------------
# Codes are positions in ACTIVITY_TYPES; the event arrays carry these small ints.
(
    PAGE_VIEW,
    CONTENT_DOWNLOAD,
    CASE_STUDY,
    PRICING,
    DEMO,
    TRIAL,
    LOGIN,
    FEATURE,
    INTEGRATION,
    TEAMMATE,
    EMAIL_OPEN,
    EMAIL_CLICK,
    UNSUBSCRIBE,
    WEBINAR_REG,
    WEBINAR_ATT,
    FORM_SUBMIT,
    CHAT,
    CONTRACT,
    ONBOARDING,
    INVOICE,
) = range(20)
ACTIVITY_TYPES: list[str | None] = [
    "Page View",
    "Content Download",
    "Case Study View",
    "Pricing Page View",
    "Demo Request",
    "Trial Signup",
    "Product Login",
    "Feature Used",
    "Integration Connected",
    "Teammate Invited",
    "Email Open",
    "Email Click",
    "Email Unsubscribe",
    "Webinar Registered",
    "Webinar Attended",
    "Form Submit",
    "Chat Started",
    "Contract Signed",
    "Onboarding Call",
    "Invoice Paid",
    # junk a real export carries; the pipeline must keep or count it, never crash on it
    "test_event",
    "",
    None,
    "null",
    "N/A",
]
POST_CONVERSION_TYPES = ("Contract Signed", "Onboarding Call", "Invoice Paid")
_POST_CODES = np.array([CONTRACT, ONBOARDING, INVOICE])
_JUNK_CODES = np.arange(20, len(ACTIVITY_TYPES))
# pre-conversion types used for orphan rows (orphans must not fake a post-conversion event)
_ORPHAN_CODES = np.array([PAGE_VIEW, PAGE_VIEW, PAGE_VIEW, EMAIL_OPEN, EMAIL_OPEN, PRICING, FORM_SUBMIT])

# page_path vocabulary: one flat list, with named pools as (offset, size) slices of it.
_PATH_POOLS: dict[str, list[str]] = {
    "marketing": [
        "/",
        "/product",
        "/product/scoring",
        "/product/integrations",
        "/blog/lead-scoring-101",
        "/blog/pipeline-hygiene",
        "/blog/revops-metrics",
        "/about",
        "/careers",
        "/docs/getting-started",
        "/security",
        "/partners",
    ],
    "content": [
        "/resources/ebook-predictive-scoring",
        "/resources/whitepaper-revops",
        "/resources/benchmark-report-2026",
        "/resources/template-icp",
    ],
    "case_study": [
        "/customers/northwind",
        "/customers/globex",
        "/customers/initech",
        "/customers/umbrella-health",
    ],
    "webinar": ["/webinars/scoring-masterclass", "/webinars/revops-summit", "/webinars/product-tour"],
    "feature": [
        "/app/reports",
        "/app/dashboards",
        "/app/pipeline",
        "/app/forecasting",
        "/app/automation",
        "/app/lead-routing",
        "/app/settings",
    ],
    "integration": [
        "salesforce",
        "hubspot",
        "slack",
        "google-workspace",
        "snowflake",
        "zapier",
        "microsoft-teams",
    ],
    "pricing": ["/pricing"],
    "demo": ["/demo"],
    "signup": ["/signup"],
    "app": ["/app/home"],
    "form": ["/contact", "/demo", "/newsletter"],
    "chat": ["/pricing", "/", "/product"],
}
PATHS: list[str] = [p for pool in _PATH_POOLS.values() for p in pool]
_POOL_SLICES: dict[str, tuple[int, int]] = {}
_offset = 0
for _name, _pool in _PATH_POOLS.items():
    _POOL_SLICES[_name] = (_offset, len(_pool))
    _offset += len(_pool)


def _words(text: str) -> list[str]:
    """Word lists as one readable string rather than a one-name-per-line literal."""
    return text.split()


# --- people and company vocabulary ---------------------------------------------------
# (display, ascii for e-mail local parts); the last three are only used for bots.
FIRST_NAMES: list[tuple[str, str]] = [
    (n, n.lower())
    for n in _words(
        "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth Wei Li Priya "
        "Rahul Arjun Ananya Lucas Gabriel Ana Thomas Anna Lukas Sophie Camille Hugo Oliver Amelia "
        "Harry Emily Noah Emma Liam Olivia Hiroshi Yuki Fatima Mohammed Aisha Sven Ingrid Pierre "
        "Giulia Marco Sofia Mateo Valentina"
    )
] + [
    ("José", "jose"),
    ("María", "maria"),
    ("João", "joao"),
    ("Jürgen", "juergen"),
    ("Léa", "lea"),
    ("Chloé", "chloe"),
    ("test", "test"),
    ("asdf", "asdf"),
    ("xxx", "xxx"),
]
_N_REAL_FIRST = len(FIRST_NAMES) - 3
LAST_NAMES: list[tuple[str, str]] = [
    (n, n.lower())
    for n in _words(
        "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Schmidt "
        "Schneider Fischer Weber Martin Bernard Dubois Durand Silva Santos Oliveira Souza Patel "
        "Sharma Singh Kumar Gupta Chen Wang Li Zhang Tanaka Suzuki Nguyen Kim Park Murphy Taylor "
        "Wilson Anderson Thomas Moore Jackson White Harris Clark Lewis Rossi Russo Hansen "
        "Johansson Kowalski Novak Ivanova"
    )
] + [
    ("Müller", "mueller"),
    ("Lefèvre", "lefevre"),
    ("O'Brien", "obrien"),
    ("Fernández", "fernandez"),
    ("López", "lopez"),
    ("González", "gonzalez"),
]

# (title, seniority 0=unknown 1=IC 2=manager 3=director/head 4=VP 5=C-level/owner, technical, weight)
TITLES: list[tuple[str | None, int, bool, float]] = [
    ("VP Sales", 4, False, 3),
    ("vice-president, marketing", 4, False, 2),
    ("SVP Marketing", 4, False, 1),
    ("Head of IT", 3, True, 2),
    ("Head of Growth", 3, False, 2),
    ("CTO", 5, True, 2),
    ("Chief Revenue Officer", 5, False, 1.5),
    ("COO", 5, False, 1),
    ("Director of Engineering", 3, True, 2),
    ("Director, Sales Ops", 3, False, 2),
    ("Sr. Manager, Demand Gen", 2, False, 3),
    ("Marketing Manager", 2, False, 4),
    ("Sales Operations Manager", 2, False, 3),
    ("Revenue Operations Lead", 2, False, 2),
    ("IT Manager", 2, True, 2),
    ("Software Engineer", 1, True, 6),
    ("Data Engineer", 1, True, 3),
    ("Marketing Coordinator", 1, False, 5),
    ("Account Executive", 1, False, 4),
    ("Analyst", 1, False, 5),
    ("Consultant", 1, False, 3),
    ("Gerente de Ventas", 2, False, 2),
    ("Directeur Commercial", 3, False, 2),
    ("Geschäftsführer", 5, False, 2),
    ("Responsable informatique", 2, True, 2),
    ("Owner", 5, False, 3),
    ("founder & CEO", 5, False, 2),
    ("Intern", 1, False, 1.5),
    ("", 0, False, 4),
    (None, 0, False, 6),
    ("student", 0, False, 0),  # only drawn for students
]
_STUDENT_TITLE = len(TITLES) - 1
_INTERN_TITLE = next(i for i, t in enumerate(TITLES) if t[0] == "Intern")
_TITLE_SENIORITY = np.array([t[1] for t in TITLES])
_TITLE_TECHNICAL = np.array([t[2] for t in TITLES])
_TITLE_WEIGHTS = np.array([t[3] for t in TITLES], dtype=float)
_SENIORITY_EFFECT = np.array([-0.3, -0.4, 0.1, 0.5, 0.7, 0.6])

LEAD_SOURCES = [
    "organic search",
    "paid search",
    "webinar",
    "referral",
    "partner",
    "event",
    "outbound",
    "content syndication",
    "direct",
]
_SOURCE_WEIGHTS = np.array([0.22, 0.15, 0.08, 0.06, 0.05, 0.07, 0.12, 0.12, 0.13])
_SOURCE_EFFECT = np.array([0.0, -0.1, 0.2, 0.7, 0.6, 0.2, -0.3, -0.6, 0.3])
_BOT_SOURCES = np.array([0, 1, 8])  # organic, paid, direct
_STUDENT_SOURCES = np.array([0, 2, 7, 8])
# utm_campaign names per source; None = that source carries no campaign
_UTM: list[list[str] | None] = [
    None,
    ["brand_search", "nonbrand_search", "competitor_terms"],
    ["webinar_scoring_masterclass", "webinar_revops_summit"],
    None,
    ["partner_program"],
    ["event_saastr", "event_dreamforce", "event_local_meetup"],
    ["outbound_seq_a", "outbound_seq_b"],
    ["synd_techtarget", "synd_integrate", "synd_netline"],
    None,
]

# (industry, weight, propensity effect, revenue-per-employee effect)
INDUSTRIES: list[tuple[str, float, float, float]] = [
    ("software", 0.20, 0.4, 0.3),
    ("financial services", 0.12, 0.2, 0.6),
    ("healthcare", 0.10, 0.0, 0.0),
    ("manufacturing", 0.11, -0.1, 0.1),
    ("retail", 0.09, -0.2, -0.2),
    ("education", 0.06, -0.5, -0.6),
    ("government", 0.04, -0.6, -0.3),
    ("media", 0.06, 0.0, -0.1),
    ("professional services", 0.10, 0.1, 0.0),
    ("telecommunications", 0.05, 0.1, 0.4),
    ("nonprofit", 0.03, -0.5, -0.8),
    ("energy", 0.04, 0.0, 0.7),
]
_INDUSTRY_EFFECT = np.array([i[2] for i in INDUSTRIES])

# (canonical, weight, messy spellings seen in exports, corporate TLD, company suffixes)
COUNTRIES: list[tuple[str, float, list[str], str, list[str]]] = [
    (
        "US",
        0.38,
        ["US", "USA", "United States", "united states of america", "U.S.", "us"],
        ".com",
        ["Inc.", "LLC", "Corp.", ""],
    ),
    ("GB", 0.11, ["U.K.", "United Kingdom", "GB", "UK", "england"], ".co.uk", ["Ltd", "plc", ""]),
    ("DE", 0.09, ["Deutschland", "Germany", "DE", "germany "], ".de", ["GmbH", "AG", "GmbH & Co. KG"]),
    ("FR", 0.07, ["France", "FR", "france"], ".fr", ["SAS", "SA", ""]),
    ("BR", 0.05, ["Brasil", "Brazil", "BR"], ".com.br", ["Ltda", "S.A."]),
    ("IN", 0.07, ["India", "IN", "india"], ".in", ["Pvt Ltd", "Ltd"]),
    ("CA", 0.06, [" canada ", "Canada", "CA"], ".ca", ["Inc.", "Ltd", ""]),
    ("NL", 0.03, ["Netherlands", "NL", "The Netherlands", "Nederland"], ".nl", ["B.V.", ""]),
    ("ES", 0.03, ["Spain", "España", "ES"], ".es", ["S.L.", "S.A."]),
    ("AU", 0.04, ["Australia", "AU"], ".com.au", ["Pty Ltd", ""]),
    ("MX", 0.02, ["Mexico", "México", "MX"], ".com.mx", ["S.A. de C.V.", ""]),
    ("JP", 0.02, ["Japan", "JP"], ".jp", ["K.K.", ""]),
    ("SE", 0.015, ["Sweden", "SE", "Sverige"], ".se", ["AB", ""]),
    ("SG", 0.015, ["Singapore", "SG"], ".sg", ["Pte Ltd", ""]),
]
_COUNTRY_WEIGHTS = np.array([c[1] for c in COUNTRIES])
_COUNTRY_WEIGHTS = _COUNTRY_WEIGHTS / _COUNTRY_WEIGHTS.sum()

_NAME_HEADS = _words(
    "Acme Apex Blue North Bright Cedar Summit Silver Iron Nova Quantum Vertex Harbor Pioneer "
    "Granite Evergreen Atlas Orion Crimson Golden Polar Rapid Sterling Titan Urban Vista Zenith "
    "Alpine Coastal Delta Echo Falcon Horizon Keystone Lumen Maple Meridian Oak Pacific Prairie "
    "Redwood Sage Sierra Solar Spruce Union Willow"
)
_NAME_TAILS = _words(
    "Analytics Systems Labs Logistics Health Foods Capital Partners Software Networks Media "
    "Industries Dynamics Solutions Energy Retail Bank Insurance Robotics Motors Pharma Studios "
    "Telecom Learning Consulting Group Holdings Works Data Cloud"
)
FREE_MAIL = ["gmail.com", "yahoo.com", "outlook.com", "gmx.de", "hotmail.com", "icloud.com"]
EDU_MAIL = ["stanford.edu", "mit.edu", "umich.edu", "ox.ac.uk", "ucl.ac.uk", "ed.ac.uk"]
DISPOSABLE_MAIL = ["mailinator.com", "guerrillamail.com", "10minutemail.com"]
COMPETITOR_MAIL = ["rivalscore.io", "pipelinepilot.com", "leadlytics.ai"]
CORPORATE, FREE, EDU, DISPOSABLE, COMPETITOR = range(5)
_EMAIL_EFFECT = np.array([0.3, -0.5, -2.0, -2.5, -1.0])

# latent segments
BUYER, TIRE_KICKER, NURTURE, UNSUBSCRIBER, STUDENT, BOT = range(6)
N_REPS = 40
REP_IDS = [f"R{i:03d}" for i in range(1, N_REPS + 1)]
CHANNELS = ["call", "email", "linkedin"]
STAGES = ["open", "closed_won", "closed_lost"]
GROUPS = ["outreach", "holdout"]
VERDICTS = ["accepted", "rejected", "not_a_lead"]
COMMENTS: list[list[str | None]] = [
    ["Good fit, meeting booked", "Budget confirmed", "Strong interest in pricing", "Handed to AE", "", None],
    ["No budget this year", "Too small", "Not the decision maker", "Bad timing, revisit Q3", None],
    ["Student project", "Bot / spam traffic", "Competitor doing research", "Fake contact details", "Job applicant"],
]


# --- small numeric helpers ---------------------------------------------------------------
def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _repeat_index(counts: np.ndarray) -> np.ndarray:
    """Owner index of each event when row i owns counts[i] events (the vectorised 'for')."""
    return np.repeat(np.arange(counts.size), counts)


def _rank_within(counts: np.ndarray) -> np.ndarray:
    """0..k-1 position of each event inside its owner's run, for evenly spaced series."""
    starts = np.cumsum(counts) - counts
    return np.arange(int(counts.sum())) - np.repeat(starts, counts)


def _cumsum_within(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Running sum restarted for each owner: turns gaps into offsets inside a session."""
    total = np.concatenate(([0.0], np.cumsum(values)))
    starts = np.cumsum(counts) - counts
    return total[1:] - np.repeat(total[starts], counts)


def _before(rng: np.random.Generator, anchor: np.ndarray, floor: np.ndarray, scale: float) -> np.ndarray:
    """Times an exponential distance before `anchor`, never before `floor`.

    Clipping to `floor` would pile events onto the lead's creation instant; re-drawing
    the out-of-range ones uniformly keeps the density smooth.
    """
    x = anchor - rng.exponential(scale, anchor.size)
    fallback = floor + rng.random(anchor.size) * np.maximum(anchor - floor, 0.0)
    return np.where(x > floor, x, fallback)


def _decaying_counts_and_ages(
    rng: np.random.Generator, rate: np.ndarray, horizon: np.ndarray, tau: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Event counts and ages for an interest that fades with half-life-like scale `tau`.

    Rate(age) = rate * exp(-age / tau) on [0, horizon): counts are Poisson with the
    integral, ages come from the truncated exponential by inverse CDF. Interest in a
    vendor fades, so flat uniform streams would make every old lead look active.
    """
    horizon = np.maximum(horizon, 0.0)
    mass = 1.0 - np.exp(-horizon / tau)
    counts = rng.poisson(rate * tau * mass)
    owner = _repeat_index(counts)
    u = rng.random(owner.size)
    ages = -tau[owner] * np.log1p(-u * mass[owner])
    return counts, ages


def _path_codes(rng: np.random.Generator, pool: str, size: int) -> np.ndarray:
    offset, n = _POOL_SLICES[pool]
    return offset + rng.integers(0, n, size)


def _weighted_choice(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    return rng.choice(weights.size, size=size, p=weights / weights.sum())


# --- arrow helpers -------------------------------------------------------------------------
def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """'L0000001'-style ids built in Arrow (a Python f-string per row is too slow at 50M)."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers, pa.int64()), pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _take(vocab: Sequence[str | None], codes: np.ndarray) -> pa.Array:
    """Strings from integer codes; a negative code means null."""
    idx = pa.array(codes.astype(np.int64), mask=codes < 0)
    return pc.take(pa.array(vocab, pa.string()), idx)


def _timestamps(days: np.ndarray) -> pa.Array:
    """Float days since epoch -> whole-second timestamp[us]; NaN becomes null."""
    missing = np.isnan(days)
    seconds = np.floor(np.where(missing, 0.0, days) * 86_400.0).astype(np.int64)
    return pa.array(seconds * 1_000_000, type=TS, mask=missing)


def _noisy_text(
    rng: np.random.Generator,
    vocab: Sequence[str | None],
    codes: np.ndarray,
    p_case: Sequence[float],
    p_space: Sequence[float],
) -> pa.Array:
    """Render codes with the case and whitespace noise of hand-typed CRM fields.

    Variants are precomputed per vocabulary entry (few hundred strings), so the per-row
    work is one `take`.
    """
    variants: list[str | None] = []
    for value in vocab:
        for case in range(4):
            text = value
            if value is not None:
                text = (value, value.lower(), value.upper(), value.title())[case]
            for space in range(3):
                if text is None or text == "":
                    variants.append(text)
                else:
                    variants.append((text, f" {text} ", text.replace(" ", "  ", 1) + " ")[space])
    case = rng.choice(4, size=codes.size, p=p_case)
    space = rng.choice(3, size=codes.size, p=p_space)
    return _take(variants, np.where(codes < 0, -1, codes * 12 + case * 3 + space))


def _messy_country(rng: np.random.Generator, country: np.ndarray) -> pa.Array:
    """Canonical country code -> one of the spellings exports really contain; -1 = null."""
    flat = [s for c in COUNTRIES for s in c[2]]
    offsets = np.cumsum([0] + [len(c[2]) for c in COUNTRIES])[:-1]
    sizes = np.array([len(c[2]) for c in COUNTRIES])
    safe = np.maximum(country, 0)
    codes = offsets[safe] + (rng.random(country.size) * sizes[safe]).astype(np.int64)
    return _take(flat, np.where(country < 0, -1, codes))


# --- configuration -------------------------------------------------------------------------
@dataclass(frozen=True)
class Config:
    """Run parameters; `end_day` is the export instant in days since the Unix epoch."""

    n_leads: int
    days: int
    seed: int
    end_day: float
    activity_scale: float = 1.0

    @property
    def start_day(self) -> float:
        return self.end_day - self.days


def _to_days(moment: datetime) -> float:
    if moment.tzinfo is None:  # naive datetimes are taken as UTC, like the contract's timestamps
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() / 86_400.0


def _rng(cfg: Config, stream: int, chunk: int = 0) -> np.random.Generator:
    """Independent stream per purpose and chunk, so chunks never share random numbers."""
    return np.random.default_rng(np.random.SeedSequence([cfg.seed, stream, chunk]))


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


# --- outcomes: segment, experiment, touches, conversion -----------------------------------------
@dataclass
class Plan:
    """The latent story of every lead, decided before any event is drawn."""

    z: np.ndarray
    segment: np.ndarray
    group: np.ndarray  # -1 not in experiment, 0 outreach, 1 holdout
    assigned: np.ndarray
    owner_rep: np.ndarray
    n_touches: np.ndarray
    converts: np.ndarray  # would convert at `moment` (may lie beyond the export)
    moment: np.ndarray  # buying moment: opportunity creation, or where a buyer stalls
    trial: np.ndarray
    trial_start: np.ndarray
    unsubscribed: np.ndarray
    has_opp: np.ndarray
    close: np.ndarray
    won: np.ndarray
    amount: np.ndarray


def _touch_effect(p: People) -> np.ndarray:
    """Log-odds effect of being worked by a rep, by segment (the uplift ground truth).

    Large for senior people at mid-size companies, smaller elsewhere, nil for small
    companies and students, slightly negative for technical individual contributors
    who would rather self-serve than take a sales call.
    """
    senior = p.seniority >= 3
    mid = (p.employees >= 50) & (p.employees < 2_000)
    large = p.employees >= 2_000
    tau = np.zeros(p.n)
    tau = np.where(mid, np.where(senior, 0.9, 0.4), tau)
    tau = np.where(large, np.where(senior, 0.4, 0.1), tau)
    tau = np.where(p.technical & (p.seniority <= 1) & (p.employees >= 50), -0.3, tau)
    return np.where(p.is_student | p.is_bot | (p.employees < 20), 0.0, tau)


def _plan(cfg: Config, rng: np.random.Generator, p: People) -> Plan:
    """Decide each lead's story (segment, treatment, conversion, deal) before drawing events.

    Outcomes first, events second: that is what lets the events be generated *towards* a
    known buying moment, so the engagement ramp precedes the opportunity by construction.
    """
    n = p.n
    z = (
        -1.45
        + np.where(p.industry >= 0, _INDUSTRY_EFFECT[np.maximum(p.industry, 0)], -0.2)
        + np.where(p.account >= 0, _size_effect(p.employees), -0.6)
        + _SENIORITY_EFFECT[p.seniority]
        + _SOURCE_EFFECT[p.source]
        + _EMAIL_EFFECT[p.email_kind]
        + rng.normal(0.0, 0.8, n)
    )
    u, v = rng.random(n), rng.random(n)
    segment = np.where(
        u < _sigmoid(z), BUYER, np.where(v < 0.12, TIRE_KICKER, np.where(v < 0.2, UNSUBSCRIBER, NURTURE))
    )
    segment = np.where(p.is_competitor, TIRE_KICKER, segment)
    segment = np.where(p.is_student, STUDENT, np.where(p.is_bot, BOT, segment))

    # Randomised experiment on ~60% of leads; the rest are worked business-as-usual.
    in_experiment = rng.random(n) < 0.6
    group = np.where(in_experiment, (rng.random(n) < 0.5).astype(np.int64), -1)
    assigned = p.created + rng.exponential(1 / 48, n)  # routing delay, ~30 minutes

    # Reps work leads that look good: senior, bigger, engaged. Holdout gets nothing.
    looks_good = (
        0.6 * _SENIORITY_EFFECT[p.seniority]
        + _size_effect(p.employees)
        + 1.6 * (segment == BUYER)
        + 0.5 * (segment == TIRE_KICKER)
        - 2.0 * (p.is_student | p.is_bot)
    )
    n_touches = np.where(group == 1, 0, rng.poisson(3.5 * _sigmoid(looks_good - 0.8)))
    touched = n_touches > 0

    tau = _touch_effect(p)
    p_convert = np.where(segment == BUYER, _sigmoid(-0.1 + 0.3 * z + tau * touched), _sigmoid(-3.6 + tau * touched))
    p_convert = np.where(p.is_student | p.is_bot, 0.0, p_convert)
    converts = rng.random(n) < p_convert
    delay = np.where(segment == BUYER, rng.lognormal(np.log(20.0), 1.0, n), rng.lognormal(np.log(90.0), 0.9, n))
    moment = p.created + delay

    trial_rate = np.array([0.5, 0.05, 0.04, 0.03, 0.15, 0.0])[segment]
    trial = rng.random(n) < trial_rate
    trial_start = np.where(
        segment == BUYER, _before(rng, moment, p.created, 15.0), p.created + rng.exponential(20.0, n)
    )
    unsubscribed = np.where(segment == UNSUBSCRIBER, p.created + rng.exponential(40.0, n), np.inf)

    has_opp = converts & (moment < cfg.end_day)
    close = moment + rng.lognormal(np.log(40.0), 0.7, n)
    # z is centred on its population mean (~-1.4) as a constant, so a chunk's mix cannot shift it
    p_win = _sigmoid(-0.55 + 0.4 * (p.seniority >= 3) + 0.2 * (z + 1.4))
    won = rng.random(n) < p_win
    # Deal size is log-linear in company size with gamma noise; no-account deals are small.
    mean_amount = np.exp(7.9 + 0.42 * np.log(np.where(p.account >= 0, p.employees, 5.0)))
    amount = np.round(rng.gamma(2.0, mean_amount / 2.0), -1)
    return Plan(
        z=z,
        segment=segment,
        group=group,
        assigned=assigned,
        owner_rep=rng.integers(0, N_REPS, n),
        n_touches=n_touches,
        converts=converts,
        moment=moment,
        trial=trial,
        trial_start=trial_start,
        unsubscribed=unsubscribed,
        has_opp=has_opp,
        close=close,
        won=won,
        amount=amount,
    )


# --- activity streams ---------------------------------------------------------------------------
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


# --- dirt --------------------------------------------------------------------------------------
def _pick(rng: np.random.Generator, size: int, share: float, minimum: int = 0) -> np.ndarray:
    """Sorted random indices of about `share` of `size` rows (at least `minimum`)."""
    k = min(size, max(minimum, int(rng.binomial(size, share)) if size else 0))
    return np.sort(rng.choice(size, size=k, replace=False)) if k else np.empty(0, np.int64)


def _dirty_events(
    rng: np.random.Generator,
    cfg: Config,
    ev: dict[str, np.ndarray],
    n_people: int,
    dup_of: np.ndarray,
    dup_created: np.ndarray,
    n_orphan_ids: int,
) -> dict[str, np.ndarray]:
    """Export dirt on activity rows; lead indices >= n_people are duplicates, then orphans.

    * a third of a person's later events move to their duplicate record (non-post types);
    * ~0.5% extra rows with junk types; ~1% exact copies; ~0.5% rows for unknown leads;
    * a few rows stamped in 2099.
    """
    lead = ev["lead"].copy()
    if dup_of.size:
        dup_for_person = np.full(n_people, -1)
        dup_for_person[dup_of] = np.arange(dup_of.size)
        d = dup_for_person[lead]
        movable = (d >= 0) & ~np.isin(ev["kind"], _POST_CODES)
        movable &= ev["at"] > np.where(d >= 0, dup_created[np.maximum(d, 0)], np.inf)
        move = movable & (rng.random(lead.size) < 0.33)
        lead[move] = n_people + d[move]
    ev = {**ev, "lead": lead}

    junk = _pick(rng, lead.size, 0.005)
    extra_junk = {k: v[junk] for k, v in ev.items()}
    extra_junk["kind"] = rng.choice(_JUNK_CODES, junk.size)
    extra_junk["duration"] = np.full(junk.size, -1)
    extra_junk["path"] = np.full(junk.size, -1)
    copies = _pick(rng, lead.size, 0.01)
    extra_copies = {k: v[copies] for k, v in ev.items()}
    n_orph = int(rng.binomial(lead.size, 0.005)) if n_orphan_ids else 0
    orphans = {
        "lead": n_people + dup_of.size + rng.integers(0, max(n_orphan_ids, 1), n_orph),
        "kind": rng.choice(_ORPHAN_CODES, n_orph),
        "at": cfg.start_day + rng.random(n_orph) * cfg.days,
        "duration": np.full(n_orph, -1),
        "path": np.full(n_orph, -1),
    }
    out = {k: np.concatenate([ev[k], extra_junk[k], extra_copies[k], orphans[k]]) for k in ev}
    future = _pick(rng, out["lead"].size, 0.00002, minimum=2)
    year_2099 = _to_days(datetime(2099, 1, 1, tzinfo=UTC))
    out["at"][future] = year_2099 + np.mod(out["at"][future], 365.0)
    return out


# --- one chunk -----------------------------------------------------------------------------------
@dataclass
class Counters:
    """Running id sequences across chunks (chunks are processed in order)."""

    next_dup_lead: int
    next_activity: int = 1
    next_opportunity: int = 1
    next_touch: int = 1
    next_feedback: int = 1


def _emails(rng: np.random.Generator, p: People, accounts: Accounts) -> pa.Array:
    """Addresses from name patterns and the e-mail kind, with some mixed case."""
    fa = _take([f[1] for f in FIRST_NAMES], p.first)
    la = _take([x[1] for x in LAST_NAMES], p.last)
    initial = pc.utf8_slice_codeunits(fa, 0, 1)
    digits = pc.cast(pa.array(rng.integers(1, 9999, p.n)), pa.string())
    locals_ = [
        pc.binary_join_element_wise(fa, la, "."),
        pc.binary_join_element_wise(initial, la, ""),
        fa,
        pc.binary_join_element_wise(fa, la, "_"),
        pc.binary_join_element_wise(la, fa, "."),
        pc.binary_join_element_wise(fa, la, digits, ""),
        pc.binary_join_element_wise(fa, digits, "."),
    ]
    corporate_pattern = rng.choice(5, size=p.n, p=[0.5, 0.2, 0.1, 0.1, 0.1])
    private_pattern = rng.choice([0, 3, 5, 6], size=p.n, p=[0.25, 0.1, 0.45, 0.2])
    pattern = np.where(
        (p.email_kind == CORPORATE) | (p.email_kind == EDU) | (p.email_kind == COMPETITOR),
        corporate_pattern,
        private_pattern,
    )
    local = pc.choose(pa.array(pattern), *locals_)
    domain = pc.choose(
        pa.array(p.email_kind),
        pc.take(accounts.domains, pa.array(np.maximum(p.account, 0))),
        _take(FREE_MAIL, rng.integers(0, len(FREE_MAIL), p.n)),
        _take(EDU_MAIL, rng.integers(0, len(EDU_MAIL), p.n)),
        _take(DISPOSABLE_MAIL, rng.integers(0, len(DISPOSABLE_MAIL), p.n)),
        _take(COMPETITOR_MAIL, rng.integers(0, len(COMPETITOR_MAIL), p.n)),
    )
    email = pc.binary_join_element_wise(local, domain, "@")
    return pc.if_else(pa.array(rng.random(p.n) < 0.08), pc.utf8_capitalize(email), email)


def _case_variant(rng: np.random.Generator, email: pa.Array) -> pa.Array:
    """The same address in a different case (how CRMs end up with duplicate people)."""
    lower = pc.utf8_lower(email)
    variant = pc.choose(
        pa.array(rng.integers(0, 3, len(email))), pc.utf8_capitalize(email), pc.utf8_upper(email), pc.utf8_title(email)
    )
    return pc.if_else(pc.equal(email, lower), variant, lower)


def _utm(rng: np.random.Generator, created: np.ndarray, source: np.ndarray) -> pa.Array:
    """'2026q3_brand_search'-style campaign tags for the sources that carry one."""
    names = [name for opts in _UTM if opts for name in opts]
    offsets, sizes, pos = [], [], 0
    for opts in _UTM:
        offsets.append(pos if opts else -1)
        sizes.append(len(opts) if opts else 1)
        pos += len(opts) if opts else 0
    off, size = np.array(offsets)[source], np.array(sizes)[source]
    code = np.where(off < 0, -1, off + (rng.random(source.size) * size).astype(np.int64))
    month = np.floor(created).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    quarter_code = month // 3  # quarters since 1970
    quarter_vocab = [f"{1970 + q // 4}q{q % 4 + 1}" for q in range(int(quarter_code.max()) + 1)]
    return pc.binary_join_element_wise(_take(quarter_vocab, quarter_code), _take(names, code), "_")


def _lead_table(
    rng: np.random.Generator,
    cfg: Config,
    p: People,
    plan: Plan,
    accounts: Accounts,
    ids: pa.Array,
    dup_of: np.ndarray,
    dup_ids: pa.Array,
    dup_created: np.ndarray,
) -> pa.Table:
    """Person records followed by their case-variant duplicates."""
    email = _emails(rng, p, accounts)
    # a few records lack an address (never the duplicated ones: they are found by address)
    no_email = (rng.random(p.n) < 0.005) & ~np.isin(np.arange(p.n), dup_of)
    email = pc.if_else(pa.array(no_email), pa.scalar(None, pa.string()), email)
    created = p.created.copy()
    created[_pick(rng, p.n, 0.001, minimum=1)] = np.nan  # a handful of records without a date
    title = _noisy_text(rng, [t[0] for t in TITLES], p.title, [0.6, 0.15, 0.1, 0.15], [0.85, 0.1, 0.05])
    first = _noisy_text(rng, [f[0] for f in FIRST_NAMES], p.first, [0.9, 0.05, 0.03, 0.02], [0.97, 0.02, 0.01])
    country = _messy_country(rng, np.where(rng.random(p.n) < 0.03, -1, p.country))
    partner = (p.source == 4) | ((p.source == 3) & (rng.random(p.n) < 0.3))
    persons = pa.table(
        {
            "lead_id": ids,
            "created_at": _timestamps(created),
            "account_id": pc.take(accounts.ids, pa.array(p.account, mask=p.account < 0)),
            "email": email,
            "first_name": first,
            "last_name": _take([x[0] for x in LAST_NAMES], p.last),
            "job_title": title,
            "lead_source": _take(LEAD_SOURCES, p.source),
            "country": country,
            "utm_campaign": _utm(rng, p.created, p.source),
            "is_partner_referral": pa.array(partner),
        },
        schema=SCHEMAS["leads"],
    )
    if not dup_of.size:
        return persons
    base = persons.take(pa.array(dup_of))
    # The re-created record: same person and address in another case, often a new source.
    dup_source = np.where(
        rng.random(dup_of.size) < 0.6, rng.integers(0, len(LEAD_SOURCES), dup_of.size), p.source[dup_of]
    )
    dups = base.set_column(0, "lead_id", dup_ids)
    dups = dups.set_column(1, "created_at", _timestamps(dup_created))
    dups = dups.set_column(3, "email", _case_variant(rng, base.column("email").combine_chunks()))
    dups = dups.set_column(7, "lead_source", _take(LEAD_SOURCES, dup_source))
    return pa.concat_tables([persons, dups])


def _event_table(ev: dict[str, np.ndarray], lead_ids: pa.Array, counters: Counters) -> pa.Table:
    """Sort by time (then lead, type, so ties are deterministic) and number the rows."""
    order = np.lexsort((ev["kind"], ev["lead"], ev["at"]))
    ev = {k: v[order] for k, v in ev.items()}
    n = order.size
    numbers = np.arange(counters.next_activity, counters.next_activity + n)
    counters.next_activity += n
    # Export dirt, without drawing from the generator: about one row in a
    # thousand re-uses the previous row's id (an edited event re-exported
    # under the id of another), so 'duplicate activity_id' is always present.
    ids = _ids("E", np.where(numbers % RE_EXPORTED_ID_EVERY == 0, numbers - 1, numbers), 10)
    return pa.table(
        {
            "activity_id": ids,
            "lead_id": pc.take(lead_ids, pa.array(ev["lead"])),
            "activity_type": _take(ACTIVITY_TYPES, ev["kind"]),
            "occurred_at": _timestamps(ev["at"]),
            "duration_seconds": pa.array(ev["duration"], mask=ev["duration"] < 0),
            "page_path": _take(PATHS, ev["path"]),
        },
        schema=SCHEMAS["activities"],
    )


def _opportunity_table(
    rng: np.random.Generator,
    cfg: Config,
    p: People,
    plan: Plan,
    lead_ids: pa.Array,
    accounts: Accounts,
    counters: Counters,
) -> pa.Table:
    """First opportunities (the conversions) plus a few later expansion deals."""
    who = np.flatnonzero(plan.has_opp)
    created, close, won, amount = plan.moment[who], plan.close[who], plan.won[who], plan.amount[who]
    expand = plan.won[who] & (rng.random(who.size) < 0.08)
    exp_at = close + rng.exponential(120.0, who.size)
    expand &= exp_at < cfg.end_day
    x = np.flatnonzero(expand)
    who = np.concatenate([who, who[x]])
    created = np.concatenate([created, exp_at[x]])
    close = np.concatenate([close, exp_at[x] + rng.lognormal(np.log(30.0), 0.6, x.size)])
    won = np.concatenate([won, rng.random(x.size) < 0.6])
    amount = np.concatenate([amount, np.round(0.4 * amount[x] * rng.gamma(2.0, 0.5, x.size), -1)])
    amount[_pick(rng, amount.size, 0.004, minimum=1)] *= -1  # credit notes booked as opportunities
    is_open = close >= cfg.end_day
    stage = np.where(is_open, 0, np.where(won, 1, 2))
    n = who.size
    ids = _ids("O", np.arange(counters.next_opportunity, counters.next_opportunity + n), 7)
    counters.next_opportunity += n
    account = p.account[who]
    return pa.table(
        {
            "opportunity_id": ids,
            "lead_id": pc.take(lead_ids, pa.array(who)),
            "account_id": pc.take(accounts.ids, pa.array(account, mask=account < 0)),
            "created_at": _timestamps(created),
            "stage": _take(STAGES, stage),
            "closed_at": _timestamps(np.where(is_open, np.nan, close)),
            "amount": pa.array(amount),
        },
        schema=SCHEMAS["opportunities"],
    )


def _touch_table(
    rng: np.random.Generator, cfg: Config, p: People, plan: Plan, lead_ids: pa.Array, counters: Counters
) -> pa.Table:
    """Rep touches before the buying moment (or in the first weeks), mostly by the owner."""
    owner = _repeat_index(plan.n_touches)
    start = p.created[owner] + 0.01
    until = np.where(plan.converts[owner], plan.moment[owner], p.created[owner] + 45.0)
    at = start + rng.random(owner.size) * np.maximum(until - start, 0.01)
    keep = at < cfg.end_day
    owner, at = owner[keep], at[keep]
    rep = np.where(rng.random(owner.size) < 0.85, plan.owner_rep[owner], rng.integers(0, N_REPS, owner.size))
    order = np.lexsort((owner, at))
    owner, at, rep = owner[order], at[order], rep[order]
    channel = rng.choice(3, size=owner.size, p=[0.4, 0.45, 0.15])
    ids = _ids("T", np.arange(counters.next_touch, counters.next_touch + owner.size), 8)
    counters.next_touch += owner.size
    return pa.table(
        {
            "touch_id": ids,
            "lead_id": pc.take(lead_ids, pa.array(owner)),
            "touched_at": _timestamps(at),
            "channel": _take(CHANNELS, channel),
            "rep_id": _take(REP_IDS, rep),
        },
        schema=SCHEMAS["sales_touches"],
    )


def _experiment_table(cfg: Config, plan: Plan, lead_ids: pa.Array) -> pa.Table:
    who = np.flatnonzero((plan.group >= 0) & (plan.assigned < cfg.end_day))
    return pa.table(
        {
            "lead_id": pc.take(lead_ids, pa.array(who)),
            "group_name": _take(GROUPS, plan.group[who]),
            "assigned_at": _timestamps(plan.assigned[who]),
        },
        schema=SCHEMAS["outreach_experiment"],
    )


def _feedback_table(
    rng: np.random.Generator, cfg: Config, p: People, plan: Plan, lead_ids: pa.Array, counters: Counters
) -> pa.Table:
    """Rep verdicts on ~20% of converted or engaged leads, and on bots/students/competitors."""
    junk = p.is_bot | p.is_student | p.is_competitor
    engaged = plan.has_opp | (plan.segment == BUYER) | (plan.n_touches >= 2)
    chosen = (engaged & (rng.random(p.n) < 0.2)) | (junk & (rng.random(p.n) < 0.25))
    who = np.flatnonzero(chosen)
    u = rng.random(who.size)
    verdict = np.where(plan.has_opp[who], np.where(u < 0.85, 0, 1), np.where(u < 0.55, 0, np.where(u < 0.95, 1, 2)))
    verdict = np.where(junk[who] & (u < 0.9), 2, verdict)
    at = np.where(
        plan.has_opp[who],
        _before(rng, plan.moment[who], p.created[who], 3.0),
        p.created[who] + rng.exponential(10.0, who.size),
    )
    keep = at < cfg.end_day
    who, verdict, at = who[keep], verdict[keep], at[keep]
    comment_vocab = [c for group in COMMENTS for c in group]
    sizes = np.array([len(g) for g in COMMENTS])
    offsets = np.cumsum(sizes) - sizes
    comment = offsets[verdict] + (rng.random(who.size) * sizes[verdict]).astype(np.int64)
    ids = _ids("F", np.arange(counters.next_feedback, counters.next_feedback + who.size), 7)
    counters.next_feedback += who.size
    return pa.table(
        {
            "feedback_id": ids,
            "lead_id": pc.take(lead_ids, pa.array(who)),
            "created_at": _timestamps(at),
            "verdict": _take(VERDICTS, verdict),
            "rep_id": _take(REP_IDS, plan.owner_rep[who]),
            "comment": _take(comment_vocab, comment),
        },
        schema=SCHEMAS["lead_feedback"],
    )


@dataclass
class Timers:
    """Seconds spent per table (generation and writing), for the CLI summary."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(TABLES, 0.0))

    @contextmanager
    def measure(self, table: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[table] += time.perf_counter() - t0


def _simulate_chunk(
    cfg: Config,
    chunk: int,
    created: np.ndarray,
    first_number: int,
    accounts: Accounts,
    counters: Counters,
    timers: Timers,
) -> dict[str, pa.Table]:
    """Everything about one block of leads; blocks are independent except for id counters."""
    rng = _rng(cfg, stream=2, chunk=chunk)
    out: dict[str, pa.Table] = {}
    with timers.measure("leads"):
        p = _draw_people(rng, accounts, created)
        plan = _plan(cfg, rng, p)
        ids = _ids("L", np.arange(first_number, first_number + p.n), 7)
        dup_of = _pick(rng, p.n, 0.02)
        dup_created = p.created[dup_of] + 1 / 24 + rng.exponential(30.0, dup_of.size)
        fits = dup_created < cfg.end_day
        dup_of, dup_created = dup_of[fits], dup_created[fits]
        dup_ids = _ids("L", np.arange(counters.next_dup_lead, counters.next_dup_lead + dup_of.size), 7)
        counters.next_dup_lead += dup_of.size
        out["leads"] = _lead_table(rng, cfg, p, plan, accounts, ids, dup_of, dup_ids, dup_created)
    with timers.measure("activities"):
        ev = _simulate_events(rng, cfg, p, plan)
        # orphan ids sit far above any real lead number, so they can never collide
        orphan_base = max(90_000_000, 10 * cfg.n_leads)
        orphan_ids = _ids("L", orphan_base + rng.integers(0, 9_000_000, 64), 7)
        ev = _dirty_events(rng, cfg, ev, p.n, dup_of, dup_created, len(orphan_ids))
        all_ids = pa.concat_arrays([ids, dup_ids, orphan_ids])
        out["activities"] = _event_table(ev, all_ids, counters)
    with timers.measure("opportunities"):
        out["opportunities"] = _opportunity_table(rng, cfg, p, plan, ids, accounts, counters)
    with timers.measure("sales_touches"):
        out["sales_touches"] = _touch_table(rng, cfg, p, plan, ids, counters)
    with timers.measure("outreach_experiment"):
        out["outreach_experiment"] = _experiment_table(cfg, plan, ids)
    with timers.measure("lead_feedback"):
        out["lead_feedback"] = _feedback_table(rng, cfg, p, plan, ids, counters)
    return out


# --- writing -----------------------------------------------------------------------------------
class TableSink:
    """Append-only writer for one table, opened up front so empty tables still get a file."""

    def __init__(self, path: Path, schema: pa.Schema, fmt: str) -> None:
        self.rows = 0
        self._parquet = pq.ParquetWriter(path, schema) if fmt == "parquet" else None
        self._csv = pacsv.CSVWriter(path, schema) if fmt == "csv" else None  # header written once

    def write(self, table: pa.Table) -> None:
        self.rows += table.num_rows
        if self._parquet is not None:
            self._parquet.write_table(table)
        elif self._csv is not None:
            self._csv.write_table(table)

    def close(self) -> None:
        for writer in (self._parquet, self._csv):
            if writer is not None:
                writer.close()


def generate(
    n_leads: int,
    days: int,
    seed: int,
    out_dir: Path,
    fmt: str = "parquet",
    end: datetime | None = None,
    activity_scale: float = 1.0,
    timers: Timers | None = None,
) -> dict[str, int]:
    """Write the seven raw tables for `n_leads` people created over the `days` before `end`.

    Returns row counts per table. `activity_scale` multiplies the background event rates
    (e-mail, browsing, product usage) without changing who converts.
    """
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"fmt must be 'parquet' or 'csv', not {fmt!r}")
    if n_leads < 1 or days < 1:
        raise ValueError("n_leads and days must be positive")
    cfg = Config(n_leads, days, seed, _to_days(end or DEFAULT_END), activity_scale)
    timers = timers or Timers()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sinks = {t: TableSink(out_dir / f"{t}.{fmt}", SCHEMAS[t], fmt) for t in TABLES}
    try:
        with timers.measure("accounts"):
            accounts = _make_accounts(cfg, _rng(cfg, stream=0))
            sinks["accounts"].write(accounts.table)
        with timers.measure("leads"):
            created = _lead_created_days(cfg, _rng(cfg, stream=1))
        counters = Counters(next_dup_lead=n_leads + 1)
        for chunk, start in enumerate(range(0, n_leads, CHUNK_LEADS)):
            block = created[start : start + CHUNK_LEADS]
            tables = _simulate_chunk(cfg, chunk, block, start + 1, accounts, counters, timers)
            for name, table in tables.items():
                with timers.measure(name):
                    sinks[name].write(table)
    finally:
        for sink in sinks.values():
            sink.close()
    return {t: sinks[t].rows for t in TABLES}


def _parse_end(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m leadscore.sample", description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=10_000, help="number of people (duplicates add ~2%%)")
    parser.add_argument("--days", type=int, default=365, help="window of lead creation before --end")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True, help="directory for <table>.<format>")
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument(
        "--end", type=_parse_end, default=DEFAULT_END, help="export instant, ISO date/time in UTC (default 2026-11-01)"
    )
    parser.add_argument(
        "--activity-scale",
        type=float,
        default=1.0,
        help="multiplier on background activity rates (1.0 ~ 35 activities/lead at 365 days)",
    )
    args = parser.parse_args(argv)
    timers = Timers()
    t0 = time.perf_counter()
    counts = generate(args.leads, args.days, args.seed, args.out, args.format, args.end, args.activity_scale, timers)
    for table in TABLES:
        print(f"{table:<20} {counts[table]:>12,} rows {timers.seconds[table]:8.2f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(
        f"{'total':<20} {sum(counts.values()):>12,} rows {time.perf_counter() - t0:8.2f} s  peak RSS {peak_mb:,.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
