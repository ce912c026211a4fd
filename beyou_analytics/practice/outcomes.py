"""Outcomes of the episodes discharged in a month: change, MCID reached, GPE improved.

Definitions (the cohort is the episodes whose ``end_date`` falls in the month):

- **change** per instrument: the store's ``outcomes`` row of the episode (``total`` scale):
  latest valid score minus the baseline (the intake score; ``change.episode_outcomes``). With
  ``at_discharge_only`` (default) only episodes whose latest score lies in the discharge window
  (end date ± ``protocol.WINDOW``) count, so the change is "intake to discharge", not "intake
  to whenever the patient last filled it in".
- **MCID reached**: ``mcid_status == "improved"`` (absolute or percentage threshold of
  ``../shared/instruments.md`` §15, Ostelo 2008); the share's n is the episodes with a status
  (instruments without a published MCID, PSK and PSFS, have none: share missing).
- **GPE improved**: the episode's GPE answered in the discharge window (the latest one there)
  is 1 (completely recovered) or 2 (much improved) (instruments.md §12).

Examples
--------
>>> eps = pd.DataFrame({"episode_id": ["1-20260801", "2-20260802"],
...     "end_date": pd.to_datetime(["2026-10-10", "2026-10-20"])})
>>> out = pd.DataFrame({"episode_id": ["1-20260801", "2-20260802"], "instrument": "NPRS",
...     "scale": "total", "baseline": [7.0, 6.0], "latest": [3.0, 5.0], "change": [-4.0, -1.0],
...     "latest_at": pd.to_datetime(["2026-10-10", "2026-10-21"]),
...     "mcid_status": ["improved", "unchanged"]})
>>> row = discharge_outcomes(eps, out, month="2026-10", instruments=("NPRS",)).iloc[0]
>>> int(row.n), float(row.median_change), int(row.n_improved), float(row.share_improved)
(2, -2.5, 1, 0.5)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from beyou_analytics.change import GPE_DETERIORATED, GPE_IMPROVED
from beyou_analytics.instruments import get_instrument
from beyou_analytics.practice.periods import Month, in_month, known_by, month_window
from beyou_analytics.protocol import WINDOW
from beyou_analytics.schema import DATE

OUTCOME_INSTRUMENTS = ("NPRS", "PSK", "PSFS", "QBPDS", "ODI", "RMDQ")
"""Pain, the patient-specific complaints and the disability scales, in report order."""

OUTCOME_COLUMNS = ("instrument", "higher_is_worse", "has_mcid", "n", "median_baseline",
                   "median_latest", "median_change", "n_classified", "n_improved",
                   "share_improved", "n_deteriorated", "share_deteriorated")


def _ended(episodes: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.DataFrame:
    end = episodes["end_date"].astype(DATE).dt.normalize()
    keep = known_by(end, as_of)
    return pd.DataFrame({"episode_id": episodes["episode_id"], "end_date": end}).loc[keep]


def discharge_changes(
    episodes: pd.DataFrame,
    outcomes: pd.DataFrame,
    *,
    as_of: pd.Timestamp | None = None,
    instruments: Sequence[str] = OUTCOME_INSTRUMENTS,
    at_discharge_only: bool = True,
) -> pd.DataFrame:
    """The ``outcomes`` rows (``total`` scale, with a change) of every ended episode.

    Returns
    -------
    DataFrame
        The outcomes columns plus ``end_date``; one row per episode and instrument.
    """
    ended = _ended(episodes, as_of)
    rows = outcomes.loc[(outcomes["scale"] == "total")
                        & outcomes["instrument"].isin(list(instruments))
                        & outcomes["change"].notna()]
    rows = rows.merge(ended, on="episode_id", how="inner")
    if at_discharge_only:
        latest = rows["latest_at"].astype(DATE).dt.normalize()
        rows = rows.loc[(latest - rows["end_date"]).abs() <= WINDOW]
    return rows.reset_index(drop=True)


def _summary(code: str, rows: pd.DataFrame) -> dict[str, object]:
    scale = get_instrument(code).scale("total")
    status = rows["mcid_status"]
    classified = int(status.notna().sum())
    improved = int((status == "improved").sum())
    deteriorated = int((status == "deteriorated").sum())
    return {
        "instrument": code,
        "higher_is_worse": get_instrument(code).higher_is_worse,
        "has_mcid": scale.mcid_abs is not None or scale.mcid_pct is not None,
        "n": len(rows),
        "median_baseline": float(rows["baseline"].median()) if len(rows) else np.nan,
        "median_latest": float(rows["latest"].median()) if len(rows) else np.nan,
        "median_change": float(rows["change"].median()) if len(rows) else np.nan,
        "n_classified": classified,
        "n_improved": improved,
        "share_improved": improved / classified if classified else np.nan,
        "n_deteriorated": deteriorated,
        "share_deteriorated": deteriorated / classified if classified else np.nan,
    }


def discharge_outcomes(
    episodes: pd.DataFrame,
    outcomes: pd.DataFrame,
    *,
    month: Month,
    as_of: pd.Timestamp | None = None,
    instruments: Sequence[str] = OUTCOME_INSTRUMENTS,
    at_discharge_only: bool = True,
) -> pd.DataFrame:
    """Median change and MCID reached per instrument for the episodes ended in ``month``.

    Returns
    -------
    DataFrame
        One row per instrument of ``instruments`` (also when n is 0): ``OUTCOME_COLUMNS``.
        Shares are 0-1 of ``n_classified``; medians of the ``n`` episodes.
    """
    rows = discharge_changes(episodes, outcomes, as_of=as_of, instruments=instruments,
                             at_discharge_only=at_discharge_only)
    rows = rows.loc[in_month(rows["end_date"], month)]
    return pd.DataFrame([_summary(code, rows.loc[rows["instrument"] == code])
                         for code in instruments], columns=list(OUTCOME_COLUMNS))


def gpe_at_discharge(
    episodes: pd.DataFrame, scores: pd.DataFrame, *, as_of: pd.Timestamp | None = None
) -> pd.DataFrame:
    """Per ended episode with a GPE in its discharge window: the latest answer there.

    Returns
    -------
    DataFrame
        ``episode_id``, ``end_date``, ``gpe`` (1-7), ``improved`` (1-2), ``deteriorated`` (5-7).
    """
    ended = _ended(episodes, as_of)
    gpe = scores.loc[(scores["instrument"] == "GPE") & scores["valid"].astype(bool)
                     & scores["value"].notna(), ["episode_id", "completed_at", "value"]]
    gpe = gpe.merge(ended, on="episode_id", how="inner")
    day = gpe["completed_at"].astype(DATE).dt.normalize()
    gpe = gpe.loc[(day - gpe["end_date"]).abs() <= WINDOW]
    if as_of is not None and not pd.isna(as_of):
        gpe = gpe.loc[gpe["completed_at"].astype(DATE).dt.normalize()
                      <= pd.Timestamp(as_of).normalize()]
    latest = gpe.sort_values(["episode_id", "completed_at"]).drop_duplicates(
        "episode_id", keep="last")
    return pd.DataFrame({
        "episode_id": latest["episode_id"].to_numpy(),
        "end_date": latest["end_date"].to_numpy(),
        "gpe": latest["value"].to_numpy(dtype=float),
        "improved": latest["value"].isin(GPE_IMPROVED).to_numpy(),
        "deteriorated": latest["value"].isin(GPE_DETERIORATED).to_numpy(),
    })


def gpe_summary(
    episodes: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    month: Month,
    as_of: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Share of the month's discharges with GPE improved (1-2) at discharge, with n.

    Returns
    -------
    DataFrame
        One row: ``n`` (discharges with a GPE at discharge), ``n_improved``, ``share_improved``,
        ``n_deteriorated``, ``share_deteriorated``.
    """
    gpe = gpe_at_discharge(episodes, scores, as_of=as_of)
    gpe = gpe.loc[in_month(gpe["end_date"], month)]
    n = len(gpe)
    better, worse = int(gpe["improved"].sum()), int(gpe["deteriorated"].sum())
    return pd.DataFrame([{
        "n": n, "n_improved": better, "share_improved": better / n if n else np.nan,
        "n_deteriorated": worse, "share_deteriorated": worse / n if n else np.nan,
    }])


