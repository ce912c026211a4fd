"""The research page (``notebooks/research_exploration.ipynb``): a pseudonymised cohort.

The page reads the practice's key file (``key_file`` parameter, else ``$BEYOU_KEY_FILE``; a
missing or unusable key is a one-line ``KeyFileError`` in a report), builds the de-identified
cohort (``research.cohort``) and shows only aggregates: the cohort described with small cells
suppressed, binned baseline distributions, change in TSK/PCS/PSEQ against change in pain and
function (one point per episode, no pseudonym), the exploratory mixed model of weekly pain, and
where the de-identified export and its codebook went. It never shows a patient number, a real
date or a cell under 5 patients.

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

import html
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from beyou_analytics.plots import research as plots
from beyou_analytics.practice.suppression import COUNT_MARK, HIDDEN_MARK, MIN_COUNT, VALUE_MARK
from beyou_analytics.research import cohort as cohorts
from beyou_analytics.research import export as exports
from beyou_analytics.research import models, summary
from beyou_analytics.research.pseudonym import KEY_ENV, read_key
from beyou_analytics.views.page import Page, section
from beyou_analytics.views.practice import (
    EXTRA_CSS,
    cards_html,
    fmt_int,
    fmt_num,
    fmt_share,
    note_html,
    table_html,
)

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "research.heading": "Onderzoeksverkenning (gepseudonimiseerd)",
        "research.subtitle": "Fysiotherapie BeYou · alleen voor onderzoek met de sleutel",
        "research.intro": (
            "Patiëntnummers zijn vervangen door sleutel-pseudoniemen (HMAC-SHA256 met de sleutel "
            "van de praktijk), data zijn per patiënt verschoven, leeftijden staan in klassen van "
            "5 jaar en elke cel met minder dan 5 patiënten is verborgen. Verkennend onderzoek: "
            "geen effecten van behandeling."
        ),
        "research.filters": "Cohort: {filters}.",
        "research.filters.none": "alle behandelingen",
        "research.no_key": (
            "Het onderzoeksdashboard is alleen beschikbaar met de pseudonimiseringssleutel van "
            "de praktijk (beyou serve --key-file)."
        ),
        "research.empty": "Het cohort is leeg: geen behandelingen voldoen aan de filters.",
        "research.too_few": "Te weinig patiënten (minder dan 5) om iets te tonen.",
        "research.section.cohort": "Het cohort",
        "research.section.distributions": "Scores bij intake",
        "research.section.change": "Verandering in bewegingsangst, catastroferen en vertrouwen",
        "research.section.model": "Pijn per week in de tijd (verkennend model)",
        "research.section.export": "De-geïdentificeerde export",
        "research.card.patients": "Patiënten",
        "research.card.episodes": "Behandelingen",
        "research.card.weeks": "Weken met check-ins",
        "research.col.variable": "Kenmerk",
        "research.col.category": "Categorie",
        "research.col.patients": "Patiënten",
        "research.col.share": "%",
        "research.variable.sex": "Geslacht",
        "research.variable.age_band": "Leeftijd bij start",
        "research.variable.referral": "Verwijzing",
        "research.variable.end_reason": "Reden einde",
        "research.variable.therapist_code": "Therapeut (code)",
        "research.category.total": "totaal",
        "research.category.unknown": "onbekend",
        "research.category.other": "overig",
        "research.category.ongoing": "loopt nog",
        "research.category.F": "vrouw",
        "research.category.M": "man",
        "research.category.X": "anders / niet vermeld",
        "research.category.gp": "huisarts",
        "research.category.specialist": "specialist",
        "research.category.direct_access": "directe toegang",
        "research.category.goal_reached": "doel bereikt",
        "research.category.own_initiative": "eigen initiatief",
        "research.category.referred": "doorverwezen",
        "research.category.no_show": "niet verschenen",
        "research.category.moved": "verhuisd",
        "research.cohort.note": (
            "Een patiënt met behandelingen in twee categorieën telt in beide; 'overig' bevat ook "
            "samengevoegde zeldzame categorieën. {small} = minder dan 5 patiënten; {hidden} = "
            "verborgen zodat een kleine cel niet uit het totaal te herleiden is; {value} = niet "
            "getoond."
        ),
        "research.col.instrument": "Meetinstrument",
        "research.col.n": "n",
        "research.col.median": "Mediaan",
        "research.col.iqr": "Middelste helft",
        "research.patients_axis": "Behandelingen",
        "research.distributions.note": (
            "Scores bij intake (eerste meting van de behandeling). Balkjes met minder dan 5 "
            "behandelingen zijn leeg en gemarkeerd met {small}."
        ),
        "research.outcome.pain": "Pijn (NPRS, punten)",
        "research.outcome.function": "Beperkingen (% verandering)",
        "research.rho": "rho {rho} (n = {n})",
        "research.col.measure": "Verandering in",
        "research.col.outcome": "tegen verandering in",
        "research.col.rho": "Spearman rho",
        "research.col.p": "p",
        "research.change.note": (
            "Eén punt per behandeling met beide veranderingen (laatste min eerste meting). "
            "Pijn in NPRS-punten; beperkingen in % van de intakewaarde van QBPDS, anders ODI, "
            "anders RMDQ. Negatief is beter, behalve bij PSEQ (vertrouwen: positief is beter). "
            "Panelen met minder dan 5 behandelingen worden niet getoond."
        ),
        "research.model.exploratory": (
            "Verkennend: patiënten stoppen met inchecken als het beter of slechter gaat, dus de "
            "helling beschrijft het verloop in deze gegevens en is geen effect van behandeling."
        ),
        "research.col.term": "Term",
        "research.col.estimate": "Schatting",
        "research.col.ci": "95%-BI",
        "research.term.Intercept": "Pijn in week 0 (gemiddelde patiënt)",
        "research.term.week": "Verandering per week",
        "research.term.TSK17": "per punt TSK-17 bij intake",
        "research.term.PCS": "per punt PCS bij intake",
        "research.term.PSEQ": "per punt PSEQ bij intake",
        "research.model.simple": "Model 1: weken sinds de start",
        "research.model.covariates": "Model 2: plus TSK-17, PCS en PSEQ bij intake (gecentreerd)",
        "research.model.facts": (
            "{patients} patiënten, {episodes} behandelingen, {obs} weekgemiddelden; "
            "{structure}; {converged}."
        ),
        "research.model.converged": "geconvergeerd",
        "research.model.not_converged": "niet zuiver geconvergeerd",
        "research.model.random intercept and slope": (
            "willekeurige intercept en helling per behandeling"
        ),
        "research.model.random intercept": "willekeurige intercept per behandeling",
        "research.model.not_fitted": "Niet geschat: minder dan 5 behandelingen.",
        "research.model.observed": "Gemiddelde pijn (weken met ≥ 5 behandelingen)",
        "research.model.predicted": "Model 1",
        "research.model.x": "Weken sinds de start",
        "research.model.y": "Pijn nu (0–10)",
        "research.export.where": "Export geschreven naar {path}",
        "research.export.none": (
            "Geen export geschreven: geef de parameter export_dir op om de de-geïdentificeerde "
            "gegevens en het codeboek te schrijven."
        ),
        "research.export.dashboard": "Het dashboard schrijft geen export; gebruik het rapport.",
        "research.col.file": "Bestand",
        "research.col.rows": "Rijen",
        "research.col.table": "In tabel(len)",
        "research.col.column": "Kolom",
        "research.col.type": "Type",
        "research.col.description": "Betekenis (Engels, zoals in codebook.md)",
        "research.codebook": "Codeboek",
    },
    "en": {
        "research.heading": "Research exploration (pseudonymised)",
        "research.subtitle": "Fysiotherapie BeYou · for research with the key only",
        "research.intro": (
            "Patient numbers are replaced by keyed pseudonyms (HMAC-SHA256 with the practice's "
            "key), dates are shifted per patient, ages are in 5-year bands and every cell with "
            "fewer than 5 patients is hidden. Exploratory research: no treatment effects."
        ),
        "research.filters": "Cohort: {filters}.",
        "research.filters.none": "all episodes",
        "research.no_key": (
            "The research dashboard is only available with the practice's pseudonymisation key "
            "(beyou serve --key-file)."
        ),
        "research.empty": "The cohort is empty: no episodes pass the filters.",
        "research.too_few": "Too few patients (fewer than 5) to show anything.",
        "research.section.cohort": "The cohort",
        "research.section.distributions": "Scores at intake",
        "research.section.change": "Change in fear of movement, catastrophising and confidence",
        "research.section.model": "Weekly pain over time (exploratory model)",
        "research.section.export": "De-identified export",
        "research.card.patients": "Patients",
        "research.card.episodes": "Episodes",
        "research.card.weeks": "Weeks with check-ins",
        "research.col.variable": "Characteristic",
        "research.col.category": "Category",
        "research.col.patients": "Patients",
        "research.col.share": "%",
        "research.variable.sex": "Sex",
        "research.variable.age_band": "Age at start",
        "research.variable.referral": "Referral",
        "research.variable.end_reason": "End reason",
        "research.variable.therapist_code": "Therapist (code)",
        "research.category.total": "total",
        "research.category.unknown": "unknown",
        "research.category.other": "other",
        "research.category.ongoing": "ongoing",
        "research.category.F": "female",
        "research.category.M": "male",
        "research.category.X": "other / not stated",
        "research.category.gp": "GP",
        "research.category.specialist": "specialist",
        "research.category.direct_access": "direct access",
        "research.category.goal_reached": "goal reached",
        "research.category.own_initiative": "own initiative",
        "research.category.referred": "referred",
        "research.category.no_show": "did not attend",
        "research.category.moved": "moved",
        "research.cohort.note": (
            "A patient with episodes in two categories counts in both; 'other' also holds rare "
            "categories pooled together. {small} = fewer than 5 patients; {hidden} = hidden so "
            "that a small cell cannot be worked out from the total; {value} = not shown."
        ),
        "research.col.instrument": "Instrument",
        "research.col.n": "n",
        "research.col.median": "Median",
        "research.col.iqr": "Middle half",
        "research.patients_axis": "Episodes",
        "research.distributions.note": (
            "Scores at intake (the episode's first measurement). Bins with fewer than 5 "
            "episodes are left empty and marked {small}."
        ),
        "research.outcome.pain": "Pain (NPRS, points)",
        "research.outcome.function": "Disability (% change)",
        "research.rho": "rho {rho} (n = {n})",
        "research.col.measure": "Change in",
        "research.col.outcome": "against change in",
        "research.col.rho": "Spearman rho",
        "research.col.p": "p",
        "research.change.note": (
            "One point per episode with both changes (latest minus first measurement). Pain in "
            "NPRS points; disability in % of the intake value of QBPDS, else ODI, else RMDQ. "
            "Negative is better, except for PSEQ (confidence: positive is better). Panels with "
            "fewer than 5 episodes are not shown."
        ),
        "research.model.exploratory": (
            "Exploratory: patients stop checking in when they feel better or worse, so the slope "
            "describes the course in this data and is not an effect of treatment."
        ),
        "research.col.term": "Term",
        "research.col.estimate": "Estimate",
        "research.col.ci": "95% CI",
        "research.term.Intercept": "Pain in week 0 (average patient)",
        "research.term.week": "Change per week",
        "research.term.TSK17": "per point of TSK-17 at intake",
        "research.term.PCS": "per point of PCS at intake",
        "research.term.PSEQ": "per point of PSEQ at intake",
        "research.model.simple": "Model 1: weeks since the start",
        "research.model.covariates": "Model 2: plus TSK-17, PCS and PSEQ at intake (centred)",
        "research.model.facts": (
            "{patients} patients, {episodes} episodes, {obs} weekly means; {structure}; "
            "{converged}."
        ),
        "research.model.converged": "converged",
        "research.model.not_converged": "did not converge cleanly",
        "research.model.random intercept and slope": (
            "random intercept and slope per episode"
        ),
        "research.model.random intercept": "random intercept per episode",
        "research.model.not_fitted": "Not fitted: fewer than 5 episodes.",
        "research.model.observed": "Mean pain (weeks with ≥ 5 episodes)",
        "research.model.predicted": "Model 1",
        "research.model.x": "Weeks since the start",
        "research.model.y": "Current pain (0–10)",
        "research.export.where": "Export written to {path}",
        "research.export.none": (
            "No export written: set the export_dir parameter to write the de-identified data "
            "and its codebook."
        ),
        "research.export.dashboard": "The dashboard writes no export; use the report.",
        "research.col.file": "File",
        "research.col.rows": "Rows",
        "research.col.table": "In table(s)",
        "research.col.column": "Column",
        "research.col.type": "Type",
        "research.col.description": "Meaning (as in codebook.md)",
        "research.codebook": "Codebook",
    },
}
"""The page's own strings (``Page.t`` looks here first, then in ``views.strings``)."""

