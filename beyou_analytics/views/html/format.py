"""Numbers, shares, dates and cell values as a page writes them, in Dutch or English.

One number formatter for every page: rounded half-up (instruments.md, binding decision
"rounding": displays round half-up; Python's ``round`` and ``format`` round 2.25 to 2.2), a
decimal comma in Dutch, a real minus sign, never ``-0``; missing values are a dash and text
(a suppression mark such as ``<5``) passes through unchanged.

Examples
--------
>>> fmt_number(2.25), fmt_number(-0.04, "en", signed=True), fmt_number(13.0, whole=True)
('2,3', '0.0', '13')
>>> fmt_number(-2.5, "nl"), fmt_number(5.50, "nl", 2, trim=True), fmt_number("<5")
('−2,5', '5,5', '<5')
>>> fmt_share(0.6364, "nl"), fmt_share(0.125, "en"), fmt_int(12.0), fmt_int(None)
('64%', '13%', '12', '–')
>>> fmt_date(pd.Timestamp("2026-10-05"), "nl"), fmt_date(None, "en")
('05-10-2026', '–')
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

MISSING = "–"
MINUS = "−"
DATE_FORMATS = {"nl": "%d-%m-%Y", "en": "%Y-%m-%d"}
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}


def is_missing(value: Any) -> bool:
    """True for ``None``, ``pd.NA``, ``NaT`` and NaN (never for text)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _lang(language: str) -> str:
    return "en" if language == "en" else "nl"


def is_whole(value: Any) -> bool:
    """Whether ``value`` is a whole number once float noise is rounded away.

    >>> is_whole(28.000000000000004), is_whole(44.0), is_whole(28.5)
    (True, True, False)
    """
    return round(float(value), 6).is_integer()


def fmt_number(
    value: Any,
    language: str = "nl",
    digits: int = 1,
    *,
    signed: bool = False,
    whole: bool = False,
    trim: bool = False,
) -> str:
    """``value`` rounded half-up to ``digits`` decimals, in the language's notation.

    Parameters
    ----------
    value
        A number; missing gives ``MISSING``, text is returned as it is.
    language
        ``nl`` (decimal comma) or ``en``.
    digits
        Decimals shown.
    signed
        Write ``+`` before a positive number.
    whole
        Write a whole number without decimals (a median of 13 sessions).
    trim
        Drop trailing zeros (``5,50`` -> ``5,5``; ``2,00`` -> ``2``).
    """
    if isinstance(value, str):
        return value
    if is_missing(value) or pd.isna(value):
        return MISSING
    number = float(value)
    if whole and is_whole(number):
        digits = 0
    rounded = Decimal(str(number)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if signed and rounded > 0:
        text = "+" + text
    text = text.replace("-", MINUS)
    return text.replace(".", ",") if _lang(language) == "nl" else text


def fmt_int(value: Any) -> str:
    """A count as a whole number; missing as ``MISSING``; text (a suppression mark) as is."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        return MISSING
    return str(int(value))


def fmt_share(value: Any, language: str = "nl") -> str:
    """A share 0-1 as a whole percentage (``64%``); missing or a suppression mark as is."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        return MISSING
    return fmt_number(float(value) * 100, language, 0) + "%"


def fmt_date(value: Any, language: str = "nl") -> str:
    """A date ``dd-mm-yyyy`` (nl) or ISO (en); ``MISSING`` when there is none."""
    if is_missing(value) or pd.isna(value):
        return MISSING
    return pd.Timestamp(value).strftime(DATE_FORMATS[_lang(language)])


def format_value(value: Any, *, language: str = "nl", digits: int = 1) -> str:
    """A table cell's text: numbers by ``fmt_number``, dates day-first in Dutch, ja/nee.

    >>> [format_value(v) for v in (2.0, 3.456, None, True, pd.Timestamp("2026-01-02"), 7)]
    ['2,0', '3,5', '–', 'ja', '02-01-2026', '7']
    >>> format_value(3.456, language="en", digits=2)
    '3.46'
    """
    if is_missing(value):
        return MISSING
    if isinstance(value, bool | np.bool_):
        return YES_NO[_lang(language)][0 if value else 1]
    if isinstance(value, pd.Timestamp):
        return fmt_date(value, language)
    if isinstance(value, float | np.floating):
        return fmt_number(value, language, digits)
    return str(value)
