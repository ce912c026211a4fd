"""Treatment episodes: who is treated by whom, when, following which course, and how it ended.

One episode per patient, plus an earlier, completed episode for some; starts spread over the
14 months up to ``as_of``; the end follows from the archetype's course (an episode whose
planned end lies after ``as_of`` is still open). The archetype and its timing parameters are
ground truth for tests; they are never written to an export.

Examples
--------
>>> import pandas as pd
>>> from beyou_analytics.synth._rng import stream
>>> from beyou_analytics.synth.population import make_therapists
>>> eps = make_episodes(40, make_therapists(6), stream(3, "episodes"),
...                     as_of=pd.Timestamp("2026-10-31"))
>>> bool((eps["start"] <= pd.Timestamp("2026-10-31")).all()), bool(eps["end"].isna().any())
(True, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from beyou_analytics.synth import vocab
from beyou_analytics.synth._rng import pick
from beyou_analytics.synth.archetypes import (
    ARCHETYPE_NAMES,
    ARCHETYPES,
    DROPOUT_DAY,
    RELAPSE_AFTER_PHYS,
    RELAPSE_STRESS_AMP,
    RELAPSE_STRESS_DAYS,
)

WINDOW_MONTHS = 14
PRIOR_EPISODE_SHARE = 0.08  # patients with an earlier, completed episode in the window
AFTER_END_SHARE = 0.04  # ended episodes whose patient keeps using the app for weeks
DISCHARGE_TAIL = 8  # simulated days after the end (the discharge questionnaire may come late)
AFTER_END_TAIL = 45


def window_start(as_of: pd.Timestamp) -> pd.Timestamp:
    """First day of the period the synthetic exports cover (14 months up to ``as_of``)."""
    return as_of.normalize() - pd.DateOffset(months=WINDOW_MONTHS) + pd.Timedelta(days=1)


def _uniform(rng: np.random.Generator, ranges: list[tuple[float, float]]) -> np.ndarray:
    lo, hi = np.array(ranges, dtype=float).T
    return lo + (hi - lo) * rng.random(len(ranges))


def _timing(archetype: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Per-episode course parameters drawn from each episode's archetype."""
    arch = [ARCHETYPES[a] for a in archetype]
    t = pd.DataFrame(
        {field: _uniform(rng, [getattr(a, field) for a in arch])
         for field in ("psy_onset", "psy_width", "lag", "phys_width", "gain", "duration")}
    )
    n = len(arch)
    phys_mid = t["psy_onset"] + t["lag"]
    flat = np.array([a.flat for a in arch])
    relapse = np.array([a.relapse for a in arch])
    dropout = np.array([a.dropout for a in arch])
    stress_start = phys_mid + _uniform(rng, [RELAPSE_AFTER_PHYS] * n)
    t["relapse"] = relapse
    t["stress_start"] = np.where(relapse, stress_start, np.nan)
    t["stress_days"] = np.where(relapse, _uniform(rng, [RELAPSE_STRESS_DAYS] * n), np.nan)
    t["stress_amp"] = np.where(relapse, _uniform(rng, [RELAPSE_STRESS_AMP] * n), np.nan)
    t["dropout_day"] = np.where(dropout, _uniform(rng, [DROPOUT_DAY] * n).round(), np.nan)
    planned = np.where(flat, t["duration"], phys_mid + 2 * t["phys_width"] + t["duration"])
    planned = np.where(relapse, t["stress_start"] + t["stress_days"] + t["duration"], planned)
    planned = np.where(dropout, t["dropout_day"] + t["duration"], planned)
    t["planned_days"] = np.round(planned).astype(np.int64)
    return t


