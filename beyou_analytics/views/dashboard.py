"""The dashboard mode of a page (Voila): the request, the picker, one ``Output``, redraws.

``open_page`` (``views.page``) hands over to ``DashboardMode.open_dashboard`` when it runs in a
kernel of ``beyou serve``. It loads the store and runs ``prepare`` *before* it waits for the
request, so a preheated kernel has done the heavy work when a visitor arrives; then it reads
the query string (``?patient_id=``, ``?therapist=``, ``?month=``, ``?language=``,
``?as_of=``), checks it against the store and shows a picker. Sections draw into the page's one
``ipywidgets.Output`` (whatever they ``display``, captured); a pick redraws them all and swaps
the page's content in one update. Sections must therefore not use widgets or ``with output:``
themselves (see ``show_controls`` and ``collect`` for why).

Nothing a visitor sends is trusted: only values from the store's own lists are accepted (the
query string and every widget callback alike), unknown values get a short localized message,
and no traceback is ever shown. A failing hook blanks the page with "this page cannot be
shown"; the server log gets the exception type and code location, never its message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from beyou_analytics.errors import BeyouError
from beyou_analytics.views.runtime import (
    cached_store,
    log_failure,
    parse_date,
    read_request,
    warm_up,
)
from beyou_analytics.views.strings import LANGUAGES

if TYPE_CHECKING:
    from beyou_analytics.views.page import Page


@dataclass
class Part:
    """A section drawn in a dashboard: how to draw it, and its outputs of the last draw."""

    name: str
    title_key: str | None
    body: Callable[[], None]
    outputs: list[dict[str, Any]] = field(default_factory=list)


class DashboardMode:
    """The dashboard half of ``Page``: its methods use the page's state and strings."""

    @classmethod
    def open_dashboard(
        cls, *, store: str, language: str, as_of: str, params: Mapping[str, Any]
    ) -> Page:
        """The page of a dashboard request: store and ``prepare`` first, then the request."""
        page = cls(None, params=params, dashboard=True)
        prepared = True
        try:
            page.store = cached_store(store)
        except BeyouError:
            prepared = False
        except Exception as exc:
            log_failure(cls.name, "loading the store", exc)
            prepared = False
        if prepared:
            prepared = page.guard("prepare", page.prepare)
        warm_up()
        request = read_request(cls.name)
        page.apply_request(request, language=language, as_of=as_of, prepared=prepared)
        return page

    def apply_request(
        self: Page, request: dict[str, str] | None, *, language: str, as_of: str,
        prepared: bool,
    ) -> None:
        """Language, date and selection from the request; notes for what was not usable."""
        notes: list[tuple[str, str]] = []
        if request is None:
            notes.append(("message.no_request", "warning"))
            request = {}
        self.language = request.get("language") or language
        if self.language not in LANGUAGES:
            self.language = "nl"
            notes.append(("message.bad_language", "warning"))
        try:
            self._as_of = parse_date(request.get("as_of") or as_of)
        except BeyouError:
            notes.append(("message.bad_as_of", "warning"))
        if self.store is None:
            notes.append(("message.store_missing", "error"))
            self._blocked = True
        elif not prepared:
            notes.append(("message.page_failed", "error"))
            self._blocked = True
        elif self.selector is not None:
            param = self.selector.param
            self._allowed = self.allowed_values()
            value = self.selector.clean(request.get(param, str(self.params.get(param) or "")))
            if not value and "" not in self._allowed:
                value = self.default_selection() or ""
            if value not in self._allowed:  # "daan visser" typed in an address is Daan Visser
                value = _same_but_case(value, self._allowed)
            if value in self._allowed:
                self._selection = value
            else:
                notes.append((f"{param}.unknown" if value else f"{param}.prompt",
                              "warning" if value else "info"))
        self.show_stylesheet()
        self.show_controls(notes)
        if self._selection is not None and not self.guard("on_select", self.on_select):
            self._blocked = True

    def show_controls(self: Page, notes: list[tuple[str, str]]) -> None:
        """The picker, then the one ``Output`` that holds the messages and every section.

        One ``Output`` for the whole page, not one per section: with several ``Output``
        widgets the Voila 0.5.13 front end intermittently shows "Error displaying widget:
        model not found" for the last ones (measured: 9 of 15 loads with seven ``Output``
        widgets, 0 of 15 with one), and a pick now swaps the page in a single update.
        """
        import ipywidgets as widgets

        from beyou_analytics.views.html import link_html

        if self.name != "landing":  # the way back (a caseload row opens a patient in a new tab)
            home = "index.ipynb" + ("" if self.language == "nl" else f"?language={self.language}")
            self.show_html(link_html(home, self.t("nav.home"), same_tab=True))
        if self.selector is not None and not self._blocked:
            param = self.selector.param
            choices = [(label, str(value)) for label, value in self.options()]
            if self.selector.all_key:
                choices.insert(0, (self.t(self.selector.all_key), ""))
            self._picker = widgets.Dropdown(
                options=choices,
                value=self._selection,
                description=self.t(f"{param}.label"),
                style={"description_width": "initial"},
                layout=widgets.Layout(width="min(100%, 32em)"),
            )
            self._picker.observe(self._on_pick, names="value")
            self.show(self._picker)
        self._view = widgets.Output()
        self.show(self._view)
        self.set_status(notes)

    def set_status(self: Page, notes: list[tuple[str, str]]) -> None:
        """Replace the page's notices (shown above the sections)."""
        self._status = self.collect(
            lambda: [self.show_message(key, kind=kind) for key, kind in notes])
        self.publish()

    def publish(self: Page) -> None:
        """Hand the status and every drawn section to the page's ``Output`` in one update."""
        outputs = [*self._status]
        for part in self._sections:
            outputs.extend(part.outputs)
        self._view.outputs = tuple(outputs)

    def _on_pick(self: Page, change: Mapping[str, Any]) -> None:
        """Picker callback: any client can send it, so only known values are acted upon."""
        try:
            value = change.get("new")
            if not isinstance(value, str) or value not in self._allowed:
                return
            if value == self._selection:
                return
            self._selection = value
            self._example = None
            self._status = []
            if self.guard("on_select", self.on_select):
                for part in self._sections:
                    self.draw(part)
            self.publish()
        except Exception as exc:
            log_failure(self.name, "picker", exc)

    def guard(self: Page, part: str, fn: Callable[[], None]) -> bool:
        """Run a dashboard hook; on failure log it, blank the sections and say so."""
        try:
            fn()
        except Exception as exc:
            log_failure(self.name, part, exc)
            self.failures.append(part)
            for section_ in self._sections:
                section_.outputs = []
            if self._view is not None:
                self.set_status([("message.page_failed", "error")])
            return False
        return True

    def render_part(self: Page, name: str, title_key: str | None,
                    body: Callable[[], None]) -> None:
        """Draw a section into the page's ``Output``; it is drawn again on every pick."""
        if self._blocked:
            return
        part = Part(name, title_key, body)
        self._sections.append(part)
        self.draw(part)
        self.publish()

    def draw(self: Page, part: Part) -> None:
        """Draw ``part`` for the current selection (nothing while none is chosen)."""
        ready = self.selector is None or self._selection is not None
        part.outputs = (self.collect(lambda: self.render(part.name, part.title_key, part.body))
                        if ready else [])

    def collect(self: Page, draw: Callable[[], object]) -> list[dict[str, Any]]:
        """Run ``draw`` and return what it displayed (any ``display``/``fig.show``), as outputs.

        The outputs are captured with IPython's ``capture_output`` and assigned to
        ``Output.outputs``, never drawn with ``with output:``: the first render then does not
        go through nbclient's Output-widget capture, which left preheated Voila renders
        hanging while the pool refilled (2 of 8 loads before, 0 of 32 after; see
        ``dashboards.server``).
        """
        from IPython.utils.capture import capture_output

        with capture_output(stdout=True, stderr=False, display=True) as captured:
            draw()
        return [{"output_type": "display_data", "data": out.data, "metadata": out.metadata}
                for out in captured.outputs]


def _same_but_case(value: str, allowed) -> str:
    """The allowed value ``value`` means when case and spacing are ignored, else ``value``.

    >>> _same_but_case("daan  visser ", ["Daan Visser", "Femke Smit"])
    'Daan Visser'
    >>> _same_but_case("Daan", ["Daan Visser"])
    'Daan'
    """
    def key(text: str) -> str:
        return " ".join(str(text).split()).casefold()

    matches = [a for a in allowed if isinstance(a, str) and key(a) == key(value)]
    return matches[0] if len(matches) == 1 else value
