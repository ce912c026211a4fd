"""The two-mode page behind every report and dashboard (the contract is ``team/VIEWS.md``).

A page shows one view of the store (a patient's progress, a therapist's caseload, a month of the
practice) as a series of sections. The same notebook cells run in two modes:

static (papermill, JupyterLab)
    ``open_page`` checks the notebook parameters (an unknown patient raises ``NotFoundError``,
    a missing store ``StoreError``) and each section displays its heading, tables and figures.
dashboard (Voila, with ``BEYOU_DASHBOARD=1`` in the environment; ``beyou serve`` sets it)
    ``open_page`` loads the store and runs ``prepare`` *before* it waits for the request, so a
    preheated kernel has done the heavy work when a visitor arrives; then it reads the query
    string (``?patient_id=``, ``?therapist=``, ``?month=``, ``?language=``, ``?as_of=``),
    checks it against the store and shows a picker. Sections draw into the page's one
    ``ipywidgets.Output`` (whatever they ``display``, captured); a pick redraws them all and
    swaps the page's content in one update. Sections must therefore not use widgets or
    ``with output:`` themselves (see ``_show_controls`` and ``_collect`` for why).

Nothing a visitor sends is trusted: only values from the store's own lists are accepted (the
query string and every widget callback alike), unknown values get a short localized message,
and no traceback is ever shown. A failing section shows "this section cannot be shown" and the
server log gets the exception type and code location, never its message (which could carry data).

Subclasses declare a ``name``, an optional ``Selector``, their ``strings`` and ``options``, and
write sections with the ``section`` decorator; each view module exposes ``open_page``:

>>> class DemoPage(Page):
...     name = "demo"
...     selector = Selector("patient_id")
...     strings = {"nl": {"demo.summary": "Samenvatting"}, "en": {"demo.summary": "Summary"}}
...     def options(self):
...         return [(p, p) for p in sorted(self.store.episodes["patient_id"].unique())]
...     @section("demo.summary")
...     def summary(self):
...         self.show_table(self.store.episodes.query("patient_id == @self.selection"))
>>> page = DemoPage(None, language="en")
>>> page.t("demo.summary"), page.t("patient_id.label")
('Summary', 'Patient')
>>> page.link("patient", "12")
'patient-12.html'
"""

from __future__ import annotations

import functools
import html
import os
import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

import pandas as pd
from IPython.display import HTML, display

from beyou_analytics.errors import BeyouError, NotFoundError
from beyou_analytics.io.store import Store
from beyou_analytics.reports.registry import slug  # report file names: one definition
from beyou_analytics.views import html as h
from beyou_analytics.views.runtime import (
    cached_store,
    dashboard_mode,
    log_failure,
    read_request,
    warm_up,
)
from beyou_analytics.views.strings import STRINGS

STRICT_ENV = "BEYOU_STRICT"  # static mode: re-raise section errors (tests, CI)
LANGUAGES = ("nl", "en")
FIGURE_CONFIG = {"displaylogo": False, "responsive": True}

# Where a link to another page points: its selector parameter and its static report file.
LINK_TARGETS: dict[str, tuple[str, str]] = {
    "patient": ("patient_id", "patient-{value}.html"),
    "caseload": ("therapist", "caseload-{slug}.html"),
    "practice": ("month", "monthly-{value}.html"),
}


@dataclass(frozen=True)
class Selector:
    """The one choice a page is about: its query/notebook parameter and its picker.

    Strings ``<param>.label``, ``<param>.unknown`` and ``<param>.prompt`` name the picker,
    explain an unknown value and ask for a choice. With ``all_key`` the picker offers an
    "all" entry (value ``""``) and showing everything is a valid selection.
    """

    param: str
    all_key: str | None = None


@dataclass
class _Section:
    name: str
    title_key: str | None
    body: Callable[[], None]
    outputs: list[dict[str, Any]] = field(default_factory=list)