def outcome_trend(
    episodes: pd.DataFrame,
    outcomes: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    month: Month,
    months: int = 12,
    as_of: pd.Timestamp | None = None,
    instrument: str = "NPRS",
) -> pd.DataFrame:
    """Per month of the window: MCID reached on ``instrument`` and GPE improved, with n.

    Returns
    -------
    DataFrame
        ``month``, ``mcid_n``, ``mcid_improved``, ``mcid_share``, ``gpe_n``, ``gpe_improved``,
        ``gpe_share`` (shares 0-1; NaN when n is 0).
    """
    window = [str(m) for m in month_window(month, months=months)]
    changes = discharge_changes(episodes, outcomes, as_of=as_of, instruments=(instrument,))
    changes = changes.loc[changes["mcid_status"].notna()]
    gpe = gpe_at_discharge(episodes, scores, as_of=as_of)
    out = pd.DataFrame({"month": window})
    for prefix, frame, hit in (("mcid", changes, changes["mcid_status"] == "improved"),
                               ("gpe", gpe, gpe["improved"])):
        key = frame["end_date"].dt.to_period("M").astype("str")
        grouped = pd.DataFrame({"key": key, "hit": hit.astype(bool)}).groupby("key")["hit"]
        n = grouped.size().reindex(window, fill_value=0).to_numpy()
        done = grouped.sum().reindex(window, fill_value=0).to_numpy()
        out[f"{prefix}_n"] = n.astype("int64")
        out[f"{prefix}_improved"] = done.astype("int64")
        out[f"{prefix}_share"] = np.where(n > 0, done / np.maximum(n, 1), np.nan)
    return out
