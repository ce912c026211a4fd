"""Measurement completeness against the protocol (``protocol.REQUIRED``), per month.

An episode's moment is **measured** for a required group (e.g. ``PSK/PSFS``: one of PSK or
PSFS) when one of the group's instruments has a valid score dated within the protocol window
around the due date: start date (intake) or end date (discharge) ± ``protocol.WINDOW``
(14 days, whole days), and not after ``as_of``. The same rule decides the caseload's
"measurement missing" flag (``flags.schedule``).

- **core** complete: NPRS *and* PSK/PSFS measured (the brief's completeness measure: pain and
  the patient-specific complaints, the two KNGF 2021 core measures every episode needs);
- **complete**: every group the protocol requires at that moment (at discharge also a
  disability scale and the GPE).

The intake cohort of a month is the episodes *started* in it; the discharge cohort the episodes
*ended* in it. A discharge measurement may come up to 14 days after the end date, so a report
made on the 1st can still miss a few of the month's last discharges.

Examples
--------
>>> eps = pd.DataFrame({"patient_id": ["1", "2"], "episode_id": ["1-20261005", "2-20261012"],
...     "therapist": "A", "start_date": pd.to_datetime(["2026-10-05", "2026-10-12"]),
...     "end_date": pd.NaT})
>>> sc = pd.DataFrame({"episode_id": ["1-20261005", "1-20261005", "2-20261012"],
...     "instrument": ["NPRS", "PSK", "NPRS"], "valid": True, "value": 5.0,
...     "completed_at": pd.to_datetime(["2026-10-05", "2026-10-19", "2026-10-30"])})
>>> table = completeness(eps, sc, month="2026-10")
>>> table.loc[table["timepoint"] == "intake", ["measure", "n_measured", "n_episodes"]]
    measure  n_measured  n_episodes
0      NPRS           1           2
1  PSK/PSFS           1           2
2      core           1           2
3     QBPDS           0           2
4  complete           0           2
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from beyou_analytics.practice.periods import Month, in_month, known_by, month_window
from beyou_analytics.protocol import REQUIRED_BY_TIMEPOINT, WINDOW
from beyou_analytics.schema import DATE

CORE_GROUPS: tuple[tuple[str, ...], ...] = (("NPRS",), ("PSK", "PSFS"))
"""The groups of the "core" completeness measure: pain and the patient-specific complaints."""

MOMENTS = ("intake", "discharge")
DUE_COLUMN = {"intake": "start_date", "discharge": "end_date"}


def group_label(group: tuple[str, ...]) -> str:
    """A required group as the report shows it.

    >>> group_label(("PSK", "PSFS")), group_label(("QBPDS", "ODI", "RMDQ"))
    ('PSK/PSFS', 'QBPDS')
    """
    # Disability scales are named by the practice's own (first-listed) scale, as in KNGF 2021.
    return group[0] if group[0] == "QBPDS" else "/".join(group)


def measured_at(
    episodes: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    timepoint: str,
    as_of: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Per episode with a due ``timepoint``: which required groups were measured in its window.

    Parameters
    ----------
    episodes
        The store's ``episodes`` table.
    scores
        The store's ``scores`` table (``valid`` rows with a value count).
    timepoint
        ``intake`` (due at the start date) or ``discharge`` (due at the end date; only ended
        episodes).
    as_of
        Scores and end dates after this day do not count (default: all).

    Returns
    -------
    DataFrame
        ``patient_id``, ``episode_id``, ``therapist``, ``due_date``, one boolean column per
        required group (``group_label``), ``core`` and ``complete``.
    """
    if timepoint not in MOMENTS:
        raise ValueError(f"timepoint must be one of {', '.join(MOMENTS)}; got {timepoint!r}")
    required = REQUIRED_BY_TIMEPOINT[timepoint].any_of
    due = episodes[DUE_COLUMN[timepoint]].astype(DATE).dt.normalize()
    keep = known_by(due, as_of)
    base = pd.DataFrame({
        "patient_id": episodes["patient_id"], "episode_id": episodes["episode_id"],
        "therapist": episodes["therapist"], "due_date": due,
    }).loc[keep].reset_index(drop=True)

    usable = scores.loc[scores["valid"].astype(bool) & scores["value"].notna(),
                        ["episode_id", "instrument", "completed_at"]]
    usable = usable.assign(day=usable["completed_at"].astype(DATE).dt.normalize())
    if as_of is not None and not pd.isna(as_of):
        usable = usable.loc[usable["day"] <= pd.Timestamp(as_of).normalize()]
    joined = base[["episode_id", "due_date"]].merge(
        usable[["episode_id", "instrument", "day"]], on="episode_id"
    )
    inside = joined.loc[(joined["day"] - joined["due_date"]).abs() <= WINDOW,
                        ["episode_id", "instrument"]].drop_duplicates()
    columns: dict[str, np.ndarray] = {}
    for group in required:
        done = set(inside.loc[inside["instrument"].isin(group), "episode_id"])
        columns[group_label(group)] = base["episode_id"].isin(done).to_numpy()
    core = np.logical_and.reduce([columns[group_label(g)] for g in CORE_GROUPS])
    complete = np.logical_and.reduce(list(columns.values()))
    return base.assign(**columns, core=core, complete=complete)


