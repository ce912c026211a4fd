"""The flag registry: every flag is an explainable rule, registered once as data.

A ``FlagRule`` carries its code, severity, Dutch and English title, the text of the rule with
its thresholds (Dutch and English), the episodes it looks at (``scope``) and the function that
finds the episodes it fires for. The model is papermill's ``translators.py``: one
``register(...)`` call per entry, and a lookup that fails with one sentence naming what was
asked for.

Examples
--------
>>> from beyou_analytics.flags import get_rule
>>> rule = get_rule("disengaged")
>>> rule.severity, rule.scope
('medium', 'open')
>>> get_rule("no_such_flag")
Traceback (most recent call last):
...
beyou_analytics.errors.NotFoundError: unknown flag code 'no_such_flag'; known codes: ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from beyou_analytics.errors import NotFoundError

if TYPE_CHECKING:
    from beyou_analytics.flags.context import FlagContext

SEVERITIES = ("high", "medium", "low")
"""Severity levels, most urgent first (the flag frame is sorted in this order)."""

SCOPES = {
    "open": "episodes open on the as-of date (no end date, or an end date after it)",
    "ended": "episodes that ended on or before the as-of date, within the discharge lookback",
}
HIT_COLUMNS = ("episode_id", "message_nl", "message_en", "values")


@dataclass(frozen=True)
class FlagRule:
    """One flag: what it means, the rule with its thresholds, and the function that applies it.

    ``function(context)`` returns one row per episode the rule fires for, with the columns
    ``HIT_COLUMNS``: the episode, a Dutch and an English sentence with the numbers that fired
    it, and ``values`` (a dict of those numbers). The evaluator adds the rule text, patient,
    therapist, severity and date.
    """

    code: str
    severity: str
    title_nl: str
    title_en: str
    rule_nl: str
    rule_en: str
    scope: str
    function: Callable[[FlagContext], pd.DataFrame]
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(
                f"flag {self.code}: severity must be one of {', '.join(SEVERITIES)}, "
                f"got {self.severity!r}"
            )
        if self.scope not in SCOPES:
            raise ValueError(
                f"flag {self.code}: scope must be one of {', '.join(SCOPES)}, got {self.scope!r}"
            )


_RULES: dict[str, FlagRule] = {}


def register(rule: FlagRule) -> FlagRule:
    """Add ``rule`` to the registry; its code must be new."""
    if rule.code in _RULES:
        raise ValueError(f"flag {rule.code} is registered twice")
    _RULES[rule.code] = rule
    return rule


def flag_codes() -> tuple[str, ...]:
    """Registered flag codes, in registration order."""
    return tuple(_RULES)


def iter_rules() -> Iterator[FlagRule]:
    """Every registered rule, in registration order."""
    return iter(_RULES.values())


def get_rule(code: str) -> FlagRule:
    """The rule registered as ``code``."""
    try:
        return _RULES[code]
    except KeyError:
        raise NotFoundError(
            f"unknown flag code {code!r}; known codes: {', '.join(_RULES)}"
        ) from None


def rules_table() -> pd.DataFrame:
    """Every rule as a row (code, severity, titles, rule texts, scope), to show what fires when.

    Examples
    --------
    >>> from beyou_analytics.flags import rules_table
    >>> rules_table().loc[lambda t: t["code"] == "disengaged", "rule_en"].item()
    '≥ 14 days without a check-in in an open episode'
    """
    rows = [
        {"code": r.code, "severity": r.severity, "title_nl": r.title_nl, "title_en": r.title_en,
         "rule_nl": r.rule_nl, "rule_en": r.rule_en, "scope": r.scope,
         "sources": "; ".join(r.sources)}
        for r in _RULES.values()
    ]
    return pd.DataFrame(rows, columns=["code", "severity", "title_nl", "title_en", "rule_nl",
                                       "rule_en", "scope", "sources"])
