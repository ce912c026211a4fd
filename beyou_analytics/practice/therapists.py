"""Per-therapist table of the monthly report, with small-cell suppression.

Monthly numbers per therapist are small (a few intakes a month), so the table has two parts:

- the report month: episodes open at its end, intakes and discharges (``activity``);
- the 12 months ending with the report month (``_12m``): discharges, median sessions of those
  discharges, intake measurement completeness ("core": NPRS and PSK/PSFS) of the episodes
  started in the window, NPRS MCID reached and GPE improved at discharge of the episodes ended
  in the window (``completeness``, ``outcomes``; same definitions as the practice numbers).

The last row is the practice total, computed over all episodes, so it equals the report's
practice numbers. Every count is judged on the distinct patients behind it; a count under 5
patients is shown as ``"<5"``, a share or median resting on under 5 as ``"–"``, with
complementary suppression against the total row (``"x"``; ``suppression``).

Examples
--------
>>> eps = pd.DataFrame({"patient_id": [str(i) for i in range(1, 9)],
...     "episode_id": [f"{i}-20261001" for i in range(1, 9)],
...     "therapist": ["A"] * 5 + ["B"] * 2 + ["C"],
...     "start_date": pd.Timestamp("2026-10-01"), "end_date": pd.NaT,
...     "n_sessions": pd.array([None] * 8, "Int64"), "end_reason": None})
>>> empty_scores = pd.DataFrame(columns=["episode_id", "instrument", "completed_at", "value",
...                                      "valid", "scale"])
>>> empty_outcomes = pd.DataFrame(columns=["episode_id", "instrument", "scale", "change",
...                                        "latest_at", "mcid_status", "baseline", "latest"])
>>> table = therapist_table(eps, empty_scores, empty_outcomes, month="2026-10")
>>> table[["therapist", "intakes", "open_at_end"]].values.tolist()
[['A', 'x', 'x'], ['B', '<5', '<5'], ['C', '<5', '<5'], ['__total__', 8, 8]]

(A's 5 is hidden too: 8 - 5 would show B and C to hold 3 patients together.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from beyou_analytics.practice.activity import episode_activity
from beyou_analytics.practice.completeness import measured_at
from beyou_analytics.practice.outcomes import discharge_changes, gpe_at_discharge
from beyou_analytics.practice.periods import Month, in_window, known_by
from beyou_analytics.practice.suppression import MIN_COUNT, suppress, suppression_marks
from beyou_analytics.schema import DATE

TOTAL = "__total__"
"""``therapist`` value of the total row (the view shows it as "practice")."""

# count column -> per-episode flag it counts
COUNT_FLAGS = {
    "open_at_end": "open_at_end",
    "intakes": "intake",
    "discharges": "discharge",
    "discharges_12m": "ended_12m",
    "n_sessions_12m": "has_sessions_12m",
    "intake_core_n_12m": "started_12m",
    "nprs_mcid_n_12m": "nprs_classified",
    "gpe_n_12m": "gpe_answered",
}
LINKED = {
    "median_sessions_12m": ("discharges_12m", "n_sessions_12m"),
    "intake_core_share_12m": "intake_core_n_12m",
    "nprs_mcid_share_12m": "nprs_mcid_n_12m",
    "gpe_improved_share_12m": "gpe_n_12m",
}
COLUMNS = ("therapist", "open_at_end", "intakes", "discharges", "discharges_12m",
           "median_sessions_12m", "intake_core_share_12m", "intake_core_n_12m",
           "nprs_mcid_share_12m", "nprs_mcid_n_12m", "gpe_improved_share_12m", "gpe_n_12m")


def episode_flags(
    episodes: pd.DataFrame,
    scores: pd.DataFrame,
    outcomes: pd.DataFrame,
    *,
    month: Month,
    months: int = 12,
    as_of: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Per episode, every flag the therapist table counts (see ``COUNT_FLAGS``)."""
    flags = episode_activity(episodes, month=month, as_of=as_of).reset_index(drop=True)
    start = episodes["start_date"].astype(DATE).dt.normalize().reset_index(drop=True)
    end = episodes["end_date"].astype(DATE).dt.normalize().reset_index(drop=True)
    started = known_by(start, as_of) & in_window(start, month, months=months)
    ended = known_by(end, as_of) & in_window(end, month, months=months)
    intake = measured_at(episodes, scores, timepoint="intake", as_of=as_of)
    core = set(intake.loc[intake["core"], "episode_id"])
    nprs = discharge_changes(episodes, outcomes, as_of=as_of, instruments=("NPRS",))
    nprs = nprs.loc[nprs["mcid_status"].notna()]
    gpe = gpe_at_discharge(episodes, scores, as_of=as_of)
    ids = flags["episode_id"]
    ended_np = ended.to_numpy(bool)
    return flags.assign(
        ended_12m=ended_np,
        has_sessions_12m=ended_np & flags["n_sessions"].notna().to_numpy(bool),
        started_12m=started.to_numpy(bool),
        intake_core=started.to_numpy(bool) & ids.isin(core).to_numpy(),
        nprs_classified=ended_np & ids.isin(set(nprs["episode_id"])).to_numpy(),
        nprs_improved=ended_np & ids.isin(
            set(nprs.loc[nprs["mcid_status"] == "improved", "episode_id"])).to_numpy(),
        gpe_answered=ended_np & ids.isin(set(gpe["episode_id"])).to_numpy(),
        gpe_improved=ended_np & ids.isin(set(gpe.loc[gpe["improved"], "episode_id"])).to_numpy(),
    )


