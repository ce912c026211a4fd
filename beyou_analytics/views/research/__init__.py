"""The research page (``notebooks/research_exploration.ipynb``): a pseudonymised cohort.

``page`` builds and shows it (``ResearchPage``, ``open_page``), ``strings`` holds every Dutch
and English text.
"""

from beyou_analytics.views.research.page import ResearchPage, open_page
from beyou_analytics.views.research.strings import STRINGS

__all__ = ["STRINGS", "ResearchPage", "open_page"]