def section(title_key: str | None = None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a page method as a section: localized heading, errors caught, redrawn on a pick."""

    def decorate(method: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(method)
        def run(self: Page, *args: Any, **kwargs: Any) -> None:
            self.render_section(
                method.__name__, lambda: method(self, *args, **kwargs), title_key=title_key
            )

        return run

    return decorate


def _parse_date(text: str) -> pd.Timestamp | None:
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise BeyouError(f"as_of {text!r} is not a date YYYY-MM-DD")
    try:
        return pd.Timestamp(text)
    except ValueError as exc:
        raise BeyouError(f"as_of {text!r} is not a date YYYY-MM-DD") from exc


class Page:
    """A report/dashboard page; see the module docstring for the two modes.

    Parameters
    ----------
    store
        The loaded store (``None`` only when it could not be loaded in a dashboard).
    language
        ``nl`` (default) or ``en``.
    as_of
        The report date; ``None`` means the store's last data date.
    params
        The notebook's other parameters, as given.
    dashboard
        Draw sections into widgets (Voila) instead of displaying them directly.
    """

    name: ClassVar[str] = "page"
    selector: ClassVar[Selector | None] = None
    strings: ClassVar[Mapping[str, Mapping[str, str]]] = {}

    def __init__(
        self,
        store: Store | None,
        *,
        language: str = "nl",
        as_of: pd.Timestamp | None = None,
        params: Mapping[str, Any] | None = None,
        dashboard: bool = False,
    ) -> None:
        self.store = store
        self.language = language
        self.params = dict(params or {})
        self.dashboard = dashboard
        self.failures: list[str] = []
        self._as_of = as_of
        self._selection: str | None = None
        self._allowed: frozenset[str] = frozenset()
        self._sections: list[_Section] = []
        self._status: list[dict[str, Any]] = []
        self._view: Any = None  # the page's ipywidgets.Output (dashboard)
        self._picker: Any = None
        self._blocked = False

    # ----------------------------------------------------------------- hooks for subclasses
    def options(self) -> list[tuple[str, str]]:
        """``(label, value)`` pairs the selector accepts, from the store only."""
        return []

    def default_selection(self) -> str | None:
        """The value shown when the request names none (``None``: ask the visitor)."""
        return None

    def prepare(self) -> None:
        """Request-independent work (runs before the request in a preheated kernel)."""

    def on_select(self) -> None:
        """Work shared by the sections for the current selection (runs on every pick)."""

    # ------------------------------------------------------------------------ properties
    @property
    def selection(self) -> str | None:
        """The chosen patient/therapist/month (``""`` = all), ``None`` when nothing is chosen."""
        return self._selection

    @property
    def as_of(self) -> pd.Timestamp:
        """The report date: the ``as_of`` parameter, else the store's last data date."""
        if self._as_of is not None:
            return self._as_of
        return self.store.data_date if self.store is not None else pd.NaT

    # ---------------------------------------------------------------------------- opening
    @classmethod
    def open_page(
        cls, *, store: str = "", language: str = "nl", as_of: str = "", **params: Any
    ) -> Self:
        """Open the page for a notebook's parameters (static) or the visitor's URL (dashboard)."""
        if dashboard_mode():
            return cls._open_dashboard(store=store, language=language, as_of=as_of, params=params)
        if language not in LANGUAGES:
            raise BeyouError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
        page = cls(cached_store(store), language=language, as_of=_parse_date(as_of),
                   params=params)
        display(HTML(h.CSS))
        page.prepare()
        if cls.selector is not None:
            page._select_static(str(params.get(cls.selector.param) or ""))
        return page

    def _select_static(self, value: str) -> None:
        param = self.selector.param
        self._allowed = self._allowed_values()
        value = value or self.default_selection() or ""
        if value not in self._allowed:
            if not value:
                raise NotFoundError(f"no {param} given: set the '{param}' parameter")
            raise NotFoundError(f"{param} {value!r} is not in the store {self.store.path}")
        self._selection = value
        self.on_select()

    def _allowed_values(self) -> frozenset[str]:
        values = {str(value) for _, value in self.options()}
        if self.selector is not None and self.selector.all_key:
            values.add("")
        return frozenset(values)

    @classmethod
    def _open_dashboard(
        cls, *, store: str, language: str, as_of: str, params: Mapping[str, Any]
    ) -> Self:
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
            prepared = page._guard("prepare", page.prepare)
        warm_up()
        request = read_request(cls.name)
        page._apply_request(request, language=language, as_of=as_of, prepared=prepared)
        return page

    def _apply_request(
        self, request: dict[str, str] | None, *, language: str, as_of: str, prepared: bool
    ) -> None:
        notes: list[tuple[str, str]] = []
        if request is None:
            notes.append(("message.no_request", "warning"))
            request = {}
        self.language = request.get("language") or language
        if self.language not in LANGUAGES:
            self.language = "nl"
            notes.append(("message.bad_language", "warning"))
        try:
            self._as_of = _parse_date(request.get("as_of") or as_of)
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
            self._allowed = self._allowed_values()
            value = request.get(param, str(self.params.get(param) or ""))
            if not value and "" not in self._allowed:
                value = self.default_selection() or ""
            if value in self._allowed:
                self._selection = value
            else:
                notes.append((f"{param}.unknown" if value else f"{param}.prompt",
                              "warning" if value else "info"))
        display(HTML(h.CSS))
        self._show_controls(notes)
        if self._selection is not None and not self._guard("on_select", self.on_select):
            self._blocked = True

    def _show_controls(self, notes: list[tuple[str, str]]) -> None:
        """The picker, then the one ``Output`` that holds the messages and every section.

        One ``Output`` for the whole page, not one per section: with several ``Output``
        widgets the Voila 0.5.13 front end intermittently shows "Error displaying widget:
        model not found" for the last ones (measured: 9 of 15 loads with seven ``Output``
        widgets, 0 of 15 with one), and a pick now swaps the page in a single update.
        """
        import ipywidgets as widgets

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
            display(self._picker)
        self._view = widgets.Output()
        display(self._view)
        self._set_status(notes)

    def _set_status(self, notes: list[tuple[str, str]]) -> None:
        self._status = self._collect(
            lambda: [self.show_message(key, kind=kind) for key, kind in notes])
        self._publish()

    def _publish(self) -> None:
        """Hand the status and every drawn section to the page's ``Output`` in one update."""
        outputs = [*self._status]
        for part in self._sections:
            outputs.extend(part.outputs)
        self._view.outputs = tuple(outputs)

    def _on_pick(self, change: Mapping[str, Any]) -> None:
        """Picker callback: any client can send it, so only known values are acted upon."""
        try:
            value = change.get("new")
            if not isinstance(value, str) or value not in self._allowed:
                return
            if value == self._selection:
                return
            self._selection = value
            self._status = []
            if self._guard("on_select", self.on_select):
                for part in self._sections:
                    self._draw(part)
            self._publish()
        except Exception as exc:
            log_failure(self.name, "picker", exc)

    def _guard(self, part: str, fn: Callable[[], None]) -> bool:
        """Run a dashboard hook; on failure log it, blank the sections and say so."""
        try:
            fn()
        except Exception as exc:
            log_failure(self.name, part, exc)
            self.failures.append(part)
            for section_ in self._sections:
                section_.outputs = []
            if self._view is not None:
                self._set_status([("message.page_failed", "error")])
            return False
        return True

    # ----------------------------------------------------------------------------- sections
    def render_section(
        self, name: str, body: Callable[[], None], *, title_key: str | None = None
    ) -> None:
        """Show one section: directly (static), or into the page's ``Output`` (dashboard),
        where it is drawn again on every pick."""
        if not self.dashboard:
            self._render(name, title_key, body)
            return
        if self._blocked:
            return
        part = _Section(name, title_key, body)
        self._sections.append(part)
        self._draw(part)
        self._publish()

    def _draw(self, part: _Section) -> None:
        ready = self.selector is None or self._selection is not None
        part.outputs = (self._collect(lambda: self._render(part.name, part.title_key, part.body))
                        if ready else [])

    def _collect(self, draw: Callable[[], object]) -> list[dict[str, Any]]:
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

    def _render(self, name: str, title_key: str | None, body: Callable[[], None]) -> None:
        if title_key:
            self.show_heading(self.t(title_key))
        try:
            body()
        except Exception as exc:
            log_failure(self.name, f"section {name!r}", exc)
            self.failures.append(name)
            self.show_message("message.section_failed", kind="warning")
            if not self.dashboard and os.environ.get(STRICT_ENV) == "1":
                raise

    @section()
    def header(self) -> None:
        """Title and report date; views usually override it."""
        self.show_heading(self.t(f"{self.name}.title"), level=1)
        if not pd.isna(self.as_of):
            text = self.t("page.as_of", date=self.format(self.as_of))
            self.show_html(f'<p class="beyou-muted">{html.escape(text)}</p>')

    @section()
    def footer(self) -> None:
        """Provenance: parameters, store snapshot, package version, when the page was made."""
        from beyou_analytics import __version__

        shown = {"as_of": self.format(self.as_of), "language": self.language}
        if self.selector is not None:
            shown[self.selector.param] = self._selection or self.t("page.none")
        params = ", ".join(f"{key}={value}" for key, value in shown.items())
        made = self.format(pd.Timestamp.now().floor("s"), digits=0)
        text = self.t("page.footer", params=params, snapshot=getattr(self.store, "snapshot", ""),
                      version=__version__, made=made)
        self.show_html(f'<p class="beyou-muted">{html.escape(text)}</p>')

    # ------------------------------------------------------------------------------ output
    def show_html(self, markup: str) -> None:
        """Display trusted markup (built with ``views.html``: every value escaped)."""
        display(HTML(markup))

    def show_heading(self, text: str, *, level: int = 2) -> None:
        """Display a heading."""
        self.show_html(h.heading_html(text, level=level))

    def show_message(self, key: str, *, kind: str = "info", **fields: Any) -> None:
        """Display the localized message ``key`` (``info``, ``warning`` or ``error``)."""
        self.show_html(h.message_html(self.t(key, **fields), kind=kind))

    def show_table(
        self,
        frame: pd.DataFrame,
        *,
        labels: Mapping[str, str] | None = None,
        links: Mapping[str, Callable[[Any], str]] | None = None,
        digits: Mapping[str, int] | None = None,
        empty_key: str = "page.no_rows",
    ) -> None:
        """Display ``frame`` as a compact table (``views.html.table_html``); a note if empty."""
        if frame.empty:
            self.show_message(empty_key)
            return
        self.show_html(h.table_html(frame, language=self.language, labels=labels, links=links,
                                    digits=digits))

    def show_figure(self, fig: Any) -> None:
        """Display a plotly figure with the default renderer (mime JSON; see stack-notes §4)."""
        fig.show(config=FIGURE_CONFIG)

    def format(self, value: Any, *, digits: int = 1) -> str:
        """A value as the page's language writes it (decimal comma, day-first dates in Dutch)."""
        if isinstance(value, pd.Timestamp) and digits == 0 and value != value.normalize():
            return value.strftime(h.DATE_FORMATS[self.language] + " %H:%M")
        return h.format_value(value, language=self.language, digits=digits)

    # --------------------------------------------------------------------- strings, links
    def t(self, key: str, **fields: Any) -> str:
        """The localized string ``key`` (the page's language, then Dutch, then the key)."""
        table = _strings_for(type(self))
        text = table.get(self.language, {}).get(key) or table["nl"].get(key) or key
        return text.format(**fields) if fields else text

    def link(self, target: str, value: str) -> str:
        """URL of another page: its dashboard (``patient.ipynb?patient_id=…``) or report file.

        Links are relative, so they work under any server prefix and in a report folder.
        """
        if target not in LINK_TARGETS:
            raise KeyError(f"unknown link target {target!r}; known: {', '.join(LINK_TARGETS)}")
        param, file = LINK_TARGETS[target]
        if not self.dashboard:
            return file.format(value=value, slug=slug(str(value)))
        query = {param: value} | ({"language": self.language} if self.language != "nl" else {})
        return f"{target}.ipynb?{urllib.parse.urlencode(query)}"

    def link_html(self, target: str, value: str, text: str | None = None, *,
                  same_tab: bool = False) -> str:
        """An anchor to ``link(target, value)`` showing ``text`` (default: the value).

        Dashboards open it in a new tab unless ``same_tab`` (see ``views.html.link_html``).
        """
        return h.link_html(self.link(target, value), str(value) if text is None else text,
                           same_tab=same_tab)


@functools.cache
def _strings_for(cls: type[Page]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {lang: dict(STRINGS.get(lang, {})) for lang in LANGUAGES}
    for klass in reversed(cls.__mro__):
        for lang, table in getattr(klass, "strings", {}).items():
            merged.setdefault(lang, {}).update(table)
    return merged
