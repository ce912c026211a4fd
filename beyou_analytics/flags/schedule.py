"""Due measurements of many episodes at once, and the ones whose window passed unmeasured.

``due_moments`` gives, for every episode, exactly the rows ``protocol.measurement_schedule``
gives for one (``tests/test_flags.py`` checks this on a grid of episodes); it is vectorised
because a benchmark caseload has 20,000 episodes and the scalar schedule costs about 1 ms each.
The protocol itself (intervals, window, required instruments) is read from
``beyou_analytics.protocol``, never restated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from beyou_analytics.protocol import INTERIM_AFTER, INTERIM_EVERY, REQUIRED_BY_TIMEPOINT, WINDOW
from beyou_analytics.schema import DATE
from beyou_analytics.trends._frames import DAY

_ORDER = {"intake": 0, "interim": 1, "discharge": 2}
_TICK = pd.Timedelta(microseconds=1)  # "due < end - window" is strict


def due_moments(episodes: pd.DataFrame, *, as_of: pd.Timestamp) -> pd.DataFrame:
    """``protocol.measurement_schedule`` for every episode: intake, interims, discharge.

    Returns
    -------
    DataFrame
        ``episode_id``, ``timepoint``, ``due_date``, ``window_start``, ``window_end``; sorted by
        episode and due order.

    Examples
    --------
    >>> eps = pd.DataFrame({"episode_id": ["7-20260105"],
    ...     "start_date": pd.to_datetime(["2026-01-05"]), "end_date": pd.NaT})
    >>> due_moments(eps, as_of=pd.Timestamp("2026-06-01"))[["timepoint", "due_date"]]
      timepoint   due_date
    0    intake 2026-01-05
    1   interim 2026-04-06
    2   interim 2026-05-18
    """
    start = episodes["start_date"].astype(DATE)
    end = episodes["end_date"].astype(DATE)
    ended = end.notna()
    stop = end.where(ended & (end < as_of), as_of)
    limit = stop.where(~ended, np.minimum(stop, end - WINDOW - _TICK))
    first = start + INTERIM_AFTER
    count = np.floor((limit - first) / INTERIM_EVERY).fillna(-1).astype("int64") + 1
    count = count.clip(lower=0)
    repeat = np.repeat(np.arange(len(episodes)), count.to_numpy())
    step = pd.Series(np.arange(len(repeat)), dtype="int64")
    step = step - np.repeat(np.cumsum(count.to_numpy()) - count.to_numpy(), count.to_numpy())
    ids = episodes["episode_id"].to_numpy()
    parts = [
        pd.DataFrame({"episode_id": ids, "timepoint": "intake", "due_date": start.to_numpy()}),
        pd.DataFrame({
            "episode_id": ids[repeat], "timepoint": "interim",
            "due_date": first.to_numpy()[repeat] + step.to_numpy() * INTERIM_EVERY.to_timedelta64(),
        }),
        pd.DataFrame({
            "episode_id": ids[(ended & (end <= as_of)).to_numpy()], "timepoint": "discharge",
            "due_date": end[ended & (end <= as_of)].to_numpy(),
        }),
    ]
    plan = pd.concat(parts, ignore_index=True)
    plan = plan.assign(
        due_date=plan["due_date"].astype(DATE), order=plan["timepoint"].map(_ORDER)
    ).sort_values(["episode_id", "order", "due_date"], kind="stable")
    return plan.assign(
        window_start=plan["due_date"] - WINDOW, window_end=plan["due_date"] + WINDOW
    ).drop(columns="order").reset_index(drop=True)


def missing_measurements(
    moments: pd.DataFrame, scores: pd.DataFrame, *, as_of: pd.Timestamp
) -> pd.DataFrame:
    """Due moments whose window has passed without the instruments the protocol requires.

    A required group (``any_of``, e.g. PSK or PSFS) counts as measured when one of its
    instruments has a valid score dated within the window (due date ± 14 days, whole days).

    Returns
    -------
    DataFrame
        ``episode_id``, ``timepoint``, ``due_date``, ``window_end`` and ``missing`` (a tuple of
        the missing groups, each written ``"PSK/PSFS"``), only for incomplete moments.
    """
    passed = moments.loc[moments["window_end"] + DAY <= as_of].reset_index(drop=True)
    passed = passed.assign(moment=np.arange(len(passed)))
    usable = scores.loc[scores["valid"].astype(bool) & scores["value"].notna(),
                        ["episode_id", "instrument", "completed_at"]]
    usable = usable.assign(day=usable["completed_at"].dt.normalize()).drop_duplicates(
        ["episode_id", "instrument", "day"]
    )
    joined = passed[["moment", "episode_id", "window_start", "window_end"]].merge(
        usable, on="episode_id"
    )
    inside = joined.loc[
        (joined["day"] >= joined["window_start"]) & (joined["day"] <= joined["window_end"]),
        ["moment", "instrument"],
    ].drop_duplicates()
    missing: list[list[str]] = [[] for _ in range(len(passed))]
    measured, instrument = inside["moment"].to_numpy(), inside["instrument"].to_numpy()
    timepoints = passed["timepoint"].to_numpy()
    for timepoint, required in REQUIRED_BY_TIMEPOINT.items():
        at_timepoint = np.flatnonzero(timepoints == timepoint)  # moment == its row number
        for group in required.any_of:
            done = measured[np.isin(instrument, group)]
            for moment in at_timepoint[~np.isin(at_timepoint, done)]:
                missing[moment].append("/".join(group))
    passed = passed.assign(missing=[tuple(m) for m in missing])
    return passed.loc[passed["missing"].map(len) > 0,
                      ["episode_id", "timepoint", "due_date", "window_end", "missing"]
                      ].reset_index(drop=True)
