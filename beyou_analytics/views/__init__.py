"""Pages shown by the notebooks: one package per view on top of the two-mode ``Page``.

``page`` holds the base class (the static report mode, sections, output helpers),
``dashboard`` its Voila mode (request, picker, one ``Output``), ``runtime`` the kernel-side
plumbing (store cache, Voila request hand-over, server log), ``html`` the escaped building
blocks, formats, tables and the one stylesheet, ``strings`` the shared localized texts,
``clinical`` the words the patient and caseload pages share, ``episode`` one patient's data.
Each view (``patient``, ``caseload``, ``practice``, ``research``) subclasses ``Page`` and
exposes ``open_page``.
"""

from beyou_analytics.views.page import Page, Selector, section
from beyou_analytics.views.runtime import dashboard_mode

__all__ = ["Page", "Selector", "dashboard_mode", "section"]
