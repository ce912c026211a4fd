"""The research page (``notebooks/research_exploration.ipynb``): a pseudonymised cohort.

The page reads the practice's key file (``key_file`` parameter, else ``$BEYOU_KEY_FILE``; a
missing or unusable key is a one-line ``KeyFileError`` in a report), builds the de-identified
cohort (``research.cohort``) and shows only aggregates: the cohort described (each patient
once, small cells suppressed, therapists only counted), binned baseline distributions, change
in TSK/PCS/PSEQ against change in pain and function (one point per episode, no pseudonym), the
exploratory mixed model of weekly pain, and where the de-identified export and its codebook
went. It never shows a patient number, a real date or a cell under 5 patients.

In a dashboard (``beyou serve --key-file``) the key comes from ``$BEYOU_KEY_FILE`` only; without
it the page says that the research dashboard needs the key and shows nothing else. The
dashboard never writes an export.

Examples
--------
>>> page = ResearchPage(None, language="en")
>>> page.t("research.section.model")
'Weekly pain over time (exploratory model)'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from beyou_analytics.plots import research as plots
from beyou_analytics.practice.suppression import COUNT_MARK, HIDDEN_MARK, MIN_COUNT, VALUE_MARK
from beyou_analytics.research import cohort as cohorts
from beyou_analytics.research import export as exports
from beyou_analytics.research import models, summary
from beyou_analytics.research.pseudonym import KEY_ENV, read_key
from beyou_analytics.views import html as h
from beyou_analytics.views.page import Page, section
from beyou_analytics.views.research.strings import STRINGS

INSTRUMENT_TITLES = {"NPRS": "NPRS", "QBPDS": "QBPDS", "TSK17": "TSK-17", "PCS": "PCS",
                     "PSEQ": "PSEQ"}


def _optional_int(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return int(value)


class ResearchPage(Page):
    """The pseudonymised research page (see the module docstring)."""

    name = "research"
    strings = STRINGS

    dataset: cohorts.Cohort | None = None
    no_key: bool = False

    def prepare(self) -> None:
        """Read the key, build the cohort and its summaries, fit the models, export."""
        key_file = (os.environ.get(KEY_ENV, "") if self.dashboard
                    else str(self.params.get("key_file") or ""))
        if self.dashboard and not key_file:
            self.no_key = True
            return
        key = read_key(key_file or None)
        filters = cohorts.CohortFilter(
            start_from=str(self.params.get("start_from") or ""),
            start_to=str(self.params.get("start_to") or ""),
            therapist=str(self.params.get("therapist") or ""),
            min_age=_optional_int(self.params.get("min_age")),
            max_age=_optional_int(self.params.get("max_age")),
        )
        store = self.store
        self.dataset = cohorts.build_cohort(store.episodes, store.scores, store.outcomes,
                                           store.checkins, key=key, filters=filters)
        self.pairs = summary.change_pairs(self.dataset.outcomes)
        self.model_data = models.model_frame(self.dataset.weekly)
        self.simple = models.weekly_pain_model(self.dataset.weekly)
        self.adjusted = models.weekly_pain_model(
            self.dataset.weekly, covariates=models.baseline_covariates(self.dataset.outcomes))
        self.exported: exports.ExportResult | None = None
        export_dir = str(self.params.get("export_dir") or "")
        if export_dir and not self.dashboard:
            self.exported = exports.export_cohort(self.dataset, export_dir,
                                                  store_path=store.path)

    def _ready(self) -> bool:
        """Say why nothing can be shown (no key, empty or tiny cohort); True when ready."""
        if self.no_key or self.dataset is None:
            self.show_message("research.no_key", kind="warning")
            return False
        if self.dataset.n_patients == 0:
            self.show_message("research.empty")
            return False
        if self.dataset.n_patients < MIN_COUNT:
            self.show_message("research.too_few")
            return False
        return True

    def _count(self, n: int) -> str:
        return str(n) if n >= MIN_COUNT else COUNT_MARK

    # ---------------------------------------------------------------------------- sections
    @section()
    def header(self) -> None:
        """Title, the privacy measures, the filters and the cohort's size."""
        self.show_heading(self.t("research.heading"), level=1)
        # No data date here: the page shows no real date at all (the footer has the snapshot).
        self.show_html(h.muted_html(self.t("research.subtitle")))
        self.show_html(h.note_html(self.t("research.intro")))
        if self.no_key or self.dataset is None:
            self.show_message("research.no_key", kind="warning")
            return
        described = self.dataset.filters.describe()
        text = ", ".join(f"{k} = {v}" for k, v in described.items()) or self.t(
            "research.filters.none")
        self.show_html(h.note_html(self.t("research.filters", filters=text)))
        weeks = len(self.dataset.weekly)
        self.show_html(h.cards_html([
            (self.t("research.card.patients"), self._count(self.dataset.n_patients), ""),
            (self.t("research.card.episodes"), self._count(len(self.dataset.episodes)), ""),
            (self.t("research.card.weeks"), self._count(weeks), ""),
        ]))

    @section("research.section.cohort")
    def cohort(self) -> None:
        """Patients per category of sex, age band, referral and end reason; therapists counted."""
        if not self._ready():
            return
        # The exported table leaves some rare values out (missing): counted there they would
        # look unregistered instead of pooled.
        described = (self.dataset.characteristics if not self.dataset.characteristics.empty
                     else self.dataset.episodes)
        table = summary.describe_cohort(described)
        rows, previous = [], None
        for r in table.itertuples(index=False):
            variable = self.t(f"research.variable.{r.variable}") if r.variable != previous else ""
            previous = r.variable
            category = (self.t(f"research.category.{r.category}")
                        if f"research.category.{r.category}" in STRINGS["nl"] else r.category)
            rows.append([variable, category, h.fmt_int(r.patients), h.fmt_share(r.share,
                                                                            self.language)])
        header = [self.t(f"research.col.{c}") for c in ("variable", "category", "patients",
                                                         "share")]
        self.show_html(h.table_html(header, rows, numeric=(2, 3)))
        self.show_html(h.note_html(self.t("research.cohort.note", small=COUNT_MARK,
                                        hidden=HIDDEN_MARK, value=VALUE_MARK)))
        caseload = summary.therapist_caseload(described)
        if caseload["therapists"]:
            self.show_html(h.note_html(self.t(
                "research.cohort.therapists", n=caseload["therapists"],
                median=h.fmt_number(caseload["median"], self.language, whole=True))))

    @section("research.section.distributions")
    def distributions(self) -> None:
        """Binned baseline scores of NPRS, QBPDS, TSK-17, PCS and PSEQ, small bins hidden."""
        if not self._ready():
            return
        bins = {code: summary.binned_baseline(self.dataset.outcomes, code)
                for code in summary.BASELINE_INSTRUMENTS}
        shown = {code: frame for code, frame in bins.items()
                 if frame.attrs["n_total"] >= MIN_COUNT}
        if shown:
            self.show_figure(plots.baseline_figure(
                shown, titles={c: f"{INSTRUMENT_TITLES[c]} (n = {shown[c].attrs['n_total']})"
                               for c in shown},
                y_title=self.t("research.patients_axis"), language=self.language))
        values = summary.baselines(self.dataset.outcomes)
        rows = []
        for code in summary.BASELINE_INSTRUMENTS:
            v = values.loc[values["instrument"] == code, "baseline"].to_numpy(dtype=float)
            enough = len(v) >= MIN_COUNT
            q1, med, q3 = np.quantile(v, [0.25, 0.5, 0.75]) if enough else (np.nan,) * 3
            rows.append([INSTRUMENT_TITLES[code], self._count(len(v)),
                         h.fmt_number(med, self.language),
                         f"{h.fmt_number(q1, self.language)}–{h.fmt_number(q3, self.language)}"
                         if enough else VALUE_MARK])
        header = [self.t(f"research.col.{c}") for c in ("instrument", "n", "median", "iqr")]
        self.show_html(h.table_html(header, rows, numeric=(1, 2, 3)))
        self.show_html(h.note_html(self.t("research.distributions.note", small=COUNT_MARK)))

    @section("research.section.change")
    def change(self) -> None:
        """Change in TSK-17/PCS/PSEQ against change in pain and function, with Spearman's rho."""
        if not self._ready():
            return
        pairs = summary.shown_pairs(self.pairs)
        correlations = summary.pair_correlations(pairs)
        measures = [m for m in summary.PSYCHOLOGICAL if (pairs["measure"] == m).any()]
        if not measures:
            self.show_message("research.too_few")
            return
        outcome_titles = {o: self.t(f"research.outcome.{o}") for o in ("pain", "function")}
        self.show_figure(plots.change_scatter_figure(
            pairs, correlations, measures=measures,
            measure_titles={m: INSTRUMENT_TITLES[m] for m in measures},
            outcome_titles=outcome_titles, rho_text=self.t("research.rho"),
            language=self.language))
        rows = [[INSTRUMENT_TITLES[r.measure], outcome_titles[r.outcome], str(r.n),
                 h.fmt_number(r.rho, self.language, 2), self._p(r.p_value)]
                for r in correlations.itertuples(index=False)]
        header = [self.t(f"research.col.{c}") for c in ("measure", "outcome", "n", "rho", "p")]
        self.show_html(h.table_html(header, rows, numeric=(2, 3, 4)))
        self.show_html(h.note_html(self.t("research.change.note")))

    def _p(self, p: float) -> str:
        if pd.isna(p):
            return VALUE_MARK
        return "< 0,001" if p < 0.001 and self.language == "nl" else (
            "< 0.001" if p < 0.001 else h.fmt_number(p, self.language, 3))

    @section("research.section.model")
    def model(self) -> None:
        """Both models' coefficients with 95 % CI, the sample, and observed vs fitted pain."""
        if not self._ready():
            return
        self.show_message("research.model.exploratory", kind="warning")
        for title, result in (("research.model.simple", self.simple),
                              ("research.model.covariates", self.adjusted)):
            self.show_heading(self.t(title), level=3)
            if result.coefficients.empty:
                self.show_message("research.model.not_fitted")
                continue
            rows = [[self.t(f"research.term.{r.term}"), h.fmt_number(r.estimate, self.language, 2),
                     f"{h.fmt_number(r.ci_low, self.language, 2)} – "
                     f"{h.fmt_number(r.ci_high, self.language, 2)}", self._p(r.p_value)]
                    for r in result.coefficients.itertuples(index=False)]
            header = [self.t(f"research.col.{c}") for c in ("term", "estimate", "ci", "p")]
            self.show_html(h.table_html(header, rows, numeric=(1, 2, 3)))
            facts = self.t("research.model.facts", patients=self._count(result.n_patients),
                           episodes=self._count(result.n_episodes),
                           obs=self._count(result.n_observations),
                           structure=self.t(f"research.model.{result.structure}"),
                           converged=self.t("research.model.converged" if result.converged
                                            else "research.model.not_converged"))
            self.show_html(h.note_html(" ".join([facts, *result.notes])))
        if not self.simple.coefficients.empty:
            observed = models.weekly_means(self.model_data)
            predicted = self.simple.predicted(range(0, int(observed["week"].max()) + 1)
                                              if len(observed) else range(0, 1))
            labels = {k: self.t(f"research.model.{k}") for k in ("observed", "predicted", "x",
                                                                 "y")}
            self.show_figure(plots.pain_model_figure(observed, predicted, labels=labels,
                                                     language=self.language))
            if len(observed):
                first, last = observed.iloc[0], observed.iloc[-1]
                self.show_html(h.note_html(self.t(
                    "research.model.figure_note", first=self._count(int(first["n"])),
                    week=int(last["week"]), last=self._count(int(last["n"])))))

    @section("research.section.export")
    def export(self) -> None:
        """Where the de-identified export went, its files and its codebook."""
        if not self._ready():
            return
        if self.dashboard:
            self.show_message("research.export.dashboard")
            return
        if self.exported is None:
            self.show_message("research.export.none")
            return
        self.show_html(h.note_html(self.t("research.export.where", path=str(self.exported.path))))
        rows = [[f, str(self.exported.rows.get(Path(f).stem, ""))] for f in self.exported.files]
        self.show_html(h.table_html([self.t("research.col.file"), self.t("research.col.rows")],
                                  rows, numeric=(1,)))
        self.show_heading(self.t("research.codebook"), level=3)
        book = exports.codebook_frame(self.dataset)
        tables = book.groupby("column", sort=False)["table"].agg(", ".join)
        book = book.drop_duplicates("column").assign(table=lambda f: f["column"].map(tables))
        self.show_html(h.table_html(
            [self.t(f"research.col.{c}") for c in ("column", "table", "type", "description")],
            book[["column", "table", "type", "description"]].values.tolist()))

    def provenance_params(self) -> dict[str, Any]:
        """The cohort's parameters (the key file only in a report, never in a dashboard)."""
        shown = {k: self.params.get(k) for k in ("start_from", "start_to", "therapist",
                                                 "min_age", "max_age", "export_dir")}
        params = {**shown, "language": self.language}
        if not self.dashboard:  # server paths only in a report
            params = {"store": str(self.store.path), **params,
                      "key_file": str(self.params.get("key_file") or "")}
        return params


def open_page(
    *,
    store: str = "",
    key_file: str = "",
    start_from: str = "",
    start_to: str = "",
    therapist: str = "",
    min_age: int | None = None,
    max_age: int | None = None,
    export_dir: str = "",
    language: str = "nl",
) -> ResearchPage:
    """Open the research page for the notebook's parameters (see the module docstring)."""
    return ResearchPage.open_page(
        store=store, language=language, key_file=key_file, start_from=start_from,
        start_to=start_to, therapist=therapist, min_age=min_age, max_age=max_age,
        export_dir=export_dir,
    )
