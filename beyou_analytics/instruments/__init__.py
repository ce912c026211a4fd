"""The questionnaire registry (``registry``), its 15 entries (``definitions``), its ``rules``.

Examples
--------
>>> from beyou_analytics.instruments import instrument_codes
>>> len(instrument_codes())
15
"""

from beyou_analytics.instruments import definitions as _definitions  # noqa: F401  (fills the registry)
from beyou_analytics.instruments.registry import (
    Band,
    Instrument,
    Reference,
    Scale,
    alias_table,
    fold_name,
    get_instrument,
    instrument_codes,
    iter_instruments,
    register,
    resolve_instrument,
)
from beyou_analytics.instruments.rules import RULES, BandRule, ScoringRule

__all__ = [
    "RULES",
    "Band",
    "BandRule",
    "Instrument",
    "Reference",
    "Scale",
    "ScoringRule",
    "alias_table",
    "fold_name",
    "get_instrument",
    "instrument_codes",
    "iter_instruments",
    "register",
    "resolve_instrument",
]
