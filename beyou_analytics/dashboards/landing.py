"""The landing page of ``beyou serve``: links to the dashboards this server offers.

It is a ``Page`` like the others, so it gets the same language handling (``?language=en``)
and shows the store's last data date; the generated ``index.ipynb`` passes the served names.

Examples
--------
>>> page = LandingPage(None, params={"dashboards": ["caseload", "patient"]}, dashboard=True)
>>> [page.link_to(name) for name in page.params["dashboards"]]
['caseload.ipynb', 'patient.ipynb']
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import ClassVar

from beyou_analytics.views.page import Page, section


class LandingPage(Page):
    """Links to the served dashboards, titled in the visitor's language."""

    name = "landing"
    strings: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "nl": {
            "landing.caseload": "Wie heeft deze week aandacht nodig, en alle lopende behandelingen",
            "landing.patient": "Scores, check-ins en verandering van één patiënt",
            "landing.practice": "Het maandrapport van de praktijk",
            "landing.research": "Gepseudonimiseerde verkenning van het cohort",
            "landing.data_date": "Gegevens tot en met {date}.",
        },
        "en": {
            "landing.caseload": "Who needs attention this week, and every open episode",
            "landing.patient": "One patient's scores, check-ins and change",
            "landing.practice": "The practice's monthly report",
            "landing.research": "Pseudonymised exploration of the cohort",
            "landing.data_date": "Data up to and including {date}.",
        },
    }

    def link_to(self, name: str) -> str:
        """Relative URL of dashboard ``name``, keeping a non-default language."""
        return f"{name}.ipynb" + ("" if self.language == "nl" else f"?language={self.language}")

    @section()
    def links(self) -> None:
        """Title, data date and one link per served dashboard."""
        self.show_heading(self.t("landing.title"), level=1)
        if self.store is not None and not _is_missing(self.as_of):
            text = self.t("landing.data_date", date=self.format(self.as_of))
            self.show_html(f'<p class="beyou-muted">{html.escape(text)}</p>')
        items = "".join(
            f'<a href="{html.escape(self.link_to(name), quote=True)}" target="_self">'
            f"{html.escape(self.t(f'{name}.title'))}</a>"
            f'<p class="beyou-muted">{html.escape(self.t(f"landing.{name}"))}</p>'
            for name in self.params.get("dashboards", [])
        )
        self.show_html(f'<p>{html.escape(self.t("landing.intro"))}</p>'
                       f'<div class="beyou-links">{items}</div>')


def _is_missing(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))
