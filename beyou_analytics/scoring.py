"""Questionnaire scores from answered items: one engine for every instrument of the registry.

``score_items`` turns the store's ``questionnaire_items`` (one row per answered item, responses
as on the form) into the ``scores`` table: per administration and scale the unrounded value, its
band, the number of missing items and, when no score can be given, why. The engine is
vectorised per instrument: the administrations of an instrument become one numpy matrix
(administrations x items, NaN = not answered), reversed items are turned round, and each scale's
rule (``instruments.rules.RULES``) runs on the whole matrix. Nothing here knows an instrument by
name: items, ranges, reversal, rules and bands all come from the registry
(``../shared/instruments.md``).

An administration with an answer outside its item's range (or a non-whole number), or with an
item number the instrument does not have, is kept with ``valid = False`` and a reason naming
the item; the cleaner normally clears such values before they get here.

Examples
--------
>>> import pandas as pd
>>> items = pd.DataFrame({
...     "patient_id": "12345", "episode_id": "12345-20260105", "instrument": "TSK17",
...     "completed_at": pd.Timestamp("2026-01-05 09:30"), "timepoint": "intake",
...     "item": range(1, 18),
...     "response": [3, 3, 2, 2, 3, 2, 3, 1, 3, 2, 3, 2, 2, 3, 3, 1, 2],
... })
>>> score_items(items)[["instrument", "scale", "value", "band", "n_missing", "valid"]]
  instrument  scale  value  band  n_missing  valid
0      TSK17  total   48.0  high          0   True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from beyou_analytics.instruments import Band, Instrument, get_instrument
from beyou_analytics.instruments.registry import OPERATORS
from beyou_analytics.instruments.rules import RULES, BandRule, ScoringOptions, ScoringRule
from beyou_analytics.schema import DATE, SCORES, empty_table

ADMINISTRATION_KEYS = ("patient_id", "episode_id", "instrument", "completed_at", "timepoint")
ITEM_COLUMNS = (*ADMINISTRATION_KEYS, "item", "response")


@dataclass(frozen=True)
class ScaleScore:
    """The score of one scale of one administration (see ``score_responses``)."""

    value: float
    band: str | None
    n_missing: int
    valid: bool
    invalid_reason: str | None


@dataclass(frozen=True)
class _Scored:
    """Arrays of one scale over the administrations of one instrument."""

    scale: str
    value: np.ndarray
    band: np.ndarray
    n_missing: np.ndarray
    reason: np.ndarray


def band_labels(bands: tuple[Band, ...], values: np.ndarray) -> np.ndarray:
    """Label of the first band that applies to each value (None for NaN or without bands).

    Examples
    --------
    >>> from beyou_analytics.instruments import get_instrument
    >>> odi = get_instrument("ODI").scale("total")
    >>> band_labels(odi.bands, np.array([20.0, 20.000001, np.nan])).tolist()
    ['minimal', 'moderate', None]
    """
    values = np.asarray(values, dtype=float)
    out = np.full(values.shape, None, dtype=object)
    todo = ~np.isnan(values)
    for band in bands:
        hit = todo if band.operator is None else todo & OPERATORS[band.operator](
            values, band.threshold
        )
        out[hit] = band.label
        todo = todo & ~hit
    return out


def _response_problems(instrument: Instrument, raw: np.ndarray) -> np.ndarray:
    """Per administration, a sentence naming the first answer outside its item's range."""
    lo = np.array([instrument.item_range(i)[0] for i in instrument.items], dtype=float)
    hi = np.array([instrument.item_range(i)[1] for i in instrument.items], dtype=float)
    answered = ~np.isnan(raw)
    with np.errstate(invalid="ignore"):
        bad = answered & ((raw < lo) | (raw > hi) | (raw != np.floor(raw)))
    out = np.full(raw.shape[0], None, dtype=object)
    rows = np.flatnonzero(bad.any(axis=1))
    if rows.size:
        cols = bad[rows].argmax(axis=1)
        for (col, answer), where in pd.Series(rows).groupby(
            [cols, raw[rows, cols]], sort=False
        ).groups.items():
            out[rows[np.asarray(where)]] = (
                f"item {col + 1} answered {answer:g}; allowed are whole numbers "
                f"{lo[col]:g}-{hi[col]:g}"
            )
    return out


