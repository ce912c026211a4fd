"""The practice's measurement protocol (Dutch low-back-pain measurement protocol), as data.

Questionnaires are due at intake, every 6 weeks once an episode runs past 3 months, and at
discharge (KNGF-richtlijn Lage rugpijn 2021 [7], MDS lage rugklachten [21] in
``../shared/instruments.md``). Synthetic exports, the "measurement overdue" flag and the monthly
completeness table all read this one definition.

Examples
--------
>>> import pandas as pd
>>> plan = measurement_schedule(pd.Timestamp("2026-01-05"), None, as_of=pd.Timestamp("2026-06-01"))
>>> plan[["timepoint", "due_date"]].astype(str).values.tolist()
[['intake', '2026-01-05'], ['interim', '2026-04-06'], ['interim', '2026-05-18']]
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

INTERIM_AFTER = pd.Timedelta(weeks=13)  # "past 3 months"
INTERIM_EVERY = pd.Timedelta(weeks=6)
WINDOW = pd.Timedelta(days=14)  # a measurement counts when within 14 days of its due date
EPISODE_GRACE = pd.Timedelta(days=14)  # data this close before start/after end belongs to it


@dataclass(frozen=True)
class MeasurementSet:
    """Instruments expected at a timepoint; ``any_of`` groups accept one of several versions."""

    timepoint: str
    any_of: tuple[tuple[str, ...], ...]


# Core set: pain, a patient-specific activity scale and a disability scale at intake and
# discharge (KNGF 2021 core instruments [7]); GPE only after treatment has started.
REQUIRED: tuple[MeasurementSet, ...] = (
    MeasurementSet("intake", (("NPRS",), ("PSK", "PSFS"), ("QBPDS", "ODI", "RMDQ"))),
    MeasurementSet("interim", (("NPRS",), ("PSK", "PSFS"))),
    MeasurementSet("discharge", (("NPRS",), ("PSK", "PSFS"), ("QBPDS", "ODI", "RMDQ"), ("GPE",))),
)
REQUIRED_BY_TIMEPOINT = {m.timepoint: m for m in REQUIRED}

# Instruments a practice gives at each moment (the synthetic practice follows this).
INTAKE_ONLY = ("SBST", "OMPSQ10")
AFTER_START_ONLY = ("GPE",)


def measurement_schedule(
    start: pd.Timestamp, end: pd.Timestamp | None, *, as_of: pd.Timestamp
) -> pd.DataFrame:
    """Due measurements of one episode up to ``as_of``: intake, interims, discharge.

    Interim measurements fall every 6 weeks from the moment the episode runs past 3 months
    (week 13, 19, 25, ...), before the episode's end. Discharge is due at the end date when the
    episode has ended by ``as_of``.

    Returns
    -------
    DataFrame
        ``timepoint``, ``due_date``, ``window_start``, ``window_end`` (due date ± 14 days).
    """
    stop = as_of if end is None or pd.isna(end) else min(end, as_of)
    rows = [("intake", start)]
    due = start + INTERIM_AFTER
    while due <= stop and (end is None or pd.isna(end) or due < end - WINDOW):
        rows.append(("interim", due))
        due += INTERIM_EVERY
    if end is not None and not pd.isna(end) and end <= as_of:
        rows.append(("discharge", end))
    plan = pd.DataFrame(rows, columns=["timepoint", "due_date"])
    plan["due_date"] = pd.to_datetime(plan["due_date"]).astype("datetime64[us]")
    return plan.assign(
        window_start=plan["due_date"] - WINDOW, window_end=plan["due_date"] + WINDOW
    )
