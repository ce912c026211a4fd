"""The caseload page: a therapist's week, as a report (papermill) or dashboard (Voila).

Sections, in the order the notebook calls them: ``header`` (therapist, report date, counts),
``attention`` ("who needs attention this week": the flags of the therapist's episodes grouped
by severity, each patient number linking to that patient's page), ``episodes`` (every open
episode: weeks in care, sessions, last check-in, current pain with an 8-week sparkline, change
so far on the core measures, exercise adherence, flags) and ``footer`` (provenance). The
numbers come from ``views.caseload.data.load_caseload``.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from beyou_analytics.flags import SEVERITIES
from beyou_analytics.plots.caseload import sparkline_svg
from beyou_analytics.views import html as h
from beyou_analytics.views.caseload.data import CORE, SPARK_WEEKS, Caseload, load_caseload
from beyou_analytics.views.caseload.strings import STRINGS
from beyou_analytics.views.clinical import display_code, flag_parts
from beyou_analytics.views.page import Page, Selector, section
from beyou_analytics.views.runtime import store_flags

STALE_DAYS = 14  # matches the "disengaged" flag
EPISODE_COLUMNS = ("patient", "weeks", "sessions", "last", "pain", "nprs", "activity",
                   "disability", "adherence", "flags")


class CaseloadPage(Page):
    """A therapist's caseload: see the module docstring for the sections."""

    name = "caseload"
    selector = Selector("therapist")
    strings = STRINGS

    data: Caseload

    def options(self) -> list[tuple[str, str]]:
        """Every therapist with an episode in the store, alphabetically."""
        names = sorted(self.store.episodes["therapist"].dropna().unique(), key=str.casefold)
        return [(str(name), str(name)) for name in names]

    def example_selection(self) -> str | None:
        """The first therapist of the picker."""
        return next((value for _, value in self.options()), None)

    def prepare(self) -> None:
        """A dashboard evaluates the whole store's flags before its first visitor."""
        if self.dashboard and not pd.isna(self.store.data_date):
            store_flags(self.store, as_of=self.store.data_date, now=True)

    def on_select(self) -> None:
        """Compute the chosen therapist's caseload."""
        self.data = load_caseload(self.store, str(self.selection), as_of=self.as_of)

    def _patient_cell(self, patient_id: str, ended: bool = False) -> str:
        cell = self.link_html("patient", patient_id)
        if ended:
            cell += " " + h.span_html(f"({self.t('ended')})", "beyou-same")
        return cell

    def _severity(self, severity: str, label: str) -> str:
        return h.severity_html(severity, self.t(f"severity.{severity}"), label=label)

    # ------------------------------------------------------------------------ sections
    @section()
    def header(self) -> None:
        """Title, therapist, report date and the counts of open episodes and flags."""
        self.show_heading(self.t("caseload.heading", therapist=self.selection), level=1)
        self.show_example()
        data = self.data
        n_high = int((data.flags["severity"] == "high").sum())
        self.show_html(h.facts_html([
            (self.t("fact.therapist"), data.therapist),
            (self.t("fact.open"), str(len(data.rows))),
            (self.t("fact.flags"), f"{len(data.flags)} ({self.t('fact.high')} {n_high})"),
            (self.t("fact.as_of"), h.fmt_date(data.as_of, self.language)),
        ]))

    @section("caseload.attention")
    def attention(self) -> None:
        """The flags of the therapist's episodes, grouped by severity, most urgent first."""
        flags = self.data.flags
        if flags.empty:
            self.show_message("none.flags", date=h.fmt_date(self.data.as_of, self.language))
            return
        parts = flag_parts(flags, self.language)
        headers = [self.t(f"col.{k}") for k in ("patient", "flag", "message")]
        for severity in SEVERITIES:
            group = parts.loc[parts["severity"] == severity]
            if group.empty:
                continue
            badge = self._severity(severity, self.t(f"group.{severity}"))
            self.show_html(f"<h3>{badge} {h.span_html(f'({len(group)})', 'beyou-same')}</h3>")
            rows = [[self._patient_cell(r.patient_id, bool(r.ended)),
                     h.span_html(r.title, title=r.rule_text), html.escape(r.message)]
                    for r in group.itertuples()]
            self.show_html(h.table_html(headers, rows, trusted=True))
            # Each rule once per group (not once per row): what fired, and why.
            rules = [f"<b>{html.escape(r.title)}</b>: {html.escape(r.rule_text)}"
                     for r in group.drop_duplicates("code").itertuples()]
            self.show_html(h.footnotes_html(rules, label=self.t("col.rule"), trusted=True))

    @section("caseload.episodes")
    def episodes(self) -> None:
        """Every open episode with its numbers, a pain sparkline and the core changes."""
        data = self.data
        lang = self.language
        if data.rows.empty:
            self.show_message("none.open", date=h.fmt_date(data.as_of, lang))
            return
        core = {(r.episode_id, r.measure): r for r in data.outcomes.itertuples()}
        rows = []
        for r in data.rows.itertuples():
            spark = data.spark.get(r.episode_id, [np.nan] * SPARK_WEEKS)
            title = self.t("spark.title", values=" · ".join(h.fmt_number(v, lang) for v in spark))
            rows.append([
                self._patient_cell(r.patient_id),
                h.span_html(str(int(r.weeks)),
                            title=self.t("started", date=h.fmt_date(r.start_date, lang))),
                h.fmt_int(r.n_sessions),
                self._last_cell(r.days_since),
                f'<span class="beyou-nowrap">{html.escape(h.fmt_number(r.pain_mean_7d, lang))} '
                f"{sparkline_svg(spark, title=title)}</span>",
                *(self._change_cell(core.get((r.episode_id, key)), key) for key, _ in CORE),
                html.escape(h.MISSING if pd.isna(r.adherence_current)
                            else f"{h.fmt_number(r.adherence_current * 100, lang, 0)}%"),
                self._flags_cell(r.n_flags, r.top),
            ])
        headers = [self.t(f"col.{k}") for k in EPISODE_COLUMNS]
        self.show_html(h.table_html(headers, rows, numeric=(1, 2, 3, 4, 8, 9), trusted=True))
        self.show_note("note.episodes")

    def _last_cell(self, days: Any) -> str:
        """Days since the last check-in; two weeks or more (or none yet) stand out."""
        if days is None or pd.isna(days):
            return h.span_html(self.t("days.none"), "beyou-worse")
        return h.span_html(str(int(days)), "beyou-worse" if int(days) >= STALE_DAYS else "")

    def _change_cell(self, row: Any, key: str) -> str:
        """``[code] start → latest`` on one line, the MCID verdict under it."""
        if row is None:
            return h.MISSING
        lang = self.language
        # Scores like the ODI's percentage carry float noise (28.000000000000004)
        whole = h.is_whole(row.baseline) and (pd.isna(row.latest) or h.is_whole(row.latest))
        digits = 0 if whole else 1
        values = ("" if key == "nprs" else f"{display_code(row.instrument)} ") + h.fmt_number(
            row.baseline, lang, digits)
        if pd.isna(row.change):
            css, verdict = "beyou-same", self.t("only_start")
        else:
            values += f" → {h.fmt_number(row.latest, lang, digits)}"
            status = row.mcid_status if isinstance(row.mcid_status, str) else "none"
            css = {"improved": "beyou-better", "deteriorated": "beyou-worse"}.get(
                status, "beyou-same")
            verdict = self.t(f"verdict.{status}")
        return (h.span_html(values, "beyou-nowrap") + "<br>"
                + h.span_html(verdict, f"{css} beyou-small beyou-nowrap"))

    def _flags_cell(self, n: int, top: Any) -> str:
        return self._severity(SEVERITIES[int(top)], str(int(n))) if n else "0"


def open_page(
    *, store: str = "", therapist: str = "", as_of: str = "", language: str = "nl"
) -> CaseloadPage:
    """The caseload page for the notebook's parameters (or the dashboard's URL)."""
    return CaseloadPage.open_page(store=store, therapist=therapist, as_of=as_of,
                                  language=language)