def _score_matrix(
    instrument: Instrument, raw: np.ndarray, options: ScoringOptions
) -> list[_Scored]:
    """Score every scale of ``instrument`` for a matrix of raw answers (NaN = not answered)."""
    problems = _response_problems(instrument, raw)
    matrix = raw.astype(float, copy=True)
    for item in instrument.reversed_items:
        lo, hi = instrument.item_range(item)
        matrix[:, item - 1] = lo + hi - matrix[:, item - 1]
    broken = problems != None  # noqa: E711  (element-wise on an object array)
    incomplete = _incomplete_form(instrument, raw)
    results: dict[str, _Scored] = {}
    for scale in instrument.scales:
        rule = RULES[scale.method]
        if not isinstance(rule, ScoringRule):
            raise TypeError(f"{instrument.code}.{scale.name}: {scale.method!r} is no scoring rule")
        columns = [item - 1 for item in scale.items]
        result = rule.compute(matrix[:, columns], scale, instrument, options)
        value = np.where(broken, np.nan, result.value)
        reason = np.where(broken, problems, result.reason)
        # A subscale complete on its own items is not scored from an incomplete form.
        lost = (incomplete != None) & ~np.isnan(value)  # noqa: E711
        value = np.where(lost, np.nan, value)
        reason = np.where(lost, incomplete, reason)
        band = band_labels(scale.bands, value)
        results[scale.name] = _Scored(scale.name, value, band, result.n_missing, reason)
    for scale in instrument.scales:
        if scale.band_rule is None:
            continue
        rule = RULES[scale.band_rule]
        if not isinstance(rule, BandRule):
            raise TypeError(f"{instrument.code}.{scale.name}: {scale.band_rule!r} is no band rule")
        labels = rule.compute({name: r.value for name, r in results.items()})
        results[scale.name] = _Scored(
            scale.name, results[scale.name].value, labels,
            results[scale.name].n_missing, results[scale.name].reason,
        )
    return list(results.values())


def _incomplete_form(instrument: Instrument, raw: np.ndarray) -> np.ndarray:
    """Per administration, why an ``all_items_required`` form cannot be scored (else None)."""
    out = np.full(len(raw), None, dtype=object)
    if not instrument.all_items_required:
        return out
    gaps = np.isnan(raw).sum(axis=1)
    for count in np.unique(gaps[gaps > 0]):
        out[gaps == count] = (f"{count} of {instrument.n_items} items of the form missing; "
                              f"{instrument.code} is scored only when every item is answered")
    return out


def score_responses(
    code: str, responses: Mapping[int, float | None], *, odi_min_answered: int | None = None
) -> dict[str, ScaleScore]:
    """Score one administration given as ``{item: raw answer}``; ``None`` = not answered.

    The same engine as ``score_items``, for doctests, golden tests and notebooks.

    Examples
    --------
    >>> tsk = [3, 3, 2, 2, 3, 2, 3, 1, 3, 2, 3, 2, 2, 3, 3, 1, 2]
    >>> score_responses("TSK17", dict(enumerate(tsk, start=1)))["total"]
    ScaleScore(value=48.0, band='high', n_missing=0, valid=True, invalid_reason=None)
    >>> odi_c = [3, 2, 4, 2, 3, 2, 2, None, 2, None]
    >>> score_responses("ODI", dict(enumerate(odi_c, start=1)))["total"].value
    50.0
    >>> score_responses("ODI", dict(enumerate(odi_c, start=1)), odi_min_answered=9)["total"]
    ... # doctest: +NORMALIZE_WHITESPACE
    ScaleScore(value=nan, band=None, n_missing=2, valid=False,
               invalid_reason='2 of 10 sections missing;
               at least 9 of 10 must be answered (ODI rule)')
    """
    instrument = get_instrument(code)
    unknown = sorted(set(responses) - set(instrument.items))
    if unknown:
        raise ValueError(
            f"{code} has items 1-{instrument.n_items}; got item(s) {', '.join(map(str, unknown))}"
        )
    raw = np.full((1, instrument.n_items), np.nan)
    for item, answer in responses.items():
        raw[0, item - 1] = np.nan if answer is None else float(answer)
    options = ScoringOptions(odi_min_answered=odi_min_answered)
    return {
        r.scale: ScaleScore(
            value=float(r.value[0]), band=r.band[0], n_missing=int(r.n_missing[0]),
            valid=not np.isnan(r.value[0]), invalid_reason=r.reason[0],
        )
        for r in _score_matrix(instrument, raw, options)
    }


