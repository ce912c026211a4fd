"""The caseload page's own strings: ``key: (Dutch, English)``, with the clinical ones shared
with the patient page (``views.clinical.PAIRS``).

Examples
--------
>>> STRINGS["nl"]["caseload.attention"]
'Wie heeft deze week aandacht nodig?'
"""

from __future__ import annotations

from beyou_analytics.views.clinical import PAIRS
from beyou_analytics.views.strings import bilingual

STRINGS: dict[str, dict[str, str]] = bilingual({
    **PAIRS,
    "caseload.heading": ("Caseload van {therapist}", "Caseload of {therapist}"),
    "caseload.attention": ("Wie heeft deze week aandacht nodig?", "Who needs attention this week?"),
    "caseload.episodes": ("Alle open behandelingen", "All open episodes"),
    "fact.open": ("Open behandelingen", "Open episodes"),
    "fact.flags": ("Signalen", "Flags"),
    "fact.high": ("waarvan hoog", "of which high"),
    "group.high": ("Hoog", "High"),
    "group.medium": ("Middel", "Medium"),
    "group.low": ("Laag", "Low"),
    "none.open": ("Geen open behandelingen op {date}.", "No open episodes on {date}."),
    "none.flags": (
        "Geen signalen op {date}: niemand vraagt deze week extra aandacht.",
        "No flags on {date}: nobody needs extra attention this week.",
    ),
    "ended": ("afgerond", "ended"),
    "col.patient": ("Patiënt", "Patient"),
    "col.weeks": ("Weken in zorg", "Weeks in care"),
    "col.sessions": ("Sessies", "Sessions"),
    "col.last": ("Laatste check-in (dagen geleden)", "Last check-in (days ago)"),
    "col.pain": ("Pijn nu (7 d; 8 weken)", "Pain now (7 d; 8 weeks)"),
    "col.nprs": ("NPRS", "NPRS"),
    "col.activity": ("PSK/PSFS", "PSK/PSFS"),
    "col.disability": ("QBPDS/ODI/RMDQ", "QBPDS/ODI/RMDQ"),
    "col.adherence": ("Oefentrouw (14 d)", "Adherence (14 d)"),
    "col.flags": ("Signalen", "Flags"),
    "days.none": ("nog geen", "none yet"),
    "started": ("gestart op {date}", "started on {date}"),
    "verdict.improved": ("↑ beter", "↑ better"),
    "verdict.deteriorated": ("↓ slechter", "↓ worse"),
    "verdict.unchanged": ("= gelijk", "= same"),
    "verdict.none": ("MCID onbekend", "MCID unknown"),
    "only_start": ("alleen start", "baseline only"),
    "spark.title": (
        "Pijn nu, weekgemiddelde van de laatste 8 weken: {values}",
        "Current pain, weekly mean of the last 8 weeks: {values}",
    ),
    "note.episodes": (
        "Verandering: start → laatste meting, met het MCID-oordeel (↑ beter, = gelijk, ↓ "
        "slechter; PSK en PSFS hebben geen gepubliceerde MCID). Pijn nu: gemiddelde van de "
        "check-ins van de laatste 7 dagen; de lijn toont het weekgemiddelde van de laatste 8 "
        "weken op een schaal van 0 tot 10.",
        "Change: baseline → latest measurement, with the MCID verdict (↑ better, = same, ↓ "
        "worse; PSK and PSFS have no published MCID). Pain now: mean of the check-ins of the "
        "last 7 days; the line shows the weekly mean of the last 8 weeks on a 0-10 scale.",
    ),
})
"""Every string of the caseload page, Dutch and English."""
