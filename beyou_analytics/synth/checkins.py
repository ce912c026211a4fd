"""Daily check-ins of the patient app, sampled from the latent state.

The app is used most days early in an episode and less later (``p = engagement × (late +
(early - late) × exp(-day / 40))``); a few patients never install it; drop-outs stop on their
drop-out day; check-ins end with the episode except for the few patients who keep using the
app for weeks after discharge (the contract's "check-ins outside any episode"). The values are
the latent state plus answer noise, rounded as the app's sliders round them.

Examples
--------
>>> import pandas as pd
>>> from beyou_analytics.synth._rng import stream
>>> from beyou_analytics.synth.population import make_therapists
>>> from beyou_analytics.synth.episodes import make_episodes
>>> from beyou_analytics.synth.trajectories import simulate_latent
>>> eps = make_episodes(8, make_therapists(6), stream(2, "e"), as_of=pd.Timestamp("2026-10-31"))
>>> ci = sample_checkins(eps, simulate_latent(eps, stream(2, "l")), stream(2, "c"))
>>> bool(ci["pain_now"].dropna().between(0, 10).all())
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from beyou_analytics.synth import vocab
from beyou_analytics.synth.trajectories import Latent

APP_USERS = 0.95
EARLY, LATE, DECAY_DAYS = 0.93, 0.45, 45.0
AFTER_END_P = 0.3  # chance per day of a check-in after discharge, for the few who continue
MISSING = {"pain_now": 0.01, "pain_worst_24h": 0.015, "stress": 0.015, "sleep_quality": 0.015,
           "sleep_hours": 0.02, "active_minutes": 0.03, "exercises_done": 0.02,
           "confidence": 0.03, "load": 0.03, "load_capacity": 0.03}
COMMENT_SHARE = 0.07
# Evening-heavy distribution of check-in hours (07:00-23:59).
HOUR_WEIGHTS = np.array([2, 4, 3, 2, 2, 2, 2, 2, 3, 3, 3, 4, 6, 9, 12, 13, 10], dtype=float)


def _days(eps: pd.DataFrame, latent: Latent, rng: np.random.Generator) -> np.ndarray:
    """Positions in the latent arrays of the days with a check-in."""
    n = len(eps)
    engagement = np.where(rng.random(n) < APP_USERS, rng.beta(6, 2, n), 0.0)
    end_day = ((eps["end"] - eps["start"]).dt.days).to_numpy(dtype=float, na_value=np.inf)
    dropout = eps["dropout_day"].to_numpy(dtype=float, na_value=np.inf)
    ep, day = latent.episode, latent.day
    curve = (LATE + (EARLY - LATE) * np.exp(-np.arange(day.max() + 1) / DECAY_DAYS))
    p = engagement.astype(np.float32)[ep] * curve.astype(np.float32)[day]
    after = day > end_day[ep]
    continues = eps["after_end"].to_numpy()[ep]
    p[after & ~continues] = 0
    p[after & continues] = (AFTER_END_P * engagement.astype(np.float32))[ep[after & continues]]
    p[day > dropout[ep]] = 0
    return np.flatnonzero(rng.random(len(p)) < p)


def _comments(state: dict[str, np.ndarray], therapist_first: np.ndarray,
              rng: np.random.Generator) -> np.ndarray:
    n = len(therapist_first)
    out = np.full(n, None, dtype=object)
    rows = np.flatnonzero(rng.random(n) < COMMENT_SHARE)
    flare = state["flare"][rows] > 1.5
    stressed = state["stress"][rows] > 7
    good = state["pain"][rows] < 2
    people = rng.random(len(rows)) < 0.4
    pools = np.select([flare, stressed, good, people], [0, 1, 2, 3], default=4)
    templates = (vocab.COMMENTS_FLARE, vocab.COMMENTS_STRESS, vocab.COMMENTS_GOOD,
                 vocab.COMMENTS_PEOPLE, vocab.COMMENTS_NEUTRAL)
    pick = rng.random(len(rows))
    male = rng.choice(vocab.MALE_FIRST, len(rows))
    female = rng.choice(vocab.FEMALE_FIRST, len(rows))
    for k, (row, pool) in enumerate(zip(rows, pools, strict=True)):
        options = templates[pool]
        text = options[int(pick[k] * len(options))]
        out[row] = text.format(m=male[k], f=female[k], t=therapist_first[row])
    return out


def sample_checkins(eps: pd.DataFrame, latent: Latent, rng: np.random.Generator) -> pd.DataFrame:
    """Clean check-ins (numbers, NaN = skipped) with their episode and date-time.

    Returns
    -------
    DataFrame
        ``episode``, ``patient``, ``when`` (date-time, minutes), the measures of
        ``beyou_analytics.schema.CHECKIN_MEASURES`` by store column name, and ``comment``.
    """
    pos = _days(eps, latent, rng)
    ep = latent.episode[pos]
    day = latent.day[pos]
    state = {name: latent.values[name][pos].astype(float) for name in (
        "pain", "stress", "sleep_quality", "sleep_hours", "activity_minutes", "adherence",
        "self_efficacy", "load", "capacity", "flare")}
    n = len(pos)

    def score(x, sd):
        return np.clip(np.round(x + rng.normal(0, sd, n)), 0, 10)

    pain_now = score(state["pain"], 0.6)
    out = {
        "episode": ep.astype(np.int64),
        "patient": eps["patient"].to_numpy()[ep],
        "pain_now": pain_now,
        "pain_worst_24h": np.clip(pain_now + np.round(np.abs(rng.normal(1.2, 0.9, n))), 0, 10),
        "stress": score(state["stress"], 0.5),
        "sleep_quality": score(state["sleep_quality"], 0.5),
        "sleep_hours": np.clip(np.round(state["sleep_hours"] * 2) / 2, 0, 16),
        "active_minutes": np.round(state["activity_minutes"] / 5) * 5,
        "exercises_done": (rng.random(n) < state["adherence"]).astype(float),
        "confidence": score(10 * state["self_efficacy"], 0.6),
        "load": score(state["load"], 0.35),
        "load_capacity": score(state["capacity"], 0.35),
    }
    for name, share in MISSING.items():  # float32 holds these small numbers exactly
        out[name] = np.where(rng.random(n) < share, np.nan, out[name]).astype(np.float32)
    hour = 7 + rng.choice(len(HOUR_WEIGHTS), n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    minute = rng.integers(0, 60, n)
    start = eps["start"].to_numpy()[ep]
    out["when"] = (start + (day.astype(np.int64) * 1440 + hour * 60 + minute).astype(
        "timedelta64[m]")).astype("datetime64[us]")
    first_names = eps["therapist"].str.split(" ").str[0].to_numpy()
    out["comment"] = _comments(state, first_names[ep], rng)
    del state
    return pd.DataFrame({k: out[k] for k in ("episode", "patient", "when", *MISSING, "comment")})
