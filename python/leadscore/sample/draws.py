"""Vectorised random-draw helpers shared by the people, plan and event simulations.

They replace per-lead Python loops with numpy over "owner" index arrays, which is what
keeps a million leads fast and memory-bounded.
"""

from __future__ import annotations

import numpy as np

from leadscore.sample.vocab import _POOL_SLICES


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
