"""The questionnaire registry (``registry``) and its 15 entries (``definitions``).

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

__all__ = [
    "Band",
    "Instrument",
    "Reference",
    "Scale",
    "alias_table",
    "fold_name",
    "get_instrument",
    "instrument_codes",
    "iter_instruments",
    "register",
    "resolve_instrument",
]
