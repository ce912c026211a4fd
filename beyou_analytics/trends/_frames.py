"""Small helpers shared by the trend functions: ``as_of`` handling and input checks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from beyou_analytics.schema import DATE

KEYS = ["patient_id", "episode_id"]
DAY = pd.Timedelta(days=1)

AsOf = pd.Timestamp | date | str


def as_of_day(as_of: AsOf) -> pd.Timestamp:
    """``as_of`` as a midnight timestamp; data of that whole day counts as "on or before".

    Examples
    --------
    >>> as_of_day("2026-10-31 17:45")
    Timestamp('2026-10-31 00:00:00')
    """
    stamp = pd.Timestamp(as_of)
    if pd.isna(stamp):
        raise ValueError("as_of is missing (NaT): pass the date the analysis is 'as of'")
    return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()


def require(frame: pd.DataFrame, columns: Iterable[str], *, who: str, table: str) -> None:
    """Fail with one sentence when ``frame`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{who}: the {table} frame lacks column(s) {', '.join(missing)}; "
            f"expected the store's {table} table"
        )


def days(frame: pd.DataFrame, column: str = "date") -> pd.Series:
    """The calendar day of ``column`` (time of day dropped), as ``datetime64[us]``."""
    return frame[column].dt.normalize().astype(DATE)


def up_to(frame: pd.DataFrame, as_of: AsOf | None, column: str = "date") -> pd.DataFrame:
    """Rows dated on or before ``as_of`` (all rows when ``as_of`` is ``None``)."""
    if as_of is None:
        return frame
    return frame.loc[frame[column] < as_of_day(as_of) + DAY]


def days_between(later: pd.Timestamp | pd.Series, earlier: pd.Series) -> pd.Series:
    """Whole days from ``earlier`` to ``later`` (missing stays missing, as ``Int64``)."""
    delta = (later - earlier) / DAY
    return pd.Series(np.floor(delta.to_numpy(dtype=float)), index=earlier.index).astype("Int64")


def as_float(series: pd.Series) -> np.ndarray:
    """A numeric or nullable-boolean series as floats, missing as NaN."""
    return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
