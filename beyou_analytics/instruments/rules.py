"""The named scoring and band rules that registry entries refer to.

A ``Scale`` names its scoring rule in ``method`` and, when its band depends on more than its own
value, a band rule in ``band_rule``; both are keys of ``RULES``. A scoring rule works on a whole
matrix at once: rows are administrations, columns the scale's items in the scale's order, NaN
where an item was not answered, reversal already applied by the engine. It returns the unrounded
value (NaN when the scale cannot be scored), the number of missing items and, per row, the
sentence that explains why a score was withheld. Rules follow ``../shared/instruments.md``
(its binding decisions and the source numbers in square brackets).

Examples
--------
>>> import numpy as np
>>> from beyou_analytics.instruments import get_instrument
>>> rmdq = get_instrument("RMDQ")
>>> answers = np.ones((2, 24))
>>> answers[1, :3] = np.nan                      # 3 of 24 missing: one beyond the limit of 2
>>> result = RULES["sum"].compute(answers, rmdq.scale("total"), rmdq, ScoringOptions())
>>> result.value.tolist(), result.n_missing.tolist()
([24.0, nan], [0, 3])
>>> result.reason[1]
'3 of 24 items missing; at most 2 may be missing (pro-rating rule)'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from beyou_analytics.instruments.registry import Band, Instrument, Scale

SBST_BOTHER_ITEM = 9
SBST_BOTHER_POSITIVE_FROM = 3  # 3 "very much", 4 "extremely" [40]


@dataclass(frozen=True)
class ScoringOptions:
    """Caller's choices between a rule's default and its documented alternative.

    ``odi_min_answered`` overrides the ODI's minimum of answered sections (default 8 in the
    registry; 9 is the strict AO/Stata and Awell alternative [6][A]).
    """

    odi_min_answered: int | None = None


@dataclass(frozen=True)
class RuleResult:
    """Per administration: unrounded value (NaN = no score), missing items, reason (or None)."""

    value: np.ndarray
    n_missing: np.ndarray
    reason: np.ndarray


@dataclass(frozen=True)
class ScoringRule:
    """A scoring rule: ``compute(matrix, scale, instrument, options)`` plus its description."""

    name: str
    compute: Callable[[np.ndarray, Scale, Instrument, ScoringOptions], RuleResult]
    describe: Callable[[Scale, Instrument], str]
    source: str


@dataclass(frozen=True)
class BandRule:
    """A band that needs several scales of one administration (``compute({scale: values})``).

    ``bands`` pairs each band with the scale its threshold applies to, for the codebook; they
    are tried in order and the last one (``operator=None``) applies otherwise.
    """

    name: str
    compute: Callable[[Mapping[str, np.ndarray]], np.ndarray]
    bands: tuple[tuple[str, Band], ...]
    describe: str
    source: str

    @property
    def labels(self) -> tuple[str, ...]:
        """The band labels this rule can produce."""
        return tuple(band.label for _, band in self.bands)


_RULES: dict[str, ScoringRule | BandRule] = {}
RULES: Mapping[str, ScoringRule | BandRule] = MappingProxyType(_RULES)
"""Every scoring rule (``Scale.method``) and band rule (``Scale.band_rule``), by name."""


def register_rule(rule: ScoringRule | BandRule) -> ScoringRule | BandRule:
    """Add ``rule`` to ``RULES``; names are unique."""
    if rule.name in _RULES:
        raise ValueError(f"rule {rule.name!r} is registered twice")
    _RULES[rule.name] = rule
    return rule


def _answered(matrix: np.ndarray) -> np.ndarray:
    return np.count_nonzero(~np.isnan(matrix), axis=1)


def _reasons(invalid: np.ndarray, counts: np.ndarray, sentence: Callable[[int], str]) -> np.ndarray:
    """Object array of ``sentence(count)`` where ``invalid``, else None (one call per count)."""
    out = np.full(invalid.shape, None, dtype=object)
    for count in np.unique(counts[invalid]):
        out[invalid & (counts == count)] = sentence(int(count))
    return out


def _item_list(items: tuple[int, ...]) -> str:
    if len(items) > 2 and items == tuple(range(items[0], items[-1] + 1)):
        return f"{items[0]}-{items[-1]}"
    return ", ".join(str(i) for i in items)


def _missing_phrase(n_missing: int, n_items: int, noun: str = "items") -> str:
    return f"{n_missing} of {n_items} {noun} missing"


# --- sum -------------------------------------------------------------------------------------


def _sum(matrix: np.ndarray, scale: Scale, instrument: Instrument, options: ScoringOptions):
    """Sum of the items; up to ``max_missing`` missing items pro-rated as mean × n_items."""
    n_items = matrix.shape[1]
    answered = _answered(matrix)
    n_missing = n_items - answered
    total = np.nansum(matrix, axis=1)
    valid = (n_missing <= scale.max_missing) & (answered > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        # mean(answered) x n_items; written as total x n / answered so that a complete form
        # gives the plain sum exactly (48, not 48.00000000000001).
        prorated = np.where(n_missing == 0, total, total * n_items / answered)
    value = np.where(valid, prorated, np.nan)
    if scale.max_missing:
        limit = f"at most {scale.max_missing} may be missing (pro-rating rule)"
    else:
        limit = "every item must be answered"
    reason = _reasons(~valid, n_missing, lambda k: f"{_missing_phrase(k, n_items)}; {limit}")
    return RuleResult(value, n_missing, reason)


def _describe_sum(scale: Scale, instrument: Instrument) -> str:
    reversed_here = [i for i in instrument.reversed_items if i in scale.items]
    text = f"Sum of items {_item_list(scale.items)}"
    if reversed_here:
        text += f" (items {_item_list(tuple(reversed_here))} reversed first)"
    if scale.max_missing:
        return (
            f"{text}. Up to {scale.max_missing} missing item(s) are pro-rated: "
            f"mean(answered items) x {len(scale.items)}, reversal applied before the mean; "
            "more missing: no score."
        )
    return f"{text}. Every item must be answered; otherwise no score."


register_rule(
    ScoringRule(
        "sum", _sum, _describe_sum,
        "instruments.md binding decision: pro-rate when <= floor(10 % x n_items) are missing",
    )
)


# --- single item -----------------------------------------------------------------------------


def _single_item(matrix: np.ndarray, scale: Scale, instrument: Instrument, options):
    """The one item's answer; not answered means no score."""
    value = matrix[:, 0].astype(float)
    n_missing = np.isnan(value).astype(np.int64)
    reason = _reasons(n_missing == 1, n_missing, lambda _: "the item is not answered")
    return RuleResult(value, n_missing, reason)