INSTRUMENT_TITLES = {"NPRS": "NPRS", "QBPDS": "QBPDS", "TSK17": "TSK-17", "PCS": "PCS",
                     "PSEQ": "PSEQ"}


def _optional_int(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return int(value)


class ResearchPage(Page):
    """The pseudonymised research page (see the module docstring)."""

    name = "research"
    strings: ClassVar[Mapping[str, Mapping[str, str]]] = STRINGS

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
        self.show_html(EXTRA_CSS)
        self.show_heading(self.t("research.heading"), level=1)
        # No data date here: the page shows no real date at all (the footer has the snapshot).
        self.show_html(f'<p class="beyou-muted">{html.escape(self.t("research.subtitle"))}</p>')
        self.show_html(note_html(self.t("research.intro")))
        if self.no_key or self.dataset is None:
            self.show_message("research.no_key", kind="warning")
            return
        described = self.dataset.filters.describe()
        text = ", ".join(f"{k} = {v}" for k, v in described.items()) or self.t(
            "research.filters.none")
        self.show_html(note_html(self.t("research.filters", filters=text)))
        weeks = len(self.dataset.weekly)
        self.show_html(cards_html([
            (self.t("research.card.patients"), self._count(self.dataset.n_patients), ""),
            (self.t("research.card.episodes"), self._count(len(self.dataset.episodes)), ""),
            (self.t("research.card.weeks"), self._count(weeks), ""),
        ]))

    @section("research.section.cohort")
    def cohort(self) -> None:
        """Patients per category of sex, age band, referral, end reason and therapist code."""
        if not self._ready():
            return
        table = summary.describe_cohort(self.dataset.episodes)
        rows, previous = [], None
        for r in table.itertuples(index=False):
            variable = self.t(f"research.variable.{r.variable}") if r.variable != previous else ""
            previous = r.variable
            category = (self.t(f"research.category.{r.category}")
                        if f"research.category.{r.category}" in STRINGS["nl"] else r.category)
            rows.append([variable, category, fmt_int(r.patients), fmt_share(r.share,
                                                                            self.language)])
        header = [self.t(f"research.col.{c}") for c in ("variable", "category", "patients",
                                                         "share")]
        self.show_html(table_html(header, rows, numeric=(2, 3)))
        self.show_html(note_html(self.t("research.cohort.note", small=COUNT_MARK,
                                        hidden=HIDDEN_MARK, value=VALUE_MARK)))

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
                         fmt_num(med, self.language),
                         f"{fmt_num(q1, self.language)}–{fmt_num(q3, self.language)}"
                         if enough else VALUE_MARK])
        header = [self.t(f"research.col.{c}") for c in ("instrument", "n", "median", "iqr")]
        self.show_html(table_html(header, rows, numeric=(1, 2, 3)))
        self.show_html(note_html(self.t("research.distributions.note", small=COUNT_MARK)))

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
                 fmt_num(r.rho, self.language, 2), self._p(r.p_value)]
                for r in correlations.itertuples(index=False)]
        header = [self.t(f"research.col.{c}") for c in ("measure", "outcome", "n", "rho", "p")]
        self.show_html(table_html(header, rows, numeric=(2, 3, 4)))
        self.show_html(note_html(self.t("research.change.note")))

    def _p(self, p: float) -> str:
        if pd.isna(p):
            return VALUE_MARK
        return "< 0,001" if p < 0.001 and self.language == "nl" else (
            "< 0.001" if p < 0.001 else fmt_num(p, self.language, 3))

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
            rows = [[self.t(f"research.term.{r.term}"), fmt_num(r.estimate, self.language, 2),
                     f"{fmt_num(r.ci_low, self.language, 2)} – "
                     f"{fmt_num(r.ci_high, self.language, 2)}", self._p(r.p_value)]
                    for r in result.coefficients.itertuples(index=False)]
            header = [self.t(f"research.col.{c}") for c in ("term", "estimate", "ci", "p")]
            self.show_html(table_html(header, rows, numeric=(1, 2, 3)))
            facts = self.t("research.model.facts", patients=self._count(result.n_patients),
                           episodes=self._count(result.n_episodes),
                           obs=self._count(result.n_observations),
                           structure=self.t(f"research.model.{result.structure}"),
                           converged=self.t("research.model.converged" if result.converged
                                            else "research.model.not_converged"))
            self.show_html(note_html(" ".join([facts, *result.notes])))
        if not self.simple.coefficients.empty:
            observed = models.weekly_means(self.model_data)
            predicted = self.simple.predicted(range(0, int(observed["week"].max()) + 1)
                                              if len(observed) else range(0, 1))
            labels = {k: self.t(f"research.model.{k}") for k in ("observed", "predicted", "x",
                                                                 "y")}
            self.show_figure(plots.pain_model_figure(observed, predicted, labels=labels,
                                                     language=self.language))

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
        self.show_html(note_html(self.t("research.export.where", path=str(self.exported.path))))
        rows = [[f, str(self.exported.rows.get(Path(f).stem, ""))] for f in self.exported.files]
        self.show_html(table_html([self.t("research.col.file"), self.t("research.col.rows")],
                                  rows, numeric=(1,)))
        self.show_heading(self.t("research.codebook"), level=3)
        book = exports.codebook_frame(self.dataset)
        tables = book.groupby("column", sort=False)["table"].agg(", ".join)
        book = book.drop_duplicates("column").assign(table=lambda f: f["column"].map(tables))
        self.show_html(table_html(
            [self.t(f"research.col.{c}") for c in ("column", "table", "type", "description")],
            book[["column", "table", "type", "description"]].values.tolist()))

    @section()
    def footer(self) -> None:
        """Provenance: parameters, store snapshot hash, package version, when it ran."""
        from beyou_analytics.reports.provenance import provenance, render_footer

        if self.store is None:
            return
        shown = {k: self.params.get(k) for k in ("start_from", "start_to", "therapist",
                                                 "min_age", "max_age", "export_dir")}
        params = {"store": str(self.store.path), **shown, "language": self.language}
        if not self.dashboard:
            params["key_file"] = str(self.params.get("key_file") or "")
        self.show_html(render_footer(provenance(params, self.store.path), self.language))


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
