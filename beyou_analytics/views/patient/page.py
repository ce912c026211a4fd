"""The patient progress page: one patient's episode as a report (papermill) or dashboard (Voila).

Sections, in the order the notebook calls them: ``header`` (who and where), ``summary`` (the
patient's own plain-language summary, ``beyou_analytics.summary``), ``pain``, ``function``,
``psychosocial`` (with the check-in's "Vertrouwen"), ``stress_sleep``, ``load``,
``activity``, ``change`` (both lenses: MCID and RCI, with their sources), ``flags`` and
``footer`` (provenance). Everything is computed on the one patient's rows
(``views.episode.load_patient``).

A questionnaire with a course (two or more measurements) gets a panel with its MCID band,
cut-offs and the questionnaire moments; one measured once so far is a row of a small table
(score, date, cut-off, baseline ± MCID): a single dot says less than that row and costs a
dashboard visitor a chart to draw.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from beyou_analytics.errors import NotFoundError
from beyou_analytics.privacy import normalise_patient_id
from beyou_analytics.views import html as h
from beyou_analytics.views.clinical import flag_parts
from beyou_analytics.views.episode import DAY, PatientEpisode, load_patient
from beyou_analytics.views.page import Page, Selector, section
from beyou_analytics.views.patient.strings import STRINGS
from beyou_analytics.views.patient.tables import (
    CHANGE_ORDER,
    FUNCTION_CODES,
    PSYCHOSOCIAL_CODES,
    change_sources,
    change_table,
    single_measurements,
)
from beyou_analytics.views.runtime import store_flags


def patient_number(value: Any) -> str:
    """A patient number as the store keeps it (``privacy.normalise_patient_id``).

    Anything that is not a patient number comes back as typed (stripped), so the page can say
    that it is not in the store.

    >>> patient_number(" P-0012345"), patient_number("0012"), patient_number(""), patient_number("abc")
    ('12345', '12', '', 'abc')
    """  # noqa: E501
    text = str(value or "").strip()
    if not text:
        return ""
    number = normalise_patient_id(pd.Series([text])).iloc[0]
    return text if pd.isna(number) else str(number)


class PatientPage(Page):
    """One patient's progress: see the module docstring for the sections."""

    name = "patient"
    selector = Selector("patient_id", normalise=patient_number)
    strings = STRINGS

    data: PatientEpisode

    # ---------------------------------------------------------------- selection
    def options(self) -> list[tuple[str, str]]:
        """Every patient of the store, numerically, labelled with the latest therapist."""
        episodes = self.store.episodes.sort_values("start_date", kind="stable")
        latest = episodes.groupby("patient_id", sort=False).tail(1)
        latest = latest.assign(_n=pd.to_numeric(latest["patient_id"], errors="coerce"))
        latest = latest.sort_values(["_n", "patient_id"], kind="stable")
        return [(f"{pid} · {therapist}", str(pid))
                for pid, therapist in zip(latest["patient_id"], latest["therapist"], strict=True)]

    def example_selection(self) -> str | None:
        """The first patient of the picker with an episode started by the report date."""
        episodes = self.store.episodes
        started = set(episodes.loc[episodes["start_date"] < self.as_of.normalize() + DAY,
                                   "patient_id"])
        return next((value for _, value in self.options() if value in started), None)

    def prepare(self) -> None:
        """A dashboard evaluates the whole store's flags before its first visitor."""
        if self.dashboard and not pd.isna(self.store.data_date):
            store_flags(self.store, as_of=self.store.data_date, now=True)

    def on_select(self) -> None:
        """Load the chosen patient's episode; a static report without an episode is an error."""
        self.data = load_patient(self.store, str(self.selection), as_of=self.as_of)
        if self.data.episode is None and not self.dashboard:
            raise NotFoundError(
                f"patient {self.selection} has no episode that started on or before "
                f"{self.as_of:%Y-%m-%d}"
            )

    # ---------------------------------------------------------------- helpers
    @property
    def text(self) -> dict[str, str]:
        return STRINGS["en" if self.language == "en" else "nl"]

    def _begin(self, title_key: str) -> bool:
        """Show the section's heading; False (and nothing shown) without an episode.

        Sections show their own heading so that a dashboard visitor who asks for a date
        before the patient's first episode reads the header's one message, not ten empty
        sections.
        """
        if self.data.episode is None:
            return False
        self.show_heading(self.t(title_key))
        return True

    def _x_range(self) -> list[str]:
        """The episode's time axis: start to end (or the report date), a few days' margin."""
        data = self.data
        last = [data.end if data.end is not None else data.as_of]
        first = [data.start]
        if not data.checkins.empty:
            last.append(data.checkins["date"].max())
        if not data.scores.empty:
            last.append(data.scores["completed_at"].max())
            first.append(data.scores["completed_at"].min())
        pad = pd.Timedelta(days=3)
        return [(min(first) - pad).strftime("%Y-%m-%d"),
                (max(last).normalize() + pad).strftime("%Y-%m-%d")]

    def _questionnaires(self, codes: Sequence[str], *, extra: Sequence[Any] = (),
                        note: str, none: str) -> None:
        """Panels of the questionnaires with a course (and ``extra`` panels); a table of the
        ones measured once; ``none`` when there is neither."""
        from beyou_analytics.plots.patient import instrument_panel, panels_figure

        totals = self.data.scores.loc[self.data.scores["scale"] == "total"]
        counts = totals["instrument"].value_counts()
        present = [c for c in codes if c in counts.index]
        course = [c for c in present if counts[c] > 1]
        once = [c for c in present if counts[c] == 1]
        panels = [instrument_panel(totals, self.data.outcomes, c, language=self.language)
                  for c in course] + list(extra)
        if not panels and not once:
            self.show_message(none)
            return
        if panels:
            self.show_note(note)
            self.show_figure(panels_figure(panels, language=self.language,
                                           x_range=self._x_range(), moments=self.data.moments))
        if once:
            single = single_measurements(totals, self.data.outcomes, once,
                                         language=self.language)
            rows = [[html.escape(r.instrument), h.span_html(r.direction, "beyou-nowrap"),
                     h.value_date_html(r.value, r.date), html.escape(r.cutoff),
                     html.escape(r.band)]
                    for r in single.itertuples()]
            headers = [self.t(f"col.{k}") for k in ("instrument", "direction", "measured",
                                                     "cutoff", "band")]
            self.show_html(h.table_html(headers, rows, numeric=(2,), trusted=True))
            self.show_note("note.single")

    def _checkins(self, title_key: str, note: str, build: Callable[..., Any]) -> None:
        """A section drawn from the weekly check-ins: its note and figure."""
        if not self._begin(title_key):
            return
        if self.data.checkins.empty:
            self.show_message("none.checkins")
            return
        self.show_note(note)
        self.show_figure(build(self.data.weekly, language=self.language,
                               x_range=self._x_range()))

    # ---------------------------------------------------------------- sections
    @section()
    def header(self) -> None:
        """Who and where: patient number, therapist, start, weeks, sessions, status, date."""
        self.show_heading(self.t("patient.heading", patient=self.selection), level=1)
        self.show_example()
        lang = self.language
        if self.data.episode is None:
            self.show_message("no_episode", date=h.fmt_date(self.as_of, lang))
            return
        data, episode = self.data, self.data.episode
        status = (self.t("status.open") if data.status == "open"
                  else self.t("status.ended", date=h.fmt_date(data.end, lang)))
        facts = [
            ("fact.patient", data.patient_id),
            ("fact.therapist", str(episode["therapist"])),
            ("fact.start", h.fmt_date(data.start, lang)),
            ("fact.weeks", str(data.weeks)),
            ("fact.sessions", h.fmt_int(episode.get("n_sessions"))),
            ("fact.status", status),
            ("fact.as_of", h.fmt_date(data.as_of, lang)),
        ]
        self.show_html(h.facts_html([(self.t(key), value) for key, value in facts]))
        if not data.earlier.empty:
            items = [
                self.t("earlier.item", start=h.fmt_date(row.start_date, lang),
                       end=(h.fmt_date(row.end_date, lang) if not pd.isna(row.end_date)
                            else self.t("earlier.open")),
                       therapist=row.therapist)
                for row in data.earlier.itertuples()
            ]
            self.show_note("earlier", items="; ".join(items))

    @section()
    def summary(self) -> None:
        """The patient's own summary in plain language (``beyou_analytics.summary``)."""
        if not self._begin("patient.summary"):
            return
        from beyou_analytics.summary import patient_summary

        lines = patient_summary(self.data.outcomes, self.data.checkins, as_of=self.as_of,
                                language=self.language, ended=self.data.status == "ended")
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        self.show_html(f'<div class="beyou-summary" lang="{self.language}"><ul>{items}</ul></div>')
        self.show_note("patient.summary_note", date=h.fmt_date(self.as_of, self.language))

    @section()
    def pain(self) -> None:
        """Daily pain, its 7-day mean and the NPRS with its MCID band and the moments."""
        if not self._begin("patient.pain"):
            return
        from beyou_analytics.plots.patient import baseline_band, pain_figure

        data = self.data
        nprs = data.scores.loc[(data.scores["instrument"] == "NPRS")
                               & (data.scores["scale"] == "total")]
        if data.checkins.empty and nprs.empty:
            self.show_message("none.pain")
            return
        self.show_note("note.pain")
        self.show_figure(pain_figure(
            data.daily_pain, nprs, band=baseline_band(data.outcomes, "NPRS"),
            moments=data.moments, language=self.language, x_range=self._x_range(),
        ))

    @section()
    def function(self) -> None:
        """A panel per function questionnaire with a course (ODI/QBPDS/RMDQ, PSK/PSFS)."""
        if self._begin("patient.function"):
            self._questionnaires(FUNCTION_CODES, note="note.function", none="none.function")

    @section()
    def psychosocial(self) -> None:
        """TSK, PCS, PSEQ and CSI with their cut-offs, and the check-in's "Vertrouwen"."""
        if not self._begin("patient.psychosocial"):
            return
        from beyou_analytics.plots.patient import confidence_panel

        weekly = self.data.weekly
        extra = ([confidence_panel(weekly, language=self.language)]
                 if weekly["confidence"].notna().any() else [])
        self._questionnaires(PSYCHOSOCIAL_CODES, extra=extra, note="note.psychosocial",
                             none="none.psychosocial")

    @section()
    def stress_sleep(self) -> None:
        """Weekly pain, stress, sleep quality and hours slept."""
        from beyou_analytics.plots.patient import stress_sleep_figure

        self._checkins("patient.stress_sleep", "note.stress_sleep", stress_sleep_figure)

    @section()
    def load(self) -> None:
        """Daily load against load capacity, shaded where the load is higher."""
        if not self._begin("patient.load"):
            return
        from beyou_analytics.plots.patient import load_figure
        from beyou_analytics.trends import load_balance

        checkins = self.data.checkins
        if checkins.dropna(subset=["load", "load_capacity"]).empty:
            self.show_message("none.load")
            return
        self.show_note("note.load")
        recent = load_balance(checkins, as_of=self.as_of)
        if not recent.empty:
            row = recent.iloc[0]
            self.show_note("load.recent", n=int(row["n"]), over=int(row["n_over_capacity"]),
                           diff=h.fmt_number(row["mean_difference"], self.language, signed=True))
        self.show_figure(load_figure(checkins, language=self.language, x_range=self._x_range()))

    @section()
    def activity(self) -> None:
        """Weekly active minutes and exercise adherence."""
        from beyou_analytics.plots.patient import activity_figure

        self._checkins("patient.activity", "note.activity", activity_figure)

    @section()
    def change(self) -> None:
        """The change table with both lenses (MCID, RCI) and the sources of the thresholds."""
        if not self._begin("patient.change"):
            return
        outcomes = self.data.outcomes
        if outcomes.empty:
            self.show_message("none.change")
            return
        words = {s: self.t(f"verdict.{s}") for s in h.VERDICT_CSS}
        rows = [
            [html.escape(r.instrument), h.span_html(r.scale, "beyou-sub" if r.subscale else ""),
             h.span_html(r.direction, "beyou-nowrap"),
             h.value_date_html(r.baseline, r.baseline_at),
             h.value_date_html(r.latest, r.latest_at), html.escape(r.change),
             html.escape(r.pct), h.verdict_html(r.mcid, words), html.escape(r.rci),
             h.verdict_html(r.rci_status, words)]
            for r in change_table(outcomes, language=self.language).itertuples()
        ]
        headers = [self.t(f"col.{key}") for key in ("instrument", "scale", "direction",
                   "baseline", "latest", "change", "pct", "mcid", "rci", "rci_status")]
        self.show_html(h.table_html(headers, rows, numeric=(5, 6, 8), trusted=True))
        codes = [c for c in CHANGE_ORDER if c in set(outcomes["instrument"])]
        self.show_html(h.footnotes_html(
            [self.t("change.lenses"), *change_sources(codes, language=self.language)]))

    @section()
    def flags(self) -> None:
        """The episode's flags on the report date, most severe first, with their reasons."""
        if not self._begin("patient.flags"):
            return
        flags = self.data.flags
        if flags.empty:
            self.show_message("none.flags", date=h.fmt_date(self.as_of, self.language))
            return
        rows = [[h.severity_html(r.severity, self.t(f"severity.{r.severity}")),
                 html.escape(r.title), html.escape(r.message),
                 h.span_html(r.rule_text, "beyou-rule")]
                for r in flag_parts(flags, self.language).itertuples()]
        headers = [self.t(f"col.{k}") for k in ("severity", "flag", "message", "rule")]
        self.show_html(h.table_html(headers, rows, trusted=True))


def open_page(
    *, store: str = "", patient_id: str = "", as_of: str = "", language: str = "nl"
) -> PatientPage:
    """The patient progress page for the notebook's parameters (or the dashboard's URL)."""
    return PatientPage.open_page(store=store, patient_id=patient_id, as_of=as_of,
                                 language=language)
