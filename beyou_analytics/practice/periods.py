"""Calendar months for the practice report: parsing, bounds and the 12-month window.

A month is written ``YYYY-MM`` (the ``month`` parameter of the monthly report). A date belongs
to a month when it falls on any day of it (the time of day does not matter).

Examples
--------
>>> to_month("2026-10")
Period('2026-10', 'M')
>>> first_day("2026-10"), last_day("2026-10")
(Timestamp('2026-10-01 00:00:00'), Timestamp('2026-10-31 00:00:00'))
>>> [str(m) for m in month_window("2026-02", months=3)]
['2025-12', '2026-01', '2026-02']
>>> days = pd.Series(pd.to_datetime(["2026-10-31 23:59", "2026-11-01 00:00"]))
>>> in_month(days, "2026-10").tolist()
[True, False]
"""

from __future__ import annotations

import re

import pandas as pd

from beyou_analytics.errors import BeyouError
from beyou_analytics.schema import DATE

Month = str | pd.Period

MONTH_NAMES = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
MONTH_ABBREVIATIONS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def to_month(month: Month) -> pd.Period:
    """``month`` as a monthly ``Period``; a malformed month is a one-line ``BeyouError``."""
    if isinstance(month, pd.Period):
        return month.asfreq("M")
    text = str(month).strip()
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise BeyouError(f"month {text!r} is not a month YYYY-MM (e.g. 2026-10)")
    return pd.Period(text, freq="M")


def first_day(month: Month) -> pd.Timestamp:
    """Midnight of the month's first day."""
    return to_month(month).start_time.as_unit("us")


def last_day(month: Month) -> pd.Timestamp:
    """Midnight of the month's last day."""
    return to_month(month).end_time.normalize().as_unit("us")


def next_first_day(month: Month) -> pd.Timestamp:
    """Midnight of the first day after the month (the exclusive upper bound)."""
    return (to_month(month) + 1).start_time.as_unit("us")


def month_window(month: Month, *, months: int = 12) -> list[pd.Period]:
    """The ``months`` calendar months ending with ``month``, oldest first."""
    end = to_month(month)
    return [end - k for k in range(months - 1, -1, -1)]


def in_month(dates: pd.Series, month: Month) -> pd.Series:
    """Whether each date falls in ``month`` (missing dates: False)."""
    return (dates >= first_day(month)) & (dates < next_first_day(month))


def in_window(dates: pd.Series, month: Month, *, months: int = 12) -> pd.Series:
    """Whether each date falls in the ``months`` months ending with ``month``."""
    start = first_day(month_window(month, months=months)[0])
    return (dates >= start) & (dates < next_first_day(month))


def known_by(dates: pd.Series, as_of: pd.Timestamp | None) -> pd.Series:
    """Whether each date is present and, when ``as_of`` is given, not after its day.

    Examples
    --------
    >>> days = pd.Series(pd.to_datetime(["2026-10-01", None, "2026-11-02"]))
    >>> known_by(days, pd.Timestamp("2026-10-31 15:00")).tolist()
    [True, False, False]
    >>> known_by(days, None).tolist()
    [True, False, True]
    """
    known = dates.notna()
    if as_of is not None and not pd.isna(as_of):
        known &= dates <= pd.Timestamp(as_of).normalize()
    return known


def month_of(dates: pd.Series) -> pd.Series:
    """The ``YYYY-MM`` month of each date (missing stays missing), as ``str``."""
    return dates.astype(DATE).dt.strftime("%Y-%m").astype("str")


def month_label(month: Month, *, language: str = "nl", short: bool = False) -> str:
    """A month as a reader writes it: ``oktober 2026`` / ``October 2026`` (``okt 2026``).

    >>> month_label("2026-10"), month_label("2026-03", language="en", short=True)
    ('oktober 2026', 'Mar 2026')
    """
    period = to_month(month)
    names = (MONTH_ABBREVIATIONS if short else MONTH_NAMES).get(language, MONTH_NAMES["nl"])
    return f"{names[period.month - 1]} {period.year}"


def store_months(episodes: pd.DataFrame, data_date: pd.Timestamp) -> list[str]:
    """Months the store covers, newest first: from the first episode start to ``data_date``.

    >>> eps = pd.DataFrame({"start_date": pd.to_datetime(["2026-08-20", "2026-10-02"])})
    >>> store_months(eps, pd.Timestamp("2026-10-31"))
    ['2026-10', '2026-09', '2026-08']
    """
    if episodes.empty or pd.isna(data_date):
        return []
    first = pd.Period(episodes["start_date"].min(), freq="M")
    last = pd.Period(data_date, freq="M")
    return [str(last - k) for k in range((last - first).n + 1)]


def latest_complete_month(data_date: pd.Timestamp) -> str:
    """The last month whose every day lies on or before ``data_date``.

    >>> latest_complete_month(pd.Timestamp("2026-10-31")), latest_complete_month(
    ...     pd.Timestamp("2026-11-12"))
    ('2026-10', '2026-10')
    """
    period = pd.Period(data_date, freq="M")
    return str(period if pd.Timestamp(data_date).normalize() >= last_day(period) else period - 1)
