"""Flags: explainable rules that point a therapist at an episode needing attention.

Each flag is a registered ``FlagRule`` (``registry``) whose function lives in ``rules``;
``evaluate`` applies them to the store's tables as of a date. A flag row says who (patient,
episode, therapist), what (code, severity, a Dutch and an English sentence with the numbers),
why (the rule text and the values that fired it, as JSON) and when (``fired_on``).

Examples
--------
>>> from beyou_analytics.flags import flag_codes
>>> "disengaged" in flag_codes()
True
"""

from beyou_analytics.flags import rules as _rules  # noqa: F401  (fills the registry)
from beyou_analytics.flags.evaluate import (
    FLAG_COLUMNS,
    empty_flags,
    evaluate_flags,
    flags_for_store,
)
from beyou_analytics.flags.registry import (
    SEVERITIES,
    FlagRule,
    flag_codes,
    get_rule,
    iter_rules,
    register,
    rules_table,
)

__all__ = [
    "FLAG_COLUMNS",
    "SEVERITIES",
    "FlagRule",
    "empty_flags",
    "evaluate_flags",
    "flag_codes",
    "flags_for_store",
    "get_rule",
    "iter_rules",
    "register",
    "rules_table",
]
