"""The monthly report's strings: ``key: (Dutch, English)`` (``Page.t`` looks here first, then in
``views.strings``).

Examples
--------
>>> STRINGS["en"]["practice.headline.intakes"]
'Intakes'
"""

from __future__ import annotations

from beyou_analytics.views.strings import bilingual

STRINGS: dict[str, dict[str, str]] = bilingual({
    "practice.heading": ("Maandrapport {month}", "Monthly report {month}"),
    "practice.subtitle": (
        "Fysiotherapie BeYou · gegevens tot en met {date}",
        "Fysiotherapie BeYou · data up to and including {date}",
    ),
    "practice.intro": (
        "Kerncijfers van de maand, de volledigheid van de metingen volgens het "
        "meetprotocol, de uitkomsten van de afgesloten behandelingen, de uitval in de loop "
        "van een behandeling, de cijfers per therapeut en het verloop over 12 maanden. "
        "Naast elk percentage staat op hoeveel behandelingen het berust.",
        "Key numbers of the month, completeness of the measurements against the measurement "
        "protocol, outcomes of the episodes discharged, attrition during treatment, numbers "
        "per therapist and the last 12 months. Every percentage shows the number of "
        "episodes it rests on.",
    ),
    "practice.section.headline": ("Kerncijfers", "Key numbers"),
    "practice.section.completeness": ("Volledigheid van de metingen", "Measurement completeness"),
    "practice.section.outcomes": (
        "Uitkomsten van de afgesloten behandelingen",
        "Outcomes of the episodes discharged",
    ),
    "practice.section.funnel": (
        "Uitval in de loop van de behandeling",
        "Attrition during treatment",
    ),
    "practice.section.therapists": ("Per therapeut", "Per therapist"),
    "practice.section.trends": ("Verloop over 12 maanden", "The last 12 months"),
    "practice.headline.intakes": ("Intakes", "Intakes"),
    "practice.headline.discharges": ("Afgesloten behandelingen", "Episodes discharged"),
    "practice.headline.open": ("Lopende behandelingen op {date}", "Open episodes on {date}"),
    "practice.headline.sessions": (
        "Sessies per afgesloten behandeling (mediaan)",
        "Sessions per discharged episode (median)",
    ),
    "practice.headline.sessions_sub": (
        "n = {n}; middelste helft {q1}–{q3}",
        "n = {n}; middle half {q1}–{q3}",
    ),
    "practice.headline.note": (
        "Intake: behandeling gestart in de maand. Afgesloten: einddatum in de maand. "
        "Sessies per behandeling: het aantal sessies van de in de maand afgesloten "
        "behandelingen (vorige maand: mediaan {previous}).",
        "Intake: episode started in the month. Discharged: end date in the month. Sessions "
        "per episode: the sessions of the episodes discharged in the month (last month: "
        "median {previous}).",
    ),
    "practice.previous": ("{month}: {value}", "{month}: {value}"),
    "practice.too_few": (
        "te weinig trajecten (n = {n}) voor een mediaan",
        "too few episodes (n = {n}) for a median",
    ),
    "practice.too_few_cohort": (
        "Te weinig afgesloten behandelingen (n = {n}) om te tonen.",
        "Too few discharged episodes (n = {n}) to show.",
    ),
    "practice.of": ("{hits} van {n}", "{hits} of {n}"),
    "practice.not_applicable": ("n.v.t.", "n/a"),
    "practice.col.measure": ("Meting", "Measurement"),
    "practice.col.intake": ("Bij intake (n = {n} gestart)", "At intake (n = {n} started)"),
    "practice.col.discharge": (
        "Bij afsluiting (n = {n} afgesloten)",
        "At discharge (n = {n} discharged)",
    ),
    "practice.measure.NPRS": ("Pijn (NPRS)", "Pain (NPRS)"),
    "practice.measure.PSK/PSFS": (
        "Klachten in activiteiten (PSK of PSFS)",
        "Activity complaints (PSK or PSFS)",
    ),
    "practice.measure.core": ("Kernset: NPRS én PSK/PSFS", "Core set: NPRS and PSK/PSFS"),
    "practice.measure.QBPDS": (
        "Beperkingen (QBPDS, ODI of RMDQ)",
        "Disability (QBPDS, ODI or RMDQ)",
    ),
    "practice.measure.GPE": ("Ervaren effect (GPE)", "Perceived effect (GPE)"),
    "practice.measure.complete": ("Volledige protocolset", "Full protocol set"),
    "practice.completeness.note": (
        "Een meting telt als hij geldig is ingevuld binnen 14 dagen voor of na de "
        "startdatum (intake) of de einddatum (afsluiting), zoals het meetprotocol "
        "voorschrijft. Een afsluitmeting mag tot 14 dagen na de einddatum komen; voor "
        "behandelingen die aan het eind van de maand zijn afgesloten kan die nog ontbreken. "
        "Percentages op minder dan 5 behandelingen worden niet getoond (–).",
        "A measurement counts when it was validly completed within 14 days before or after "
        "the start date (intake) or end date (discharge), as the measurement protocol says. "
        "A discharge measurement may come up to 14 days after the end date, so it can still "
        "be missing for episodes discharged at the end of the month. Percentages resting on "
        "fewer than 5 episodes are not shown (–).",
    ),
    "practice.col.instrument": ("Meetinstrument", "Instrument"),
    "practice.col.direction": ("Beter is", "Better is"),
    "practice.col.n": ("n", "n"),
    "practice.col.baseline": ("Mediaan intake", "Median at intake"),
    "practice.col.latest": ("Mediaan afsluiting", "Median at discharge"),
    "practice.col.change": ("Mediane verandering", "Median change"),
    "practice.col.mcid": ("Klinisch relevant verbeterd", "Clinically important improvement"),
    "practice.instrument.NPRS": ("Pijn (NPRS)", "Pain (NPRS)"),
    "practice.instrument.PSK": ("Klachten in activiteiten (PSK)", "Activity complaints (PSK)"),
    "practice.instrument.PSFS": ("Activiteiten (PSFS)", "Activities (PSFS)"),
    "practice.instrument.QBPDS": ("Beperkingen (QBPDS)", "Disability (QBPDS)"),
    "practice.instrument.ODI": ("Beperkingen (ODI)", "Disability (ODI)"),
    "practice.instrument.RMDQ": ("Beperkingen (RMDQ)", "Disability (RMDQ)"),
    "practice.lower_better": ("lager", "lower"),
    "practice.higher_better": ("hoger", "higher"),
    "practice.no_mcid": ("geen MCID gepubliceerd", "no published MCID"),
    "practice.gpe.label": (
        "Ervaren effect bij afsluiting: (heel) veel verbeterd (GPE 1–2)",
        "Perceived effect at discharge: much improved or recovered (GPE 1–2)",
    ),
    "practice.outcomes.note": (
        "Behandelingen met een einddatum in de maand en een meting bij intake en bij "
        "afsluiting (binnen 14 dagen van de einddatum). Verandering = afsluiting min "
        "intake. Klinisch relevant verbeterd: de verbetering haalt de minimaal klinisch "
        "relevante verandering (MCID: NPRS 2 punten, QBPDS 20, ODI 10, RMDQ 5, of telkens 30%; "
        "Ostelo 2008); n is het aantal behandelingen met een oordeel. Medianen en percentages op "
        "minder dan 5 behandelingen worden niet getoond (–).",
        "Episodes with an end date in the month and a measurement at intake and at "
        "discharge (within 14 days of the end date). Change = discharge minus intake. "
        "Clinically important improvement: the improvement reaches the minimal clinically "
        "important difference (MCID: NPRS 2 points, QBPDS 20, ODI 10, RMDQ 5, or 30% each; "
        "Ostelo 2008); n is the number of episodes with a verdict. Medians and percentages resting "
        "on fewer than 5 episodes are not shown (–).",
    ),
    "practice.funnel.cohort": (
        "Alle behandelingen afgesloten van {start} tot en met {end} (n = {n}): elke "
        "behandeling heeft elke stap kunnen halen. Een behandeling telt bij een stap als ze "
        "die stap en alle eerdere stappen haalde.",
        "All episodes discharged from {start} up to and including {end} (n = {n}): each had "
        "the chance to pass every stage. An episode counts at a stage when it passed that "
        "stage and every earlier one.",
    ),
    "practice.stage.started": ("Gestart", "Started"),
    "practice.stage.intake_complete": (
        "Intakemeting compleet (NPRS + PSK/PSFS)",
        "Intake measurement complete (NPRS + PSK/PSFS)",
    ),
    "practice.stage.checkin_week1": ("Check-in in week 1", "Check-in in week 1"),
    "practice.stage.checkin_week6": ("Nog check-ins in week 6", "Still checking in at week 6"),
    "practice.stage.goal_reached": ("Afgesloten met doel bereikt", "Discharged with goal reached"),
    "practice.stage.discharge_complete": (
        "Eindmeting compleet (NPRS + PSK/PSFS)",
        "Discharge measurement complete (NPRS + PSK/PSFS)",
    ),
    "practice.col.stage": ("Stap", "Stage"),
    "practice.col.episodes": ("Behandelingen", "Episodes"),
    "practice.col.of_start": ("% van gestart", "% of started"),
    "practice.col.of_previous": ("% van vorige stap", "% of previous stage"),
    "practice.funnel.note": (
        "Week 1 = dag 0–6 na de start; week 6 = dag 35–41 (voor een behandeling korter dan "
        "6 weken: een check-in in de laatste 7 dagen). Intake- en eindmeting: binnen 14 "
        "dagen van de start- of einddatum.",
        "Week 1 = days 0–6 after the start; week 6 = days 35–41 (for an episode shorter "
        "than 6 weeks: a check-in in its last 7 days). Intake and discharge measurement: "
        "within 14 days of the start or end date.",
    ),
    "practice.total": ("Praktijk", "Practice"),
    "practice.therapists.therapist": ("Therapeut", "Therapist"),
    "practice.therapists.open": ("Lopend", "Open"),
    "practice.therapists.intakes": ("Intakes", "Intakes"),
    "practice.therapists.discharges": ("Afgesloten", "Discharged"),
    "practice.therapists.window": ("12 maanden: {start} t/m {end}", "12 months: {start} to {end}"),
    "practice.therapists.sessions": ("Mediaan sessies", "Median sessions"),
    "practice.therapists.intake_core": ("Intakemeting compleet", "Intake measurement complete"),
    "practice.therapists.nprs_mcid": ("NPRS MCID bereikt", "NPRS MCID reached"),
    "practice.therapists.gpe": ("GPE verbeterd", "GPE improved"),
    "practice.therapists.n": ("n", "n"),
    "practice.therapists.note": (
        "Intakemeting: van de behandelingen gestart in de 12 maanden; NPRS en GPE: van de "
        "behandelingen afgesloten in de 12 maanden (n = met een oordeel). {small} = minder "
        "dan 5 patiënten; {hidden} = verborgen zodat een kleine cel niet uit het totaal te "
        "herleiden is; {value} = niet getoond omdat het op minder dan 5 patiënten berust. "
        "De rij Praktijk telt alle behandelingen.",
        "Intake measurement: of the episodes started in the 12 months; NPRS and GPE: of the "
        "episodes discharged in the 12 months (n = with a verdict). {small} = fewer than 5 "
        "patients; {hidden} = hidden so that a small cell cannot be worked out from the "
        "total; {value} = not shown because it rests on fewer than 5 patients. The Practice "
        "row counts every episode.",
    ),
    "practice.trend.activity": (
        "Intakes, afgesloten en lopende behandelingen",
        "Intakes, discharged and open episodes",
    ),
    "practice.trend.intakes": ("Intakes", "Intakes"),
    "practice.trend.discharges": ("Afgesloten", "Discharged"),
    "practice.trend.open_at_end": (
        "Lopend aan het eind van de maand",
        "Open at the end of the month",
    ),
    "practice.trend.completeness": (
        "Volledigheid van de metingen (kernset, %)",
        "Measurement completeness (core set, %)",
    ),
    "practice.trend.outcomes": ("Uitkomsten bij afsluiting (%)", "Outcomes at discharge (%)"),
    "practice.trend.intake": ("Intakemeting compleet", "Intake measurement complete"),
    "practice.trend.discharge": ("Eindmeting compleet", "Discharge measurement complete"),
    "practice.trend.mcid": (
        "NPRS klinisch relevant verbeterd",
        "NPRS clinically important improvement",
    ),
    "practice.trend.gpe": ("GPE (heel) veel verbeterd", "GPE much improved or recovered"),
    "practice.trend.sessions": (
        "Sessies per afgesloten behandeling (mediaan)",
        "Sessions per discharged episode (median)",
    ),
    "practice.trend.iqr": ("middelste helft", "middle half"),
    "practice.axis.episodes": ("Behandelingen", "Episodes"),
    "practice.axis.share": ("% van de behandelingen", "% of episodes"),
    "practice.axis.sessions": ("Sessies", "Sessions"),
    "practice.trend.note": (
        "Percentages per maand van afsluiting (intakemeting: maand van start); een maand "
        "met minder dan 5 behandelingen blijft leeg.",
        "Percentages per month of discharge (intake measurement: month of start); a month "
        "with fewer than 5 episodes is left empty.",
    ),

})
"""Every string of the page, Dutch and English."""
