"""Numbers and dates in flag sentences: Dutch (decimal comma, dd-mm-yyyy) and English.

Displays round half-up (binding decision "rounding" in ``../shared/instruments.md``); Python's
``round`` would round 2.5 to 2.

Examples
--------
>>> number(2.25, "nl"), number(2.25, "en"), number(38.0, "nl")
('2,3', '2.3', '38')
>>> day(pd.Timestamp("2026-10-13"), "nl"), day(pd.Timestamp("2026-10-13"), "en")
('13-10-2026', '2026-10-13')
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from beyou_analytics.flags.registry import HIT_COLUMNS


def number(value: float, lang: str, digits: int = 1, *, trim: bool = True) -> str:
    """``value`` rounded half-up to ``digits`` decimals, trailing zeros dropped (``trim``).

    Two means side by side keep their zeros (``trim=False``): "6,6 ... 5,0", not "6,6 ... 5".

    >>> number(5.0, "nl"), number(5.0, "nl", trim=False), number(6.55, "en")
    ('5', '5,0', '6.6')
    """
    rounded = Decimal(str(float(value))).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text and trim:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if lang == "nl" else text


def signed(value: float, lang: str, digits: int = 1) -> str:
    """Like ``number`` with an explicit ``+`` for positive values."""
    text = number(value, lang, digits)
    return f"+{text}" if value > 0 and text.strip("0,.") else text


def percent(share: float, lang: str) -> str:
    """A share 0-1 as a whole percentage, e.g. ``'40%'``."""
    return f"{number(share * 100, lang, 0)}%"


def day(stamp: pd.Timestamp, lang: str) -> str:
    """A date as the reader writes it: ``13-10-2026`` (nl) or ``2026-10-13`` (en)."""
    return stamp.strftime("%d-%m-%Y" if lang == "nl" else "%Y-%m-%d")


def clean_value(value: Any) -> Any:
    """A JSON-friendly copy of ``value``: rounded floats, ISO dates, plain ints and lists."""
    if isinstance(value, Mapping):
        return {str(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_value(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else round(float(value), 3)
    return value


def to_json(values: Mapping[str, Any]) -> str:
    """``values`` as a compact, stable JSON string (sorted keys, UTF-8 text)."""
    return json.dumps(clean_value(values), ensure_ascii=False, sort_keys=True)


def hits(rows: list[tuple[str, str, str, dict[str, Any]]]) -> pd.DataFrame:
    """A rule's result frame from ``(episode_id, message_nl, message_en, values)`` tuples."""
    return pd.DataFrame(rows, columns=list(HIT_COLUMNS))
