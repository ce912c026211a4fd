"""The patient progress page (``notebooks/patient_progress.ipynb``): one patient's episode.

``page`` holds the page and its sections (``PatientPage``, ``open_page``), ``tables`` the
pure text tables (change since the start with both lenses and their sources, single
measurements), ``strings`` every Dutch and English text. Notebooks use
``from beyou_analytics.views import patient as view; view.open_page(...)``.
"""

from beyou_analytics.views.patient import tables
from beyou_analytics.views.patient.page import PatientPage, open_page, patient_number
from beyou_analytics.views.patient.strings import STRINGS

change_table = tables.change_table
change_sources = tables.change_sources
single_measurements = tables.single_measurements

__all__ = ["STRINGS", "PatientPage", "change_sources", "change_table", "open_page",
           "patient_number", "single_measurements", "tables"]
