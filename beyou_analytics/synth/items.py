"""Item answers of the 15 instruments, generated from the latent state and the registry.

Each generator returns RAW answers as they appear on the form: ranges, yes/no items and
reversed items come from ``beyou_analytics.instruments``, so a score computed per the registry
follows the latent state (a reversed TSK item is answered in the opposite direction; the
ÖMPSQ's reversed items are high when things go well). Constructs map to instruments as:
fear -> TSK17/TSK11, catastrophising -> PCS, self-efficacy -> PSEQ/PSEQ2, sensitisation -> CSI,
disability -> QBPDS/ODI/RMDQ/PSK/PSFS, pain -> NPRS; SBST, ÖMPSQ-10 and GPE combine several.

Examples
--------
>>> import numpy as np
>>> from beyou_analytics.synth._rng import stream
>>> ctx = Context(state={"fear": np.array([0.1, 0.9])}, base={}, episode=np.array([0, 1]),
...               n_episodes=2, seed=1)
>>> raw = GENERATORS["TSK17"](ctx, stream(1, "x"))
>>> raw.shape, bool(raw[1, 0] > raw[0, 0]), bool(raw[1, 3] < raw[0, 3])  # item 4 reversed
((2, 17), True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from beyou_analytics.instruments import Instrument, get_instrument
from beyou_analytics.synth._rng import stream

TSK11_FROM_TSK17 = (1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17)  # instruments.md §6
PSEQ2_FROM_PSEQ = (5, 9)  # instruments.md §8


@dataclass(frozen=True)
class Context:
    """Latent ``state`` of the rows to answer, ``base`` = the same episodes on day 0.

    ``episode`` indexes per-episode traits (person offsets, activities) that stay the same
    over repeated administrations; ``seed`` keys those traits.
    """

    state: dict[str, np.ndarray]
    base: dict[str, np.ndarray]
    episode: np.ndarray
    n_episodes: int
    seed: int

    def trait(self, name: str, sd: float, size: int = 1) -> np.ndarray:
        """A per-episode trait (normal, mean 0) of the rows, the same at every administration."""
        values = stream(self.seed, f"trait-{name}").normal(0, sd, (self.n_episodes, size))
        return values[self.episode]


def _offsets(code: str, n_items: int, sd: float = 0.13) -> np.ndarray:
    """Fixed item difficulties of an instrument (seed-independent: a property of the form)."""
    off = stream(0, f"items-{code}").normal(0, sd, n_items)
    return off - off.mean()


def _likert(inst: Instrument, theta: np.ndarray, ctx: Context, rng: np.random.Generator,
            offsets: np.ndarray, noise: float = 0.14) -> np.ndarray:
    """Raw answers: the scored value follows ``theta`` (0-1); reversed items are mirrored."""
    n_items = len(offsets)
    person = ctx.trait(inst.code, 0.05)
    level = np.clip(theta[:, None] + offsets[None, :] + person
                    + rng.normal(0, noise, (len(theta), n_items)), 0, 1)
    lo, hi = np.array([inst.item_range(i) for i in range(1, n_items + 1)], dtype=float).T
    scored = np.round(lo + (hi - lo) * level)
    rev = np.isin(np.arange(1, n_items + 1), inst.reversed_items)
    return np.where(rev, lo + hi - scored, scored)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _bernoulli(p: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return (rng.random(p.shape) < p).astype(float)


def _scale(code: str, construct: str, factor: float = 1.0):
    def generate(ctx: Context, rng: np.random.Generator) -> np.ndarray:
        inst = get_instrument(code)
        theta = np.clip(ctx.state[construct] * factor, 0, 1)
        return _likert(inst, theta, ctx, rng, _offsets(code, inst.n_items))
    return generate


def _short_form(code: str, long_code: str, construct: str, items: tuple[int, ...]):
    """A short form answered like the matching items of its long form."""
    def generate(ctx: Context, rng: np.random.Generator) -> np.ndarray:
        inst = get_instrument(code)
        offsets = _offsets(long_code, get_instrument(long_code).n_items)[np.array(items) - 1]
        return _likert(inst, ctx.state[construct], ctx, rng, offsets)
    return generate


def _nprs(ctx: Context, rng: np.random.Generator) -> np.ndarray:
    pain = ctx.state["pain"] + rng.normal(0, 0.6, len(ctx.episode))
    return np.clip(np.round(pain), 0, 10)[:, None]


def _activity_level(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """Difficulty (0-10) of each of the patient's own 3-5 activities; NaN beyond their count."""
    level = 10 * np.clip(1.5 * ctx.state["disability"] + 0.15, 0, 1)
    per_activity = level[:, None] + ctx.trait("activities", 0.9, 5)
    count = 3 + (np.abs(ctx.trait("activity-count", 1.0)[:, 0]) * 1.3).astype(int).clip(0, 2)
    return per_activity, np.arange(5)[None, :] < count[:, None]


