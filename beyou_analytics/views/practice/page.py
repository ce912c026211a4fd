"""The monthly practice report and dashboard (``notebooks/monthly_report.ipynb``).

What the practice manager receives on the 1st: a headline row (intakes, discharges, open
episodes, median sessions, each with last month's number), measurement completeness against the
protocol, outcomes of the month's discharges, the attrition funnel of the last 12 months, a
per-therapist table with small cells suppressed, and 12-month trends. Every number comes from
``beyou_analytics.practice`` (``views.practice.numbers``) and every share is shown with its
n, so it can be checked by hand. In a dashboard a picker offers the months the store covers
(``?month=YYYY-MM``); the default is the last complete month.

Examples
--------
>>> page = PracticePage(None, language="en")
>>> page.t("practice.headline.intakes"), page._share(7, 11, 0.6364), page._share(3, 4, 0.75)
('Intakes', ('7 of 11', '64%'), ('n = 4', '–'))
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from beyou_analytics import practice as metrics
from beyou_analytics.plots import practice as plots
from beyou_analytics.practice.periods import latest_complete_month, month_label, store_months
from beyou_analytics.practice.suppression import COUNT_MARK, HIDDEN_MARK, MIN_COUNT, VALUE_MARK
from beyou_analytics.views import html as h
from beyou_analytics.views.page import Page, Selector, section
from beyou_analytics.views.practice.numbers import MonthNumbers, month_numbers
from beyou_analytics.views.practice.strings import STRINGS

CORE_OUTCOMES = ("NPRS", "PSK", "QBPDS")


class PracticePage(Page):
    """The monthly report: one month of the whole practice (see the module docstring)."""

    name = "practice"
    selector = Selector("month")
    strings = STRINGS

    numbers: MonthNumbers | None = None

    # ------------------------------------------------------------------------------ hooks
    def options(self) -> list[tuple[str, str]]:
        """Months the store covers, newest first, labelled in the page's language."""
        return [(month_label(m, language=self.language), m)
                for m in store_months(self.store.episodes, self.store.data_date)]

    def default_selection(self) -> str | None:
        """The last complete month the store covers (else its newest month)."""
        months = [m for _, m in self.options()]
        if not months:
            return None
        latest = latest_complete_month(self.store.data_date)
        return latest if latest in months else months[0]

    def on_select(self) -> None:
        self.numbers = month_numbers(self.store, self.selection, as_of=self.as_of)

    def _share(self, hits: int, n: int, share: float) -> tuple[str, str]:
        """``("9 van 12", "75%")``; from fewer than 5 episodes only ``("n = 4", "–")``."""
        if n < MIN_COUNT:
            return f"n = {n}", VALUE_MARK
        return self.t("practice.of", hits=hits, n=n), h.fmt_share(share, self.language)

    def _month(self, month: str, short: bool = False) -> str:
        return month_label(month, language=self.language, short=short)

    # ---------------------------------------------------------------------------- sections
    @section()
    def header(self) -> None:
        """Title, month, data date and what the report holds."""
        self.show_heading(self.t("practice.heading", month=self._month(self.selection)), level=1)
        sub = self.t("practice.subtitle", date=self.format(self.as_of))
        self.show_html(h.muted_html(sub))
        self.show_note("practice.intro")

    @section("practice.section.headline")
    def headline(self) -> None:
        """Intakes, discharges, open episodes and median sessions, with last month's number."""
        now, before = self.numbers.activity.iloc[0], self.numbers.previous.iloc[0]
        prev = self._month(self.numbers.previous["month"].iloc[0])

        def sub(value: Any) -> str:
            return self.t("practice.previous", month=prev, value=value)

        median = now["median_sessions"] if now["n_sessions"] >= MIN_COUNT else np.nan
        before_median = (before["median_sessions"] if before["n_sessions"] >= MIN_COUNT
                         else np.nan)
        cards = [
            (self.t("practice.headline.intakes"), h.fmt_int(now["intakes"]),
             sub(h.fmt_int(before["intakes"]))),
            (self.t("practice.headline.discharges"), h.fmt_int(now["discharges"]),
             sub(h.fmt_int(before["discharges"]))),
            (self.t("practice.headline.open", date=self.format(self._open_day())),
             h.fmt_int(now["open_at_end"]), sub(h.fmt_int(before["open_at_end"]))),
            (self.t("practice.headline.sessions"), h.fmt_number(median, self.language, whole=True),
             self.t("practice.headline.sessions_sub", n=int(now["n_sessions"]),
                    q1=h.fmt_number(now["sessions_q1"], self.language, 0),
                    q3=h.fmt_number(now["sessions_q3"], self.language, 0))
             if not pd.isna(median) else self.t("practice.too_few", n=int(now["n_sessions"]))),
        ]
        self.show_html(h.cards_html(cards))
        self.show_note("practice.headline.note",
                       previous=h.fmt_number(before_median, self.language, whole=True))

    def _open_day(self) -> pd.Timestamp:
        end = metrics.to_month(self.selection).end_time.normalize()
        return min(end, self.as_of) if not pd.isna(self.as_of) else end

    @section("practice.section.completeness")
    def completeness(self) -> None:
        """Share of the month's intakes and discharges measured per required group."""
        table = self.numbers.completeness
        intake = table.loc[table["timepoint"] == "intake"].set_index("measure")
        discharge = table.loc[table["timepoint"] == "discharge"].set_index("measure")
        order = list(dict.fromkeys([*discharge.index, *intake.index]))
        order = [m for m in order if m != "complete"] + ["complete"]
        rows = []
        for measure in order:
            row = [self.t(f"practice.measure.{measure}")]
            for part in (intake, discharge):
                if measure in part.index:
                    r = part.loc[measure]
                    row += list(self._share(int(r["n_measured"]), int(r["n_episodes"]),
                                            r["share"]))
                else:
                    row += [self.t("practice.not_applicable"), ""]
            rows.append(row)
        n_in = int(intake["n_episodes"].iloc[0]) if len(intake) else 0
        n_out = int(discharge["n_episodes"].iloc[0]) if len(discharge) else 0
        header = [self.t("practice.col.measure"),
                  self.t("practice.col.intake", n=n_in), "%",
                  self.t("practice.col.discharge", n=n_out), "%"]
        self.show_html(h.table_html(header, rows, numeric=(2, 4)))
        self.show_note("practice.completeness.note")

    @section("practice.section.outcomes")
    def outcomes(self) -> None:
        """Median change and MCID reached per instrument; GPE improved at discharge."""
        table = self.numbers.outcomes
        shown = table.loc[table["instrument"].isin(CORE_OUTCOMES) | (table["n"] > 0)]
        rows = []
        for r in shown.itertuples(index=False):
            enough = r.n >= MIN_COUNT
            direction = self.t("practice.lower_better" if r.higher_is_worse
                               else "practice.higher_better")
            if not r.has_mcid:
                mcid, pct = self.t("practice.no_mcid"), ""
            else:
                mcid, pct = self._share(r.n_improved, r.n_classified, r.share_improved)
            rows.append([
                self._instrument(r.instrument), direction, str(r.n),
                h.fmt_number(r.median_baseline if enough else np.nan, self.language),
                h.fmt_number(r.median_latest if enough else np.nan, self.language),
                h.fmt_number(r.median_change if enough else np.nan, self.language),
                mcid, pct,
            ])
        header = [self.t(f"practice.col.{c}") for c in
                  ("instrument", "direction", "n", "baseline", "latest", "change", "mcid")] + ["%"]
        self.show_html(h.table_html(header, rows, numeric=(2, 3, 4, 5, 7)))
        gpe = self.numbers.gpe.iloc[0]
        hits, pct = self._share(int(gpe["n_improved"]), int(gpe["n"]), gpe["share_improved"])
        cards = [(self.t("practice.gpe.label"), pct, hits)]
        self.show_html(h.cards_html(cards))
        self.show_note("practice.outcomes.note")

    def _instrument(self, code: str) -> str:
        return self.t(f"practice.instrument.{code}")

    @section("practice.section.funnel")
    def funnel(self) -> None:
        """Attrition from start to a measured discharge, episodes ended in 12 months."""
        funnel = self.numbers.funnel
        first = metrics.to_month(self.selection) - 11
        self.show_note(
            "practice.funnel.cohort", start=self._month(str(first)),
            end=self._month(self.selection), n=int(funnel["n"].iloc[0]))
        if int(funnel["n"].iloc[0]) < MIN_COUNT:
            self.show_message("practice.too_few_cohort", n=int(funnel["n"].iloc[0]))
            return
        labels = {s: self.t(f"practice.stage.{s}") for s in metrics.STAGES}
        self.show_figure(plots.funnel_figure(funnel, stage_labels=labels,
                                             language=self.language))
        rows = [[labels[r.stage], str(r.n), h.fmt_share(r.share_of_start, self.language),
                 h.fmt_share(r.share_of_previous, self.language)]
                for r in funnel.itertuples(index=False)]
        header = [self.t("practice.col.stage"), self.t("practice.col.episodes"),
                  self.t("practice.col.of_start"), self.t("practice.col.of_previous")]
        self.show_html(h.table_html(header, rows, numeric=(1, 2, 3)))
        self.show_note("practice.funnel.note")

    @section("practice.section.therapists")
    def therapists(self) -> None:
        """Per-therapist table, small cells suppressed (``practice.therapists``)."""
        table = self.numbers.therapists
        rows = []
        for r in table.itertuples(index=False):
            name = self.t("practice.total") if r.therapist == metrics.TOTAL else r.therapist
            rows.append([
                name, h.fmt_int(r.open_at_end), h.fmt_int(r.intakes), h.fmt_int(r.discharges),
                h.fmt_int(r.discharges_12m),
                h.fmt_number(r.median_sessions_12m, self.language, whole=True),
                h.fmt_share(r.intake_core_share_12m, self.language), h.fmt_int(r.intake_core_n_12m),
                h.fmt_share(r.nprs_mcid_share_12m, self.language), h.fmt_int(r.nprs_mcid_n_12m),
                h.fmt_share(r.gpe_improved_share_12m, self.language), h.fmt_int(r.gpe_n_12m),
            ])
        header = [self.t(f"practice.therapists.{c}") for c in
                  ("therapist", "open", "intakes", "discharges", "discharges", "sessions",
                   "intake_core", "n", "nprs_mcid", "n", "gpe", "n")]
        first = self._month(str(metrics.to_month(self.selection) - 11), short=True)
        groups = [("", 1), (self._month(self.selection), 3),
                  (self.t("practice.therapists.window", start=first,
                          end=self._month(self.selection, short=True)), 8)]
        self.show_html(h.table_html(header, rows, numeric=range(1, 12), total_last=True,
                                  groups=groups))
        self.show_note("practice.therapists.note", small=COUNT_MARK, hidden=HIDDEN_MARK,
                       value=VALUE_MARK)

    @section("practice.section.trends")
    def trends(self) -> None:
        """12-month trends: activity, completeness and outcome shares, sessions."""
        n = self.numbers
        months = [self._month(m, short=True) for m in n.activity_trend["month"]]
        labels = {c: self.t(f"practice.trend.{c}") for c in
                  ("intakes", "discharges", "open_at_end")}
        self.show_figure(plots.activity_trend_figure(
            n.activity_trend, labels=labels, months=months,
            title=self.t("practice.trend.activity"), y_title=self.t("practice.axis.episodes"),
            language=self.language))
        hover = self.t("practice.of", hits="{hits}", n="{n}")
        completeness = [
            ("intake_share", "intake_measured", "intake_n", self.t("practice.trend.intake")),
            ("discharge_share", "discharge_measured", "discharge_n",
             self.t("practice.trend.discharge")),
        ]
        self.show_figure(plots.share_trend_figure(
            n.completeness_trend, series=completeness, months=months, hover=hover,
            title=self.t("practice.trend.completeness"), y_title=self.t("practice.axis.share"),
            language=self.language))
        outcomes = [
            ("mcid_share", "mcid_improved", "mcid_n", self.t("practice.trend.mcid")),
            ("gpe_share", "gpe_improved", "gpe_n", self.t("practice.trend.gpe")),
        ]
        self.show_figure(plots.share_trend_figure(
            n.outcome_trend, series=outcomes, months=months, hover=hover, first_color=2,
            title=self.t("practice.trend.outcomes"), y_title=self.t("practice.axis.share"),
            language=self.language))
        self.show_figure(plots.sessions_trend_figure(
            n.activity_trend, months=months, label=self.t("practice.trend.sessions"),
            band_label=self.t("practice.trend.iqr"), title=self.t("practice.trend.sessions"),
            y_title=self.t("practice.axis.sessions"), language=self.language))
        self.show_note("practice.trend.note")

    def provenance_params(self) -> dict[str, Any]:
        """The monthly report's parameters: the store (a report's only: a dashboard shows no
        server path), the month and the language."""
        params = {"month": self.selection, "language": self.language}
        return params if self.dashboard else {"store": str(self.store.path), **params}


def open_page(*, store: str = "", month: str = "", language: str = "nl") -> PracticePage:
    """Open the monthly report for ``month`` (``YYYY-MM``), or the dashboard's picker."""
    return PracticePage.open_page(store=store, language=language, month=month)
