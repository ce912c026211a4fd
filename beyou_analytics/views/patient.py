"""The patient progress page: one patient's episode as a report (papermill) or dashboard (Voila).

Sections, in the order the notebook calls them: ``header`` (who and where), ``summary`` (the
patient's own plain-language summary, ``beyou_analytics.summary``), ``pain``, ``function``,
``psychosocial`` (with the check-in's "Vertrouwen"), ``stress_sleep``, ``load``,
``activity``, ``change`` (both lenses: MCID and RCI, with their sources), ``flags`` and
``footer`` (provenance, ``reports.provenance``). Everything is computed on the one patient's
rows (``views.episode.load_patient``).

``change_table`` and ``change_sources`` are pure and shared with other pages; the small
markup helpers (``cells_table_html``, ``verdict_html``, ``CONTENT_CSS``) build tables whose
cells hold trusted markup (links, badges, sparklines) — every value in them is escaped here.

Examples
--------
>>> import pandas as pd
>>> out = pd.DataFrame({"instrument": ["NPRS"], "scale": ["total"], "n_administrations": [2],
...     "baseline_at": pd.to_datetime(["2026-09-01"]), "baseline": [7.0],
...     "latest_at": pd.to_datetime(["2026-10-27"]), "latest": [4.0], "change": [-3.0],
...     "pct_change": [-42.857], "mcid_status": ["improved"], "rci": [-2.08],
...     "rci_status": ["improved"]})
>>> row = change_table(out, language="nl").iloc[0]
>>> row[["scale", "direction", "baseline", "latest", "change", "pct", "rci"]].tolist()
['Pijn (gemiddeld, 24 uur)', 'lager = beter', '7,0', '4,0', '−3,0', '−42,9 %', '−2,08']
>>> fmt_number(2.25, "nl", 1), fmt_number(-0.04, "en", 1, signed=True)
('2,3', '0.0')
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from beyou_analytics.errors import NotFoundError
from beyou_analytics.flags import get_rule
from beyou_analytics.flags.text import number
from beyou_analytics.instruments import get_instrument
from beyou_analytics.views import html as h
from beyou_analytics.views.episode import PatientEpisode, load_patient
from beyou_analytics.views.page import Page, Selector, section

FUNCTION_CODES = ("QBPDS", "ODI", "RMDQ", "PSK", "PSFS")
PSYCHOSOCIAL_CODES = ("TSK17", "TSK11", "PCS", "PSEQ", "PSEQ2", "CSI")
CHANGE_ORDER = ("NPRS", *FUNCTION_CODES, *PSYCHOSOCIAL_CODES, "GPE", "SBST", "OMPSQ10")
DISPLAY_CODES = {"TSK17": "TSK-17", "TSK11": "TSK-11", "PSEQ2": "PSEQ-2", "OMPSQ10": "ÖMPSQ-10",
                 "PSEQ": "PSEQ-10"}
MINUS = "−"

CONTENT_CSS = """
<style>
.beyou-facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
  gap: 6px 18px; margin: 8px 0 14px; padding: 10px 14px; background: #f5f7fa;
  border: 1px solid #d9e2ec; border-radius: 6px; }