def _psk(ctx: Context, rng: np.random.Generator) -> np.ndarray:
    level, rated = _activity_level(ctx)
    answers = np.clip(np.round(level + rng.normal(0, 0.6, level.shape)), 0, 10)
    return np.where(rated, answers, np.nan)


def _psfs(ctx: Context, rng: np.random.Generator) -> np.ndarray:
    level, rated = _activity_level(ctx)
    answers = np.clip(np.round(10 - level + rng.normal(0, 0.6, level.shape)), 0, 10)
    return np.where(rated, answers, np.nan)


def _rmdq(ctx: Context, rng: np.random.Generator) -> np.ndarray:
    threshold = 0.1 + 0.65 * np.argsort(_offsets("RMDQ", 24)) / 23
    p = _sigmoid(12 * (1.2 * ctx.state["disability"][:, None] - threshold[None, :]))
    return _bernoulli(p, rng)


def _sbst(ctx: Context, rng: np.random.Generator) -> np.ndarray:
    s = ctx.state
    leg = _sigmoid(2 * ctx.trait("leg-pain", 1.0)[:, 0])
    mood = (s["stress"] / 10 + (1 - s["self_efficacy"])) / 2
    p = np.column_stack([
        leg,
        0.25 + 0.5 * s["sensitisation"],
        _sigmoid(10 * (s["disability"] - 0.28)),
        _sigmoid(10 * (s["disability"] - 0.33)),
        _sigmoid(10 * (s["fear"] - 0.45)),
        _sigmoid(10 * ((s["stress"] / 10 + s["catastrophising"]) / 2 - 0.4)),
        _sigmoid(10 * (s["catastrophising"] - 0.42)),
        _sigmoid(10 * (mood - 0.45)),
    ])
    bother = np.clip(np.round(s["pain"] / 2.3 - 0.3 + rng.normal(0, 0.5, len(leg))), 0, 4)
    return np.column_stack([_bernoulli(p, rng), bother])


def _ompsq(ctx: Context, rng: np.random.Generator) -> np.ndarray:
    s = ctx.state
    n = len(ctx.episode)
    # Duration category (1 = 0-1 week ... 10 = over a year): long-lasting pain, mostly 7-10.
    duration = np.clip(9 + np.round(ctx.trait("duration", 1.3)[:, 0]), 5, 10)
    raw = np.column_stack([
        s["pain"],
        10 * (0.5 * s["catastrophising"] + 0.05 * s["stress"]),  # depressed
        s["stress"],  # tense or anxious
        10 * s["catastrophising"] + 1.5,  # risk of persistent pain
        10 * s["self_efficacy"],  # chance of working in 3 months (reversed when scored)
        10 * s["fear"] + 0.5,  # stop when pain increases
        10 * (0.5 * s["fear"] + 0.8 * s["disability"]),  # should not do normal work
        10 * (1 - s["disability"]) - 1,  # light work for an hour (reversed)
        s["sleep_quality"],  # sleep at night (reversed)
    ])
    answers = np.clip(np.round(raw + rng.normal(0, 0.8, raw.shape)), 0, 10)
    return np.column_stack([duration, answers]) if n else np.empty((0, 10))


def _gpe(ctx: Context, rng: np.random.Generator) -> np.ndarray:
    s, b = ctx.state, ctx.base
    better = (0.5 * (b["pain"] - s["pain"]) / np.maximum(b["pain"], 1)
              + 0.5 * (b["disability"] - s["disability"]) / np.maximum(b["disability"], 0.05))
    c = better + rng.normal(0, 0.12, len(better))
    return (7 - np.searchsorted([-0.5, -0.3, -0.1, 0.2, 0.45, 0.75], c)).astype(float)[:, None]


GENERATORS: dict[str, Callable[[Context, np.random.Generator], np.ndarray]] = {
    "NPRS": _nprs,
    "ODI": _scale("ODI", "disability", 1.1),
    "RMDQ": _rmdq,
    "QBPDS": _scale("QBPDS", "disability"),
    "PSFS": _psfs,
    "PSK": _psk,
    "TSK17": _scale("TSK17", "fear"),
    "TSK11": _short_form("TSK11", "TSK17", "fear", TSK11_FROM_TSK17),
    "PCS": _scale("PCS", "catastrophising"),
    "PSEQ": _scale("PSEQ", "self_efficacy"),
    "PSEQ2": _short_form("PSEQ2", "PSEQ", "self_efficacy", PSEQ2_FROM_PSEQ),
    "CSI": _scale("CSI", "sensitisation"),
    "SBST": _sbst,
    "OMPSQ10": _ompsq,
    "GPE": _gpe,
}
