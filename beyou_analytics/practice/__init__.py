"""The monthly practice report's numbers: pure functions, frames in, frames out.

Modules follow the report: ``periods`` (months), ``activity`` (intakes, discharges, open
episodes, sessions), ``completeness`` (measurements against ``protocol.REQUIRED``),
``outcomes`` (change, MCID, GPE at discharge), ``funnel`` (attrition), ``suppression``
(small cells) and ``therapists`` (the per-therapist table). Every function takes the store's
tables first and the month (``month=``) and data date (``as_of=``) as keywords.

Examples
--------
>>> from beyou_analytics.practice import monthly_activity
>>> from beyou_analytics.schema import empty_table
>>> int(monthly_activity(empty_table("episodes"), month="2026-10")["intakes"].iloc[0])
0
"""

from beyou_analytics.practice.activity import activity_trend, episode_activity, monthly_activity
from beyou_analytics.practice.completeness import (
    CORE_GROUPS,
    completeness,
    completeness_trend,
    measured_at,
)
from beyou_analytics.practice.funnel import STAGES, attrition_funnel, funnel_episodes
from beyou_analytics.practice.outcomes import (
    OUTCOME_INSTRUMENTS,
    discharge_outcomes,
    gpe_summary,
    outcome_trend,
)
from beyou_analytics.practice.periods import month_label, store_months, to_month
from beyou_analytics.practice.suppression import (
    COUNT_MARK,
    HIDDEN_MARK,
    MIN_COUNT,
    VALUE_MARK,
    suppress,
    suppress_table,
    suppression_marks,
    suppression_mask,
)
from beyou_analytics.practice.therapists import TOTAL, therapist_metrics, therapist_table

__all__ = [
    "CORE_GROUPS",
    "COUNT_MARK",
    "HIDDEN_MARK",
    "MIN_COUNT",
    "OUTCOME_INSTRUMENTS",
    "STAGES",
    "TOTAL",
    "VALUE_MARK",
    "activity_trend",
    "attrition_funnel",
    "completeness",
    "completeness_trend",
    "discharge_outcomes",
    "episode_activity",
    "funnel_episodes",
    "gpe_summary",
    "measured_at",
    "month_label",
    "monthly_activity",
    "outcome_trend",
    "store_months",
    "suppress",
    "suppress_table",
    "suppression_marks",
    "suppression_mask",
    "therapist_metrics",
    "therapist_table",
    "to_month",
]
