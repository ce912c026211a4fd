"""Keyed pseudonyms, per-patient date shifts and therapist codes (HMAC-SHA256, RFC 2104).

Research outputs never carry the practice patient number, a real date or a therapist's name
(data contract §4). With the practice's secret key:

- a patient number becomes ``HMAC-SHA256(key, "patient:" + number)`` as hex, cut to 16
  characters (64 bits): the same patient gets the same pseudonym in every export made with the
  same key, and without the key nobody can link it back (trying all patient numbers needs it);
- every date of a patient moves by the same number of days, uniform in ``±max_days``
  (default 180) and derived from ``HMAC(key, "date-shift:" + number)``, so intervals between a
  patient's dates are kept exactly while calendar dates are hidden;
- a therapist's name becomes ``T-`` and 6 hex characters of ``HMAC(key, "therapist:" + name)``.

Each use has its own message prefix, so a pseudonym says nothing about the date shift. The key
file holds at least 32 bytes of secret: 64+ hex characters (what ``beyou keygen`` writes) or
raw bytes.

Examples
--------
>>> key = bytes(range(32))
>>> pseudonymise(pd.Series(["12345", "12345", "678"]), key).tolist()
['de1598a904ac352c', 'de1598a904ac352c', '319feca01fdcc510']
>>> date_shift_days(pd.Series(["12345"]), key).tolist()
[19]
>>> therapist_codes(pd.Series(["Anne de Vries"]), key).tolist()
['T-5abc8a']
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

import numpy as np
import pandas as pd

from beyou_analytics.errors import KeyFileError

MIN_KEY_BYTES = 32
PSEUDONYM_LENGTH = 16
MAX_SHIFT_DAYS = 180
KEY_ENV = "BEYOU_KEY_FILE"
_HEX = re.compile(rb"[0-9a-fA-F]+")


def read_key(path: str | os.PathLike[str] | None) -> bytes:
    """The secret in the key file at ``path`` (``None``/empty: ``$BEYOU_KEY_FILE``).

    Hex text (64 or more hex digits, whitespace around it ignored) is decoded; anything else is
    used as raw bytes. Raises ``KeyFileError`` with one line when the file is not given, missing,
    unreadable, empty or holds fewer than 32 bytes of secret.

    Examples
    --------
    >>> read_key("/nonexistent/beyou.key")
    Traceback (most recent call last):
    beyou_analytics.errors.KeyFileError: pseudonymisation key file /nonexistent/beyou.key does not exist; create one with 'beyou keygen --out FILE'
    """  # noqa: E501
    text = str(path or os.environ.get(KEY_ENV, "")).strip()
    if not text:
        raise KeyFileError(
            "no pseudonymisation key file given: set the 'key_file' parameter or BEYOU_KEY_FILE "
            "(create one with 'beyou keygen --out FILE')"
        )
    file = Path(text).expanduser()
    if not file.is_file():
        raise KeyFileError(
            f"pseudonymisation key file {file} does not exist; create one with "
            "'beyou keygen --out FILE'"
        )
    try:
        content = file.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"pseudonymisation key file {file} cannot be read: "
                           f"{exc.strerror or type(exc).__name__}") from None
    stripped = content.strip()
    if not stripped:
        raise KeyFileError(f"pseudonymisation key file {file} is empty")
    secret = bytes.fromhex(stripped.decode()) if (
        _HEX.fullmatch(stripped) and len(stripped) % 2 == 0) else content
    if len(secret) < MIN_KEY_BYTES:
        raise KeyFileError(
            f"pseudonymisation key file {file} holds {len(secret)} bytes of secret; at least "
            f"{MIN_KEY_BYTES} are needed (create one with 'beyou keygen --out FILE')"
        )
    return secret


def write_key_file(path: str | os.PathLike[str]) -> Path:
    """Create a new key file: 32 random bytes as 64 hex digits, mode 0600; never overwrites.

    Raises ``KeyFileError`` when the file exists (a new key would break the link with every
    earlier export) or its folder does not.
    """
    file = Path(path).expanduser()
    if not file.parent.is_dir():
        raise KeyFileError(f"cannot create key file {file}: folder {file.parent} does not exist")
    try:
        descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(
            f"key file {file} already exists; refusing to overwrite it (a new key breaks the "
            "link with earlier pseudonymised exports)"
        ) from None
    except OSError as exc:
        raise KeyFileError(f"cannot create key file {file}: "
                           f"{exc.strerror or type(exc).__name__}") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(MIN_KEY_BYTES) + "\n")
    os.chmod(file, 0o600)  # the umask may have narrowed it further; never wider
    return file


def _digests(values: pd.Series, key: bytes, purpose: str) -> list[bytes]:
    prefix = f"{purpose}:".encode()
    return [hmac.new(key, prefix + str(v).encode(), hashlib.sha256).digest() for v in values]


def pseudonymise(ids: pd.Series, key: bytes, *, length: int = PSEUDONYM_LENGTH) -> pd.Series:
    """Keyed pseudonyms of patient numbers: HMAC-SHA256 hex, first ``length`` (>= 16) digits.

    Missing numbers stay missing.
    """
    if length < PSEUDONYM_LENGTH or length > 64:
        raise ValueError(f"pseudonym length must be 16-64 hex digits; got {length}")
    known = ids.notna()
    out = pd.Series(np.nan, index=ids.index, dtype="str", name=ids.name)
    digests = _digests(ids[known], key, "patient")
    out[known] = [d.hex()[:length] for d in digests]
    return out


def date_shift_days(ids: pd.Series, key: bytes, *, max_days: int = MAX_SHIFT_DAYS) -> pd.Series:
    """Per patient a shift in whole days, uniform in ``[-max_days, max_days]``, from the key.

    The first 8 bytes of the HMAC as an integer modulo ``2 * max_days + 1`` (the bias of
    a 64-bit value modulo 361 is below 1e-16).
    """
    digests = _digests(ids, key, "date-shift")
    span = 2 * max_days + 1
    shifts = [int.from_bytes(d[:8], "big") % span - max_days for d in digests]
    return pd.Series(shifts, index=ids.index, dtype="int64", name="shift_days")


def shift_dates(dates: pd.Series, shift_days: pd.Series) -> pd.Series:
    """Dates moved by each row's shift (whole days; the time of day is dropped)."""
    return (dates.dt.normalize() + pd.to_timedelta(shift_days, unit="D")).astype(
        "datetime64[us]")


def therapist_codes(names: pd.Series, key: bytes) -> pd.Series:
    """``T-`` plus 6 hex digits of the keyed HMAC of each therapist's name (missing stays)."""
    known = names.notna()
    out = pd.Series(np.nan, index=names.index, dtype="str", name=names.name)
    out[known] = [f"T-{d.hex()[:6]}" for d in _digests(names[known], key, "therapist")]
    return out


def key_fingerprint(key: bytes) -> str:
    """A short public identifier of the key (which key made an export), not the key itself.

    >>> key_fingerprint(bytes(range(32)))
    '5ab8c392'
    """
    return hmac.new(key, b"fingerprint", hashlib.sha256).hexdigest()[:8]
