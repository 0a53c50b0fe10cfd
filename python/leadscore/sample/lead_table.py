"""The exported leads table: e-mail addresses, campaign tags, messy fields, and the
case-variant duplicate records.

Separate from `people` because this is rendering (what a CRM shows), not simulation
(who the person is).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from leadscore.sample.columns import _take, _timestamps
from leadscore.sample.config import Config
from leadscore.sample.contract import SCHEMAS
from leadscore.sample.dirt import _case_variant, _messy_country, _noisy_text, _pick
from leadscore.sample.people import Accounts, People
from leadscore.sample.plan import Plan
from leadscore.sample.vocab import (
    _UTM,
    COMPETITOR,
    COMPETITOR_MAIL,
    CORPORATE,
    DISPOSABLE_MAIL,
    EDU,
    EDU_MAIL,
    FIRST_NAMES,
    FREE_MAIL,
    LAST_NAMES,
    LEAD_SOURCES,
    REP_IDS,
    TITLES,
)


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
            # the rep who works the lead; leads no rep has touched wait in a queue
            "owner_id": _take(REP_IDS, np.where(plan.n_touches > 0, plan.owner_rep, -1)),
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
