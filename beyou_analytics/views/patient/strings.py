"""The patient page's own strings: ``key: (Dutch, English)``, with the clinical ones shared
with the caseload page (``views.clinical.PAIRS``).

Examples
--------
>>> STRINGS["nl"]["patient.pain"], STRINGS["en"]["patient.pain"]
('Pijn', 'Pain')
>>> STRINGS["en"]["severity.high"]
'high'
"""

from __future__ import annotations

from beyou_analytics.views.clinical import PAIRS
from beyou_analytics.views.strings import bilingual

STRINGS: dict[str, dict[str, str]] = bilingual({
    **PAIRS,
    "patient.heading": ("Voortgang van patiënt {patient}", "Progress of patient {patient}"),
    "patient.summary": ("Wat is er veranderd?", "What has changed?"),
    "patient.summary_note": (
        "In gewone taal, voor de patiënt. Gebaseerd op vragenlijsten en check-ins tot {date}.",
        "In plain language, for the patient. Based on questionnaires and check-ins up to "
        "{date}.",
    ),
    "patient.pain": ("Pijn", "Pain"),
    "patient.function": ("Functioneren", "Function"),
    "patient.psychosocial": (
        "Bewegingsangst, catastroferen, vertrouwen en sensitisatie",
        "Fear of movement, catastrophising, confidence and sensitisation",
    ),
    "patient.stress_sleep": ("Stress en slaap naast pijn", "Stress and sleep next to pain"),
    "patient.load": ("Belasting en belastbaarheid", "Load and load capacity"),
    "patient.activity": ("Beweging en oefentrouw", "Activity and exercise adherence"),
    "patient.change": ("Verandering sinds de start", "Change since the start"),
    "patient.flags": ("Signalen", "Flags"),
    "fact.patient": ("Patiëntnummer", "Patient number"),
    "fact.start": ("Start behandeling", "Episode start"),
    "fact.weeks": ("Weken in zorg", "Weeks in care"),
    "fact.sessions": ("Sessies", "Sessions"),
    "fact.status": ("Status", "Status"),
    "status.open": ("lopend", "open"),
    "status.ended": ("afgerond op {date}", "ended on {date}"),
    "earlier": ("Eerdere behandelingen: {items}.", "Earlier episodes: {items}."),
    "earlier.item": ("{start} tot {end} ({therapist})", "{start} to {end} ({therapist})"),
    "earlier.open": ("lopend", "open"),
    "no_episode": (
        "Deze patiënt had op {date} nog geen behandeling.",
        "This patient had no episode yet on {date}.",
    ),
    "note.pain": (
        "Dagelijkse check-in (pijn nu, ergste pijn in 24 uur) met het 7-daagse gemiddelde, "
        "en de NPRS-vragenlijst (ruit). Grijze band: NPRS-startwaarde ± MCID; een meting "
        "op of buiten de band is een klinisch relevante verandering. Stippellijnen: "
        "vragenlijstmomenten.",
        "Daily check-in (current pain, worst pain in 24 h) with its 7-day mean, and the "
        "NPRS questionnaire (diamond). Grey band: NPRS baseline ± MCID; a measurement "
        "on or outside the band is a clinically important change. Dotted lines: questionnaire "
        "moments.",
    ),
    "note.function": (
        "Eén paneel per vragenlijst, met de richting (lager of hoger = beter). Grijze band: "
        "startwaarde ± MCID. PSK en PSFS hebben geen gepubliceerde MCID en dus geen band. "
        "ODI: stippellijnen bij 20, 40, 60 en 80 %.",
        "One panel per questionnaire, with its direction (lower or higher = better). Grey "
        "band: baseline ± MCID. PSK and PSFS have no published MCID and so no band. ODI: "
        "dotted lines at 20, 40, 60 and 80 %.",
    ),
    "note.psychosocial": (
        "Afkappunten (stippellijn, oranje): TSK-17 > 37 hoge bewegingsangst, PCS ≥ 30 "
        "klinisch relevant catastroferen, CSI ≥ 40 (banden 30, 40, 50, 60); de TSK-11 heeft geen "
        "afkappunt. Vertrouwen: "
        "check-in 'ik heb invloed op mijn klachten' (0–10), weekgemiddelde.",
        "Cut-offs (dashed, orange): TSK-17 > 37 high fear of movement, PCS ≥ 30 clinically "
        "relevant catastrophising, CSI ≥ 40 (bands 30, 40, 50, 60); the TSK-11 has no cut-off. "
        "Confidence: check-in 'I "
        "can influence my complaints' (0–10), weekly mean.",
    ),
    "note.stress_sleep": (
        "Weekgemiddelden van de check-in (week van maandag tot zondag).",
        "Weekly means of the check-in (weeks Monday to Sunday).",
    ),
    "note.load": (
        "Oranje vlak: dagen waarop de belasting hoger was dan de belastbaarheid.",
        "Orange area: days on which the load was above the load capacity.",
    ),
    "load.recent": (
        "Laatste {n} check-ins: {over} keer belasting boven belastbaarheid (belasting min "
        "belastbaarheid gemiddeld {diff}).",
        "Last {n} check-ins: load above capacity on {over} of them (load minus capacity "
        "{diff} on average).",
    ),
    "note.activity": (
        "Gemiddelde beweegminuten per dag met een check-in, en het aandeel check-ins waarin "
        "de oefeningen zijn gedaan, per week.",
        "Mean active minutes per day with a check-in, and the share of check-ins with the "
        "exercises done, per week.",
    ),
    "none.pain": (
        "Nog geen pijnmetingen in deze behandeling.",
        "No pain measurements in this episode yet.",
    ),
    "none.function": (
        "Nog geen vragenlijst over functioneren ingevuld.",
        "No function questionnaire completed yet.",
    ),
    "none.psychosocial": (
        "Nog geen vragenlijst over bewegingsangst, catastroferen, vertrouwen of "
        "sensitisatie ingevuld, en geen check-ins.",
        "No questionnaire on fear of movement, catastrophising, confidence or sensitisation "
        "completed yet, and no check-ins.",
    ),
    "none.checkins": (
        "Nog geen check-ins in deze behandeling.",
        "No check-ins in this episode yet.",
    ),
    "none.load": (
        "Nog geen check-ins met belasting en belastbaarheid.",
        "No check-ins with load and load capacity yet.",
    ),
    "none.change": (
        "Nog geen vragenlijsten in deze behandeling.",
        "No questionnaires in this episode yet.",
    ),
    "none.flags": (
        "Geen signalen voor deze behandeling op {date}.",
        "No flags for this episode on {date}.",
    ),
    "col.instrument": ("Vragenlijst", "Questionnaire"),
    "col.scale": ("Schaal", "Scale"),
    "col.direction": ("Richting", "Direction"),
    "col.baseline": ("Start (datum)", "Baseline (date)"),
    "col.latest": ("Laatste (datum)", "Latest (date)"),
    "col.change": ("Verandering", "Change"),
    "col.pct": ("% verandering", "% change"),
    "col.mcid": ("MCID-oordeel", "MCID verdict"),
    "col.rci": ("RCI", "RCI"),
    "col.rci_status": ("RCI-oordeel", "RCI verdict"),
    "col.severity": ("Ernst", "Severity"),
    "verdict.improved": ("verbeterd", "improved"),
    "verdict.unchanged": ("onveranderd", "unchanged"),
    "verdict.deteriorated": ("verslechterd", "deteriorated"),
    "verdict.none": ("–", "–"),
    "direction.lower": ("lager = beter", "lower = better"),
    "direction.higher": ("hoger = beter", "higher = better"),
    "direction.none": ("–", "–"),
    "change.lenses": (
        "Twee lenzen: MCID (klinisch relevant voor de patiënt: absolute of procentuele "
        "drempel) en RCI (betrouwbare verandering volgens Jacobson–Truax: (laatste − start) "
        "/ (√2 × SEM), betrouwbaar bij |RCI| > 1,96). Start = de intakemeting van deze "
        "behandeling, of zonder intakemeting de eerste meting; – = geen gepubliceerde drempel "
        "of SEM, of nog geen vervolgmeting.",
        "Two lenses: MCID (important to the patient: an absolute or percentage threshold) "
        "and RCI (reliable change after Jacobson–Truax: (latest − baseline) / (√2 × SEM), "
        "reliable when |RCI| > 1.96). Baseline = the episode's intake measurement, or without "
        "one its first measurement; – = no published threshold or SEM, or no follow-up yet.",
    ),
    "source.mcid": ("MCID {value}", "MCID {value}"),
    "source.pct": ("of {value}%", "or {value}%"),
    "source.sem": ("SEM {value}", "SEM {value}"),
    "source.none": (
        "geen gepubliceerde MCID of SEM: alleen de verandering",
        "no published MCID or SEM: change only",
    ),
    "source.screening": (
        "screeningsinstrument: geen veranderingsoordeel",
        "screening tool: no verdict on change",
    ),
    "source.transition": (
        "overgangsvraag: 1–2 verbeterd, 5–7 verslechterd",
        "transition question: 1–2 improved, 5–7 deteriorated",
    ),
    "source.pcs_high": ("11 bij een start boven 30", "11 with a baseline above 30"),
    "points": ("punten", "points"),
    "col.measured": ("Score (datum)", "Score (date)"),
    "col.cutoff": ("Afkappunt", "Cut-off"),
    "col.band": ("Start ± MCID", "Baseline ± MCID"),
    "band.value": ("{low}–{high} (MCID {mcid})", "{low}–{high} (MCID {mcid})"),
    "moment.intake": ("intake", "intake"),
    "moment.interim": ("tussentijds", "interim"),
    "moment.discharge": ("eind", "discharge"),
    "note.single": (
        "Eén meting, dus (nog) geen verloop om te tekenen. "
        "Start ± MCID: een volgende meting op of buiten dit bereik is een klinisch relevante "
        "verandering.",
        "Measured once, so there is no course to draw (yet). "
        "Baseline ± MCID: a next measurement on or outside this range is a clinically important "
        "change.",
    ),
})
"""Every string of the patient page, Dutch and English."""
