"""Each lead's latent story (segment, experiment arm, rep touches, conversion, deal),
decided before any event is drawn.

Outcomes come first so the event streams can be generated towards a known buying
moment; this module is also the ground truth of the uplift signal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leadscore.sample.config import Config
from leadscore.sample.draws import _before, _sigmoid
from leadscore.sample.people import People, _size_effect
from leadscore.sample.vocab import (
    _EMAIL_EFFECT,
    _INDUSTRY_EFFECT,
    _SENIORITY_EFFECT,
    _SOURCE_EFFECT,
    BOT,
    BUYER,
    N_REPS,
    NURTURE,
    STUDENT,
    TIRE_KICKER,
    UNSUBSCRIBER,
)


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
