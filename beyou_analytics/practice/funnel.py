"""Attrition funnel: where episodes leave the intended course, from start to a measured discharge.

The cohort is every episode that **ended** in the ``months`` months ending with the report
month (and on or before ``as_of``): each of them has had the chance to pass every stage, so a
drop means attrition, not "too early to tell". Stages are cumulative: an episode counts at a
stage only when it passed every earlier stage too.

1. ``started``: the cohort.
2. ``intake_complete``: NPRS and PSK/PSFS measured at intake (start date ± 14 days;
   ``completeness.measured_at``, "core").
3. ``checkin_week1``: at least one app check-in in week 1 (days 0-6 after the start date).
4. ``checkin_week6``: at least one check-in in week 6 (days 35-41); an episode that ended
   before day 42 passes when it has a check-in in its last 7 days (it is still checking in at
   its end, which is all it could do).
5. ``goal_reached``: ended with ``end_reason == "goal_reached"``.
6. ``discharge_complete``: NPRS and PSK/PSFS measured at discharge (end date ± 14 days).

Examples
--------
>>> eps = pd.DataFrame({"patient_id": ["1", "2"], "episode_id": ["1-20260601", "2-20260601"],
...     "therapist": "A", "start_date": pd.to_datetime(["2026-06-01", "2026-06-01"]),
...     "end_date": pd.to_datetime(["2026-10-01", "2026-10-02"]),
...     "end_reason": ["goal_reached", "own_initiative"]})
>>> chk = pd.DataFrame({"episode_id": ["1-20260601", "1-20260601", "2-20260601"],
...     "date": pd.to_datetime(["2026-06-03", "2026-07-08", "2026-06-02"])})
>>> sc = pd.DataFrame({"episode_id": ["1-20260601"] * 4, "valid": True, "value": 4.0,
...     "instrument": ["NPRS", "PSK", "NPRS", "PSK"],
...     "completed_at": pd.to_datetime(["2026-06-01", "2026-06-01", "2026-10-01", "2026-10-01"])})
>>> attrition_funnel(eps, chk, sc, month="2026-10")[["stage", "n"]].values.tolist()
... # doctest: +NORMALIZE_WHITESPACE
[['started', 2], ['intake_complete', 1], ['checkin_week1', 1], ['checkin_week6', 1],
 ['goal_reached', 1], ['discharge_complete', 1]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from beyou_analytics.practice.completeness import measured_at
from beyou_analytics.practice.periods import Month, in_window, known_by
from beyou_analytics.schema import DATE

STAGES = ("started", "intake_complete", "checkin_week1", "checkin_week6", "goal_reached",
          "discharge_complete")
WEEK6_FIRST_DAY, WEEK6_LAST_DAY = 35, 41


def funnel_episodes(
    episodes: pd.DataFrame,
    checkins: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    month: Month,
    months: int = 12,
    as_of: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Per cohort episode: which stage conditions it meets (not yet cumulative).

    Returns
    -------
    DataFrame
        ``patient_id``, ``episode_id``, ``therapist`` and one boolean per stage of ``STAGES``
        (each on its own; ``attrition_funnel`` makes them cumulative).
    """
    start = episodes["start_date"].astype(DATE).dt.normalize()
    end = episodes["end_date"].astype(DATE).dt.normalize()
    keep = known_by(end, as_of) & in_window(end, month, months=months)
    cohort = episodes.loc[keep]
    base = pd.DataFrame({
        "patient_id": cohort["patient_id"], "episode_id": cohort["episode_id"],
        "therapist": cohort["therapist"], "start": start[keep], "end": end[keep],
    }).reset_index(drop=True)

    days = checkins[["episode_id", "date"]].merge(base[["episode_id", "start", "end"]],
                                                  on="episode_id")
    day = ((days["date"].astype(DATE).dt.normalize() - days["start"]) / pd.Timedelta(days=1))
    length = (days["end"] - days["start"]) / pd.Timedelta(days=1)
    week1 = set(days.loc[(day >= 0) & (day <= 6), "episode_id"])
    short = length < WEEK6_FIRST_DAY + 7
    in_week6 = ~short & (day >= WEEK6_FIRST_DAY) & (day <= WEEK6_LAST_DAY)
    at_short_end = short & (day >= length - 6) & (day <= length)
    week6 = set(days.loc[in_week6 | at_short_end, "episode_id"])

    def core(timepoint: str) -> set[str]:
        flags = measured_at(cohort, scores, timepoint=timepoint, as_of=as_of)
        return set(flags.loc[flags["core"], "episode_id"])

    ids = base["episode_id"]
    reason = cohort["end_reason"].reset_index(drop=True) if "end_reason" in cohort else None
    return pd.DataFrame({
        "patient_id": base["patient_id"], "episode_id": ids, "therapist": base["therapist"],
        "started": np.ones(len(base), dtype=bool),
        "intake_complete": ids.isin(core("intake")).to_numpy(),
        "checkin_week1": ids.isin(week1).to_numpy(),
        "checkin_week6": ids.isin(week6).to_numpy(),
        "goal_reached": (reason == "goal_reached").fillna(False).to_numpy(bool)
        if reason is not None else np.zeros(len(base), dtype=bool),
        "discharge_complete": ids.isin(core("discharge")).to_numpy(),
    })


def attrition_funnel(
    episodes: pd.DataFrame,
    checkins: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    month: Month,
    months: int = 12,
    as_of: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """The cumulative funnel of the episodes ended in the window (see the module docstring).

    Returns
    -------
    DataFrame
        One row per stage of ``STAGES``: ``stage``, ``n`` (episodes passing it and every
        earlier stage), ``share_of_start`` and ``share_of_previous`` (0-1; NaN when the
        denominator is 0).
    """
    flags = funnel_episodes(episodes, checkins, scores, month=month, months=months, as_of=as_of)
    passed = np.logical_and.accumulate(flags[list(STAGES)].to_numpy(dtype=bool), axis=1)
    n = passed.sum(axis=0).astype("int64")
    previous = np.r_[n[0], n[:-1]]
    with np.errstate(invalid="ignore", divide="ignore"):
        of_start = np.where(n[0] > 0, n / max(n[0], 1), np.nan)
        of_previous = np.where(previous > 0, n / np.maximum(previous, 1), np.nan)
    return pd.DataFrame({"stage": list(STAGES), "n": n, "share_of_start": of_start,
                         "share_of_previous": of_previous})
