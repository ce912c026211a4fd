"""What a flag rule sees: the store's tables cut at ``as_of``, and its episodes in scope.

Flags use only data on or before ``as_of`` (a report for October must not see November). The
``outcomes`` table compares each episode's baseline and latest measurement over *all* data, so
a row whose baseline or latest measurement falls after ``as_of`` is recomputed from the scores
on or before ``as_of`` (``outcomes_as_of``) by the same ``change.episode_outcomes``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from beyou_analytics.change import episode_outcomes
from beyou_analytics.trends._frames import DAY, as_of_day

DISCHARGE_LOOKBACK = pd.Timedelta(days=90)
"""Ended episodes are checked for a missing discharge measurement for this long after the end."""

OUTCOME_KEYS = ["patient_id", "episode_id", "instrument", "scale"]


@dataclass(frozen=True)
class FlagContext:
    """Inputs of a rule: tables on or before ``as_of`` and the episodes the rule looks at."""

    episodes: pd.DataFrame
    checkins: pd.DataFrame
    scores: pd.DataFrame
    outcomes: pd.DataFrame
    as_of: pd.Timestamp


def episodes_in_scope(episodes: pd.DataFrame, scope: str, *, as_of: pd.Timestamp) -> pd.DataFrame:
    """Episodes open on ``as_of`` (``"open"``) or ended within the lookback (``"ended"``)."""
    started = episodes["start_date"] < as_of + DAY
    end = episodes["end_date"]
    if scope == "open":
        keep = started & (end.isna() | (end >= as_of + DAY))
    else:
        keep = started & (end < as_of + DAY) & (end >= as_of - DISCHARGE_LOOKBACK)
    return episodes.loc[keep].reset_index(drop=True)


def build_context(
    episodes: pd.DataFrame,
    checkins: pd.DataFrame,
    scores: pd.DataFrame,
    outcomes: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
) -> FlagContext:
    """Cut every table at ``as_of`` (inclusive) and bring the outcomes to that date."""
    day = as_of_day(as_of)
    limit = day + DAY
    kept_scores = scores.loc[scores["completed_at"] < limit]
    return FlagContext(
        episodes=episodes.loc[episodes["start_date"] < limit].reset_index(drop=True),
        checkins=checkins.loc[checkins["date"] < limit].reset_index(drop=True),
        scores=kept_scores.reset_index(drop=True),
        outcomes=outcomes_as_of(outcomes, kept_scores, as_of=day),
        as_of=day,
    )


def outcomes_as_of(
    outcomes: pd.DataFrame, scores: pd.DataFrame, *, as_of: pd.Timestamp
) -> pd.DataFrame:
    """The outcomes table as it stood on ``as_of``.

    Rows measured entirely on or before ``as_of`` are kept as stored. Rows that use a later
    measurement are recomputed by ``change.episode_outcomes`` (the function that wrote the
    table, with the registry's MCID and SEM) from the scores on or before ``as_of``; a row
    whose baseline itself lies after ``as_of`` disappears.
    """
    limit = as_of_day(as_of) + DAY
    current = (outcomes["latest_at"] < limit) & (outcomes["baseline_at"] < limit)
    if current.all():
        return outcomes.reset_index(drop=True)
    stale = outcomes.loc[~current, OUTCOME_KEYS]
    cut = scores.loc[scores["completed_at"] < limit].merge(stale, on=OUTCOME_KEYS, how="inner")
    redo = episode_outcomes(cut)
    frames = [f for f in (outcomes.loc[current], redo) if not f.empty]
    if not frames:
        return outcomes.iloc[:0]
    return pd.concat(frames, ignore_index=True)[list(outcomes.columns)].astype(
        outcomes.dtypes.to_dict()
    )


def pick_administration(
    scores: pd.DataFrame, instruments: tuple[str, ...], *, which: str = "latest"
) -> pd.DataFrame:
    """The first or latest valid administration per episode and instrument, scales as columns.

    Returns ``patient_id``, ``episode_id``, ``instrument``, ``completed_at``, then a column per
    scale name (``total``, ``psychosocial``, ...) and ``band`` (the total's band).
    """
    usable = scores.loc[
        scores["instrument"].isin(instruments) & scores["valid"].astype(bool)
        & scores["value"].notna()
    ]
    keys = ["patient_id", "episode_id", "instrument"]
    if usable.empty:
        return pd.DataFrame(columns=[*keys, "completed_at", "total", "psychosocial", "band"])
    moment = usable.groupby(keys, sort=False)["completed_at"].transform(
        "max" if which == "latest" else "min"
    )
    chosen = usable.loc[usable["completed_at"] == moment]
    # ``pivot_table(aggfunc="first")`` spelled out: the same sorted groups, a third the cost
    wide = (chosen.groupby([*keys, "completed_at", "scale"], sort=True)["value"].first()
            .unstack("scale").reset_index())
    wide.columns.name = None
    missing = {s: np.nan for s in ("total", "psychosocial") if s not in wide.columns}
    bands = chosen.loc[chosen["scale"] == "total", [*keys, "band"]]
    return wide.assign(**missing).merge(bands, on=keys, how="left")
