"""The caseload page (``notebooks/caseload.ipynb``): a therapist's week.

``data`` computes the caseload on the therapist's rows (``load_caseload``), ``page`` shows it
(``CaseloadPage``, ``open_page``), ``strings`` holds every Dutch and English text.
"""

from beyou_analytics.views.caseload.data import (
    CORE,
    SPARK_WEEKS,
    Caseload,
    load_caseload,
    weekly_pain_bins,
)
from beyou_analytics.views.caseload.page import CaseloadPage, open_page
from beyou_analytics.views.caseload.strings import STRINGS

__all__ = [
    "CORE",
    "SPARK_WEEKS",
    "STRINGS",
    "Caseload",
    "CaseloadPage",
    "load_caseload",
    "open_page",
    "weekly_pain_bins",
]
