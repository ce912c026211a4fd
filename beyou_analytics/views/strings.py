"""Localized strings shared by every page (Dutch first; English available).

Strings are data: each key is written once with its Dutch and English text side by side, so a
translation cannot go missing; ``bilingual`` turns such a table into the ``{"nl": {...},
"en": {...}}`` shape ``Page.t`` reads. Views add their own tables (their page class's
``strings``); ``Page.t`` looks a key up in the page's language, then in Dutch, and shows the key
itself as a last resort. Placeholders use ``str.format`` fields.

Examples
--------
>>> table = bilingual({"demo.title": ("Voortgang", "Progress")})
>>> table["nl"]["demo.title"], table["en"]["demo.title"]
('Voortgang', 'Progress')
>>> sorted(STRINGS), set(STRINGS["nl"]) == set(STRINGS["en"])
(['en', 'nl'], True)
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("nl", "en")


def bilingual(pairs: Mapping[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    """``{key: (nl, en)}`` as ``{"nl": {key: nl}, "en": {key: en}}``."""
    return {lang: {key: texts[i] for key, texts in pairs.items()}
            for i, lang in enumerate(LANGUAGES)}


STRINGS: dict[str, dict[str, str]] = bilingual({
    "nav.home": ("← Alle dashboards", "← All dashboards"),
    "patient_id.label": ("Patiënt", "Patient"),
    "patient_id.unknown": (
        "Deze patiënt staat niet in de gegevens. Kies een patiënt uit de lijst.",
        "This patient is not in the data. Choose a patient from the list.",
    ),
    "patient_id.prompt": ("Kies een patiënt uit de lijst.", "Choose a patient from the list."),
    "patient_id.example": (
        "Geen patiënt gekozen: voorbeeld {value} (de eerste uit de lijst). Geef patient_id op "
        "voor een andere patiënt.",
        "No patient chosen: example {value} (the first in the list). Set patient_id for "
        "another patient.",
    ),
    "therapist.label": ("Therapeut", "Therapist"),
    "therapist.unknown": (
        "Deze therapeut staat niet in de gegevens. Kies een therapeut uit de lijst.",
        "This therapist is not in the data. Choose a therapist from the list.",
    ),
    "therapist.prompt": ("Kies een therapeut uit de lijst.", "Choose a therapist from the list."),
    "therapist.example": (
        "Geen therapeut gekozen: voorbeeld {value} (de eerste uit de lijst). Geef therapist "
        "op voor een andere therapeut.",
        "No therapist chosen: example {value} (the first in the list). Set therapist for "
        "another therapist.",
    ),
    "therapist.all": ("Alle therapeuten", "All therapists"),
    "month.label": ("Maand", "Month"),
    "month.unknown": (
        "Voor deze maand zijn geen gegevens. Kies een maand uit de lijst.",
        "There is no data for this month. Choose a month from the list.",
    ),
    "month.prompt": ("Kies een maand uit de lijst.", "Choose a month from the list."),
    "message.section_failed": (
        "Dit onderdeel kan nu niet worden getoond. De beheerder vindt de details in het "
        "serverlog.",
        "This section cannot be shown right now. The administrator finds the details in the "
        "server log.",
    ),
    "message.page_failed": (
        "Deze pagina kan nu niet worden getoond. De beheerder vindt de details in het "
        "serverlog.",
        "This page cannot be shown right now. The administrator finds the details in the "
        "server log.",
    ),
    "message.store_missing": (
        "De gegevens zijn niet beschikbaar. Vraag de beheerder de gegevens opnieuw in te lezen "
        "(beyou clean).",
        "The data is not available. Ask the administrator to read the exports again "
        "(beyou clean).",
    ),
    "message.no_request": (
        "De pagina kon het adres niet lezen. Laad de pagina opnieuw.",
        "The page could not read its address. Please reload the page.",
    ),
    "message.bad_language": (
        "Onbekende taal in het adres; de pagina is in het Nederlands.",
        "Unknown language in the address; the page is shown in Dutch.",
    ),
    "message.bad_as_of": (
        "De datum in het adres is ongeldig (verwacht JJJJ-MM-DD); de laatste datum met "
        "gegevens wordt gebruikt.",
        "The date in the address is not valid (expected YYYY-MM-DD); the last date with data "
        "is used.",
    ),
    "page.as_of": ("Stand van zaken op {date}", "Situation on {date}"),
    "page.none": ("geen", "none"),
    "page.no_rows": ("Geen gegevens om te tonen.", "No data to show."),
    "landing.title": ("BeYou dashboards", "BeYou dashboards"),
    "landing.intro": ("Kies een dashboard:", "Choose a dashboard:"),
    "caseload.title": ("Caseload", "Caseload"),
    "patient.title": ("Voortgang van een patiënt", "A patient's progress"),
    "practice.title": ("Praktijk per maand", "The practice per month"),
    "research.title": ("Onderzoek", "Research"),
})
"""Strings of the ``Page`` base: pickers, messages, page titles."""
