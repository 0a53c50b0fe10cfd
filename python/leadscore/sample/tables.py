"""The exported tables that hang off leads: activities, opportunities, sales touches,
the outreach experiment and rep feedback, with ids numbered across chunks.

`Counters` carries the id sequences so chunks, simulated independently, still number
their rows as one continuous export.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from leadscore.sample.columns import _ids, _take, _timestamps
from leadscore.sample.config import Config
from leadscore.sample.contract import SCHEMAS
from leadscore.sample.dirt import RE_EXPORTED_ID_EVERY, _pick
from leadscore.sample.draws import _before, _repeat_index
from leadscore.sample.people import Accounts, People
from leadscore.sample.plan import Plan
from leadscore.sample.vocab import (
    ACTIVITY_TYPES,
    BUYER,
    CHANNELS,
    COMMENTS,
    FIRST_NAMES,
    GROUPS,
    LAST_NAMES,
    N_REPS,
    PATHS,
    REP_IDS,
    STAGES,
    VERDICTS,
)


@dataclass
class Counters:
    """Running id sequences across chunks (chunks are processed in order)."""

    next_dup_lead: int
    next_activity: int = 1
    next_opportunity: int = 1
    next_touch: int = 1
    next_feedback: int = 1


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


def _rep_table() -> pa.Table:
    """The sales team: every rep id the touches name, ten of them still active.
    Three work US leads, one GB, one DE, the rest any country; capacities of 3
    to 5 leads a day (one unset: the default applies), seniority 1 to 3."""
    active = 10
    return pa.table(
        {
            "rep_id": REP_IDS,
            "name": [f"{FIRST_NAMES[3 * i % len(FIRST_NAMES)][0]} {LAST_NAMES[5 * i % len(LAST_NAMES)][0]}"
                     for i in range(N_REPS)],
            "daily_capacity": pa.array([5, 5, 4, 5, 3, 5, 5, 4, None, 5] + [5] * (N_REPS - active), pa.int64()),
            "segment": ["US", "US", "US", "GB", "DE"] + [None] * (N_REPS - 5),
            "seniority": [3, 2, 1, 2, 2, 3, 2, 1, 1, 2] + [1] * (N_REPS - active),
            "is_active": [i < active for i in range(N_REPS)],
        },
        schema=SCHEMAS["reps"],
    )
