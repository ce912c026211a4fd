"""Engagement with the app and the load balance: adherence, days since the last check-in,
load (belasting) against load capacity (belastbaarheid).

The practice treats long-lasting back pain as a matter of balance between load and load
capacity (``../shared/context``); these functions show that balance and whether the patient
keeps doing the home exercises and the check-in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from beyou_analytics.schema import DATE
from beyou_analytics.trends._frames import (
    DAY,
    KEYS,
    AsOf,
    as_float,
    as_of_day,
    days,
    days_between,
    require,
    up_to,
)


def adherence(checkins: pd.DataFrame, *, as_of: AsOf, window_days: int = 14) -> pd.DataFrame:
    """Share of check-ins with the home exercises done: last window against the one before.

    The current window is the ``window_days`` days ending on ``as_of``; the previous window the
    ``window_days`` days before it. Check-ins that left "exercises done" unanswered are not
    counted.

    Returns
    -------
    DataFrame
        One row per episode with a check-in on or before ``as_of``: ``patient_id``,
        ``episode_id``, ``n_current``, ``adherence_current``, ``n_previous``,
        ``adherence_previous`` (shares 0-1, missing without answers) and ``change``
        (current − previous).

    Examples
    --------
    >>> rows = pd.DataFrame({"patient_id": "7", "episode_id": "7-20260901",
    ...     "date": pd.date_range("2026-10-04", periods=28, freq="D"),
    ...     "exercises_done": pd.array([True] * 14 + [True, False] * 7, dtype="boolean")})
    >>> adherence(rows, as_of="2026-10-31")[["n_current", "adherence_current",
    ...                                      "adherence_previous", "change"]]
       n_current  adherence_current  adherence_previous  change
    0         14                0.5                 1.0    -0.5
    """
    require(checkins, [*KEYS, "date", "exercises_done"], who="adherence", table="checkins")
    end = as_of_day(as_of)
    frame = up_to(checkins, end)
    age = ((end - days(frame)) / DAY).to_numpy()
    done = as_float(frame["exercises_done"])
    answered = ~np.isnan(done)
    current = (age < window_days) & answered
    previous = (age >= window_days) & (age < 2 * window_days) & answered
    done = np.nan_to_num(done)
    work = frame[KEYS].assign(
        n_current=current.astype(int), done_current=done * current,
        n_previous=previous.astype(int), done_previous=done * previous,
    )
    sums = work.groupby(KEYS, sort=True).sum().reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        now = sums["done_current"] / sums["n_current"].where(sums["n_current"] > 0)
        before = sums["done_previous"] / sums["n_previous"].where(sums["n_previous"] > 0)
    return sums.assign(adherence_current=now, adherence_previous=before, change=now - before)[
        [*KEYS, "n_current", "adherence_current", "n_previous", "adherence_previous", "change"]
    ]


def days_since_last_checkin(
    checkins: pd.DataFrame, episodes: pd.DataFrame, *, as_of: AsOf
) -> pd.DataFrame:
    """Days since each episode's last check-in, for episodes started on or before ``as_of``.

    Returns
    -------
    DataFrame
        ``patient_id``, ``episode_id``, ``therapist``, ``start_date``, ``end_date``, ``open``
        (no end date, or an end after ``as_of``), ``n_checkins``, ``last_checkin``,
        ``days_since`` (missing without any check-in) and ``days_without_checkin`` (days since
        the last check-in, or since the start when there was none).

    Examples
    --------
    >>> eps = pd.DataFrame({"patient_id": ["7", "8"], "episode_id": ["7-20260901",
    ...     "8-20261020"], "therapist": "A", "start_date": pd.to_datetime(["2026-09-01",
    ...     "2026-10-20"]), "end_date": pd.NaT})
    >>> rows = pd.DataFrame({"patient_id": "7", "episode_id": "7-20260901",
    ...     "date": pd.to_datetime(["2026-10-01", "2026-10-13"])})
    >>> days_since_last_checkin(rows, eps, as_of="2026-10-31")[["episode_id", "days_since",
    ...                                                        "days_without_checkin"]]
       episode_id  days_since  days_without_checkin
    0  7-20260901          18                    18
    1  8-20261020        <NA>                    11
    """
    require(episodes, [*KEYS, "therapist", "start_date", "end_date"],
            who="days_since_last_checkin", table="episodes")
    require(checkins, [*KEYS, "date"], who="days_since_last_checkin", table="checkins")
    end = as_of_day(as_of)
    eps = episodes.loc[
        episodes["start_date"] < end + DAY,
        [*KEYS, "therapist", "start_date", "end_date"],
    ]
    frame = up_to(checkins, end)
    last = (
        frame.assign(day=days(frame)).groupby(KEYS, sort=False)["day"].agg(["size", "max"])
        .rename(columns={"size": "n_checkins", "max": "last_checkin"}).reset_index()
    )
    out = eps.merge(last, on=KEYS, how="left")
    since = days_between(end, out["last_checkin"])
    reference = out["last_checkin"].where(
        out["last_checkin"] >= out["start_date"], out["start_date"].dt.normalize()
    )
    return out.assign(
        open=(out["end_date"].isna() | (out["end_date"] > end)).astype(bool),
        n_checkins=out["n_checkins"].fillna(0).astype("int64"),
        last_checkin=out["last_checkin"].astype(DATE),
        days_since=since,
        days_without_checkin=days_between(end, reference).clip(lower=0),
    )[[*KEYS, "therapist", "start_date", "end_date", "open", "n_checkins", "last_checkin",
       "days_since", "days_without_checkin"]].sort_values(KEYS, kind="stable").reset_index(
        drop=True
    )


def load_balance(
    checkins: pd.DataFrame, *, as_of: AsOf, last_n: int = 7, within_days: int | None = None
) -> pd.DataFrame:
    """Load against load capacity over each episode's last ``last_n`` check-ins.

    Only check-ins that answered both "Belasting" and "Belastbaarheid" count; with
    ``within_days`` only those of the last ``within_days`` days up to ``as_of``.

    Returns
    -------
    DataFrame
        One row per episode with such check-ins: ``patient_id``, ``episode_id``, ``n`` (check-ins
        used, at most ``last_n``), ``n_over_capacity`` (load > capacity), ``mean_difference``
        (mean load − capacity), ``first_date`` and ``last_date`` of the check-ins used.

    Examples
    --------
    >>> rows = pd.DataFrame({"patient_id": "7", "episode_id": "7-20260901",
    ...     "date": pd.date_range("2026-10-20", periods=8, freq="D"),
    ...     "load": [9.0, 7, 7, 7, 7, 7, 3.5, 3.5], "load_capacity": [1.0, 5, 5, 5, 5, 5, 5, 5]})
    >>> load_balance(rows, as_of="2026-10-31")[["n", "n_over_capacity", "mean_difference"]]
       n  n_over_capacity  mean_difference
    0  7                5              1.0
    """
    require(checkins, [*KEYS, "date", "load", "load_capacity"], who="load_balance",
            table="checkins")
    end = as_of_day(as_of)
    frame = up_to(checkins, end)
    load, capacity = as_float(frame["load"]), as_float(frame["load_capacity"])
    keep = ~np.isnan(load) & ~np.isnan(capacity)
    day = days(frame)
    if within_days is not None:
        keep &= (day > end - within_days * DAY).to_numpy()
    work = (
        frame.loc[keep, KEYS]
        .assign(day=day[keep], difference=load[keep] - capacity[keep])
        .sort_values([*KEYS, "day"], kind="stable")
    )
    recent = work.groupby(KEYS, sort=True).tail(last_n)
    grouped = recent.assign(over=recent["difference"] > 0).groupby(KEYS, sort=True)
    difference = grouped["difference"].agg(["size", "mean"])
    span = grouped["day"].agg(["min", "max"])
    out = pd.DataFrame({  # one grouped call per column kind: a named agg of five runs five
        "n": difference["size"], "n_over_capacity": grouped["over"].sum(),
        "mean_difference": difference["mean"], "first_date": span["min"],
        "last_date": span["max"],
    })
    return out.reset_index().astype(
        {"n": "int64", "n_over_capacity": "int64", "first_date": DATE, "last_date": DATE}
    )
