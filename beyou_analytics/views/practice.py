"""The monthly practice report and dashboard (``notebooks/monthly_report.ipynb``).

What the practice manager receives on the 1st: a headline row (intakes, discharges, open
episodes, median sessions, each with last month's number), measurement completeness against the
protocol, outcomes of the month's discharges, the attrition funnel of the last 12 months, a
per-therapist table with small cells suppressed, and 12-month trends. Every number comes from
``beyou_analytics.practice`` (definitions in its docstrings) and every share is shown with its
n, so it can be checked by hand. In a dashboard a picker offers the months the store covers
(``?month=YYYY-MM``); the default is the last complete month.

Examples
--------
>>> page = PracticePage(None, language="en")
>>> page.t("practice.headline.intakes"), fmt_share(0.6364, "nl"), fmt_share(0.5, "en")
('Intakes', '64%', '50%')
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from beyou_analytics import practice as metrics
from beyou_analytics.plots import practice as plots
from beyou_analytics.practice.periods import latest_complete_month, month_label, store_months
from beyou_analytics.practice.suppression import COUNT_MARK, HIDDEN_MARK, MIN_COUNT, VALUE_MARK
from beyou_analytics.views import html as h
from beyou_analytics.views.page import Page, Selector, section

EXTRA_CSS = """
<style>
.beyou-cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 16px; }
.beyou-card { flex: 1 1 180px; max-width: 340px; border: 1px solid #d9e2ec; border-radius: 6px;
  padding: 10px 14px; background: #fbfcfd; }
.beyou-card .label { font-size: 13px; color: #52606d; }
.beyou-card .value { font-size: 30px; font-weight: 650; line-height: 1.2; color: #0b6e99;
  font-variant-numeric: tabular-nums; }
.beyou-card .sub { font-size: 12px; color: #6b7280; }
.beyou-table.beyou-table th, .beyou-table.beyou-table td { text-align: left; }
.beyou-table.beyou-table td.num, .beyou-table.beyou-table th.num { text-align: right;
  font-variant-numeric: tabular-nums; }
.beyou-table.beyou-table th.group { text-align: center; }
.beyou-table tr.total td { font-weight: 600; border-top: 2px solid #9aa5b1; }
.beyou-table td:first-child { white-space: nowrap; }
.beyou-table th.group { border-bottom: 1px solid #9aa5b1; }
.beyou-note { font-size: 12.5px; color: #52606d; margin: 2px 0 12px; max-width: 60em; }
</style>
"""

CORE_OUTCOMES = ("NPRS", "PSK", "QBPDS")

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "practice.heading": "Maandrapport {month}",
        "practice.subtitle": "Fysiotherapie BeYou · gegevens tot en met {date}",
        "practice.intro": (
            "Kerncijfers van de maand, de volledigheid van de metingen volgens het meetprotocol, "
            "de uitkomsten van de afgesloten behandelingen, de uitval in de loop van een "
            "behandeling, de cijfers per therapeut en het verloop over 12 maanden. Naast elk "
            "percentage staat op hoeveel behandelingen het berust."
        ),
        "practice.section.headline": "Kerncijfers",
        "practice.section.completeness": "Volledigheid van de metingen",
        "practice.section.outcomes": "Uitkomsten van de afgesloten behandelingen",
        "practice.section.funnel": "Uitval in de loop van de behandeling",
        "practice.section.therapists": "Per therapeut",
        "practice.section.trends": "Verloop over 12 maanden",
        "practice.headline.intakes": "Intakes",
        "practice.headline.discharges": "Afgesloten behandelingen",
        "practice.headline.open": "Lopende behandelingen op {date}",
        "practice.headline.sessions": "Behandelingen per afgesloten traject (mediaan)",
        "practice.headline.sessions_sub": "n = {n}; middelste helft {q1}–{q3}",
        "practice.headline.note": (
            "Intake: behandeling gestart in de maand. Afgesloten: einddatum in de maand. "
            "Behandelingen per traject: het aantal zittingen van de in de maand afgesloten "
            "trajecten (vorige maand: mediaan {previous})."
        ),
        "practice.previous": "{month}: {value}",
        "practice.too_few": "te weinig trajecten (n = {n}) voor een mediaan",
        "practice.too_few_cohort": "Te weinig afgesloten behandelingen (n = {n}) om te tonen.",
        "practice.of": "{hits} van {n}",
        "practice.not_applicable": "n.v.t.",
        "practice.col.measure": "Meting",
        "practice.col.intake": "Bij intake (n = {n} gestart)",
        "practice.col.discharge": "Bij afsluiting (n = {n} afgesloten)",
        "practice.measure.NPRS": "Pijn (NPRS)",
        "practice.measure.PSK/PSFS": "Klachten in activiteiten (PSK of PSFS)",
        "practice.measure.core": "Kernset: NPRS én PSK/PSFS",
        "practice.measure.QBPDS": "Beperkingen (QBPDS, ODI of RMDQ)",
        "practice.measure.GPE": "Ervaren effect (GPE)",
        "practice.measure.complete": "Volledige protocolset",
        "practice.completeness.note": (
            "Een meting telt als hij geldig is ingevuld binnen 14 dagen voor of na de startdatum "
            "(intake) of de einddatum (afsluiting), zoals het meetprotocol voorschrijft. Een "
            "afsluitmeting mag tot 14 dagen na de einddatum komen; voor behandelingen die aan het "
            "eind van de maand zijn afgesloten kan die nog ontbreken. Percentages op minder dan "
            "5 behandelingen worden niet getoond (–)."
        ),
        "practice.col.instrument": "Meetinstrument",
        "practice.col.direction": "Beter is",
        "practice.col.n": "n",
        "practice.col.baseline": "Mediaan intake",
        "practice.col.latest": "Mediaan afsluiting",
        "practice.col.change": "Mediane verandering",
        "practice.col.mcid": "Klinisch relevant verbeterd",
        "practice.instrument.NPRS": "Pijn (NPRS)",
        "practice.instrument.PSK": "Klachten in activiteiten (PSK)",
        "practice.instrument.PSFS": "Activiteiten (PSFS)",
        "practice.instrument.QBPDS": "Beperkingen (QBPDS)",
        "practice.instrument.ODI": "Beperkingen (ODI)",
        "practice.instrument.RMDQ": "Beperkingen (RMDQ)",
        "practice.lower_better": "lager",
        "practice.higher_better": "hoger",
        "practice.no_mcid": "geen MCID gepubliceerd",
        "practice.gpe.label": "Ervaren effect bij afsluiting: (heel) veel verbeterd (GPE 1–2)",
        "practice.outcomes.note": (
            "Behandelingen met een einddatum in de maand en een meting bij intake en bij "
            "afsluiting (binnen 14 dagen van de einddatum). Verandering = afsluiting min intake. "
            "Klinisch relevant verbeterd: de verbetering haalt de minimaal klinisch relevante "
            "verandering (MCID: NPRS 2 punten of 30%, QBPDS 20 punten of 30%, Ostelo 2008); n is "
            "het aantal behandelingen met een oordeel. Medianen en percentages op minder dan 5 "
            "behandelingen worden niet getoond (–)."
        ),
        "practice.funnel.cohort": (
            "Alle behandelingen afgesloten van {start} tot en met {end} (n = {n}): elke "
            "behandeling heeft elke stap kunnen halen. Een behandeling telt bij een stap als ze "
            "die stap en alle eerdere stappen haalde."
        ),
        "practice.stage.started": "Gestart",
        "practice.stage.intake_complete": "Intakemeting compleet (NPRS + PSK/PSFS)",
        "practice.stage.checkin_week1": "Check-in in week 1",
        "practice.stage.checkin_week6": "Nog check-ins in week 6",
        "practice.stage.goal_reached": "Afgesloten met doel bereikt",
        "practice.stage.discharge_complete": "Eindmeting compleet (NPRS + PSK/PSFS)",
        "practice.col.stage": "Stap",
        "practice.col.episodes": "Behandelingen",
        "practice.col.of_start": "% van gestart",
        "practice.col.of_previous": "% van vorige stap",
        "practice.funnel.note": (
            "Week 1 = dag 0–6 na de start; week 6 = dag 35–41 (voor een behandeling korter dan "
            "6 weken: een check-in in de laatste 7 dagen). Intake- en eindmeting: binnen 14 dagen "
            "van de start- of einddatum."
        ),
        "practice.total": "Praktijk",
        "practice.therapists.therapist": "Therapeut",
        "practice.therapists.open": "Lopend",
        "practice.therapists.intakes": "Intakes",
        "practice.therapists.discharges": "Afgesloten",
        "practice.therapists.window": "12 maanden: {start} t/m {end}",
        "practice.therapists.sessions": "Mediaan zittingen",
        "practice.therapists.intake_core": "Intakemeting compleet",
        "practice.therapists.nprs_mcid": "NPRS MCID bereikt",
        "practice.therapists.gpe": "GPE verbeterd",
        "practice.therapists.n": "n",
        "practice.therapists.note": (
            "Intakemeting: van de behandelingen gestart in de 12 maanden; NPRS en GPE: van de "
            "behandelingen afgesloten in de 12 maanden (n = met een oordeel). {small} = minder "
            "dan 5 patiënten; {hidden} = verborgen zodat "
            "een kleine cel niet uit het totaal te herleiden is; {value} = niet getoond omdat het "
            "op minder dan 5 patiënten berust. De rij Praktijk telt alle behandelingen."
        ),
        "practice.trend.activity": "Intakes, afgesloten en lopende behandelingen",
        "practice.trend.intakes": "Intakes",
        "practice.trend.discharges": "Afgesloten",
        "practice.trend.open_at_end": "Lopend aan het eind van de maand",
        "practice.trend.completeness": "Volledigheid van de metingen (kernset, %)",
        "practice.trend.outcomes": "Uitkomsten bij afsluiting (%)",
        "practice.trend.intake": "Intakemeting compleet",
        "practice.trend.discharge": "Eindmeting compleet",
        "practice.trend.mcid": "NPRS klinisch relevant verbeterd",
        "practice.trend.gpe": "GPE (heel) veel verbeterd",
        "practice.trend.sessions": "Zittingen per afgesloten traject (mediaan)",
        "practice.trend.iqr": "middelste helft",
        "practice.trend.note": (
            "Percentages per maand van afsluiting (intakemeting: maand van start); een maand met "
            "minder dan 5 behandelingen blijft leeg."
        ),
    },
    "en": {
        "practice.heading": "Monthly report {month}",
        "practice.subtitle": "Fysiotherapie BeYou · data up to and including {date}",
        "practice.intro": (
            "Key numbers of the month, completeness of the measurements against the measurement "
            "protocol, outcomes of the episodes discharged, attrition during treatment, numbers "
            "per therapist and the last 12 months. Every percentage shows the number of episodes "
            "it rests on."
        ),
        "practice.section.headline": "Key numbers",
        "practice.section.completeness": "Measurement completeness",
        "practice.section.outcomes": "Outcomes of the episodes discharged",
        "practice.section.funnel": "Attrition during treatment",
        "practice.section.therapists": "Per therapist",
        "practice.section.trends": "The last 12 months",
        "practice.headline.intakes": "Intakes",
        "practice.headline.discharges": "Episodes discharged",
        "practice.headline.open": "Open episodes on {date}",
        "practice.headline.sessions": "Sessions per discharged episode (median)",
        "practice.headline.sessions_sub": "n = {n}; middle half {q1}–{q3}",
        "practice.headline.note": (
            "Intake: episode started in the month. Discharged: end date in the month. Sessions "
            "per episode: the sessions of the episodes discharged in the month (last month: "
            "median {previous})."
        ),
        "practice.previous": "{month}: {value}",
        "practice.too_few": "too few episodes (n = {n}) for a median",
        "practice.too_few_cohort": "Too few discharged episodes (n = {n}) to show.",
        "practice.of": "{hits} of {n}",
        "practice.not_applicable": "n/a",
        "practice.col.measure": "Measurement",
        "practice.col.intake": "At intake (n = {n} started)",
        "practice.col.discharge": "At discharge (n = {n} discharged)",
        "practice.measure.NPRS": "Pain (NPRS)",
        "practice.measure.PSK/PSFS": "Activity complaints (PSK or PSFS)",
        "practice.measure.core": "Core set: NPRS and PSK/PSFS",
        "practice.measure.QBPDS": "Disability (QBPDS, ODI or RMDQ)",
        "practice.measure.GPE": "Perceived effect (GPE)",
        "practice.measure.complete": "Full protocol set",
        "practice.completeness.note": (
            "A measurement counts when it was validly completed within 14 days before or after "
            "the start date (intake) or end date (discharge), as the measurement protocol says. "
            "A discharge measurement may come up to 14 days after the end date, so it can still "
            "be missing for episodes discharged at the end of the month. Percentages resting on "
            "fewer than 5 episodes are not shown (–)."
        ),
        "practice.col.instrument": "Instrument",
        "practice.col.direction": "Better is",
        "practice.col.n": "n",
        "practice.col.baseline": "Median at intake",
        "practice.col.latest": "Median at discharge",
        "practice.col.change": "Median change",
        "practice.col.mcid": "Clinically important improvement",
        "practice.instrument.NPRS": "Pain (NPRS)",
        "practice.instrument.PSK": "Activity complaints (PSK)",
        "practice.instrument.PSFS": "Activities (PSFS)",
        "practice.instrument.QBPDS": "Disability (QBPDS)",
        "practice.instrument.ODI": "Disability (ODI)",
        "practice.instrument.RMDQ": "Disability (RMDQ)",
        "practice.lower_better": "lower",
        "practice.higher_better": "higher",
        "practice.no_mcid": "no published MCID",
        "practice.gpe.label": "Perceived effect at discharge: much improved or recovered (GPE 1–2)",
        "practice.outcomes.note": (
            "Episodes with an end date in the month and a measurement at intake and at "
            "discharge (within 14 days of the end date). Change = discharge minus intake. "
            "Clinically important improvement: the improvement reaches the minimal clinically "
            "important difference (MCID: NPRS 2 points or 30%, QBPDS 20 points or 30%, Ostelo "
            "2008); n is the number of episodes with a verdict. Medians and percentages resting "
            "on fewer than 5 episodes are not shown (–)."
        ),
        "practice.funnel.cohort": (
            "All episodes discharged from {start} up to and including {end} (n = {n}): each had "
            "the chance to pass every stage. An episode counts at a stage when it passed that "
            "stage and every earlier one."
        ),
        "practice.stage.started": "Started",
        "practice.stage.intake_complete": "Intake measurement complete (NPRS + PSK/PSFS)",
        "practice.stage.checkin_week1": "Check-in in week 1",
        "practice.stage.checkin_week6": "Still checking in at week 6",
        "practice.stage.goal_reached": "Discharged with goal reached",
        "practice.stage.discharge_complete": "Discharge measurement complete (NPRS + PSK/PSFS)",
        "practice.col.stage": "Stage",
        "practice.col.episodes": "Episodes",
        "practice.col.of_start": "% of started",
        "practice.col.of_previous": "% of previous stage",
        "practice.funnel.note": (
            "Week 1 = days 0–6 after the start; week 6 = days 35–41 (for an episode shorter than "
            "6 weeks: a check-in in its last 7 days). Intake and discharge measurement: within "
            "14 days of the start or end date."
        ),
        "practice.total": "Practice",
        "practice.therapists.therapist": "Therapist",
        "practice.therapists.open": "Open",
        "practice.therapists.intakes": "Intakes",
        "practice.therapists.discharges": "Discharged",
        "practice.therapists.window": "12 months: {start} to {end}",
        "practice.therapists.sessions": "Median sessions",
        "practice.therapists.intake_core": "Intake measurement complete",
        "practice.therapists.nprs_mcid": "NPRS MCID reached",
        "practice.therapists.gpe": "GPE improved",
        "practice.therapists.n": "n",
        "practice.therapists.note": (
            "Intake measurement: of the episodes started in the 12 months; NPRS and GPE: of the "
            "episodes discharged in the 12 months (n = with a verdict). {small} = fewer than 5 "
            "patients; {hidden} = hidden so "
            "that a small cell cannot be worked out from the total; {value} = not shown because "
            "it rests on fewer than 5 patients. The Practice row counts every episode."
        ),
        "practice.trend.activity": "Intakes, discharged and open episodes",
        "practice.trend.intakes": "Intakes",
        "practice.trend.discharges": "Discharged",
        "practice.trend.open_at_end": "Open at the end of the month",
        "practice.trend.completeness": "Measurement completeness (core set, %)",
        "practice.trend.outcomes": "Outcomes at discharge (%)",
        "practice.trend.intake": "Intake measurement complete",
        "practice.trend.discharge": "Discharge measurement complete",
        "practice.trend.mcid": "NPRS clinically important improvement",
        "practice.trend.gpe": "GPE much improved or recovered",
        "practice.trend.sessions": "Sessions per discharged episode (median)",
        "practice.trend.iqr": "middle half",
        "practice.trend.note": (
            "Percentages per month of discharge (intake measurement: month of start); a month "
            "with fewer than 5 episodes is left empty."
        ),
    },
}
"""The page's own strings (``Page.t`` looks here first, then in ``views.strings``)."""



# ------------------------------------------------------------------------- formatting helpers
def fmt_int(value: Any) -> str:
    """A count, or the suppression mark it was replaced by."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return h.MISSING
    return str(int(value))


def fmt_num(value: Any, language: str, digits: int = 1, *, whole: bool = False) -> str:
    """A number with the language's decimal mark (a suppression mark passes through).

    With ``whole`` a whole number is written without decimals (a median of 13 sessions).

    >>> fmt_num(-2.5, "nl"), fmt_num(13.0, "nl", whole=True), fmt_num("<5", "en")
    ('-2,5', '13', '<5')
    """
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return h.MISSING
    number = float(value)
    if number == 0:
        number = 0.0  # never "-0,0"
    if whole and number.is_integer():
        digits = 0
    return h.format_value(number, language=language, digits=digits)


def fmt_share(value: Any, language: str) -> str:
    """A share (0-1) as a whole percentage; missing or suppressed as its mark."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return h.MISSING
    return f"{float(value) * 100:.0f}%"


def table_html(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[int] = (),
    total_last: bool = False,
    groups: Sequence[tuple[str, int]] = (),
) -> str:
    """An escaped table of preformatted cells; ``numeric`` column positions right-aligned.

    ``groups`` adds a header row above the column names: ``(label, number of columns)``.

    >>> table_html(["a", "n"], [["x", "3"]], numeric=(1,))  # doctest: +NORMALIZE_WHITESPACE
    '<table class="beyou-table"><thead><tr><th>a</th><th class=num>n</th></tr></thead><tbody><tr><td>x</td><td class=num>3</td></tr></tbody></table>'
    """  # noqa: E501
    numeric = set(numeric)
    head = "".join(f'<th{" class=num" if i in numeric else ""}>{html.escape(t)}</th>'
                   for i, t in enumerate(header))
    if groups:
        top = "".join(f'<th colspan="{span}"{" class=group" if label else ""}>'
                      f"{html.escape(label)}</th>" for label, span in groups)
        head = f"{top}</tr><tr>{head}"
    body = []
    for r, row in enumerate(rows):
        css = ' class="total"' if total_last and r == len(rows) - 1 else ""
        cells = "".join(f'<td{" class=num" if i in numeric else ""}>{html.escape(str(c))}</td>'
                        for i, c in enumerate(row))
        body.append(f"<tr{css}>{cells}</tr>")
    return (f'<table class="beyou-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def cards_html(cards: Sequence[tuple[str, str, str]]) -> str:
    """Headline cards: ``(label, value, sub text)`` each, all escaped."""
    items = "".join(
        f'<div class="beyou-card"><div class="label">{html.escape(label)}</div>'
        f'<div class="value">{html.escape(value)}</div>'
        f'<div class="sub">{html.escape(sub)}</div></div>'
        for label, value, sub in cards
    )
    return f'<div class="beyou-cards">{items}</div>'


def note_html(text: str) -> str:
    """A small explanatory paragraph."""
    return f'<p class="beyou-note">{html.escape(text)}</p>'


# ----------------------------------------------------------------------------- the numbers
@dataclass(frozen=True)
class MonthNumbers:
    """Everything the report shows for one month (computed once per selection)."""

    month: str
    activity: pd.DataFrame
    previous: pd.DataFrame
    activity_trend: pd.DataFrame
    completeness: pd.DataFrame
    completeness_trend: pd.DataFrame
    outcomes: pd.DataFrame
    gpe: pd.DataFrame
    outcome_trend: pd.DataFrame
    funnel: pd.DataFrame
    therapists: pd.DataFrame


def month_numbers(store: Any, month: str, *, as_of: pd.Timestamp) -> MonthNumbers:
    """Compute the report's numbers for ``month`` from a loaded store, as of ``as_of``."""
    eps, scores, outcomes = store.episodes, store.scores, store.outcomes
    previous = str(metrics.to_month(month) - 1)
    return MonthNumbers(
        month=month,
        activity=metrics.monthly_activity(eps, month=month, as_of=as_of),
        previous=metrics.monthly_activity(eps, month=previous, as_of=as_of),
        activity_trend=metrics.activity_trend(eps, month=month, as_of=as_of),
        completeness=metrics.completeness(eps, scores, month=month, as_of=as_of),
        completeness_trend=metrics.completeness_trend(eps, scores, month=month, as_of=as_of),
        outcomes=metrics.discharge_outcomes(eps, outcomes, month=month, as_of=as_of),
        gpe=metrics.gpe_summary(eps, scores, month=month, as_of=as_of),
        outcome_trend=metrics.outcome_trend(eps, outcomes, scores, month=month, as_of=as_of),
        funnel=metrics.attrition_funnel(eps, store.checkins, scores, month=month, as_of=as_of),
        therapists=metrics.therapist_table(eps, scores, outcomes, month=month, as_of=as_of),
    )


class PracticePage(Page):
    """The monthly report: one month of the whole practice (see the module docstring)."""

    name = "practice"
    selector = Selector("month")
    strings: ClassVar[Mapping[str, Mapping[str, str]]] = STRINGS

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
        return self.t("practice.of", hits=hits, n=n), fmt_share(share, self.language)

    def _month(self, month: str, short: bool = False) -> str:
        return month_label(month, language=self.language, short=short)

    # ---------------------------------------------------------------------------- sections
    @section()
    def header(self) -> None:
        """Title, month, data date and what the report holds."""
        self.show_html(EXTRA_CSS)
        self.show_heading(self.t("practice.heading", month=self._month(self.selection)), level=1)
        sub = self.t("practice.subtitle", date=self.format(self.as_of))
        self.show_html(f'<p class="beyou-muted">{html.escape(sub)}</p>')
        self.show_html(note_html(self.t("practice.intro")))

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
            (self.t("practice.headline.intakes"), fmt_int(now["intakes"]),
             sub(fmt_int(before["intakes"]))),
            (self.t("practice.headline.discharges"), fmt_int(now["discharges"]),
             sub(fmt_int(before["discharges"]))),
            (self.t("practice.headline.open", date=self.format(self._open_day())),
             fmt_int(now["open_at_end"]), sub(fmt_int(before["open_at_end"]))),
            (self.t("practice.headline.sessions"), fmt_num(median, self.language, whole=True),
             self.t("practice.headline.sessions_sub", n=int(now["n_sessions"]),
                    q1=fmt_num(now["sessions_q1"], self.language, 0),
                    q3=fmt_num(now["sessions_q3"], self.language, 0))
             if not pd.isna(median) else self.t("practice.too_few", n=int(now["n_sessions"]))),
        ]
        self.show_html(cards_html(cards))
        self.show_html(note_html(self.t(
            "practice.headline.note", previous=fmt_num(before_median, self.language, whole=True))))

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
        self.show_html(table_html(header, rows, numeric=(2, 4)))
        self.show_html(note_html(self.t("practice.completeness.note")))

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
                fmt_num(r.median_baseline if enough else np.nan, self.language),
                fmt_num(r.median_latest if enough else np.nan, self.language),
                fmt_num(r.median_change if enough else np.nan, self.language),
                mcid, pct,
            ])
        header = [self.t(f"practice.col.{c}") for c in
                  ("instrument", "direction", "n", "baseline", "latest", "change", "mcid")] + ["%"]
        self.show_html(table_html(header, rows, numeric=(2, 3, 4, 5, 7)))
        gpe = self.numbers.gpe.iloc[0]
        hits, pct = self._share(int(gpe["n_improved"]), int(gpe["n"]), gpe["share_improved"])
        cards = [(self.t("practice.gpe.label"), pct, hits)]
        self.show_html(cards_html(cards))
        self.show_html(note_html(self.t("practice.outcomes.note")))

    def _instrument(self, code: str) -> str:
        return self.t(f"practice.instrument.{code}")

    @section("practice.section.funnel")
    def funnel(self) -> None:
        """Attrition from start to a measured discharge, episodes ended in 12 months."""
        funnel = self.numbers.funnel
        first = metrics.to_month(self.selection) - 11
        self.show_html(note_html(self.t(
            "practice.funnel.cohort", start=self._month(str(first)),
            end=self._month(self.selection), n=int(funnel["n"].iloc[0]))))
        if int(funnel["n"].iloc[0]) < MIN_COUNT:
            self.show_message("practice.too_few_cohort", n=int(funnel["n"].iloc[0]))
            return
        labels = {s: self.t(f"practice.stage.{s}") for s in metrics.STAGES}
        self.show_figure(plots.funnel_figure(funnel, stage_labels=labels,
                                             language=self.language))
        rows = [[labels[r.stage], str(r.n), fmt_share(r.share_of_start, self.language),
                 fmt_share(r.share_of_previous, self.language)]
                for r in funnel.itertuples(index=False)]
        header = [self.t("practice.col.stage"), self.t("practice.col.episodes"),
                  self.t("practice.col.of_start"), self.t("practice.col.of_previous")]
        self.show_html(table_html(header, rows, numeric=(1, 2, 3)))
        self.show_html(note_html(self.t("practice.funnel.note")))

    @section("practice.section.therapists")
    def therapists(self) -> None:
        """Per-therapist table, small cells suppressed (``practice.therapists``)."""
        table = self.numbers.therapists
        rows = []
        for r in table.itertuples(index=False):
            name = self.t("practice.total") if r.therapist == metrics.TOTAL else r.therapist
            rows.append([
                name, fmt_int(r.open_at_end), fmt_int(r.intakes), fmt_int(r.discharges),
                fmt_int(r.discharges_12m),
                fmt_num(r.median_sessions_12m, self.language, whole=True),
                fmt_share(r.intake_core_share_12m, self.language), fmt_int(r.intake_core_n_12m),
                fmt_share(r.nprs_mcid_share_12m, self.language), fmt_int(r.nprs_mcid_n_12m),
                fmt_share(r.gpe_improved_share_12m, self.language), fmt_int(r.gpe_n_12m),
            ])
        header = [self.t(f"practice.therapists.{c}") for c in
                  ("therapist", "open", "intakes", "discharges", "discharges", "sessions",
                   "intake_core", "n", "nprs_mcid", "n", "gpe", "n")]
        first = self._month(str(metrics.to_month(self.selection) - 11), short=True)
        groups = [("", 1), (self._month(self.selection), 3),
                  (self.t("practice.therapists.window", start=first,
                          end=self._month(self.selection, short=True)), 8)]
        self.show_html(table_html(header, rows, numeric=range(1, 12), total_last=True,
                                  groups=groups))
        self.show_html(note_html(self.t("practice.therapists.note", small=COUNT_MARK,
                                        hidden=HIDDEN_MARK, value=VALUE_MARK)))

    @section("practice.section.trends")
    def trends(self) -> None:
        """12-month trends: activity, completeness and outcome shares, sessions."""
        n = self.numbers
        months = [self._month(m, short=True) for m in n.activity_trend["month"]]
        labels = {c: self.t(f"practice.trend.{c}") for c in
                  ("intakes", "discharges", "open_at_end")}
        self.show_figure(plots.activity_trend_figure(
            n.activity_trend, labels=labels, months=months,
            title=self.t("practice.trend.activity"), language=self.language))
        hover = self.t("practice.of", hits="{hits}", n="{n}")
        completeness = [
            ("intake_share", "intake_measured", "intake_n", self.t("practice.trend.intake")),
            ("discharge_share", "discharge_measured", "discharge_n",
             self.t("practice.trend.discharge")),
        ]
        self.show_figure(plots.share_trend_figure(
            n.completeness_trend, series=completeness, months=months, hover=hover,
            title=self.t("practice.trend.completeness"), language=self.language))
        outcomes = [
            ("mcid_share", "mcid_improved", "mcid_n", self.t("practice.trend.mcid")),
            ("gpe_share", "gpe_improved", "gpe_n", self.t("practice.trend.gpe")),
        ]
        self.show_figure(plots.share_trend_figure(
            n.outcome_trend, series=outcomes, months=months, hover=hover, first_color=2,
            title=self.t("practice.trend.outcomes"), language=self.language))
        self.show_figure(plots.sessions_trend_figure(
            n.activity_trend, months=months, label=self.t("practice.trend.sessions"),
            band_label=self.t("practice.trend.iqr"), title=self.t("practice.trend.sessions"),
            language=self.language))
        self.show_html(note_html(self.t("practice.trend.note")))

    @section()
    def footer(self) -> None:
        """Provenance: parameters, store snapshot hash, package version, when it ran."""
        from beyou_analytics.reports.provenance import provenance, render_footer

        params = {"store": str(self.store.path), "month": self.selection,
                  "language": self.language}
        self.show_html(render_footer(provenance(params, self.store.path), self.language))


def open_page(*, store: str = "", month: str = "", language: str = "nl") -> PracticePage:
    """Open the monthly report for ``month`` (``YYYY-MM``), or the dashboard's picker."""
    return PracticePage.open_page(store=store, language=language, month=month)
