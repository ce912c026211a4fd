"""Pages shown by the notebooks: one module per view on top of the two-mode ``Page``.

``page`` holds the base class (static report vs. Voila dashboard), ``runtime`` its kernel-side
plumbing (store cache, Voila request hand-over, server log), ``html`` the escaped building
blocks, ``strings`` the shared localized texts. Each view module (``patient``,
``caseload``, ``practice``, ``research``) subclasses ``Page`` and exposes ``open_page``.
"""

from beyou_analytics.views.page import Page, Selector, dashboard_mode, section

__all__ = ["Page", "Selector", "dashboard_mode", "section"]
