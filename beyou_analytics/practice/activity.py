"""Practice activity per month: intakes, discharges, open episodes and sessions per episode.

Definitions (all on the store's ``episodes`` table; a date belongs to the month it falls in):

- **intake**: an episode whose ``start_date`` falls in the month;
- **discharge**: an episode whose ``end_date`` falls in the month (and on or before ``as_of``);
- **open at the end of the month**: started on or before the month's last day (or ``as_of``
  when that is earlier) and not ended on or before that day;
- **in treatment during the month**: started on or before its last day and not ended before
  its first day;
- **sessions per episode**: ``n_sessions`` of the episodes *discharged* in the month (for an
  open episode the export only has "sessions so far", which would mix incomplete counts in).

Examples
--------
>>> eps = pd.DataFrame({
...     "patient_id": ["1", "2", "3", "4"],
...     "episode_id": ["1-20260901", "2-20261015", "3-20261101", "4-20260101"],
...     "therapist": ["A", "B", "A", "C"],
...     "start_date": pd.to_datetime(["2026-09-01", "2026-10-15", "2026-11-01", "2026-01-01"]),
...     "end_date": pd.to_datetime([None, "2026-10-20", None, "2026-10-31"]),
...     "n_sessions": pd.array([6, 3, 1, 12], dtype="Int64"),
... })
>>> row = monthly_activity(eps, month="2026-10").iloc[0]
>>> int(row.intakes), int(row.discharges), int(row.open_at_end), int(row.in_treatment)
(1, 2, 1, 3)
>>> float(row.median_sessions), int(row.n_sessions)
(7.5, 2)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from beyou_analytics.practice.periods import (
    Month,
    first_day,
    last_day,
    month_window,
    next_first_day,
    to_month,
)
from beyou_analytics.schema import DATE

COUNTS = ("intakes", "discharges", "open_at_end", "in_treatment")
ACTIVITY_COLUMNS = (*COUNTS, "median_sessions", "sessions_q1", "sessions_q3", "n_sessions")


def _cutoff(month: Month, as_of: pd.Timestamp | None) -> pd.Timestamp:
    """The day the month's "open at the end" is counted on: its last day, or ``as_of``."""
    end = last_day(month)
    if as_of is None or pd.isna(as_of):
        return end
    return min(end, pd.Timestamp(as_of).normalize())


def episode_activity(
    episodes: pd.DataFrame, *, month: Month, as_of: pd.Timestamp | None = None
) -> pd.DataFrame:
    """Per episode: whether it started, ended, was open at the end of, or ran during ``month``.

    Returns
    -------
    DataFrame
        ``patient_id``, ``episode_id``, ``therapist``, ``n_sessions`` and the booleans
        ``intake``, ``discharge``, ``open_at_end``, ``in_treatment`` (same row order).
    """
    start = episodes["start_date"].astype(DATE).dt.normalize()
    end = episodes["end_date"].astype(DATE).dt.normalize()
    lo, hi = first_day(month), next_first_day(month)
    cutoff = _cutoff(month, as_of)
    # An end date after as_of is not known to have happened yet.
    ended = end.notna() & (end <= cutoff)
    return pd.DataFrame({
        "patient_id": episodes["patient_id"],
        "episode_id": episodes["episode_id"],
        "therapist": episodes["therapist"],
        "n_sessions": episodes["n_sessions"].astype("Float64"),
        "intake": ((start >= lo) & (start < hi) & (start <= cutoff)).to_numpy(bool),
        "discharge": (ended & (end >= lo)).to_numpy(bool),
        "open_at_end": ((start <= cutoff) & ~ended).to_numpy(bool),
        "in_treatment": ((start <= cutoff) & ~(ended & (end < lo))).to_numpy(bool),
    }, index=episodes.index)


def _summarise(flags: pd.DataFrame) -> dict[str, float]:
    sessions = flags.loc[flags["discharge"], "n_sessions"].dropna().to_numpy(dtype=float)
    q1, median, q3 = (np.quantile(sessions, [0.25, 0.5, 0.75]) if len(sessions)
                      else (np.nan, np.nan, np.nan))
    return {
        "intakes": int(flags["intake"].sum()),
        "discharges": int(flags["discharge"].sum()),
        "open_at_end": int(flags["open_at_end"].sum()),
        "in_treatment": int(flags["in_treatment"].sum()),
        "median_sessions": float(median),
        "sessions_q1": float(q1),
        "sessions_q3": float(q3),
        "n_sessions": len(sessions),
    }


def monthly_activity(
    episodes: pd.DataFrame,
    *,
    month: Month,
    as_of: pd.Timestamp | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """Intakes, discharges, open episodes and sessions per episode of one month.

    Parameters
    ----------
    episodes
        The store's ``episodes`` table.
    month
        ``YYYY-MM``.
    as_of
        Data date: events after it are not counted (default: none).
    by
        A column to count per value of (``"therapist"``); default: the whole practice.

    Returns
    -------
    DataFrame
        ``month`` (and ``by``), ``intakes``, ``discharges``, ``open_at_end``, ``in_treatment``,
        ``median_sessions``, ``sessions_q1``, ``sessions_q3`` (quartiles of ``n_sessions`` of
        the discharged episodes) and ``n_sessions`` (discharges with a known session count).
    """
    flags = episode_activity(episodes, month=month, as_of=as_of)
    label = str(to_month(month))
    if by is None:
        return pd.DataFrame([{"month": label, **_summarise(flags)}])
    rows = [{"month": label, by: key, **_summarise(group)}
            for key, group in flags.groupby(episodes[by], sort=True)]
    return pd.DataFrame(rows, columns=["month", by, *ACTIVITY_COLUMNS])


def activity_trend(
    episodes: pd.DataFrame,
    *,
    month: Month,
    months: int = 12,
    as_of: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """``monthly_activity`` for each of the ``months`` months ending with ``month``.

    Examples
    --------
    >>> eps = pd.DataFrame({"patient_id": ["1"], "episode_id": ["1-20260915"],
    ...     "therapist": ["A"], "start_date": pd.to_datetime(["2026-09-15"]),
    ...     "end_date": pd.to_datetime(["2026-10-03"]), "n_sessions": pd.array([4], "Int64")})
    >>> activity_trend(eps, month="2026-10", months=2)[["month", "intakes", "discharges",
    ...                                                  "open_at_end"]]
         month  intakes  discharges  open_at_end
    0  2026-09        1           0            1
    1  2026-10        0           1            0
    """
    parts: Sequence[pd.DataFrame] = [
        monthly_activity(episodes, month=m, as_of=as_of)
        for m in month_window(month, months=months)
    ]
    return pd.concat(parts, ignore_index=True)