register_rule(
    ScoringRule(
        "single_item", _single_item,
        lambda scale, inst: "The answer to the single item; not answered: no score.",
        "instruments.md §1 (NPRS), §12 (GPE)",
    )
)


# --- PSFS / PSK activities -------------------------------------------------------------------


def _mean_of_answered(matrix: np.ndarray, scale: Scale, instrument: Instrument, options):
    """Mean of the rated activities; at least ``min_answered`` must be rated."""
    n_slots = matrix.shape[1]
    answered = _answered(matrix)
    minimum = scale.min_answered or 1
    valid = answered >= minimum
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(matrix, axis=1) / answered
    value = np.where(valid, mean, np.nan)
    reason = _reasons(
        ~valid, answered,
        lambda k: f"{k} of {n_slots} activities rated; at least {minimum} must be rated",
    )
    return RuleResult(value, n_slots - answered, reason)


register_rule(
    ScoringRule(
        "mean_of_answered", _mean_of_answered,
        lambda scale, inst: (
            f"Mean of the rated activities (1-{len(scale.items)} activities, at least "
            f"{scale.min_answered or 1}). n_missing counts activity slots left unrated, "
            "which is normal for this instrument."
        ),
        "instruments.md §5 and binding decision 'PSFS vs PSK'",
    )
)


# --- ODI -------------------------------------------------------------------------------------


def _odi_percent(matrix: np.ndarray, scale: Scale, instrument: Instrument, options):
    """``sum / (5 x sections answered) x 100`` when enough sections are answered [4][6]."""
    n_sections = matrix.shape[1]
    answered = _answered(matrix)
    minimum = options.odi_min_answered or scale.min_answered or n_sections
    valid = (answered >= minimum) & (answered > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        percent = np.nansum(matrix, axis=1) / (instrument.item_max * answered) * 100
    value = np.where(valid, percent, np.nan)
    n_missing = n_sections - answered
    reason = _reasons(
        ~valid, n_missing,
        lambda k: (
            f"{_missing_phrase(k, n_sections, 'sections')}; at least {minimum} of "
            f"{n_sections} must be answered (ODI rule)"
        ),
    )
    return RuleResult(value, n_missing, reason)


register_rule(
    ScoringRule(
        "odi_percent", _odi_percent,
        lambda scale, inst: (
            f"sum / ({inst.item_max:g} x sections answered) x 100, scored when at least "
            f"{scale.min_answered} of {len(scale.items)} sections are answered (strict "
            "alternative: 9, via odi_min_answered=9). Two boxes ticked: the higher."
        ),
        "[4] Fairbank; [6] AO/Stata odi; instruments.md binding decision 'ODI missing sections'",
    )
)


# --- Keele STarT Back ------------------------------------------------------------------------


def _sbst_sum(matrix: np.ndarray, scale: Scale, instrument: Instrument, options):
    """Count of positive answers; item 9 is positive only for 'very much' or 'extremely'."""
    recoded = matrix.copy()
    if SBST_BOTHER_ITEM in scale.items:
        col = scale.items.index(SBST_BOTHER_ITEM)
        bother = recoded[:, col]
        recoded[:, col] = np.where(
            np.isnan(bother), np.nan, (bother >= SBST_BOTHER_POSITIVE_FROM).astype(float)
        )
    return _sum(recoded, scale, instrument, options)


register_rule(
    ScoringRule(
        "sbst_sum", _sbst_sum,
        lambda scale, inst: (
            f"Sum of items {_item_list(scale.items)}; items 1-8 agree = 1; item 9 counts 1 only "
            "for 'very much' (3) or 'extremely' (4). Every item must be answered."
        ),
        "[40] Keele University, using and scoring the SBST",
    )
)


def _sbst_risk(values: Mapping[str, np.ndarray]) -> np.ndarray:
    """Keele risk group: total <= 3 low; psychosocial >= 4 high; otherwise medium [40]."""
    total, psychosocial = values["total"], values["psychosocial"]
    out = np.full(total.shape, None, dtype=object)
    scored = ~np.isnan(total) & ~np.isnan(psychosocial)
    low = scored & (total <= 3)
    high = scored & ~low & (psychosocial >= 4)
    out[low] = "low"
    out[high] = "high"
    out[scored & ~low & ~high] = "medium"
    return out


register_rule(
    BandRule(
        "sbst_risk", _sbst_risk,
        bands=(
            ("total", Band("low", "<=", 3, "laag risico", "low risk")),
            ("psychosocial", Band("high", ">=", 4, "hoog risico", "high risk")),
            ("total", Band("medium", None, None, "gemiddeld risico", "medium risk")),
        ),
        describe="total <= 3: low; otherwise psychosocial >= 4: high; otherwise medium",
        source="[40] Keele University; [A] awell-score start_back_screening_tool",
    )
)
