"""The instrument registry: every questionnaire described as data, one ``register`` per entry.

An ``Instrument`` lists its items, item ranges, reversed items, yes/no items, names and aliases,
and its ``Scale``s; a ``Scale`` names the items it sums, its scoring ``method`` (a key into
``beyou_analytics.instruments.rules.RULES``), its missing-item rule, its bands with their
operators, and its MCID and SEM with their sources. One scoring engine (``beyou_analytics.scoring``)
reads these entries; nothing about an instrument is written twice.

The model is papermill's ``translators.py``: a registry filled one ``register(...)`` call per
entry, and a lookup that fails with one sentence naming what was asked for.

Examples
--------
>>> from beyou_analytics.instruments import get_instrument, resolve_instrument
>>> get_instrument("TSK17").reversed_items
(4, 8, 12, 16)
>>> resolve_instrument("Tampa Schaal voor Kinesiofobie").code
'TSK17'
>>> resolve_instrument("Örebro").code
'OMPSQ10'
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from beyou_analytics.errors import UnknownInstrumentError

OPERATORS: Mapping[str, Callable[[float, float], bool]] = MappingProxyType(
    {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
)


@dataclass(frozen=True)
class Band:
    """One band of a scale: applies when ``value <operator> threshold``.

    Bands are tried in order; the first that applies wins. The last band of a scale has
    ``operator=None`` and catches every remaining value ("otherwise"), so bands cover the
    range without gaps by construction. Bands apply to the unrounded score.
    """

    label: str
    operator: str | None
    threshold: float | None
    label_nl: str
    label_en: str

    def applies(self, value: float) -> bool:
        """Whether ``value`` falls in this band (given that earlier bands did not apply)."""
        if self.operator is None:
            return True
        return OPERATORS[self.operator](value, self.threshold)

    def describe(self) -> str:
        """The rule as text, e.g. ``'<= 20'`` or ``'otherwise'``."""
        if self.operator is None:
            return "otherwise"
        return f"{self.operator} {self.threshold:g}"


@dataclass(frozen=True)
class Reference:
    """A value with the source it was taken from (numbers refer to instruments.md §17)."""

    value: float
    source: str


@dataclass(frozen=True)
class Scale:
    """A scored scale of an instrument (``total`` or a subscale).

    ``max_missing`` items may be missing and are pro-rated (``mean(answered) × n_items``);
    ``min_answered`` is used by rules that score on what was answered (ODI sections, PSFS/PSK
    activities). ``mcid_high_baseline`` is ``(baseline_above, mcid)`` for instruments whose
    MCID is larger in patients with a high baseline (PCS: 11 points above 30).
    """

    name: str
    items: tuple[int, ...]
    minimum: float
    maximum: float
    method: str = "sum"
    max_missing: int = 0
    min_answered: int | None = None
    bands: tuple[Band, ...] = ()
    band_rule: str | None = None
    mcid_abs: Reference | None = None
    mcid_pct: Reference | None = None
    mcid_high_baseline: tuple[float, Reference] | None = None
    sem: Reference | None = None
    alternatives: tuple[tuple[str, Reference], ...] = ()
    label_nl: str = ""
    label_en: str = ""

    def alternatives_for(self, kind: str) -> tuple[Reference, ...]:
        """The documented alternatives of one kind (``sem``, ``mcid_abs``, ``mcid_pct``, ...).

        Examples
        --------
        >>> from beyou_analytics.instruments import get_instrument
        >>> [r.value for r in get_instrument("ODI").scale("total").alternatives_for("sem")]
        [6.0, 4.5]
        """
        return tuple(ref for k, ref in self.alternatives if k == kind)

    def band_for(self, value: float) -> str | None:
        """The label of the first band that applies to ``value`` (``None`` without bands)."""
        if value != value:  # NaN: no score, no band
            return None
        for band in self.bands:
            if band.applies(value):
                return band.label
        return None


@dataclass(frozen=True)
class Instrument:
    """A questionnaire as published: items, coding, direction, scales, names and sources.

    ``item_ranges`` overrides ``(item_min, item_max)`` for single items (SBST item 9, ÖMPSQ
    item 1); ``yes_no_items`` are answered ja/nee (coded 1/0); ``reversed_items`` are scored
    ``item_min + item_max - x`` on their own range before any sum. ``higher_is_worse`` is the
    direction of every scale of the instrument. ``all_items_required``: no scale is scored
    unless every item of the form is answered (a subscale too, when its own items are).
    """

    code: str
    name_en: str
    name_nl: str
    aliases: tuple[str, ...]
    domain: str
    n_items: int
    item_min: float
    item_max: float
    higher_is_worse: bool
    scales: tuple[Scale, ...]
    sources: tuple[str, ...]
    item_ranges: Mapping[int, tuple[float, float]] = field(default_factory=dict)
    yes_no_items: tuple[int, ...] = ()
    reversed_items: tuple[int, ...] = ()
    item_labels: tuple[str, ...] = ()
    response_labels: Mapping[int, str] = field(default_factory=dict)
    change_method: str = "difference"  # difference | transition (GPE) | none (screening)
    all_items_required: bool = False
    notes: str = ""

    def item_range(self, item: int) -> tuple[float, float]:
        """The allowed ``(min, max)`` response of ``item`` (1-based)."""
        return self.item_ranges.get(item, (self.item_min, self.item_max))

    @property
    def items(self) -> tuple[int, ...]:
        """All item numbers, 1-based."""
        return tuple(range(1, self.n_items + 1))

    def scale(self, name: str) -> Scale:
        """The scale called ``name``."""
        for scale in self.scales:
            if scale.name == name:
                return scale
        known = ", ".join(s.name for s in self.scales)
        raise KeyError(f"{self.code} has no scale {name!r}; its scales are: {known}")


_REGISTRY: dict[str, Instrument] = {}
_ALIASES: dict[str, str] = {}


def fold_name(name: str) -> str:
    """Fold an instrument name for matching: case, diacritics, hyphens, spaces, punctuation.

    Examples
    --------
    >>> fold_name("  Tampa-Schaal voor Kinesiofobie ")
    'tampaschaalvoorkinesiofobie'
    >>> fold_name("ÖMPSQ-10")
    'ompsq10'
    """
    decomposed = unicodedata.normalize("NFKD", str(name))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", plain.casefold())


def register(instrument: Instrument) -> Instrument:
    """Add ``instrument`` to the registry; its code, names and aliases must be new."""
    if instrument.code in _REGISTRY:
        raise ValueError(f"instrument {instrument.code} is registered twice")
    names = {instrument.code, instrument.name_en, instrument.name_nl, *instrument.aliases}
    folded = {fold_name(n) for n in names}
    clashes = sorted(f for f in folded if f in _ALIASES)
    if clashes:
        owners = sorted({_ALIASES[f] for f in clashes})
        raise ValueError(
            f"{instrument.code}: aliases {clashes} already belong to {', '.join(owners)}"
        )
    _REGISTRY[instrument.code] = instrument
    _ALIASES.update(dict.fromkeys(folded, instrument.code))
    return instrument


def instrument_codes() -> tuple[str, ...]:
    """Registry codes in registration order."""
    return tuple(_REGISTRY)


def iter_instruments() -> Iterator[Instrument]:
    """Every registered instrument, in registration order."""
    return iter(_REGISTRY.values())


def get_instrument(code: str) -> Instrument:
    """The instrument with registry code ``code`` (exact code, e.g. ``'PCS'``)."""
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UnknownInstrumentError(
            f"unknown instrument code {code!r}; known codes: {', '.join(_REGISTRY)}"
        ) from None


def resolve_instrument(name: str) -> Instrument:
    """The instrument whose code, name or alias matches ``name`` after folding.

    Raises
    ------
    UnknownInstrumentError
        With the list of known codes, when nothing matches.
    """
    code = _ALIASES.get(fold_name(name))
    if code is None:
        raise UnknownInstrumentError(
            f"unknown instrument {str(name)[:40]!r}; known instruments: {', '.join(_REGISTRY)}"
        )
    return _REGISTRY[code]


def alias_table() -> Mapping[str, str]:
    """Folded alias → registry code, for vectorised matching of a ``Vragenlijst`` column."""
    return MappingProxyType(_ALIASES)
