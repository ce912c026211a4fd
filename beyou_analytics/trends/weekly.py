"""Weekly aggregates of the daily check-in, and a tidy stress/sleep/pain frame for plots.

Both are driven by ``schema.CHECKIN_MEASURES``: a measure added there appears here without a
change.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from beyou_analytics.schema import CHECKIN_MEASURES, DATE, MEASURES_BY_COLUMN
from beyou_analytics.trends._frames import KEYS, AsOf, as_float, days, require, up_to

NUMERIC_MEASURES = tuple(m.column for m in CHECKIN_MEASURES if m.kind != "yes_no")
"""Check-in measures averaged per week (every 0-10 score plus hours slept, active minutes)."""

SIDE_BY_SIDE = ("pain_now", "stress", "sleep_quality", "sleep_hours")


def weekly_checkins(checkins: pd.DataFrame, *, as_of: AsOf | None = None) -> pd.DataFrame:
    """Weekly means of every check-in measure, per patient and episode.

    Weeks start on Monday. ``adherence`` is the share of check-ins that answered "exercises
    done" with yes (unanswered check-ins are left out of the share); ``load_minus_capacity`` is
    the mean of ``load - load_capacity`` (positive: more load than the patient can take).

    Parameters
    ----------
    checkins
        The store's ``checkins`` table (or a part of it).
    as_of
        Only check-ins on or before this day count (default: all).

    Returns
    -------
    DataFrame
        ``patient_id``, ``episode_id``, ``week_start`` (Monday, ``datetime64[us]``),
        ``n_checkins``, the weekly mean of every measure in ``NUMERIC_MEASURES`` (same column
        names), ``adherence`` and ``load_minus_capacity``; sorted by patient, episode, week.

    Examples
    --------
    >>> from beyou_analytics.schema import empty_table
    >>> rows = pd.DataFrame({"patient_id": ["7"] * 3, "episode_id": ["7-20261005"] * 3,
    ...     "date": pd.to_datetime(["2026-10-05", "2026-10-07", "2026-10-12"]),
    ...     "pain_now": [6.0, 4.0, 3.0], "exercises_done": [True, False, True]})
    >>> frame = pd.concat([empty_table("checkins"), rows]).astype(empty_table("checkins").dtypes)
    >>> weekly_checkins(frame)[["week_start", "n_checkins", "pain_now", "adherence"]]
      week_start  n_checkins  pain_now  adherence
    0 2026-10-05           2       5.0        0.5
    1 2026-10-12           1       3.0        1.0
    """
    require(checkins, [*KEYS, "date", *NUMERIC_MEASURES, "exercises_done"],
            who="weekly_checkins", table="checkins")
    frame = up_to(checkins, as_of)
    day = days(frame)
    week_start = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).astype(DATE)
    values = {m: as_float(frame[m]) for m in NUMERIC_MEASURES}
    work = pd.DataFrame(
        {
            "patient_id": frame["patient_id"],
            "episode_id": frame["episode_id"],
            "week_start": week_start,
            **values,
            "adherence": as_float(frame["exercises_done"]),
            "load_minus_capacity": values["load"] - values["load_capacity"],
        }
    )
    grouped = work.groupby([*KEYS, "week_start"], sort=True)
    means = grouped[[*NUMERIC_MEASURES, "adherence", "load_minus_capacity"]].mean()
    out = means.assign(n_checkins=grouped.size().astype("int64")).reset_index()
    return out[[*KEYS, "week_start", "n_checkins", *NUMERIC_MEASURES, "adherence",
                "load_minus_capacity"]]


def stress_sleep_pain(
    checkins: pd.DataFrame,
    *,
    as_of: AsOf | None = None,
    measures: Sequence[str] = SIDE_BY_SIDE,
) -> pd.DataFrame:
    """Pain, stress and sleep of each check-in in long form, to plot side by side.

    Parameters
    ----------
    checkins
        The store's ``checkins`` table.
    as_of
        Only check-ins on or before this day (default: all).
    measures
        Check-in columns to include, in display order (default pain, stress, sleep quality,
        hours slept).

    Returns
    -------
    DataFrame
        ``patient_id``, ``episode_id``, ``date``, ``measure``, ``value``, ``label_nl``,
        ``label_en``, ``higher_is_worse`` (nullable: hours slept has no direction). Missing
        answers are left out. Sorted by patient, date and the order of ``measures``.

    Examples
    --------
    >>> rows = pd.DataFrame({"patient_id": ["7"], "episode_id": ["7-20261005"],
    ...     "date": pd.to_datetime(["2026-10-05"]), "pain_now": [6.0], "stress": [3.0],
    ...     "sleep_quality": [None], "sleep_hours": [6.5]})
    >>> stress_sleep_pain(rows)[["measure", "value", "label_nl"]]
           measure  value    label_nl
    0     pain_now    6.0     Pijn nu
    1       stress    3.0      Stress
    2  sleep_hours    6.5  Uren slaap
    """
    unknown = [m for m in measures if m not in MEASURES_BY_COLUMN]
    if unknown:
        raise ValueError(
            f"stress_sleep_pain: unknown check-in measure(s) {', '.join(unknown)}; "
            f"known: {', '.join(MEASURES_BY_COLUMN)}"
        )
    require(checkins, [*KEYS, "date", *measures], who="stress_sleep_pain", table="checkins")
    frame = up_to(checkins, as_of)
    long = frame[[*KEYS, "date", *measures]].melt(
        id_vars=[*KEYS, "date"], value_vars=list(measures), var_name="measure",
        value_name="value",
    )
    long = long.assign(value=as_float(long["value"])).dropna(subset=["value"])
    info = pd.DataFrame(
        {
            "measure": list(measures),
            "order": range(len(measures)),
            "label_nl": [MEASURES_BY_COLUMN[m].label_nl for m in measures],
            "label_en": [MEASURES_BY_COLUMN[m].label_en for m in measures],
            "higher_is_worse": pd.array(
                [MEASURES_BY_COLUMN[m].higher_is_worse for m in measures], dtype="boolean"
            ),
        }
    )
    out = long.merge(info, on="measure", how="left").sort_values(
        ["patient_id", "episode_id", "date", "order"], kind="stable"
    )
    return out.drop(columns="order").reset_index(drop=True)
