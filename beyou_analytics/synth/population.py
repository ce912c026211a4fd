"""The synthetic practice's people: therapists (staff) and patients with their identifiers.

Patients carry every direct identifier the exports contain (name, e-mail, phone, BSN, address,
birth date) so that tests can prove none of them reaches the store. All are invented.

Examples
--------
>>> import pandas as pd
>>> from beyou_analytics.synth._rng import stream
>>> people = make_patients(3, stream(1, "patients"), as_of=pd.Timestamp("2026-10-31"))
>>> people.columns.tolist()[:4]
['patient_number', 'name', 'first_name', 'sex']
>>> all(is_valid_bsn(b) for b in people["bsn"])
True
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from beyou_analytics.synth import vocab
from beyou_analytics.synth._rng import pick

BSN_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])  # the "11-proof" of the Dutch BSN


def is_valid_bsn(bsn: str) -> bool:
    """Whether ``bsn`` is 9 digits passing the 11-proof.

    Examples
    --------
    >>> is_valid_bsn("111222333"), is_valid_bsn("123456789")
    (True, False)
    """
    if len(bsn) != 9 or not bsn.isdigit():
        return False
    return int(np.dot(BSN_WEIGHTS, [int(c) for c in bsn])) % 11 == 0


def make_therapists(n: int) -> pd.DataFrame:
    """``n`` therapists with caseload shares and measurement habits (habits cycle after six)."""
    shares = list(vocab.CASELOAD_SHARES[:n])
    while len(shares) < n:
        shares.append(shares[-1] * 0.85)
    habits = [vocab.THERAPIST_HABITS[i % len(vocab.THERAPIST_HABITS)] for i in range(n)]
    frame = pd.DataFrame(habits)
    frame.insert(0, "therapist", list(vocab.THERAPISTS[:n]))
    frame.insert(1, "share", np.array(shares) / np.sum(shares))
    return frame


def _bsns(n: int, rng: np.random.Generator) -> np.ndarray:
    found: list[np.ndarray] = []
    total = 0
    while total < n:
        digits = rng.integers(0, 10, size=(2 * n + 16, 9))
        digits[:, 0] = rng.integers(1, 7, size=len(digits))
        digits[:, 8] = (digits[:, :8] @ BSN_WEIGHTS[:8]) % 11
        ok = digits[digits[:, 8] < 10]
        found.append(ok)
        total += len(ok)
    digits = np.concatenate(found)
    numbers = np.unique(digits @ (10 ** np.arange(8, -1, -1)))
    return rng.permutation(numbers)[:n]


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def _emails(first: np.ndarray, surname: np.ndarray, rng: np.random.Generator) -> list[str]:
    style = rng.integers(0, 4, size=len(first))
    number = rng.integers(1, 99, size=len(first))
    domain = rng.choice(vocab.EMAIL_DOMAINS, size=len(first))
    out = []
    for f, s, k, d, dom in zip(first, surname, style, number, domain, strict=True):
        f, s = _ascii(f), _ascii(s)
        local = (f"{f}.{s}", f"{f[0]}.{s}", f"{f}{s}{d}", f"{s}.{f}")[k]
        out.append(f"{local}@{dom}")
    return out


def _phones(n: int, rng: np.random.Generator) -> list[str]:
    digits = rng.integers(10_000_000, 100_000_000, size=n)
    style = rng.choice(3, size=n, p=[0.6, 0.25, 0.15])
    formats = (lambda d: f"06-{d}", lambda d: f"06{d}",
               lambda d: f"+31 6 {d // 10_000} {d % 10_000:04d}")
    return [formats[s](d) for s, d in zip(style, digits, strict=True)]


def _addresses(n: int, rng: np.random.Generator) -> list[str]:
    streets = rng.choice(vocab.STREETS, size=n)
    numbers = rng.integers(1, 240, size=n)
    suffix = rng.choice(["", "", "", "", "", "", "", "", "A", "-2", "bis"], size=n)
    city_idx = rng.integers(0, len(vocab.CITIES), size=n)
    pc_rest = rng.integers(10, 100, size=n)
    letters = rng.choice(list("ABCDEGHJKLMNPRTVWXZ"), size=(n, 2))
    out = []
    for i in range(n):
        city, pc2 = vocab.CITIES[city_idx[i]]
        postcode = f"{pc2}{pc_rest[i]} {letters[i, 0]}{letters[i, 1]}"
        out.append(f"{streets[i]} {numbers[i]}{suffix[i]}, {postcode} {city}")
    return out


def make_patients(n: int, rng: np.random.Generator, *, as_of: pd.Timestamp) -> pd.DataFrame:
    """``n`` patients: unique practice numbers and their (invented) direct identifiers.

    Returns
    -------
    DataFrame
        ``patient_number`` (int), ``name``, ``first_name``, ``sex`` (store code M/F/X),
        ``email``, ``phone``, ``bsn``, ``address``, ``birth_date``.
    """
    pool = max(90_000, 10 * n)
    numbers = rng.choice(pool, size=n, replace=False) + 10_000
    sex = pick(rng, (("F", 0.56), ("M", 0.43), ("X", 0.01)), n).astype(str)
    female = rng.choice(vocab.FEMALE_FIRST, size=n)
    male = rng.choice(vocab.MALE_FIRST, size=n)
    coin = rng.random(n) < 0.5
    first = np.where((sex == "F") | ((sex == "X") & coin), female, male)
    surname = rng.choice(vocab.SURNAMES, size=n)
    age_days = (np.clip(rng.normal(47, 14, size=n), 18, 89) * 365.25).astype(int)
    birth = as_of.normalize() - pd.to_timedelta(age_days, unit="D")
    return pd.DataFrame(
        {
            "patient_number": numbers.astype(np.int64),
            "name": [f"{f} {s}" for f, s in zip(first, surname, strict=True)],
            "first_name": first,
            "sex": sex,
            "email": _emails(first, surname, rng),
            "phone": _phones(n, rng),
            "bsn": [f"{b:09d}" for b in _bsns(n, rng)],
            "address": _addresses(n, rng),
            "birth_date": birth.astype("datetime64[us]"),
        }
    )
