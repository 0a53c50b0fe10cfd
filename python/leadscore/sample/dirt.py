"""The deliberate dirt of real exports: messy text and countries, case-variant e-mails,
moved, junk, copied, orphan and future activity rows, re-used activity ids.

Kept in one place because the pipeline's quarantine and dedupe are tested against
exactly this dirt; the clean simulation stays readable without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from leadscore.sample.columns import _take
from leadscore.sample.config import Config, _to_days
from leadscore.sample.vocab import _JUNK_CODES, _ORPHAN_CODES, _POST_CODES, COUNTRIES

RE_EXPORTED_ID_EVERY = 1000  # every n-th activity row re-uses the previous row's id


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


def _case_variant(rng: np.random.Generator, email: pa.Array) -> pa.Array:
    """The same address in a different case (how CRMs end up with duplicate people)."""
    lower = pc.utf8_lower(email)
    variant = pc.choose(
        pa.array(rng.integers(0, 3, len(email))), pc.utf8_capitalize(email), pc.utf8_upper(email), pc.utf8_title(email)
    )
    return pc.if_else(pc.equal(email, lower), variant, lower)
