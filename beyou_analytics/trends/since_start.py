"""Check-in pain since the start of the episode: the first weeks against the latest weeks.

Questionnaires come at intake, every 6 weeks once an episode runs past 3 months, and at
discharge, so in the first months the check-ins are what shows whether pain is going down.
The change is judged with the NPRS thresholds (2 points or 30 %, Ostelo 2008 [4] in
instruments.md) on the mean of each window, so one bad day does not decide it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from beyou_analytics.change import classify_mcid, scale_mcid
from beyou_analytics.instruments import get_instrument
from beyou_analytics.trends._frames import (
    DAY,
    KEYS,
    AsOf,
    as_float,
    as_of_day,
    days,
    require,
    up_to,
)

WINDOW_DAYS = 14
MIN_CHECKINS = 3  # per window: fewer say too little about a fortnight


def pain_since_start(
    checkins: pd.DataFrame,
    episodes: pd.DataFrame,
    *,
    as_of: AsOf,
    window_days: int = WINDOW_DAYS,
    min_checkins: int = MIN_CHECKINS,
) -> pd.DataFrame:
    """Mean check-in pain of an episode's first ``window_days`` against its last ones.

    Only episodes at least two windows old on ``as_of`` are judged, so the windows do not
    overlap. ``mcid_status`` (improved / unchanged / deteriorated, NPRS thresholds) is missing
    when either window has fewer than ``min_checkins`` answered check-ins.

    Returns
    -------
    DataFrame
        One row per episode started two windows or more before ``as_of``: ``patient_id``,
        ``episode_id``, ``n_start``, ``pain_start``, ``n_recent``, ``pain_recent``,
        ``change`` (recent − start) and ``mcid_status``.

    Examples
    --------
    >>> eps = pd.DataFrame({"patient_id": ["7"], "episode_id": ["7-20260901"],
    ...     "start_date": pd.to_datetime(["2026-09-01"]), "end_date": pd.NaT})
    >>> rows = pd.DataFrame({"patient_id": "7", "episode_id": "7-20260901",
    ...     "date": pd.to_datetime(["2026-09-01", "2026-09-05", "2026-09-10", "2026-10-20",
    ...                             "2026-10-25", "2026-10-30"]), "pain_now": [7, 6, 7, 4, 5, 4]})
    >>> pain_since_start(rows, eps, as_of="2026-10-31")[["pain_start", "pain_recent",
    ...                                                  "mcid_status"]].round(2)
       pain_start  pain_recent mcid_status
    0        6.67         4.33    improved
    """
    require(episodes, [*KEYS, "start_date"], who="pain_since_start", table="episodes")
    require(checkins, [*KEYS, "date", "pain_now"], who="pain_since_start", table="checkins")
    end = as_of_day(as_of)
    eps = episodes.loc[
        episodes["start_date"].dt.normalize() <= end - (2 * window_days - 1) * DAY,
        [*KEYS, "start_date"],
    ]
    frame = up_to(checkins, end).merge(eps, on=KEYS)
    pain = as_float(frame["pain_now"])
    answered = ~np.isnan(pain)
    since_start = ((days(frame) - frame["start_date"].dt.normalize()) / DAY).to_numpy()
    age = ((end - days(frame)) / DAY).to_numpy()
    first = answered & (since_start >= 0) & (since_start < window_days)
    recent = answered & (age < window_days)
    pain = np.nan_to_num(pain)
    sums = frame[KEYS].assign(
        n_start=first.astype(int), sum_start=pain * first,
        n_recent=recent.astype(int), sum_recent=pain * recent,
    ).groupby(KEYS, sort=True).sum().reset_index()
    out = eps[KEYS].merge(sums, on=KEYS, how="left").fillna(
        {"n_start": 0, "sum_start": 0.0, "n_recent": 0, "sum_recent": 0.0})
    enough = (out["n_start"] >= min_checkins) & (out["n_recent"] >= min_checkins)
    start = (out["sum_start"] / out["n_start"]).where(out["n_start"] > 0)
    latest = (out["sum_recent"] / out["n_recent"]).where(out["n_recent"] > 0)
    nprs = get_instrument("NPRS").scale("total")
    status = classify_mcid(
        start.where(enough).to_numpy(dtype=float), latest.where(enough).to_numpy(dtype=float),
        higher_is_worse=True, mcid_abs=scale_mcid(nprs, start.to_numpy(dtype=float)),
        mcid_pct=None if nprs.mcid_pct is None else nprs.mcid_pct.value,
    )
    return out.assign(
        n_start=out["n_start"].astype(int), pain_start=start,
        n_recent=out["n_recent"].astype(int), pain_recent=latest, change=latest - start,
        mcid_status=pd.Series(status, index=out.index, dtype="str"),
    )[[*KEYS, "n_start", "pain_start", "n_recent", "pain_recent", "change", "mcid_status"]]