def _sessions(days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Treatment sessions over ``days``: about weekly for six weeks, then every other week."""
    weeks = days / 7
    rate_early, rate_late = rng.uniform(0.8, 1.3, len(days)), rng.uniform(0.35, 0.7, len(days))
    sessions = np.minimum(weeks, 6) * rate_early + np.maximum(weeks - 6, 0) * rate_late
    return np.maximum(1, np.round(sessions)).astype(np.int64)


def _quota(therapists: pd.DataFrame, n: int) -> np.ndarray:
    """``n`` therapist names in proportion to their caseload shares (largest remainder)."""
    exact = therapists["share"].to_numpy() * n
    counts = np.floor(exact).astype(np.int64)
    counts[np.argsort(-(exact - counts), kind="stable")[: n - counts.sum()]] += 1
    return np.repeat(therapists["therapist"].to_numpy(), counts)


def make_episodes(
    n_patients: int, therapists: pd.DataFrame, rng: np.random.Generator, *, as_of: pd.Timestamp
) -> pd.DataFrame:
    """Episodes of ``n_patients`` patients (rows ``0..n-1`` of the patient table).

    Returns
    -------
    DataFrame
        One row per episode: ``patient``, ``therapist``, ``archetype``, ``start``, ``end``
        (NaT while open on ``as_of``), ``end_reason`` (store code), ``referral``,
        ``diagnosis_code``, ``n_sessions``, the course parameters of the archetype, and
        ``n_days`` (days simulated from the start, up to ``as_of``).
    """
    as_of = as_of.normalize()
    first_day = window_start(as_of)
    span = (as_of - first_day).days
    archetype = pick(rng, tuple((a, ARCHETYPES[a].share) for a in ARCHETYPE_NAMES), n_patients)
    # A growing practice: twice as many new episodes per month at the end of the window as
    # at its start (density 1 + x on x in [0, 1], drawn by its inverse distribution function).
    offset = ((np.sqrt(1 + 3 * rng.random(n_patients)) - 1) * (span - 1)).astype(np.int64)
    main = pd.DataFrame({"patient": np.arange(n_patients), "start_day": offset,
                         "archetype": archetype.astype(str)})
    # An earlier, completed episode for some patients whose current one started late enough.
    has_prior = (rng.random(n_patients) < PRIOR_EPISODE_SHARE) & (offset >= 170)
    prior_start = (rng.random(n_patients) * (offset - 150)).astype(np.int64)
    prior = pd.DataFrame({"patient": np.flatnonzero(has_prior),
                          "start_day": prior_start[has_prior], "archetype": "recovering"})
    eps = pd.concat([prior, main], ignore_index=True).sort_values(
        ["start_day", "patient"], kind="stable", ignore_index=True
    )
    n = len(eps)
    eps = pd.concat([eps, _timing(eps["archetype"].to_numpy(), rng)], axis=1)
    planned = eps["planned_days"].to_numpy()
    is_prior = eps.duplicated("patient", keep="last").to_numpy()
    # A prior episode ends at least 30 days before the next one starts.
    next_start = eps.groupby("patient")["start_day"].transform("max").to_numpy()
    planned = np.where(is_prior, np.minimum(planned, next_start - 30 - eps["start_day"]), planned)
    end_day = eps["start_day"].to_numpy() + planned
    open_ = end_day > span
    eps["start"] = (first_day + pd.to_timedelta(eps["start_day"], unit="D")).astype(
        "datetime64[us]")
    eps["end"] = (first_day + pd.to_timedelta(np.where(open_, 0, end_day), unit="D")).astype(
        "datetime64[us]").where(~open_)
    reasons = np.empty(n, dtype=object)
    for name in ARCHETYPE_NAMES:
        rows = np.flatnonzero(eps["archetype"].to_numpy() == name)
        reasons[rows] = pick(rng, ARCHETYPES[name].end_reasons, len(rows))
    eps["end_reason"] = pd.Series(np.where(is_prior, "goal_reached", reasons)).where(~open_)
    eps["is_prior"] = is_prior
    eps["therapist"] = rng.permutation(_quota(therapists, n))
    # The same therapist usually treats a patient again.
    same = eps.groupby("patient")["therapist"].transform("last")
    eps["therapist"] = np.where(rng.random(n) < 0.85, same, eps["therapist"])
    eps["referral"] = pick(rng, vocab.REFERRALS, n)
    eps["diagnosis_code"] = pick(rng, vocab.DIAGNOSIS_CODES, n)
    treated = np.where(open_, span - eps["start_day"], planned)
    treated = np.where(eps["archetype"] == "dropout",
                       np.minimum(treated, eps["dropout_day"].fillna(0) + 7), treated)
    eps["n_sessions"] = _sessions(treated.astype(float), rng)
    after_end = ~open_ & ~is_prior & (rng.random(n) < AFTER_END_SHARE)
    tail = np.where(after_end, AFTER_END_TAIL, DISCHARGE_TAIL)
    last_day = np.where(open_, span, np.minimum(end_day + tail, span))
    eps["after_end"] = after_end
    eps["n_days"] = (last_day - eps["start_day"] + 1).astype(np.int64)
    return eps.drop(columns=["start_day", "duration"])
