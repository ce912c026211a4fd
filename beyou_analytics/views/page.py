"""The two-mode page behind every report and dashboard (the contract is ``team/VIEWS.md``).

A page shows one view of the store (a patient's progress, a therapist's caseload, a month of the
practice) as a series of sections. The same notebook cells run in two modes:

static (papermill, JupyterLab)
    ``open_page`` checks the notebook parameters (an unknown patient raises ``NotFoundError``,
    a missing store ``StoreError``) and each section displays its heading, tables and figures.
    A page whose ``example_selection`` names a value shows that example when its parameter is
    empty (a researcher opening the notebook in JupyterLab), and its header says so; the
    report CLI never gets there (``reports.registry`` requires the parameter).
dashboard (Voila, with ``BEYOU_DASHBOARD=1`` in the environment; ``beyou serve`` sets it)
    see ``views.dashboard``: store and ``prepare`` before the request, a picker, one
    ``Output`` that every section draws into, nothing a visitor sends trusted.

A failing section shows "this section cannot be shown" and the server log gets the exception
type and code location, never its message (which could carry data). Every page ends with the
provenance footer of ``reports.provenance``.

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
import os
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

import pandas as pd
from IPython.display import HTML, display

from beyou_analytics.errors import BeyouError, NotFoundError
from beyou_analytics.io.store import Store
from beyou_analytics.plots.config import FIGURE_CONFIG
from beyou_analytics.reports.registry import slug  # report file names: one definition
from beyou_analytics.views import html as h
from beyou_analytics.views.dashboard import DashboardMode, Part
from beyou_analytics.views.runtime import cached_store, dashboard_mode, log_failure, parse_date
from beyou_analytics.views.strings import LANGUAGES, STRINGS

STRICT_ENV = "BEYOU_STRICT"  # static mode: re-raise section errors (tests, CI)

# Where a link to another page points: its selector parameter and its static report file.
LINK_TARGETS: dict[str, tuple[str, str]] = {
    "patient": ("patient_id", "patient-{value}.html"),
    "caseload": ("therapist", "caseload-{slug}.html"),
    "practice": ("month", "monthly-{value}.html"),
}


def _strip(value: str) -> str:
    return value.strip()


@dataclass(frozen=True)
class Selector:
    """The one choice a page is about: its query/notebook parameter and its picker.

    Strings ``<param>.label``, ``<param>.unknown`` and ``<param>.prompt`` name the picker,
    explain an unknown value and ask for a choice (``<param>.example`` says an example is
    shown). With ``all_key`` the picker offers an "all" entry (value ``""``) and showing
    everything is a valid selection. ``normalise`` turns what a person typed (a notebook
    parameter or a query-string value) into the store's spelling before it is checked against
    the store's own list.
    """

    param: str
    all_key: str | None = None
    normalise: Callable[[str], str] = _strip

    def clean(self, value: Any) -> str:
        """``value`` as the store spells it (``""`` for nothing)."""
        return self.normalise(str(value or ""))


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


class Page(DashboardMode):
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
        self._example: str | None = None  # the example shown for an empty parameter
        self._allowed: frozenset[str] = frozenset()
        self._sections: list[Part] = []
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

    def example_selection(self) -> str | None:
        """A static page's example when its parameter is empty (``None``: it is required)."""
        return None

    def prepare(self) -> None:
        """Request-independent work (runs before the request in a preheated kernel)."""

    def on_select(self) -> None:
        """Work shared by the sections for the current selection (runs on every pick)."""

    def provenance_params(self) -> dict[str, Any]:
        """The parameters the footer lists: the selection, the report date, the language."""
        shown: dict[str, Any] = {}
        if self.selector is not None:
            shown[self.selector.param] = self._selection or ""
        as_of = self.as_of
        shown["as_of"] = "" if pd.isna(as_of) else as_of.strftime("%Y-%m-%d")
        shown["language"] = self.language
        return shown

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
            return cls.open_dashboard(store=store, language=language, as_of=as_of, params=params)
        if language not in LANGUAGES:
            raise BeyouError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
        page = cls(cached_store(store), language=language, as_of=parse_date(as_of),
                   params=params)
        page.show_stylesheet()
        page.prepare()
        if cls.selector is not None:
            page.select_static(cls.selector.clean(params.get(cls.selector.param)))
        return page

    def select_static(self, value: str) -> None:
        """Select ``value`` (a notebook parameter); unknown or missing values are errors."""
        param = self.selector.param
        self._allowed = self.allowed_values()
        value = value or self.default_selection() or ""
        if not value and "" not in self._allowed:
            self._example = self.example_selection()
            value = self._example or ""
        if value not in self._allowed:
            if not value:
                raise NotFoundError(f"no {param} given: set the '{param}' parameter")
            raise NotFoundError(f"{param} {value!r} is not in the store {self.store.path}")
        self._selection = value
        self.on_select()

    def allowed_values(self) -> frozenset[str]:
        """Every value the selector accepts (``""`` too when it offers "all")."""
        values = {str(value) for _, value in self.options()}
        if self.selector is not None and self.selector.all_key:
            values.add("")
        return frozenset(values)

    # ----------------------------------------------------------------------------- sections
    def render_section(
        self, name: str, body: Callable[[], None], *, title_key: str | None = None
    ) -> None:
        """Show one section: directly (static), or into the page's ``Output`` (dashboard)."""
        if self.dashboard:
            self.render_part(name, title_key, body)
        else:
            self.render(name, title_key, body)

    def render(self, name: str, title_key: str | None, body: Callable[[], None]) -> None:
        """Heading and body of a section; a failure shows a notice instead of a traceback."""
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
        self.show_example()
        if not pd.isna(self.as_of):
            self.show_html(h.muted_html(self.t("page.as_of", date=self.format(self.as_of))))

    def show_example(self) -> None:
        """Say that an example is shown because the parameter was empty (static pages)."""
        if self._example is not None and self._example == self._selection:
            self.show_message(f"{self.selector.param}.example", value=self._example)

    @section()
    def footer(self) -> None:
        """Provenance (``reports.provenance``): parameters, store snapshot, version, run time."""
        from beyou_analytics.reports.provenance import provenance, render_footer

        if self.store is not None:
            self.show_html(render_footer(provenance(self.provenance_params(), self.store.path),
                                         self.language))

    # ------------------------------------------------------------------------------ output
    def show(self, obj: Any) -> None:
        """Display ``obj`` (a widget, or HTML) in the cell's output."""
        display(obj)

    def show_stylesheet(self) -> None:
        """The pages' one stylesheet (``views.html.css``), once per page."""
        display(HTML(h.CSS))

    def show_html(self, markup: str) -> None:
        """Display trusted markup (built with ``views.html``: every value escaped)."""
        display(HTML(markup))

    def show_heading(self, text: str, *, level: int = 2) -> None:
        """Display a heading."""
        self.show_html(h.heading_html(text, level=level))

    def show_message(self, key: str, *, kind: str = "info", **fields: Any) -> None:
        """Display the localized message ``key`` (``info``, ``warning`` or ``error``)."""
        self.show_html(h.message_html(self.t(key, **fields), kind=kind))

    def show_note(self, key: str, **fields: Any) -> None:
        """Display the localized explanatory note ``key``."""
        self.show_html(h.note_html(self.t(key, **fields)))

    def show_table(
        self,
        frame: pd.DataFrame,
        *,
        labels: Mapping[str, str] | None = None,
        links: Mapping[str, Callable[[Any], str]] | None = None,
        digits: Mapping[str, int] | None = None,
        empty_key: str = "page.no_rows",
    ) -> None:
        """Display ``frame`` as a compact table (``views.html.frame_table_html``)."""
        if frame.empty:
            self.show_message(empty_key)
            return
        self.show_html(h.frame_table_html(frame, language=self.language, labels=labels,
                                          links=links, digits=digits))

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
