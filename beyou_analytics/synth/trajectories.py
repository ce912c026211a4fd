"""Latent state of every patient on every day of an episode, following the practice's model.

Vectorised over one flat array of episode-days (no Python loop over patients). Per day:
pain (0-10), disability, fear of movement, catastrophising, self-efficacy and sensitisation
(0-1, scaled to their questionnaires later), stress and sleep quality (0-10), hours slept,
load and load capacity (0-10), active minutes, exercise adherence (a probability) and the
flare-up component of pain.

The model, in the practice's words (``../shared/context``):

- psychological change (fear, catastrophising fall; self-efficacy rises) follows a logistic
  curve that starts ``lag`` days *before* the physical one (pain, disability, capacity, sleep);
- a spell of 3-6 days with load above capacity is followed by a flare-up of pain;
- stress and sleep are coupled with pain day by day (stress up: pain up, sleep down);
- a relapse comes about a week into a stressful period and erodes part of the gains;
- exercise adherence rises with confidence.

Examples
--------
>>> import pandas as pd
>>> from beyou_analytics.synth._rng import stream
>>> from beyou_analytics.synth.population import make_therapists
>>> from beyou_analytics.synth.episodes import make_episodes
>>> eps = make_episodes(5, make_therapists(6), stream(1, "e"), as_of=pd.Timestamp("2026-10-31"))
>>> lat = simulate_latent(eps, stream(1, "l"))
>>> len(lat.day) == int(eps["n_days"].sum()), sorted(lat.values)[:3]
(True, ['activity_minutes', 'adherence', 'capacity'])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from beyou_analytics.synth.archetypes import ARCHETYPES, RELAPSE_DELAY

LATENT_COLUMNS = (
    "pain", "disability", "fear", "catastrophising", "self_efficacy", "sensitisation", "stress",
    "sleep_quality", "sleep_hours", "load", "capacity", "activity_minutes", "adherence", "flare",
)
STRESS_TO_PAIN = 0.3  # pain points per stress point above the patient's current trend
FLARE_DAYS = 21  # days a flare-up is followed (it decays exponentially)
BLOCK = 2000  # episodes simulated together


@dataclass(frozen=True)
class Latent:
    """Daily latent state: ``episode`` and ``day`` (since start) index the flat arrays."""

    episode: np.ndarray
    day: np.ndarray
    offsets: np.ndarray
    values: dict[str, np.ndarray]
    events: pd.DataFrame

    def at(self, episode: np.ndarray, day: np.ndarray) -> dict[str, np.ndarray]:
        """State of ``episode`` on ``day`` (clipped to the simulated days of that episode)."""
        n_days = np.diff(np.append(self.offsets, len(self.day)))
        pos = self.offsets[episode] + np.clip(day, 0, n_days[episode] - 1)
        return {name: values[pos].astype(float) for name, values in self.values.items()}

    def frame(self) -> pd.DataFrame:
        """All days as one DataFrame (``episode``, ``day`` and the latent columns)."""
        return pd.DataFrame({"episode": self.episode, "day": self.day, **self.values})


def _progress(day: np.ndarray, mid: np.ndarray, width: np.ndarray) -> np.ndarray:
    """Logistic progress from 0 on day 0 to 1, centred on ``mid``."""
    s = 1 / (1 + np.exp(-(day - mid) / width))
    s0 = 1 / (1 + np.exp(mid / width))
    return (s - s0) / (1 - s0)


def _ar1(rng: np.random.Generator, episode: np.ndarray, day: np.ndarray, offsets: np.ndarray,
         rho: float, sd: float) -> np.ndarray:
    """Stationary AR(1) noise, restarted at each episode, over the flat day array."""
    x = lfilter([1.0], [1.0, -rho], rng.standard_normal(len(day)) * sd * np.sqrt(1 - rho**2))
    before = np.concatenate([[0.0], x[offsets[1:] - 1]])
    init = rng.standard_normal(len(offsets)) * sd
    return x + rho ** (day + 1.0) * (init - before)[episode]


def _expand(events: pd.DataFrame, n_days: np.ndarray, length: np.ndarray):
    """Episode, day and step-within-event of every day an event covers (within the episode)."""
    rep = np.repeat(np.arange(len(events)), length)
    step = np.arange(len(rep)) - np.repeat(np.cumsum(length) - length, length)
    ep = events["episode"].to_numpy()[rep]
    d = events["start"].to_numpy()[rep] + step
    keep = d < n_days[ep]
    return rep[keep], ep[keep], d[keep], step[keep]


def _events(eps: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Overload spells (each with its flare-up) and stress spells, one row per event."""
    n_days = eps["n_days"].to_numpy()
    arch = [ARCHETYPES[a] for a in eps["archetype"]]
    rate = np.array([a.overloads_per_30d for a in arch])
    count = rng.poisson(rate * n_days / 30)
    ep = np.repeat(np.arange(len(eps)), count)
    start = (3 + rng.random(len(ep)) * np.maximum(n_days[ep] - 8, 1)).astype(np.int64)
    # Relapses: one or two overload spells inside the stressful period.
    rel = np.flatnonzero(eps["relapse"].to_numpy())
    rel_n = rng.integers(1, 3, size=len(rel))
    rel_ep = np.repeat(rel, rel_n)
    rel_start = (eps["stress_start"].to_numpy()[rel_ep]
                 + rng.random(len(rel_ep)) * eps["stress_days"].to_numpy()[rel_ep]).astype(np.int64)
    ep, start = np.concatenate([ep, rel_ep]), np.concatenate([start, rel_start])
    overload = pd.DataFrame({"episode": ep, "kind": "overload", "start": start,
                             "days": rng.integers(3, 7, size=len(ep)),
                             "amplitude": rng.uniform(1.2, 2.8, size=len(ep))})
    flare = pd.DataFrame({"episode": ep, "kind": "flare", "start": start + overload["days"],
                          "days": FLARE_DAYS, "amplitude": rng.uniform(1.5, 3.0, size=len(ep)),
                          "tau": rng.uniform(2.5, 5.0, size=len(ep))})
    spell_p = np.array([a.stress_spell_prob for a in arch])
    has = rng.random(len(eps)) < spell_p
    sp_ep = np.flatnonzero(has)
    spell = pd.DataFrame({"episode": sp_ep, "kind": "stress",
                          "start": (5 + rng.random(len(sp_ep)) * np.maximum(n_days[sp_ep] - 10, 1)
                                    ).astype(np.int64),
                          "days": rng.integers(5, 15, size=len(sp_ep)),
                          "amplitude": rng.uniform(1.5, 2.5, size=len(sp_ep))})
    relapse = pd.DataFrame({"episode": rel, "kind": "relapse_stress",
                            "start": eps["stress_start"].to_numpy()[rel].astype(np.int64),
                            "days": eps["stress_days"].to_numpy()[rel].astype(np.int64),
                            "amplitude": eps["stress_amp"].to_numpy()[rel]})
    events = pd.concat([overload, flare, spell, relapse], ignore_index=True)
    events["start"] = events["start"].astype(np.int64)
    events["days"] = events["days"].astype(np.int64)
    return events.sort_values(["episode", "start", "kind"], kind="stable", ignore_index=True)


