"""Localized strings shared by every page (Dutch first; English available).

Views add their own strings in their page class's ``strings`` (same shape); ``Page.t`` looks a
key up in the page's language, then in Dutch, and shows the key itself as a last resort.
Placeholders use ``str.format`` fields.

Examples
--------
>>> sorted(STRINGS)
['en', 'nl']
>>> set(STRINGS["nl"]) == set(STRINGS["en"])
True
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "patient_id.label": "Patiënt",
        "patient_id.unknown": (
            "Deze patiënt staat niet in de gegevens. Kies een patiënt uit de lijst."
        ),
        "patient_id.prompt": "Kies een patiënt uit de lijst.",
        "therapist.label": "Therapeut",
        "therapist.unknown": (
            "Deze therapeut staat niet in de gegevens. Kies een therapeut uit de lijst."
        ),
        "therapist.prompt": "Kies een therapeut uit de lijst.",
        "therapist.all": "Alle therapeuten",
        "month.label": "Maand",
        "month.unknown": "Voor deze maand zijn geen gegevens. Kies een maand uit de lijst.",
        "month.prompt": "Kies een maand uit de lijst.",
        "message.section_failed": (
            "Dit onderdeel kan nu niet worden getoond. De beheerder vindt de details in het "
            "serverlog."
        ),
        "message.page_failed": (
            "Deze pagina kan nu niet worden getoond. De beheerder vindt de details in het "
            "serverlog."
        ),
        "message.store_missing": (
            "De gegevens zijn niet beschikbaar. Vraag de beheerder de gegevens opnieuw in te "
            "lezen (beyou clean)."
        ),
        "message.no_request": "De pagina kon het adres niet lezen. Laad de pagina opnieuw.",
        "message.bad_language": "Onbekende taal in het adres; de pagina is in het Nederlands.",
        "message.bad_as_of": (
            "De datum in het adres is ongeldig (verwacht JJJJ-MM-DD); de laatste datum met "
            "gegevens wordt gebruikt."
        ),
        "page.as_of": "Stand van zaken op {date}",
        "page.none": "geen",
        "page.no_rows": "Geen gegevens om te tonen.",
        "page.footer": (
            "Parameters: {params} · gegevens (snapshot) {snapshot} · beyou-analytics {version} "
            "· gemaakt {made}"
        ),
        "landing.title": "BeYou dashboards",
        "landing.intro": "Kies een dashboard:",
        "caseload.title": "Caseload",
        "patient.title": "Voortgang van een patiënt",
        "practice.title": "Praktijk per maand",
        "research.title": "Onderzoek",
    },
    "en": {
        "patient_id.label": "Patient",
        "patient_id.unknown": "This patient is not in the data. Choose a patient from the list.",
        "patient_id.prompt": "Choose a patient from the list.",
        "therapist.label": "Therapist",
        "therapist.unknown": "This therapist is not in the data. Choose a therapist from the list.",
        "therapist.prompt": "Choose a therapist from the list.",
        "therapist.all": "All therapists",
        "month.label": "Month",
        "month.unknown": "There is no data for this month. Choose a month from the list.",
        "month.prompt": "Choose a month from the list.",
        "message.section_failed": (
            "This section cannot be shown right now. The administrator finds the details in "
            "the server log."
        ),
        "message.page_failed": (
            "This page cannot be shown right now. The administrator finds the details in the "
            "server log."
        ),
        "message.store_missing": (
            "The data is not available. Ask the administrator to read the exports again "
            "(beyou clean)."
        ),
        "message.no_request": "The page could not read its address. Please reload the page.",
        "message.bad_language": "Unknown language in the address; the page is shown in Dutch.",
        "message.bad_as_of": (
            "The date in the address is not valid (expected YYYY-MM-DD); the last date with "
            "data is used."
        ),
        "page.as_of": "Situation on {date}",
        "page.none": "none",
        "page.no_rows": "No data to show.",
        "page.footer": (
            "Parameters: {params} · data snapshot {snapshot} · beyou-analytics {version} "
            "· made {made}"
        ),
        "landing.title": "BeYou dashboards",
        "landing.intro": "Choose a dashboard:",
        "caseload.title": "Caseload",
        "patient.title": "A patient's progress",
        "practice.title": "The practice per month",
        "research.title": "Research",
    },
}
