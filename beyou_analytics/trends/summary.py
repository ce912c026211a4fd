"""One row per episode combining the check-in analytics: what a caseload overview shows."""

from __future__ import annotations

import pandas as pd

from beyou_analytics.trends._frames import DAY, KEYS, AsOf, as_float, as_of_day, days, up_to
from beyou_analytics.trends.engagement import adherence, days_since_last_checkin, load_balance
from beyou_analytics.trends.slope import recent_trend


def checkin_summary(
    checkins: pd.DataFrame,
    episodes: pd.DataFrame,
    *,
    as_of: AsOf,
    weeks: int = 6,
    window_days: int = 14,
    last_n: int = 7,
) -> pd.DataFrame:
    """Last check-in, days since, pain trend, adherence and load balance per episode.

    Every episode started on or before ``as_of`` gets a row, with or without check-ins.

    Returns
    -------
    DataFrame
        The columns of ``days_since_last_checkin``, then ``pain_mean_7d`` (mean current pain
        of the last 7 days), ``pain_slope_per_week``, ``pain_ci_low``, ``pain_ci_high``,
        ``pain_trend`` (verdict of ``recent_trend``), ``adherence_current``,
        ``adherence_previous``, ``adherence_change``, ``load_n``, ``load_n_over_capacity`` and
        ``load_mean_difference``.

    Examples
    --------
    >>> eps = pd.DataFrame({"patient_id": ["7"], "episode_id": ["7-20260901"],
    ...     "therapist": "A", "start_date": pd.to_datetime(["2026-09-01"]), "end_date": pd.NaT})
    >>> rows = pd.DataFrame({"patient_id": "7", "episode_id": "7-20260901",
    ...     "date": pd.date_range("2026-10-25", periods=7), "pain_now": 4.0,
    ...     "exercises_done": pd.array([True] * 7, dtype="boolean"), "load": 6.0,
    ...     "load_capacity": 5.0})
    >>> out = checkin_summary(rows, eps, as_of="2026-10-31")
    >>> out[["days_since", "pain_mean_7d", "pain_trend", "load_n_over_capacity"]]
       days_since  pain_mean_7d         pain_trend  load_n_over_capacity
    0           0           4.0  insufficient_data                     7
    """
    end = as_of_day(as_of)
    base = days_since_last_checkin(checkins, episodes, as_of=end)
    frame = up_to(checkins, end)
    last_week = frame.loc[days(frame) > end - 7 * DAY]
    pain_7d = (
        last_week[KEYS].assign(pain=as_float(last_week["pain_now"]))
        .groupby(KEYS, sort=False)["pain"].mean().rename("pain_mean_7d").reset_index()
    )
    trend = recent_trend(frame, measure="pain_now", as_of=end, weeks=weeks)[
        [*KEYS, "slope_per_week", "ci_low", "ci_high", "verdict"]
    ].rename(columns={"slope_per_week": "pain_slope_per_week", "ci_low": "pain_ci_low",
                      "ci_high": "pain_ci_high", "verdict": "pain_trend"})
    adh = adherence(frame, as_of=end, window_days=window_days)[
        [*KEYS, "adherence_current", "adherence_previous", "change"]
    ].rename(columns={"change": "adherence_change"})
    load = load_balance(frame, as_of=end, last_n=last_n)[
        [*KEYS, "n", "n_over_capacity", "mean_difference"]
    ].rename(columns={"n": "load_n", "n_over_capacity": "load_n_over_capacity",
                      "mean_difference": "load_mean_difference"})
    out = base
    for part in (pain_7d, trend, adh, load):
        out = out.merge(part, on=KEYS, how="left")
    return out.assign(
        pain_trend=out["pain_trend"].fillna("insufficient_data"),
        load_n=out["load_n"].fillna(0).astype("int64"),
        load_n_over_capacity=out["load_n_over_capacity"].fillna(0).astype("int64"),
    )
