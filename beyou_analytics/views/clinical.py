"""Clinical words shared by the patient and caseload pages: codes, flags, their strings.

``display_code`` writes an instrument code as clinicians do (``TSK17`` -> ``TSK-17``);
``flag_parts`` splits a flag's message from its rule for a table; ``PAIRS`` are the strings
both pages use (severity words, the flag table's columns, the shared facts), merged into each
page's own table.

Examples
--------
>>> display_code("TSK17"), display_code("NPRS")
('TSK-17', 'NPRS')
>>> flags = pd.DataFrame({"code": ["disengaged"], "message_nl": [
...     "Al 20 dagen geen check-in (regel: ≥ 14 dagen zonder check-in in een lopende "
...     "behandeling)"], "message_en": ["No check-in for 20 days"]})
>>> flag_parts(flags, "nl")[["title", "message"]].values.tolist()
[['Geen recente check-ins', 'Al 20 dagen geen check-in']]
"""

from __future__ import annotations

import pandas as pd

from beyou_analytics.flags import get_rule

DISPLAY_CODES = {"TSK17": "TSK-17", "TSK11": "TSK-11", "PSEQ2": "PSEQ-2", "OMPSQ10": "ÖMPSQ-10",
                 "PSEQ": "PSEQ-10"}

PAIRS: dict[str, tuple[str, str]] = {
    "fact.therapist": ("Therapeut", "Therapist"),
    "fact.as_of": ("Stand op", "As of"),
    "severity.high": ("hoog", "high"),
    "severity.medium": ("middel", "medium"),
    "severity.low": ("laag", "low"),
    "col.flag": ("Signaal", "Flag"),
    "col.message": ("Toelichting", "Details"),
    "col.rule": ("Regel", "Rule"),
}
"""Strings of both the patient and the caseload page: ``key: (Dutch, English)``."""


def display_code(code: str) -> str:
    """The instrument code as clinicians write it (``TSK17`` -> ``TSK-17``)."""
    return DISPLAY_CODES.get(code, code)


def flag_parts(flags: pd.DataFrame, language: str) -> pd.DataFrame:
    """Flags with their title, message (rule text removed) and rule in ``language``.

    The flag frame's messages end with "(regel: ...)"/"(rule: ...)"; the pages show the rule
    in a column or a footnote of its own.
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