def _row(flags: pd.DataFrame, therapist: str) -> dict[str, object]:
    row: dict[str, object] = {"therapist": therapist}
    for column, flag in COUNT_FLAGS.items():
        chosen = flags[flag].to_numpy(bool)
        row[column] = int(chosen.sum())
        row[f"{column}__patients"] = int(flags.loc[chosen, "patient_id"].nunique())
    sessions = flags.loc[flags["has_sessions_12m"], "n_sessions"].astype(float)
    row["median_sessions_12m"] = float(sessions.median()) if len(sessions) else np.nan

    def share(hit: str, of: str) -> float:
        n = int(flags[of].sum())
        return int(flags[hit].sum()) / n if n else np.nan

    row["intake_core_share_12m"] = share("intake_core", "started_12m")
    row["nprs_mcid_share_12m"] = share("nprs_improved", "nprs_classified")
    row["gpe_improved_share_12m"] = share("gpe_improved", "gpe_answered")
    return row


def therapist_metrics(
    episodes: pd.DataFrame,
    scores: pd.DataFrame,
    outcomes: pd.DataFrame,
    *,
    month: Month,
    months: int = 12,
    as_of: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """The table's numbers before suppression: one row per therapist, then the total row.

    Returns
    -------
    DataFrame
        ``COLUMNS`` plus ``n_sessions_12m`` and, per count column, ``<column>__patients``
        (distinct patients, the suppression basis); therapists sorted by name; the last row's
        ``therapist`` is ``TOTAL``.
    """
    flags = episode_flags(episodes, scores, outcomes, month=month, months=months, as_of=as_of)
    rows = [_row(group, str(name)) for name, group in flags.groupby("therapist", sort=True)]
    rows.append(_row(flags, TOTAL))
    return pd.DataFrame(rows)


def therapist_table(
    episodes: pd.DataFrame,
    scores: pd.DataFrame,
    outcomes: pd.DataFrame,
    *,
    month: Month,
    months: int = 12,
    as_of: pd.Timestamp | None = None,
    min_count: int = MIN_COUNT,
) -> pd.DataFrame:
    """The per-therapist table as shown: ``COLUMNS``, small cells replaced by ``"<5"``/``"–"``.

    Only therapists with an episode open in the month or in the 12-month window are listed.
    """
    metrics = therapist_metrics(episodes, scores, outcomes, month=month, months=months,
                                as_of=as_of)
    active = (metrics[["open_at_end", "intakes", "discharges", "discharges_12m",
                       "intake_core_n_12m"]].sum(axis=1) > 0) | (metrics["therapist"] == TOTAL)
    metrics = metrics.loc[active].reset_index(drop=True)
    counts = list(COUNT_FLAGS)
    marks = suppression_marks(
        metrics, counts=counts, linked=LINKED,
        basis={c: f"{c}__patients" for c in counts},
        total_row=metrics.index[-1], min_count=min_count,
    )
    return suppress(metrics, marks)[list(COLUMNS)]
