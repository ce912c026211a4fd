"""Values as lean figure JSON: dates as ``YYYY-MM-DD`` text, numbers rounded, gaps as nulls.

Plain lists keep a report small (no binary arrays, no per-point custom data), and a line
breaks where the data has a gap instead of bridging weeks without a check-in.

Examples
--------
>>> iso_days(pd.to_datetime(["2026-10-05 14:30"]))
['2026-10-05']
>>> rounded([1.23456, float("nan"), None, 3])
[1.23, None, None, 3.0]
>>> rows = pd.DataFrame({"date": pd.to_datetime(["2026-10-01", "2026-10-02", "2026-10-20"]),
...     "load": [3.0, 4.0, 5.0]})
>>> with_gaps(rows)["load"].tolist()
[3.0, 4.0, nan, 5.0]
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

GAP_DAYS = 4  # a daily line breaks over a longer stretch without check-ins


def iso_days(values: Iterable) -> list[str]:
    """Dates as ``YYYY-MM-DD`` text (short JSON; the time of day is not shown)."""
    return [pd.Timestamp(v).strftime("%Y-%m-%d") for v in values]


def rounded(values: Iterable, digits: int = 2) -> list[float | None]:
    """Values rounded to ``digits`` decimals, missing as ``None`` (JSON ``null``)."""
    out: list[float | None] = []
    for value in values:
        number = np.nan if value is None or value is pd.NA else float(value)
        out.append(None if math.isnan(number) else round(number, digits))
    return out


def with_gaps(
    frame: pd.DataFrame, column: str = "date", *, max_gap_days: int = GAP_DAYS
) -> pd.DataFrame:
    """``frame`` sorted by ``column`` with an empty row inside every gap of more than
    ``max_gap_days`` days, so a line breaks instead of bridging weeks without data."""
    frame = frame.sort_values(column, kind="stable").reset_index(drop=True)
    dates = frame[column]
    gap = dates.diff() > pd.Timedelta(days=max_gap_days)
    if not gap.any():
        return frame
    fillers = pd.DataFrame({column: (dates[gap] - dates.diff()[gap] / 2).to_numpy()})
    return pd.concat([frame, fillers], ignore_index=True).sort_values(
        column, kind="stable").reset_index(drop=True)
