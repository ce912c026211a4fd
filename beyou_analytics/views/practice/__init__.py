"""The monthly practice report and dashboard (``notebooks/monthly_report.ipynb``).

``numbers`` computes one month's numbers (``month_numbers``), ``page`` shows them
(``PracticePage``, ``open_page``), ``strings`` holds every Dutch and English text.
"""

from beyou_analytics.views.practice.numbers import MonthNumbers, month_numbers
from beyou_analytics.views.practice.page import PracticePage, open_page
from beyou_analytics.views.practice.strings import STRINGS

__all__ = ["STRINGS", "MonthNumbers", "PracticePage", "month_numbers", "open_page"]
