"""A therapist's caseload on a date: open episodes with their numbers, and the flags.

``load_caseload`` filters the store to the therapist's episodes before computing anything, and
evaluates the flags on those rows only (unless the kernel already has the whole store's flags
for that date: ``views.runtime.store_flags``). Recently ended episodes keep their flags (a missing
discharge measurement is this week's work too), marked as ended; the episode rows are the open
episodes only.

Examples
--------
>>> weekly_pain_bins(pd.DataFrame({"episode_id": ["a", "a", "a"],
...     "date": pd.to_datetime(["2026-10-31", "2026-10-24", "2026-09-01"]),
...     "pain_now": [4.0, 6.0, 9.0]}), as_of=pd.Timestamp("2026-10-31"), weeks=3)
{'a': [nan, 6.0, 4.0]}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from beyou_analytics.flags import SEVERITIES, empty_flags, evaluate_flags
from beyou_analytics.flags.context import outcomes_as_of
from beyou_analytics.io.store import Store
from beyou_analytics.trends import checkin_summary
from beyou_analytics.views.episode import is_open
from beyou_analytics.views.runtime import store_flags

SPARK_WEEKS = 8
CORE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nprs", ("NPRS",)),
    ("activity", ("PSK", "PSFS")),
    ("disability", ("QBPDS", "ODI", "RMDQ")),
)
"""Core measures of the episode table (KNGF core set): a column each, first code present."""


def weekly_pain_bins(
    checkins: pd.DataFrame, *, as_of: pd.Timestamp, weeks: int = SPARK_WEEKS
) -> dict[str, list[float]]:
    """Mean current pain per 7-day bin ending on ``as_of``, oldest first, per episode.

    Bins are counted back from the report date (not calendar weeks), so the last point always
    covers the last 7 days; a bin without check-ins is NaN.
    """
    end = pd.Timestamp(as_of).normalize()
    day = checkins["date"].dt.normalize()
    age = ((end - day) / pd.Timedelta(days=1)).to_numpy()
    keep = (age >= 0) & (age < 7 * weeks) & checkins["pain_now"].notna().to_numpy()
    frame = pd.DataFrame({
        "episode_id": checkins["episode_id"].to_numpy()[keep],
        "bin": (weeks - 1 - age[keep] // 7).astype(int),
        "pain": checkins["pain_now"].to_numpy(dtype=float, na_value=np.nan)[keep],
    })
    means = frame.groupby(["episode_id", "bin"])["pain"].mean()
    out: dict[str, list[float]] = {}
    for episode_id in checkins["episode_id"].unique():
        values = [np.nan] * weeks
        if episode_id in means.index.get_level_values(0):
            for b, value in means.loc[episode_id].items():
                values[int(b)] = float(value)
        out[str(episode_id)] = values
    return out


@dataclass(frozen=True)
class Caseload:
    """A therapist's caseload on ``as_of``: open episodes with their numbers, and the flags."""

    therapist: str
    as_of: pd.Timestamp
    rows: pd.DataFrame
    flags: pd.DataFrame
    outcomes: pd.DataFrame
    spark: dict[str, list[float]]


def _core_outcomes(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per open episode and core measure the first instrument present (total scale)."""
    totals = outcomes.loc[outcomes["scale"] == "total"]
    frames = []
    for key, codes in CORE:
        rank = {c: i for i, c in enumerate(codes)}
        part = totals.loc[totals["instrument"].isin(codes)]
        part = part.assign(measure=key, _rank=part["instrument"].map(rank))
        frames.append(part.sort_values("_rank", kind="stable").groupby("episode_id").head(1))
    return pd.concat(frames, ignore_index=True).drop(columns="_rank")


def load_caseload(store: Store, therapist: str, *, as_of: pd.Timestamp) -> Caseload:
    """The caseload of ``therapist`` on ``as_of``, computed on that therapist's rows only."""
    day = pd.Timestamp(as_of).normalize()
    limit = day + pd.Timedelta(days=1)
    episodes = store.episodes.loc[(store.episodes["therapist"] == therapist)
                                  & (store.episodes["start_date"] < limit)]
    ids = episodes["episode_id"]
    checkins = store.checkins.loc[store.checkins["episode_id"].isin(ids)
                                  & (store.checkins["date"] < limit)]
    scores = store.scores.loc[store.scores["episode_id"].isin(ids)
                              & (store.scores["completed_at"] < limit)]
    outcomes = outcomes_as_of(store.outcomes.loc[store.outcomes["episode_id"].isin(ids)],
                              scores, as_of=day)
    flags = store_flags(store, as_of=day)
    if flags is not None:
        flags = flags.loc[flags["episode_id"].isin(ids)].reset_index(drop=True)
    elif len(episodes):
        flags = evaluate_flags(episodes, checkins, scores, outcomes, as_of=day)
    else:
        flags = empty_flags()
    open_eps = episodes.loc[is_open(episodes, as_of=day)]
    summary = checkin_summary(checkins, open_eps, as_of=day)
    rows = open_eps[["patient_id", "episode_id", "start_date", "n_sessions"]].merge(
        summary[["episode_id", "last_checkin", "days_since", "pain_mean_7d",
                 "adherence_current"]], on="episode_id", how="left")
    counts = flags.groupby("episode_id").agg(
        n_flags=("code", "size"),
        top=("severity", lambda s: min(SEVERITIES.index(v) for v in s)),
    )
    rows = rows.merge(counts, left_on="episode_id", right_index=True, how="left")
    rows = rows.assign(
        weeks=((day - rows["start_date"].dt.normalize()) // pd.Timedelta(weeks=1)).astype("int64"),
        n_flags=rows["n_flags"].fillna(0).astype("int64"),
        _n=pd.to_numeric(rows["patient_id"], errors="coerce"),
    ).sort_values(["start_date", "_n"], kind="stable").drop(columns="_n").reset_index(drop=True)
    open_ids = set(rows["episode_id"])
    return Caseload(
        therapist=therapist, as_of=day, rows=rows,
        flags=flags.assign(ended=~flags["episode_id"].isin(open_ids)),
        outcomes=_core_outcomes(outcomes.loc[outcomes["episode_id"].isin(open_ids)]),
        spark=weekly_pain_bins(checkins.loc[checkins["episode_id"].isin(open_ids)], as_of=day),
    )