def _baselines(eps: pd.DataFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """State at intake: one distress factor (shifted by archetype) drives the psychosocial set."""
    n = len(eps)
    z = rng.standard_normal(n) + np.array([ARCHETYPES[a].distress for a in eps["archetype"]])

    def draw(mean, slope, sd, lo, hi):
        return np.clip(mean + slope * z + rng.normal(0, sd, n), lo, hi)

    pain = draw(5.8, 0.5, 1.0, 2.5, 9.5)
    return {
        "pain": pain,
        "disability": np.clip(0.30 + 0.05 * (pain - 5.8) + 0.05 * z + rng.normal(0, 0.06, n),
                              0.05, 0.85),
        "fear": draw(0.42, 0.09, 0.07, 0.08, 0.95),
        "catastrophising": draw(0.32, 0.12, 0.08, 0.02, 0.95),
        "self_efficacy": draw(0.52, -0.10, 0.08, 0.05, 0.95),
        "sensitisation": draw(0.36, 0.08, 0.07, 0.05, 0.9),
        "stress": draw(4.3, 1.0, 0.8, 0.5, 9.5),
        "sleep_quality": draw(5.8, -0.8, 0.8, 1.0, 9.0),
        "capacity": draw(4.8, -0.5, 0.8, 1.5, 8.0),
    }


# Where full recovery would take each measure (targets are reached in proportion to ``gain``).
RECOVERED = {"pain": 1.0, "disability": 0.04, "fear": 0.15, "catastrophising": 0.05,
             "self_efficacy": 0.9, "sensitisation": 0.2, "stress": 2.5, "sleep_quality": 7.8,
             "capacity": 8.5}
PSYCHOLOGICAL = ("fear", "catastrophising", "self_efficacy", "stress")


def simulate_latent(eps: pd.DataFrame, rng: np.random.Generator) -> Latent:
    """Daily latent states of all episodes in ``eps`` (see ``make_episodes``).

    Episodes are simulated in blocks of ``BLOCK`` so memory stays modest for large practices
    (the block size is fixed, so the numbers depend on the seed only).
    """
    n_days = eps["n_days"].to_numpy()
    offsets = np.cumsum(n_days) - n_days
    total = int(n_days.sum())
    values = {name: np.empty(total, dtype=np.float32) for name in LATENT_COLUMNS}
    events = []
    for first in range(0, len(eps), BLOCK):
        block = eps.iloc[first : first + BLOCK].reset_index(drop=True)
        start = offsets[first]
        block_values, block_events = _simulate_block(block, rng)
        for name, array in block_values.items():
            values[name][start : start + len(array)] = array
        events.append(block_events.assign(episode=block_events["episode"] + first))
    episode = np.repeat(np.arange(len(eps), dtype=np.int32), n_days)
    day = (np.arange(total) - offsets[episode]).astype(np.int32)
    return Latent(episode=episode, day=day, offsets=offsets, values=values,
                  events=pd.concat(events, ignore_index=True))


def _simulate_block(eps: pd.DataFrame, rng: np.random.Generator):
    """Latent values (float32 arrays over the block's days) and events of a block."""
    n_days = eps["n_days"].to_numpy()
    offsets = np.cumsum(n_days) - n_days
    episode = np.repeat(np.arange(len(eps), dtype=np.int32), n_days)
    day = (np.arange(len(episode)) - offsets[episode]).astype(np.int32)
    d = day.astype(float)
    events = _events(eps, rng)
    base = _baselines(eps, rng)
    col = {k: eps[k].to_numpy(dtype=float) for k in
           ("psy_onset", "psy_width", "lag", "phys_width", "gain", "stress_start", "stress_days")}

    prog_psy = _progress(d, col["psy_onset"][episode], col["psy_width"][episode])
    prog_phys = _progress(d, (col["psy_onset"] + col["lag"])[episode], col["phys_width"][episode])
    # Relapse: a week into the stressful period part of the gains is lost, then slowly regained.
    rel_on = np.nan_to_num(col["stress_start"] + RELAPSE_DELAY, nan=np.inf)[episode]
    rel_off = np.nan_to_num(col["stress_start"] + col["stress_days"] + RELAPSE_DELAY,
                            nan=np.inf)[episode]
    bump = np.clip((d - rel_on) / 10, 0, 1) * np.exp(-np.clip(d - rel_off, 0, None) / 30)
    prog_psy = prog_psy * (1 - 0.5 * bump)
    prog_phys = prog_phys * (1 - 0.75 * bump)
    del rel_on, rel_off, bump

    gain = col["gain"]
    trend = {}
    for name, start in base.items():
        prog = prog_psy if name in PSYCHOLOGICAL else prog_phys
        scale = 0.5 if name in ("stress", "sensitisation") else 1.0
        trend[name] = start[episode] + (scale * gain * (RECOVERED[name] - start))[episode] * prog
    del prog_psy, prog_phys

    # Stress spells (trapezoids with 3-day ramps) and flare-ups after overload spells.
    stress_dev = np.zeros(len(day))
    flare = np.zeros(len(day))
    overload = np.zeros(len(day))
    for kind, target in (("stress", stress_dev), ("relapse_stress", stress_dev),
                         ("flare", flare), ("overload", overload)):
        ev = events[events["kind"] == kind]
        idx, ep, dd, step = _expand(ev, n_days, ev["days"].to_numpy())
        amp = ev["amplitude"].to_numpy()[idx]
        length = ev["days"].to_numpy()[idx]
        if kind == "flare":
            shape = np.exp(-step / ev["tau"].to_numpy()[idx])
        elif kind == "overload":
            shape = np.ones(len(step))
        else:
            shape = np.minimum(np.clip((step + 1) / 3, 0, 1), np.clip((length - step) / 3, 0, 1))
        np.add.at(target, offsets[ep] + dd, amp * shape)
    stress_dev += _ar1(rng, episode, day, offsets, 0.8, 0.8)

    out: dict[str, np.ndarray] = {}
    out["stress"] = np.clip(trend["stress"] + stress_dev, 0, 10)
    pain_noise = _ar1(rng, episode, day, offsets, 0.6, 0.5)
    out["pain"] = np.clip(trend["pain"] + STRESS_TO_PAIN * stress_dev + flare + pain_noise, 0, 10)
    out["flare"] = flare
    out["disability"] = np.clip(trend["disability"] + 0.03 * flare + 0.01 * stress_dev
                                + _ar1(rng, episode, day, offsets, 0.9, 0.015), 0, 1)
    for name, flare_w, stress_w in (("fear", 0.02, 0.005), ("catastrophising", 0.02, 0.015),
                                    ("self_efficacy", -0.015, -0.01)):
        out[name] = np.clip(trend[name] + flare_w * flare + stress_w * stress_dev
                            + _ar1(rng, episode, day, offsets, 0.9, 0.02), 0, 1)
    out["sensitisation"] = np.clip(trend["sensitisation"]
                                   + _ar1(rng, episode, day, offsets, 0.95, 0.01), 0, 1)
    out["sleep_quality"] = np.clip(
        trend["sleep_quality"] - 0.35 * stress_dev - 0.3 * (flare + pain_noise)
        + _ar1(rng, episode, day, offsets, 0.5, 0.6), 0, 10)
    hours_base = rng.normal(6.9, 0.5, len(eps))[episode]
    out["sleep_hours"] = np.clip(hours_base + 0.3 * (out["sleep_quality"] - 6)
                                 + rng.normal(0, 0.5, len(day)), 3, 11)
    out["capacity"] = np.clip(trend["capacity"] - 0.25 * flare
                              + _ar1(rng, episode, day, offsets, 0.8, 0.25), 0, 10)
    gap = rng.uniform(0.5, 1.5, len(eps))[episode]
    normal_load = out["capacity"] - gap + _ar1(rng, episode, day, offsets, 0.7, 0.6)
    out["load"] = np.clip(np.where(overload > 0, out["capacity"] + overload, normal_load), 0, 10)
    # Fearful patients with little capacity move less (between patients as well as over time).
    minutes0 = np.exp(rng.normal(np.log(40), 0.35, len(eps))
                      + 0.15 * (base["capacity"] - 4.8) - 1.5 * (base["fear"] - 0.42))
    out["activity_minutes"] = np.clip(
        minutes0[episode] * np.exp(0.10 * (out["capacity"] - base["capacity"][episode])
                                   - 1.0 * (out["fear"] - base["fear"][episode])
                                   + 0.06 * (out["load"] - out["capacity"])
                                   + rng.normal(0, 0.3, len(day))), 0, 720)
    a0 = rng.normal(0.3, 0.6, len(eps))[episode]
    out["adherence"] = 1 / (1 + np.exp(-(a0 + 0.6 * (10 * out["self_efficacy"] - 5) - d / 150)))
    return {name: out[name].astype(np.float32) for name in LATENT_COLUMNS}, events