def _first_rows(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Administration code per row and the first row of each administration.

    ``factorize`` numbers keys in order of first appearance, so a row starts a new
    administration exactly when its code exceeds every code before it.
    """
    codes, _ = pd.factorize(key)
    seen = np.maximum.accumulate(codes)
    first = np.flatnonzero(codes > np.concatenate(([-1], seen[:-1])))
    return codes, first


@dataclass(frozen=True)
class _Administrations:
    """Which rows form one administration (patient, instrument, time), numbered in order of
    first appearance; ``runs`` when each administration's rows are consecutive."""

    admin: np.ndarray  # per row
    first: np.ndarray  # first row of each administration
    inst_codes: np.ndarray  # per row: position in inst_names (-1: missing)
    inst_names: pd.Index
    runs: bool

    def rows_of(self, admins: np.ndarray, instrument: int) -> np.ndarray:
        """The rows of ``admins`` (all of one instrument), in row order."""
        if not self.runs:
            return np.flatnonzero(self.inst_codes == instrument)
        ends = np.append(self.first[1:], len(self.admin))
        sizes = ends[admins] - self.first[admins]
        offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        return np.repeat(self.first[admins] - offsets, sizes) + np.arange(int(sizes.sum()))


def _administrations(items: pd.DataFrame) -> _Administrations:
    """The administrations of ``items``; cheap when they come sorted, as the store's do.

    Rows that continue their neighbour's (patient, instrument, time) need no hashing: when
    every such run is a different administration, the runs are the administrations.
    """
    instrument, patient = items["instrument"], items["patient_id"]
    when = items["completed_at"].to_numpy()
    if (len(items) and not instrument.hasnans and not patient.hasnans
            and not np.isnat(when).any()):
        texts = [_arrow(instrument), _arrow(patient)]
        new = np.ones(len(items), dtype=bool)
        new[1:] = when[1:] != when[:-1]
        for text in texts:
            new[1:] |= pc.not_equal(text.slice(1), text.slice(0, len(text) - 1)).to_numpy(
                zero_copy_only=False)
        first = np.flatnonzero(new)
        at = pa.array(first)
        heads = [*(pd.factorize(text.take(at).to_pandas())[0] for text in texts),
                 pd.factorize(when[first])[0]]
        head_key = (heads[0] * (int(heads[1].max()) + 1) + heads[1]) * (
            int(heads[2].max()) + 1) + heads[2]
        if len(pd.unique(head_key)) == len(first):
            sizes = np.diff(np.append(first, len(items)))
            inst_heads, inst_names = pd.factorize(instrument.iloc[first])
            return _Administrations(np.repeat(np.arange(len(first)), sizes), first,
                                    np.repeat(inst_heads, sizes), inst_names, runs=True)
    inst_codes, inst_names = pd.factorize(instrument)
    pat_codes, patients = pd.factorize(patient)
    time_codes, times = pd.factorize(items["completed_at"])
    key = (inst_codes.astype(np.int64) * len(patients) + pat_codes) * len(times) + time_codes
    admin, first = _first_rows(key)
    return _Administrations(admin, first, inst_codes, inst_names, runs=False)


def _arrow(values: pd.Series) -> pa.Array:
    """A column as one contiguous pyarrow array."""
    array = pa.array(values.array)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _inferred(values: pd.Series) -> object:
    """Text values as the scores table has always typed them: as text, or as an untyped
    column of missing values when none is given (no timepoint at all, say)."""
    values = values.astype("str")
    if values.isna().all():
        return np.full(len(values), np.nan, dtype=object)
    return values.array


def _text(values: np.ndarray) -> pd.Series:
    """Python strings (and None) as a ``str`` Series, each distinct text converted once."""
    found, distinct = pd.factorize(values)
    table = pa.array(np.asarray(distinct, dtype=object), type=pa.large_string())
    taken = table.take(pa.array(found, mask=found < 0, type=pa.int64()))
    return pd.Series(pd.arrays.ArrowStringArray(taken), dtype="str")


def score_items(items: pd.DataFrame, *, odi_min_answered: int = 8) -> pd.DataFrame:
    """The ``scores`` table for the answered items of the ``questionnaire_items`` table.

    Parameters
    ----------
    items
        One row per answered item (``schema.QUESTIONNAIRE_ITEMS``), raw responses as coded on
        the form: reversal and recoding happen here. An administration is one
        ``(patient_id, instrument, completed_at)``.
    odi_min_answered
        Sections of the ODI that must be answered: 8 (default, Fairbank's practical statement)
        or 9 (strict, as AO/Stata and Awell) [4][6].

    Returns
    -------
    pandas.DataFrame
        ``schema.SCORES``: one row per administration and scale; ``value`` unrounded (NaN when
        not scorable), ``valid = False`` rows kept with ``invalid_reason``.
    """
    missing = [c for c in ITEM_COLUMNS if c not in items.columns]
    if missing:
        raise ValueError(f"questionnaire items lack column(s): {', '.join(missing)}")
    if items.empty:
        return empty_table("scores")
    options = ScoringOptions(odi_min_answered=odi_min_answered)

    admins_of = _administrations(items)
    admin, first = admins_of.admin, admins_of.first
    admin_inst = admins_of.inst_codes[first]
    item_no = items["item"].to_numpy(dtype=np.int64, na_value=0)
    response = items["response"].to_numpy(dtype=float, na_value=np.nan)

    admin_index, blocks = [], []
    for i, code in enumerate(admins_of.inst_names):
        admins = np.flatnonzero(admin_inst == i)
        local = np.empty(len(first), dtype=np.int64)
        local[admins] = np.arange(len(admins))
        rows = admins_of.rows_of(admins, i)
        block = _score_instrument(
            get_instrument(code), local[admin[rows]], item_no[rows], response[rows], len(admins),
            options,
        )
        admin_index.append(np.repeat(admins, len(get_instrument(code).scales)))
        blocks.append(block)
    parts = {name: np.concatenate([b[name] for b in blocks]) for name in blocks[0]}

    order = first[np.concatenate(admin_index)]
    if admins_of.runs:  # no missing keys: each administration's values as its rows hold them
        keys = {"patient_id": items["patient_id"], "instrument": items["instrument"]}
        keys = {name: column.take(order).astype("str").array for name, column in keys.items()}
        keys["completed_at"] = items["completed_at"].to_numpy()[order].astype(DATE)
    else:  # as factorize numbered them (a missing key takes the last value's place)
        pat_codes, patients = pd.factorize(items["patient_id"])
        time_codes, times = pd.factorize(items["completed_at"])
        inst_codes, inst_names = admins_of.inst_codes, admins_of.inst_names
        keys = {
            "patient_id": patients.take(pat_codes[order]).astype("str"),
            "instrument": inst_names.take(inst_codes[order]).astype("str"),
            "completed_at": times.take(time_codes[order]).astype(DATE),
        }
    keys = pd.DataFrame({
        "patient_id": keys["patient_id"],
        "episode_id": _inferred(items["episode_id"].take(order)),
        "instrument": keys["instrument"],
        "completed_at": keys["completed_at"],
        "timepoint": _inferred(items["timepoint"].take(order)),
    })
    scores = keys.assign(
        scale=_text(parts["scale"]),
        value=parts["value"],
        band=_text(parts["band"]),
        n_missing=pd.array(parts["n_missing"], dtype="Int64"),
        valid=~np.isnan(parts["value"]),
        invalid_reason=_text(parts["reason"]),
    )
    return scores[list(SCORES.columns)]


def _score_instrument(
    instrument: Instrument,
    row_admin: np.ndarray,
    row_item: np.ndarray,
    row_response: np.ndarray,
    n_admins: int,
    options: ScoringOptions,
) -> dict[str, np.ndarray]:
    """Score the item rows of one instrument; arrays in administration-major order.

    All scales of an administration end up adjacent (administration 0: total, subscales...;
    administration 1: ...).
    """
    known = (row_item >= 1) & (row_item <= instrument.n_items)
    raw = np.full((n_admins, instrument.n_items), np.nan)
    raw[row_admin[known], row_item[known] - 1] = row_response[known]
    scored = _score_matrix(instrument, raw, options)
    unknown = _unknown_items(instrument, row_admin[~known], row_item[~known], n_admins)
    broken = unknown != None  # noqa: E711  (element-wise on an object array)

    def interleave(arrays: list[np.ndarray]) -> np.ndarray:
        return np.stack(arrays, axis=1).ravel()

    return {
        "scale": np.tile(np.array([r.scale for r in scored], dtype=object), n_admins),
        "value": interleave([np.where(broken, np.nan, r.value) for r in scored]),
        "band": interleave([np.where(broken, None, r.band) for r in scored]),
        "n_missing": interleave([r.n_missing for r in scored]),
        "reason": interleave([np.where(broken, unknown, r.reason) for r in scored]),
    }


def _unknown_items(
    instrument: Instrument, row_admin: np.ndarray, row_item: np.ndarray, n_admins: int
) -> np.ndarray:
    """Per administration, a sentence naming an item number the instrument does not have."""
    out = np.full(n_admins, None, dtype=object)
    for item in np.unique(row_item):
        out[row_admin[row_item == item]] = (
            f"item {item} is not an item of {instrument.code} (items 1-{instrument.n_items})"
        )
    return out
