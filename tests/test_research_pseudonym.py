"""Keyed pseudonyms, date shifts, therapist codes and the key file."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from beyou_analytics.errors import KeyFileError
from beyou_analytics.research.pseudonym import (
    MAX_SHIFT_DAYS,
    date_shift_days,
    pseudonymise,
    read_key,
    shift_dates,
    therapist_codes,
    write_key_file,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def test_pseudonym_is_the_hmac_sha256_prefix() -> None:
    expected = hmac.new(KEY, b"patient:12345", hashlib.sha256).hexdigest()[:16]
    assert pseudonymise(pd.Series(["12345"]), KEY).tolist() == [expected]


def test_pseudonyms_are_deterministic_keyed_and_distinct() -> None:
    ids = pd.Series(["12345", "678", "12345", None])
    first, again = pseudonymise(ids, KEY), pseudonymise(ids, KEY)
    assert first.tolist()[:3] == again.tolist()[:3]
    assert first[0] == first[2] and first[0] != first[1]
    assert pd.isna(first[3])
    other = pseudonymise(ids, OTHER_KEY)
    assert other[0] != first[0] and other[1] != first[1]
    assert all(len(p) == 16 for p in first[:3])
    assert "12345" not in first[0]


def test_longer_pseudonyms_extend_the_same_digest() -> None:
    short, long = (pseudonymise(pd.Series(["7"]), KEY, length=n)[0] for n in (16, 32))
    assert long.startswith(short) and len(long) == 32
    with pytest.raises(ValueError, match="16-64"):
        pseudonymise(pd.Series(["7"]), KEY, length=8)


def test_date_shift_is_per_patient_within_bounds_and_keeps_intervals() -> None:
    ids = pd.Series([str(n) for n in range(1, 400)])
    shifts = date_shift_days(ids, KEY)
    assert shifts.between(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS).all()
    assert shifts.nunique() > 100  # spread over the range, not a constant
    assert (date_shift_days(ids, OTHER_KEY) != shifts).any()
    patient = pd.Series(["42", "42", "42"])
    dates = pd.Series(pd.to_datetime(["2026-01-05 09:30", "2026-02-10 00:00", "2026-07-01 18:00"]))
    shift = date_shift_days(patient, KEY)
    moved = shift_dates(dates, shift)
    assert (moved.diff().dropna() == dates.dt.normalize().diff().dropna()).all()
    assert ((moved - dates.dt.normalize()).dt.days == shift).all()
    assert (moved == moved.dt.normalize()).all()  # times of day are gone


def test_the_shift_is_independent_of_the_pseudonym_digest() -> None:
    digest = hmac.new(KEY, b"patient:42", hashlib.sha256).digest()
    from_pseudonym = int.from_bytes(digest[:8], "big") % (2 * MAX_SHIFT_DAYS + 1) - MAX_SHIFT_DAYS
    shift = int(date_shift_days(pd.Series(["42"]), KEY)[0])
    expected = hmac.new(KEY, b"date-shift:42", hashlib.sha256).digest()
    assert shift == int.from_bytes(expected[:8], "big") % 361 - 180
    assert shift != from_pseudonym or shift == 0


def test_therapist_codes_hide_names() -> None:
    codes = therapist_codes(pd.Series(["Anne de Vries", "Bram", "Anne de Vries"]), KEY)
    assert codes[0] == codes[2] != codes[1]
    assert all(c.startswith("T-") and len(c) == 8 for c in codes)
    assert "Anne" not in "".join(codes)


def test_keygen_writes_a_private_hex_key_and_never_overwrites(tmp_path: Path) -> None:
    path = write_key_file(tmp_path / "practice.key")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(read_key(path)) == 32
    with pytest.raises(KeyFileError, match="already exists; refusing to overwrite"):
        write_key_file(path)
    assert len(path.read_text().strip()) == 64


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        (b"", "is empty"),
        (b"  \n", "is empty"),
        (b"ab" * 10, "holds 10 bytes of secret; at least 32"),
        (b"short raw secret", "holds 16 bytes"),
    ],
)
def test_a_bad_key_file_is_one_clear_line(tmp_path: Path, content: bytes | None,
                                          message: str) -> None:
    path = tmp_path / "key"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(KeyFileError, match=message) as info:
        read_key(path)
    assert "\n" not in str(info.value)


def test_no_key_at_all_names_the_parameter_and_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("BEYOU_KEY_FILE", raising=False)
    with pytest.raises(KeyFileError, match=r"key_file.*BEYOU_KEY_FILE"):
        read_key("")


def test_raw_and_hex_keys_are_both_accepted(tmp_path: Path) -> None:
    raw = tmp_path / "raw.key"
    raw.write_bytes(os.urandom(48))
    assert len(read_key(raw)) == 48
    hexed = tmp_path / "hex.key"
    hexed.write_text(KEY.hex().upper() + "\n")
    assert read_key(hexed) == KEY