.beyou-facts div { font-size: 14px; }
.beyou-facts span { display: block; color: #616e7c; font-size: 12px; }
.beyou-summary { margin: 6px 0 14px; padding: 12px 18px; border-left: 5px solid #0b6e99;
  background: #eef6fa; border-radius: 4px; font-size: 16px; line-height: 1.55; }
.beyou-summary ul { margin: 0; padding-left: 1.1em; }
.beyou-summary li { margin: 3px 0; }
.beyou-note { color: #616e7c; font-size: 13px; margin: 2px 0 6px; }
table.beyou-table.beyou-cells td, table.beyou-table.beyou-cells th { padding: 4px 9px;
  vertical-align: middle; text-align: left; }
table.beyou-table.beyou-cells td.num, table.beyou-table.beyou-cells th.num { text-align: right;
  font-variant-numeric: tabular-nums; }
.beyou-better { color: #00734f; font-weight: 600; }
.beyou-worse { color: #b34700; font-weight: 600; }
.beyou-same { color: #616e7c; }
.beyou-sev { display: inline-block; min-width: 4.5em; padding: 1px 7px; border-radius: 10px;
  font-size: 12px; font-weight: 600; text-align: center; color: #fff; }
.beyou-sev-high { background: #b34700; }
.beyou-sev-medium { background: #c98a00; }
.beyou-sev-low { background: #5b6b7a; }
.beyou-spark { vertical-align: middle; }
.beyou-rule { color: #616e7c; font-size: 12px; }
.beyou-nowrap { white-space: nowrap; }
.beyou-small { font-size: 12px; }
.beyou-date { color: #616e7c; font-size: 11px; white-space: nowrap; }
.beyou-sub { padding-left: 1.2em; color: #3e4c59; }
.beyou-footnote { color: #616e7c; font-size: 12px; margin: 4px 0 10px; padding-left: 1.1em; }
</style>
"""
"""Styles of the content pages (patient, caseload), shown once by their header.

The table selectors are deliberately specific: JupyterLab's own rule
(``:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td``, right-aligned) applies in Voila.
"""

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "patient.heading": "Voortgang van patiënt {patient}",
        "patient.summary": "Wat is er veranderd?",
        "patient.summary_note": "In gewone taal, voor de patiënt. Gebaseerd op vragenlijsten en "
                                "check-ins tot {date}.",
        "patient.pain": "Pijn",
        "patient.function": "Functioneren",
        "patient.psychosocial": "Bewegingsangst, catastroferen, vertrouwen en sensitisatie",
        "patient.stress_sleep": "Stress en slaap naast pijn",
        "patient.load": "Belasting en belastbaarheid",
        "patient.activity": "Beweging en oefentrouw",
        "patient.change": "Verandering sinds de start",
        "patient.flags": "Signalen",
        "fact.patient": "Patiëntnummer", "fact.therapist": "Therapeut",
        "fact.start": "Start behandeling", "fact.weeks": "Weken in zorg",
        "fact.sessions": "Behandelingen", "fact.status": "Status", "fact.as_of": "Stand op",
        "status.open": "lopend", "status.ended": "afgerond op {date}",
        "earlier": "Eerdere behandelingen: {items}.",
        "earlier.item": "{start} tot {end} ({therapist})",
        "earlier.open": "lopend",
        "no_episode": "Deze patiënt had op {date} nog geen behandeling.",
        "note.pain": "Dagelijkse check-in (pijn nu, ergste pijn in 24 uur) met het 7-daagse "
                     "gemiddelde, en de NPRS-vragenlijst (ruit). Grijze band: NPRS-startwaarde "
                     "± MCID; een meting buiten de band is een klinisch relevante verandering. "
                     "Stippellijnen: vragenlijstmomenten.",
        "note.function": "Eén paneel per vragenlijst, met de richting (lager of hoger = beter). "
                         "Grijze band: startwaarde ± MCID. PSK en PSFS hebben geen gepubliceerde "
                         "MCID en dus geen band. ODI: stippellijnen bij 20, 40, 60 en 80 %.",
        "note.psychosocial": "Afkappunten (stippellijn, oranje): TSK-17 > 37 hoge bewegingsangst, "
                             "PCS ≥ 30 klinisch relevant catastroferen, CSI ≥ 40 (banden 30, 40, "
                             "50, 60). Vertrouwen: check-in 'ik heb invloed op mijn klachten' "
                             "(0–10), weekgemiddelde.",
        "note.stress_sleep": "Weekgemiddelden van de check-in (week van maandag tot zondag).",
        "note.load": "Oranje vlak: dagen waarop de belasting hoger was dan de belastbaarheid.",
        "load.recent": "Laatste {n} check-ins: {over} keer belasting boven belastbaarheid "
                       "(gemiddeld verschil {diff}).",
        "note.activity": "Gemiddelde beweegminuten per dag met een check-in, en het aandeel "
                         "check-ins waarin de oefeningen zijn gedaan, per week.",
        "none.pain": "Nog geen pijnmetingen in deze behandeling.",
        "none.function": "Nog geen vragenlijst over functioneren ingevuld.",
        "none.psychosocial": "Nog geen vragenlijst over bewegingsangst, catastroferen, "
                             "vertrouwen of sensitisatie ingevuld, en geen check-ins.",
        "none.checkins": "Nog geen check-ins in deze behandeling.",
        "none.load": "Nog geen check-ins met belasting en belastbaarheid.",
        "none.change": "Nog geen vragenlijsten in deze behandeling.",
        "none.flags": "Geen signalen voor deze behandeling op {date}.",
        "col.instrument": "Vragenlijst", "col.scale": "Schaal", "col.direction": "Richting",
        "col.baseline": "Start (datum)", "col.latest": "Laatste (datum)",
        "col.change": "Verandering", "col.pct": "% verandering", "col.mcid": "MCID-oordeel",
        "col.rci": "RCI", "col.rci_status": "RCI-oordeel",
        "col.severity": "Ernst", "col.flag": "Signaal", "col.message": "Toelichting",
        "col.rule": "Regel",
        "severity.high": "hoog", "severity.medium": "middel", "severity.low": "laag",
        "verdict.improved": "verbeterd", "verdict.unchanged": "onveranderd",
        "verdict.deteriorated": "verslechterd", "verdict.none": "–",
        "direction.lower": "lager = beter", "direction.higher": "hoger = beter",
        "direction.none": "–",
        "change.lenses": "Twee lenzen: MCID (klinisch relevant voor de patiënt: absolute of "
                         "procentuele drempel) en RCI (betrouwbare verandering volgens "
                         "Jacobson–Truax: (laatste − start) / (√2 × SEM), betrouwbaar bij "
                         "|RCI| > 1,96). Start = eerste intakemeting van deze behandeling; "
                         "– = geen gepubliceerde drempel of SEM, of nog geen vervolgmeting.",
        "source.mcid": "MCID {value}",
        "source.pct": "of {value} %",
        "source.sem": "SEM {value}",
        "source.none": "geen gepubliceerde MCID of SEM: alleen de verandering",
        "source.screening": "screeningsinstrument: geen veranderingsoordeel",
        "source.transition": "overgangsvraag: 1–2 verbeterd, 5–7 verslechterd",
        "source.pcs_high": "11 bij een start boven 30",
        "points": "punten",
    },
    "en": {
        "patient.heading": "Progress of patient {patient}",
        "patient.summary": "What has changed?",
        "patient.summary_note": "In plain language, for the patient. Based on questionnaires "
                                "and check-ins up to {date}.",
        "patient.pain": "Pain",
        "patient.function": "Function",
        "patient.psychosocial": "Fear of movement, catastrophising, confidence and "
                                "sensitisation",
        "patient.stress_sleep": "Stress and sleep next to pain",
        "patient.load": "Load and load capacity",
        "patient.activity": "Activity and exercise adherence",
        "patient.change": "Change since the start",
        "patient.flags": "Flags",
        "fact.patient": "Patient number", "fact.therapist": "Therapist",
        "fact.start": "Episode start", "fact.weeks": "Weeks in care",
        "fact.sessions": "Sessions", "fact.status": "Status", "fact.as_of": "As of",
        "status.open": "open", "status.ended": "ended on {date}",
        "earlier": "Earlier episodes: {items}.",
        "earlier.item": "{start} to {end} ({therapist})",
        "earlier.open": "open",
        "no_episode": "This patient had no episode yet on {date}.",
        "note.pain": "Daily check-in (current pain, worst pain in 24 h) with its 7-day mean, "
                     "and the NPRS questionnaire (diamond). Grey band: NPRS baseline ± MCID; a "
                     "measurement outside the band is a clinically important change. Dotted "
                     "lines: questionnaire moments.",
        "note.function": "One panel per questionnaire, with its direction (lower or higher = "
                         "better). Grey band: baseline ± MCID. PSK and PSFS have no published "
                         "MCID and so no band. ODI: dotted lines at 20, 40, 60 and 80 %.",
        "note.psychosocial": "Cut-offs (dashed, orange): TSK-17 > 37 high fear of movement, "
                             "PCS ≥ 30 clinically relevant catastrophising, CSI ≥ 40 (bands 30, "
                             "40, 50, 60). Confidence: check-in 'I can influence my complaints' "
                             "(0–10), weekly mean.",
        "note.stress_sleep": "Weekly means of the check-in (weeks Monday to Sunday).",
        "note.load": "Orange area: days on which the load was above the load capacity.",
        "load.recent": "Last {n} check-ins: load above capacity {over} times (mean difference "
                       "{diff}).",
        "note.activity": "Mean active minutes per day with a check-in, and the share of "
                         "check-ins with the exercises done, per week.",
        "none.pain": "No pain measurements in this episode yet.",
        "none.function": "No function questionnaire completed yet.",
        "none.psychosocial": "No questionnaire on fear of movement, catastrophising, confidence "
                             "or sensitisation completed yet, and no check-ins.",
        "none.checkins": "No check-ins in this episode yet.",
        "none.load": "No check-ins with load and load capacity yet.",
        "none.change": "No questionnaires in this episode yet.",
        "none.flags": "No flags for this episode on {date}.",
        "col.instrument": "Questionnaire", "col.scale": "Scale", "col.direction": "Direction",
        "col.baseline": "Baseline (date)", "col.latest": "Latest (date)",
        "col.change": "Change", "col.pct": "% change", "col.mcid": "MCID verdict",
        "col.rci": "RCI", "col.rci_status": "RCI verdict",
        "col.severity": "Severity", "col.flag": "Flag", "col.message": "Details",
        "col.rule": "Rule",
        "severity.high": "high", "severity.medium": "medium", "severity.low": "low",
        "verdict.improved": "improved", "verdict.unchanged": "unchanged",
        "verdict.deteriorated": "deteriorated", "verdict.none": "–",
        "direction.lower": "lower = better", "direction.higher": "higher = better",
        "direction.none": "–",
        "change.lenses": "Two lenses: MCID (important to the patient: an absolute or percentage "
                         "threshold) and RCI (reliable change after Jacobson–Truax: (latest − "
                         "baseline) / (√2 × SEM), reliable when |RCI| > 1.96). Baseline = the "
                         "episode's first intake measurement; – = no published threshold or "
                         "SEM, or no follow-up yet.",
        "source.mcid": "MCID {value}",
        "source.pct": "or {value} %",
        "source.sem": "SEM {value}",
        "source.none": "no published MCID or SEM: change only",
        "source.screening": "screening tool: no verdict on change",
        "source.transition": "transition question: 1–2 improved, 5–7 deteriorated",
        "source.pcs_high": "11 with a baseline above 30",
        "points": "points",
    },
}


# ------------------------------------------------------------------------- formatting
def fmt_number(value: Any, language: str, digits: int = 1, *, signed: bool = False) -> str:
    """A number rounded half-up (instruments.md: displays round half-up), decimal comma in nl.

    Negative numbers use a real minus sign; ``signed`` adds ``+`` to positive ones.
    """
    if value is None or value is pd.NA or pd.isna(value):
        return h.MISSING
    step = Decimal(1).scaleb(-digits)
    rounded = Decimal(str(float(value))).quantize(step, ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:f}".replace("-", MINUS)
    if signed and rounded > 0:
        text = "+" + text
    return text.replace(".", ",") if language != "en" else text


def fmt_date(value: Any, language: str) -> str:
    """A date ``dd-mm-yyyy`` (nl) or ISO (en); a dash when missing."""
    if value is None or pd.isna(value):
        return h.MISSING
    return pd.Timestamp(value).strftime(h.DATE_FORMATS["en" if language == "en" else "nl"])


def display_code(code: str) -> str:
    """The instrument code as clinicians write it (``TSK17`` -> ``TSK-17``)."""
    return DISPLAY_CODES.get(code, code)


# ------------------------------------------------------------------------------ markup
def cells_table_html(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: Iterable[int] = ()
) -> str:
    """A table from escaped ``headers`` and rows of TRUSTED cell markup (escape values first).

    >>> print(cells_table_html(["A<"], [["<b>1</b>"]], numeric=[0]))
    <table class="beyou-table beyou-cells"><thead><tr><th class="num">A&lt;</th></tr></thead>
    <tbody><tr><td class="num"><b>1</b></td></tr></tbody></table>
    """
    numeric = set(numeric)

    def css(i: int) -> str:
        return ' class="num"' if i in numeric else ""

    head = "".join(f"<th{css(i)}>{html.escape(t)}</th>" for i, t in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f"<td{css(i)}>{cell}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return (f'<table class="beyou-table beyou-cells"><thead><tr>{head}</tr></thead>\n'
            f"<tbody>{body}</tbody></table>")


VERDICT_CSS = {"improved": "beyou-better", "deteriorated": "beyou-worse",
               "unchanged": "beyou-same"}


def verdict_html(status: Any, text: Mapping[str, str]) -> str:
    """A verdict word coloured by meaning (text too, so colour is never the only cue)."""
    if not isinstance(status, str) or status not in VERDICT_CSS:
        return html.escape(text["verdict.none"])
    return f'<span class="{VERDICT_CSS[status]}">{html.escape(text[f"verdict.{status}"])}</span>'


def severity_html(severity: str, text: Mapping[str, str], label: str | None = None) -> str:
    """A severity badge (``high``/``medium``/``low``) showing its word, or ``label``."""
    word = text.get(f"severity.{severity}", severity)
    shown = html.escape(word if label is None else label)
    return (f'<span class="beyou-sev beyou-sev-{html.escape(severity)}" '
            f'title="{html.escape(word)}">{shown}</span>')


def flag_parts(flags: pd.DataFrame, language: str) -> pd.DataFrame:
    """Flags with their title, message (rule text removed) and rule in ``language``.

    The flag frame's messages end with "(regel: ...)"/"(rule: ...)"; the page shows the rule
    in its own column.
    """
    en = language == "en"
    titles, messages, rules = [], [], []
    for code, nl_text, en_text in zip(flags["code"], flags["message_nl"], flags["message_en"],
                                      strict=True):
        rule = get_rule(code)
        rule_text = rule.rule_en if en else rule.rule_nl
        message = en_text if en else nl_text
        message = message.removesuffix(f" ({'rule' if en else 'regel'}: {rule_text})")
        titles.append(rule.title_en if en else rule.title_nl)
        messages.append(message)
        rules.append(rule_text)
    return flags.assign(title=titles, message=messages, rule_text=rules)


# ------------------------------------------------------------------------- change table
def _order(outcomes: pd.DataFrame) -> pd.DataFrame:
    rank = {code: i for i, code in enumerate(CHANGE_ORDER)}
    frame = outcomes.assign(
        _rank=outcomes["instrument"].map(rank).fillna(len(rank)),
        _total=(outcomes["scale"] != "total").astype(int),
    )
    return frame.sort_values(["_rank", "instrument", "_total", "scale"], kind="stable")


def change_table(outcomes: pd.DataFrame, *, language: str = "nl") -> pd.DataFrame:
    """The change table's text cells, one row per instrument and scale (both lenses).

    Columns: ``instrument``, ``scale`` (label), ``subscale`` (bool), ``direction``,
    ``baseline`` and ``baseline_at``, ``latest`` and ``latest_at`` (a dash without a follow-up),
    ``change``, ``pct``, ``mcid`` (status code), ``rci``, ``rci_status`` (status code); the page
    colours the status codes.
    """
    text = STRINGS["en" if language == "en" else "nl"]
    rows = []
    for _, row in _order(outcomes).iterrows():
        instrument = get_instrument(row["instrument"])
        scale = instrument.scale(row["scale"])
        label = scale.label_en if language == "en" else scale.label_nl
        direction = text["direction.lower" if instrument.higher_is_worse else "direction.higher"]
        if instrument.change_method == "transition":
            direction = text["direction.none"]
        followed = not pd.isna(row["latest_at"]) and row["latest_at"] > row["baseline_at"]
        transition = instrument.change_method == "transition"
        if transition:
            followed = True  # the GPE's latest answer is itself the change; no baseline
        rows.append({
            "instrument": display_code(row["instrument"]),
            "scale": label,
            "subscale": bool(row["scale"] != "total"),
            "direction": direction,
            "baseline": h.MISSING if transition else fmt_number(row["baseline"], language),
            "baseline_at": "" if transition else fmt_date(row["baseline_at"], language),
            "latest": fmt_number(row["latest"], language) if followed else h.MISSING,
            "latest_at": fmt_date(row["latest_at"], language) if followed else "",
            "change": fmt_number(row["change"], language, signed=True),
            "pct": (fmt_number(row["pct_change"], language, signed=True) + " %")
            if not pd.isna(row["pct_change"]) else h.MISSING,
            "mcid": row["mcid_status"] if isinstance(row["mcid_status"], str) else None,
            "rci": fmt_number(row["rci"], language, 2, signed=True),
            "rci_status": row["rci_status"] if isinstance(row["rci_status"], str) else None,
        })
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


CHANGE_COLUMNS = ["instrument", "scale", "subscale", "direction", "baseline", "baseline_at",
                  "latest", "latest_at", "change", "pct", "mcid", "rci", "rci_status"]


def change_sources(codes: Iterable[str], *, language: str = "nl") -> list[str]:
    """One footnote per instrument: its MCID and SEM with their sources (instruments.md §17).

    >>> print(change_sources(["NPRS"], language="en")[0])  # doctest: +NORMALIZE_WHITESPACE
    NPRS: MCID 2 points or 30 % ([1] Ostelo et al. 2008 (consensus MIC)); SEM 1.02
    ([2] Childs et al. 2005)
    """
    text = STRINGS["en" if language == "en" else "nl"]
    notes = []
    for code in dict.fromkeys(codes):
        instrument = get_instrument(code)
        scale = instrument.scale("total")
        if instrument.change_method == "none":
            notes.append(f"{display_code(code)}: {text['source.screening']}")
            continue
        if instrument.change_method == "transition":
            notes.append(f"{display_code(code)}: {text['source.transition']}")
            continue
        parts = []
        if scale.mcid_abs is not None:
            value = number(scale.mcid_abs.value, language, 2)
            mcid = text["source.mcid"].format(value=f"{value} {text['points']}")
            if scale.mcid_high_baseline is not None:
                mcid += f" ({text['source.pcs_high']})"
            if scale.mcid_pct is not None:
                mcid += " " + text["source.pct"].format(value=f"{scale.mcid_pct.value:g}")
            sources = "; ".join(dict.fromkeys(
                ref.source for ref in (scale.mcid_abs, scale.mcid_pct) if ref is not None))
            parts.append(f"{mcid} ({sources})")
        if scale.sem is not None:
            sem = number(scale.sem.value, language, 2)
            parts.append(f"{text['source.sem'].format(value=sem)} ({scale.sem.source})")
        notes.append(f"{display_code(code)}: " + ("; ".join(parts) or text["source.none"]))
    return notes


def _value_date(value: str, date: str) -> str:
    """A value with its date under it, small and muted."""
    small = f'<br><span class="beyou-date">{html.escape(date)}</span>' if date else ""
    return f'<span class="beyou-nowrap">{html.escape(value)}</span>{small}'


# -------------------------------------------------------------------------------- page
class PatientPage(Page):
    """One patient's progress: see the module docstring for the sections."""

    name = "patient"
    selector = Selector("patient_id")
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
    def text(self) -> Mapping[str, str]:
        return STRINGS["en" if self.language == "en" else "nl"]

    def _note(self, key: str, **fields: Any) -> None:
        self.show_html(f'<p class="beyou-note">{html.escape(self.t(key, **fields))}</p>')

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
        stop = data.end if data.end is not None else data.as_of
        last = [stop]
        if not data.checkins.empty:
            last.append(data.checkins["date"].max())
        if not data.scores.empty:
            last.append(data.scores["completed_at"].max())
        first = [data.start]
        if not data.scores.empty:
            first.append(data.scores["completed_at"].min())
        pad = pd.Timedelta(days=3)
        return [(min(first) - pad).strftime("%Y-%m-%d"),
                (max(last).normalize() + pad).strftime("%Y-%m-%d")]

    def _figure(self, fig: Any) -> None:
        self.show_figure(fig)

    # ---------------------------------------------------------------- sections
    @section()
    def header(self) -> None:
        """Who and where: patient number, therapist, start, weeks, sessions, status, date."""
        self.show_html(CONTENT_CSS)
        self.show_heading(self.t("patient.heading", patient=self.selection), level=1)
        if self.data.episode is None:
            self.show_message("no_episode", date=fmt_date(self.as_of, self.language))
            return
        data, lang = self.data, self.language
        episode = data.episode
        status = (self.t("status.open") if data.status == "open"
                  else self.t("status.ended", date=fmt_date(data.end, lang)))
        sessions = episode.get("n_sessions")
        facts = [
            ("fact.patient", data.patient_id),
            ("fact.therapist", str(episode["therapist"])),
            ("fact.start", fmt_date(data.start, lang)),
            ("fact.weeks", str(data.weeks)),
            ("fact.sessions", h.MISSING if pd.isna(sessions) else str(int(sessions))),
            ("fact.status", status),
            ("fact.as_of", fmt_date(data.as_of, lang)),
        ]
        cells = "".join(f"<div><span>{html.escape(self.t(key))}</span>{html.escape(value)}</div>"
                        for key, value in facts)
        self.show_html(f'<div class="beyou-facts">{cells}</div>')
        if not data.earlier.empty:
            items = [
                self.t("earlier.item", start=fmt_date(row.start_date, lang),
                       end=(fmt_date(row.end_date, lang) if not pd.isna(row.end_date)
                            else self.t("earlier.open")),
                       therapist=row.therapist)
                for row in data.earlier.itertuples()
            ]
            self._note("earlier", items="; ".join(items))

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
        self._note("patient.summary_note", date=fmt_date(self.as_of, self.language))

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
        self._note("note.pain")
        self._figure(pain_figure(
            data.daily_pain, nprs, band=baseline_band(data.outcomes, "NPRS"),
            moments=data.moments, language=self.language, x_range=self._x_range(),
        ))

    def _panels(self, codes: Sequence[str], extra: Sequence[Any] = ()) -> list[Any]:
        from beyou_analytics.plots.patient import instrument_panel

        totals = self.data.scores.loc[self.data.scores["scale"] == "total"]
        present = [c for c in codes if (totals["instrument"] == c).any()]
        return [instrument_panel(totals, self.data.outcomes, code, language=self.language)
                for code in present] + list(extra)

    @section()
    def function(self) -> None:
        """One small panel per function questionnaire present (ODI/QBPDS/RMDQ, PSK/PSFS)."""
        if not self._begin("patient.function"):
            return
        from beyou_analytics.plots.patient import panels_figure

        panels = self._panels(FUNCTION_CODES)
        if not panels:
            self.show_message("none.function")
            return
        self._note("note.function")
        self._figure(panels_figure(panels, language=self.language, x_range=self._x_range(),
                                   moments=self.data.moments))

    @section()
    def psychosocial(self) -> None:
        """TSK, PCS, PSEQ and CSI with their cut-offs, and the check-in's "Vertrouwen"."""
        if not self._begin("patient.psychosocial"):
            return
        from beyou_analytics.plots.patient import confidence_panel, panels_figure

        weekly = self.data.weekly
        extra = []
        if weekly["confidence"].notna().any():
            extra.append(confidence_panel(weekly, language=self.language))
        panels = self._panels(PSYCHOSOCIAL_CODES, extra)
        if not panels:
            self.show_message("none.psychosocial")
            return
        self._note("note.psychosocial")
        self._figure(panels_figure(panels, language=self.language, x_range=self._x_range(),
                                   moments=self.data.moments))

    @section()
    def stress_sleep(self) -> None:
        """Weekly pain, stress, sleep quality and hours slept."""
        if not self._begin("patient.stress_sleep"):
            return
        from beyou_analytics.plots.patient import stress_sleep_figure

        if self.data.checkins.empty:
            self.show_message("none.checkins")
            return
        self._note("note.stress_sleep")
        self._figure(stress_sleep_figure(self.data.weekly, language=self.language,
                                         x_range=self._x_range()))

    @section()
    def load(self) -> None:
        """Daily load against load capacity, shaded where the load is higher."""
        if not self._begin("patient.load"):
            return
        from beyou_analytics.plots.patient import load_figure
        from beyou_analytics.trends import load_balance

        checkins = self.data.checkins
        answered = checkins.dropna(subset=["load", "load_capacity"])
        if answered.empty:
            self.show_message("none.load")
            return
        self._note("note.load")
        recent = load_balance(checkins, as_of=self.as_of)
        if not recent.empty:
            row = recent.iloc[0]
            self._note("load.recent", n=int(row["n"]), over=int(row["n_over_capacity"]),
                       diff=fmt_number(row["mean_difference"], self.language, signed=True))
        self._figure(load_figure(checkins, language=self.language, x_range=self._x_range()))

    @section()
    def activity(self) -> None:
        """Weekly active minutes and exercise adherence."""
        if not self._begin("patient.activity"):
            return
        from beyou_analytics.plots.patient import activity_figure

        if self.data.checkins.empty:
            self.show_message("none.checkins")
            return
        self._note("note.activity")
        self._figure(activity_figure(self.data.weekly, language=self.language,
                                     x_range=self._x_range()))

    @section()
    def change(self) -> None:
        """The change table with both lenses (MCID, RCI) and the sources of the thresholds."""
        if not self._begin("patient.change"):
            return
        outcomes = self.data.outcomes
        if outcomes.empty:
            self.show_message("none.change")
            return
        text, lang = self.text, self.language
        frame = change_table(outcomes, language=lang)
        rows = [
            [html.escape(r.instrument),
             f'<span class="{"beyou-sub" if r.subscale else ""}">{html.escape(r.scale)}</span>',
             f'<span class="beyou-nowrap">{html.escape(r.direction)}</span>',
             _value_date(r.baseline, r.baseline_at), _value_date(r.latest, r.latest_at),
             html.escape(r.change), html.escape(r.pct), verdict_html(r.mcid, text),
             html.escape(r.rci), verdict_html(r.rci_status, text)]
            for r in frame.itertuples()
        ]
        headers = [self.t(f"col.{key}") for key in ("instrument", "scale", "direction",
                   "baseline", "latest", "change", "pct", "mcid", "rci", "rci_status")]
        self.show_html(cells_table_html(headers, rows, numeric=(5, 6, 8)))
        codes = [c for c in CHANGE_ORDER if c in set(outcomes["instrument"])]
        notes = [self.t("change.lenses"), *change_sources(codes, language=lang)]
        items = "".join(f"<li>{html.escape(note)}</li>" for note in notes)
        self.show_html(f'<ul class="beyou-footnote">{items}</ul>')

    @section()
    def flags(self) -> None:
        """The episode's flags on the report date, most severe first, with their reasons."""
        if not self._begin("patient.flags"):
            return
        flags = self.data.flags
        if flags.empty:
            self.show_message("none.flags", date=fmt_date(self.as_of, self.language))
            return
        text = self.text
        parts = flag_parts(flags, self.language)
        rows = [[severity_html(r.severity, text), html.escape(r.title), html.escape(r.message),
                 f'<span class="beyou-rule">{html.escape(r.rule_text)}</span>']
                for r in parts.itertuples()]
        headers = [self.t(f"col.{k}") for k in ("severity", "flag", "message", "rule")]
        self.show_html(cells_table_html(headers, rows))

    @section()
    def footer(self) -> None:
        """Provenance: parameters, store snapshot, package version and run time."""
        show_provenance(self, {"patient_id": self.selection or ""})


def show_provenance(page: Page, chosen: Mapping[str, str]) -> None:
    """Display the provenance footer (``reports.provenance``) for ``page``'s parameters."""
    from beyou_analytics.reports.provenance import provenance, render_footer

    as_of = page.as_of
    params = {
        **chosen,
        "as_of": "" if pd.isna(as_of) else as_of.strftime("%Y-%m-%d"),
        "language": page.language,
    }
    page.show_html(render_footer(provenance(params, page.store.path), page.language))


def open_page(
    *, store: str = "", patient_id: str = "", as_of: str = "", language: str = "nl"
) -> PatientPage:
    """The patient progress page for the notebook's parameters (or the dashboard's URL)."""
    return PatientPage.open_page(store=store, patient_id=patient_number(patient_id),
                                 as_of=as_of, language=language)


def patient_number(value: Any) -> str:
    """A patient number as the store keeps it: digits without prefix or leading zeros.

    >>> patient_number(" P-0012345"), patient_number(""), patient_number("abc")
    ('12345', '', 'abc')
    """
    text = re.sub(r"^\s*[Pp]-?", "", str(value or "")).strip()
    return text.lstrip("0") if text.isdigit() else text
