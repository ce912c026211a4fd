"""Named random streams: one seed gives independent, reproducible generators per concern.

A stream is keyed by the user's seed and a stable name, so adding draws to one concern (say,
a new artefact) does not shift the numbers of another (the patients stay the same).

Examples
--------
>>> a, b = stream(7, "patients").integers(0, 100, 3), stream(7, "patients").integers(0, 100, 3)
>>> bool((a == b).all())
True
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, name: str) -> np.random.Generator:
    """A generator determined by ``seed`` and ``name`` only (crc32 keeps names stable)."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), zlib.crc32(name.encode())]))


def pick(rng: np.random.Generator, weighted: tuple[tuple[object, float], ...],
         size: int) -> np.ndarray:
    """``size`` draws from ``((value, weight), ...)`` as an object array.

    Examples
    --------
    >>> pick(stream(1, "x"), (("ja", 1.0), ("nee", 0.0)), 2).tolist()
    ['ja', 'ja']
    """
    values = np.empty(len(weighted), dtype=object)
    values[:] = [value for value, _ in weighted]
    weights = np.array([weight for _, weight in weighted], dtype=float)
    return values[rng.choice(len(weighted), size=size, p=weights / weights.sum())]
