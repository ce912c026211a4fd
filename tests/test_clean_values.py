"""Vectorised value parsers (clean/values.py): dates, numbers, yes/no and category words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from beyou_analytics.clean.values import (
    END_REASON_KEYWORDS,
    REFERRAL,
    SEX,
    TIMEPOINT,
    invalid,
    map_keywords,
    map_words,
    parse_dates,
    parse_numbers,
    parse_yes_no,
)
from beyou_analytics.schema import END_REASONS, REFERRALS, SEXES, TIMEPOINTS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05-03-2026", "2026-03-05 00:00"), ("5-3-2026", "2026-03-05 00:00"),
        ("05/03/2026", "2026-03-05 00:00"), ("5.3.2026", "2026-03-05 00:00"),
        ("2026-03-05", "2026-03-05 00:00"), ("05-03-2026 08:30", "2026-03-05 08:30"),
        ("5-3-2026 8:30", "2026-03-05 08:30"), ("05-03-2026 08:30:59", "2026-03-05 08:30"),
        ("2026-03-05 08:30", "2026-03-05 08:30"), ("2026-03-05T08:30:00", "2026-03-05 08:30"),
        (" 05-03-2026 ", "2026-03-05 00:00"), ("29-02-2024", "2024-02-29 00:00"),
        ("31-12-2025 23:59", "2025-12-31 23:59"), ("03-04-2026", "2026-04-03 00:00"),
    ],
)
def test_day_first_and_iso_dates(text: str, expected: str) -> None:
    parsed = parse_dates(pd.Series([text]))
    assert parsed.dtype == np.dtype("datetime64[us]")
    assert parsed.dt.strftime("%Y-%m-%d %H:%M").tolist() == [expected]


@pytest.mark.parametrize(
    "text",
    ["31-02-2026", "29-02-2025", "32-01-2026", "01-13-2026", "5-3-26", "2026/03/05x",
     "05-03-2026 25:00", "gisteren", "—", "1-1-1850", "0-1-2026", "12345"],
)
def test_invalid_dates(text: str) -> None:
    raw = pd.Series([text])
    assert invalid(raw, parse_dates(raw)).tolist() == [True]


def test_missing_dates_are_not_invalid() -> None:
    raw = pd.Series([None, "01-01-2026"], dtype="str")
    assert invalid(raw, parse_dates(raw)).tolist() == [False, False]


def test_mixed_formats_in_one_column() -> None:
    raw = pd.Series(["01-02-2026", "2026-02-01", "1/2/2026 09:00", "31-02-2026", None])
    parsed = parse_dates(raw)
    assert parsed.dt.day.tolist()[:3] == [1, 1, 1]
    assert parsed.isna().tolist() == [False, False, False, True, True]


@pytest.mark.parametrize(
    ("text", "value"),
    [("6,5", 6.5), ("6.5", 6.5), (" 7 ", 7.0), ("-1", -1.0), ("+2", 2.0), (",5", 0.5),
     ("10", 10.0), ("0", 0.0)],
)
def test_numbers_with_decimal_comma(text: str, value: float) -> None:
    assert parse_numbers(pd.Series([text])).tolist() == [value]


@pytest.mark.parametrize("text", ["n.v.t.", "?", "—", "x", "1e3", "6,5,1", "inf", "nan", "7/10"])
def test_non_numeric_answers(text: str) -> None:
    raw = pd.Series([text])
    assert invalid(raw, parse_numbers(raw)).tolist() == [True]


@pytest.mark.parametrize(
    ("words", "truth"),
    [(["ja", "Ja", "JA", "j", "yes", "Y", "1", "true", "WAAR", "eens"], True),
     (["nee", "Nee", "n", "no", "0", "false", "onwaar", "Oneens"], False)],
)
def test_yes_no_in_dutch_and_english(words: list[str], truth: bool) -> None:
    assert parse_yes_no(pd.Series(words)).tolist() == [truth] * len(words)


def test_yes_no_unknown_words_are_missing() -> None:
    raw = pd.Series(["misschien", "n.v.t.", None], dtype="str")
    assert invalid(raw, parse_yes_no(raw)).tolist() == [True, True, False]


def test_vocabularies_map_only_to_store_codes() -> None:
    assert set(SEX.values()) <= set(SEXES)
    assert set(REFERRAL.values()) <= set(REFERRALS)
    assert {code for _, code in END_REASON_KEYWORDS} <= set(END_REASONS)
    assert set(TIMEPOINT.values()) <= set(TIMEPOINTS)


@pytest.mark.parametrize(
    ("text", "code"),
    [("V", "F"), ("vrouw", "F"), ("Vrouw", "F"), ("M", "M"), ("man", "M"), ("X", "X"),
     ("anders", "X"), ("onbekend", "X")],
)
def test_sex(text: str, code: str) -> None:
    assert map_words(pd.Series([text]), SEX).tolist() == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [("huisarts", "gp"), ("Huisarts", "gp"), ("DTF", "direct_access"),
     ("direct", "direct_access"), ("Directe toegang", "direct_access"),
     ("specialist", "specialist"), ("Bedrijfsarts", "other"), ("Dr. Pietersen", "other")],
)
def test_referral(text: str, code: str) -> None:
    assert map_words(pd.Series([text]), REFERRAL, default="other").tolist() == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [("Doel bereikt", "goal_reached"), ("behandeldoelen bereikt", "goal_reached"),
     ("Eigen initiatief", "own_initiative"), ("Doorverwezen naar specialist", "referred"),
     ("No-show", "no_show"), ("Verhuisd", "moved"),
     ("patiënt overleden, zie dossier J. de Vries", "other")],
)
def test_end_reason_never_keeps_free_text(text: str, code: str) -> None:
    assert map_keywords(pd.Series([text]), END_REASON_KEYWORDS, default="other").tolist() == [
        code]


@pytest.mark.parametrize(
    ("text", "code"),
    [("intake", "intake"), ("Baseline", "intake"), ("tussentijds", "interim"),
     ("interim", "interim"), ("eind", "discharge"), ("Discharge", "discharge")],
)
def test_timepoint(text: str, code: str) -> None:
    assert map_words(pd.Series([text]), TIMEPOINT).tolist() == [code]


def test_parsers_keep_the_index_and_do_not_mutate() -> None:
    raw = pd.Series(["1", "x"], index=[5, 9])
    before = raw.copy()
    for parser in (parse_numbers, parse_dates, parse_yes_no):
        assert parser(raw).index.tolist() == [5, 9]
    pd.testing.assert_series_equal(raw, before)


def test_every_end_reason_the_practice_system_writes_maps_back_to_its_code() -> None:
    from beyou_analytics.synth import vocab

    labels = pd.Series(list(vocab.END_REASON_LABELS.values()))
    mapped = map_keywords(labels, END_REASON_KEYWORDS, default="other").tolist()
    assert mapped == list(vocab.END_REASON_LABELS)  # "Niet meer verschenen" read as "other"
