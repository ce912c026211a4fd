"""Every number of one month's report, computed once per selection from a loaded store.

Each field is a frame of ``beyou_analytics.practice`` (definitions in its docstrings); the page
only formats them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from beyou_analytics import practice as metrics


@dataclass(frozen=True)
class MonthNumbers:
    """Everything the report shows for one month (computed once per selection)."""

    month: str
    activity: pd.DataFrame
    previous: pd.DataFrame
    activity_trend: pd.DataFrame
    completeness: pd.DataFrame
    completeness_trend: pd.DataFrame
    outcomes: pd.DataFrame
    gpe: pd.DataFrame
    outcome_trend: pd.DataFrame
    funnel: pd.DataFrame
    therapists: pd.DataFrame


def month_numbers(store: Any, month: str, *, as_of: pd.Timestamp) -> MonthNumbers:
    """Compute the report's numbers for ``month`` from a loaded store, as of ``as_of``."""
    eps, scores, outcomes = store.episodes, store.scores, store.outcomes
    previous = str(metrics.to_month(month) - 1)
    return MonthNumbers(
        month=month,
        activity=metrics.monthly_activity(eps, month=month, as_of=as_of),
        previous=metrics.monthly_activity(eps, month=previous, as_of=as_of),
        activity_trend=metrics.activity_trend(eps, month=month, as_of=as_of),
        completeness=metrics.completeness(eps, scores, month=month, as_of=as_of),
        completeness_trend=metrics.completeness_trend(eps, scores, month=month, as_of=as_of),
        outcomes=metrics.discharge_outcomes(eps, outcomes, month=month, as_of=as_of),
        gpe=metrics.gpe_summary(eps, scores, month=month, as_of=as_of),
        outcome_trend=metrics.outcome_trend(eps, outcomes, scores, month=month, as_of=as_of),
        funnel=metrics.attrition_funnel(eps, store.checkins, scores, month=month, as_of=as_of),
        therapists=metrics.therapist_table(eps, scores, outcomes, month=month, as_of=as_of),
    )
