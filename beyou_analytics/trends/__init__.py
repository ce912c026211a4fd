"""Check-in analytics on the store: weekly aggregates, recent trends, adherence, engagement,
load against load capacity, pain since the start, and exploratory lagged associations.

Pure functions, frame first, options keyword-only; "today" is the ``as_of`` keyword and only
check-ins on or before that day are used. Measures and their direction come from
``schema.CHECKIN_MEASURES``.

Examples
--------
>>> from beyou_analytics.trends import recent_trend, weekly_checkins
>>> from beyou_analytics.schema import empty_table
>>> len(weekly_checkins(empty_table("checkins")))
0
"""

from beyou_analytics.trends.engagement import adherence, days_since_last_checkin, load_balance
from beyou_analytics.trends.lagged import lagged_associations
from beyou_analytics.trends.since_start import pain_since_start
from beyou_analytics.trends.slope import VERDICTS, recent_trend
from beyou_analytics.trends.summary import checkin_summary
from beyou_analytics.trends.weekly import NUMERIC_MEASURES, stress_sleep_pain, weekly_checkins

__all__ = [
    "NUMERIC_MEASURES",
    "VERDICTS",
    "adherence",
    "checkin_summary",
    "days_since_last_checkin",
    "lagged_associations",
    "load_balance",
    "pain_since_start",
    "recent_trend",
    "stress_sleep_pain",
    "weekly_checkins",
]