def measure_order(timepoint: str) -> list[str]:
    """Row order of a moment's completeness: core groups, ``core``, other groups, ``complete``.

    >>> measure_order("discharge")
    ['NPRS', 'PSK/PSFS', 'core', 'QBPDS', 'GPE', 'complete']
    """
    groups = [group_label(g) for g in REQUIRED_BY_TIMEPOINT[timepoint].any_of]
    core = [group_label(g) for g in CORE_GROUPS]
    return [*core, "core", *[g for g in groups if g not in core], "complete"]


def completeness(
    episodes: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    month: Month,
    as_of: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Share of the month's intakes and discharges measured per required group, with n.

    Returns
    -------
    DataFrame
        One row per ``timepoint`` (``intake``, ``discharge``) and ``measure`` (each required
        group, ``core``, ``complete``; ``measure_order``): ``n_episodes`` (the cohort),
        ``n_measured`` and ``share`` (0-1; NaN for an empty cohort).
    """
    rows = []
    for timepoint in MOMENTS:
        flags = measured_at(episodes, scores, timepoint=timepoint, as_of=as_of)
        cohort = flags.loc[in_month(flags["due_date"], month)]
        n = len(cohort)
        for measure in measure_order(timepoint):
            done = int(cohort[measure].sum())
            rows.append({"timepoint": timepoint, "measure": measure, "n_episodes": n,
                         "n_measured": done, "share": done / n if n else np.nan})
    return pd.DataFrame(rows)


def completeness_trend(
    episodes: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    month: Month,
    months: int = 12,
    as_of: pd.Timestamp | None = None,
    measure: str = "core",
) -> pd.DataFrame:
    """Per month of the window: ``measure`` at intake and at discharge, with n.

    Returns
    -------
    DataFrame
        ``month``, ``intake_n``, ``intake_measured``, ``intake_share``, ``discharge_n``,
        ``discharge_measured``, ``discharge_share``.
    """
    window = [str(m) for m in month_window(month, months=months)]
    out = pd.DataFrame({"month": window})
    for timepoint in MOMENTS:
        flags = measured_at(episodes, scores, timepoint=timepoint, as_of=as_of)
        key = flags["due_date"].dt.to_period("M").astype("str")
        grouped = flags.groupby(key)[measure].agg(["size", "sum"])
        n = grouped["size"].reindex(window, fill_value=0).to_numpy()
        done = grouped["sum"].reindex(window, fill_value=0).to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(n > 0, done / np.maximum(n, 1), np.nan)
        out[f"{timepoint}_n"] = n.astype("int64")
        out[f"{timepoint}_measured"] = done.astype("int64")
        out[f"{timepoint}_share"] = share
    return out
