"""Questionnaire answers: what each item may hold, and each answer checked against its item.

The registry (``instruments``) says per instrument and item the range of a valid answer and
whether it is a yes/no item; ``responses`` checks millions of answers against it. Answers
arrive as codes into their distinct texts (``clean.codes``): a questionnaire export holds
millions of answers but only a few dozen different ones, so each text is parsed once. An
answer is within its item's range and a whole number, or ja/nee for yes/no items; an ODI
double tick (``2/3``, ``4 en 5``, and ``2,3``, which is no box's number with a decimal comma)
counts as the higher box (instruments.md, ODI: "two boxes ticked: take the highest").
``wide_answers`` and ``long_answers`` apply the form's rule: in wide form a bad answer is
cleared and the questionnaire kept (one without any valid answer is rejected); in long form a
row *is* an answer, so a bad one rejects the row.

Examples
--------
>>> answer, texts = codes.encode(pd.Series(["2/3", "Ja", "6", "1"]))
>>> values, checks = responses(instrument_index(pd.Series(["ODI", "RMDQ", "ODI", "PCS"])),
...     np.array([1, 3, 2, 14]), answer, texts)
>>> values.tolist(), [(c.reason.value, c.mask.tolist()) for c in checks if c.mask.any()]
([3.0, 1.0, nan, nan], [('invalid_item', [False, False, False, True]), \
('out_of_range', [False, False, True, False])])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from beyou_analytics.clean import codes
from beyou_analytics.clean import quarantine as q
from beyou_analytics.clean.columns import ITEM_COLUMNS
from beyou_analytics.clean.quarantine import Check
from beyou_analytics.clean.values import parse_numbers, parse_yes_no
from beyou_analytics.errors import Action, Reason
from beyou_analytics.instruments import alias_table, fold_name, iter_instruments

DOUBLE_TICK = ("ODI",)  # instruments.md, ODI: two boxes ticked -> the higher
_DOUBLE_TICK = r"^(?P<a>[0-9])\s*(?:/|,|;|\+|&|en|of|and|or)\s*(?P<b>[0-9])$"


@dataclass(frozen=True)
class _ItemSpecs:
    """Per instrument (row) and item number (column, 0 unused): what an answer may be."""

    codes: tuple[str, ...]
    n_items: np.ndarray
    low: np.ndarray
    high: np.ndarray
    yes_no: np.ndarray
    expected: np.ndarray


@cache
def specs() -> _ItemSpecs:
    """The registry's items as arrays (instrument position x item number)."""
    instruments = list(iter_instruments())
    width = len(ITEM_COLUMNS) + 1
    shape = (len(instruments), width)
    low, high = np.full(shape, np.nan), np.full(shape, np.nan)
    yes_no = np.zeros(shape, bool)
    expected = np.full(shape, "", dtype=object)
    for row, inst in enumerate(instruments):
        for item in inst.items:
            low[row, item], high[row, item] = inst.item_range(item)
            yes_no[row, item] = item in inst.yes_no_items
            expected[row, item] = ("ja or nee" if yes_no[row, item] else
                                   f"a whole number from {low[row, item]:g} to "
                                   f"{high[row, item]:g}")
    return _ItemSpecs(tuple(i.code for i in instruments),
                      np.array([i.n_items for i in instruments]), low, high, yes_no, expected)


def registry_positions(spellings: pd.Series) -> np.ndarray:
    """Registry position (``instrument_index``) of each instrument name: code, name or alias,
    folded; -1 when unknown or missing."""
    aliases = alias_table()
    position = {c: i for i, c in enumerate(specs().codes)}
    return np.array([-1 if pd.isna(s) else position.get(aliases.get(fold_name(s)), -1)
                     for s in spellings], dtype=np.int64)


def instrument_positions(names: pd.Series) -> np.ndarray:
    """``registry_positions`` of a column of names, each distinct spelling looked up once."""
    found, spellings = codes.encode(names)
    return codes.per_value(found, registry_positions(spellings), missing=-1)


def instrument_codes(names: pd.Series) -> pd.Series:
    """Registry codes for instrument names (code, name or alias; folded); NaN when unknown.

    Examples
    --------
    >>> instrument_codes(pd.Series(["tsk-17", "Örebro", "Pijnscore", "SF-36", None])).tolist()
    ['TSK17', 'OMPSQ10', 'NPRS', nan, nan]
    """
    known = pd.Series(specs().codes, dtype="str")
    return codes.text_of(instrument_positions(names), known).set_axis(names.index).rename(
        names.name)


def instrument_index(names: pd.Series) -> np.ndarray:
    """Position of each registry code in the registry (-1 when missing).

    Examples
    --------
    >>> instrument_index(pd.Series(["NPRS", "GPE", None])).tolist()
    [0, 14, -1]
    """
    lookup = {c: i for i, c in enumerate(specs().codes)}
    found, uniques = pd.factorize(names)
    table = np.array([*(lookup[u] for u in uniques), -1], dtype=np.int64)
    return table[found]


@dataclass(frozen=True)
class _Parsed:
    """Each distinct answer text read as a number, as ja/nee, and as an ODI double tick;
    position 0 stands for a missing answer, text ``i`` at ``i + 1``."""

    number: np.ndarray
    yes_no: np.ndarray
    double_tick: np.ndarray

    @classmethod
    def of(cls, texts: pd.Series) -> _Parsed:
        ticks = pc.extract_regex(pa.array(texts.str.strip().str.lower(), type=pa.large_string()),
                                 _DOUBLE_TICK)
        both = [pc.cast(pc.struct_field(ticks, [i]), pa.float64()) for i in (0, 1)]

        def with_missing(values: np.ndarray) -> np.ndarray:
            return np.concatenate(([np.nan], values.astype(float)))

        return cls(with_missing(parse_numbers(texts).to_numpy(dtype=float, na_value=np.nan)),
                   with_missing(parse_yes_no(texts).astype("float").to_numpy(
                       dtype=float, na_value=np.nan)),
                   with_missing(pc.max_element_wise(*both).to_numpy(zero_copy_only=False)))


# What ``responses`` finds of an answer, in the order of its checks.
_GOOD, _NOT_AN_ITEM, _NOT_YES_NO, _NOT_A_NUMBER, _OUT_OF_RANGE = range(5)
_DENSE_PAIRS = 1 << 20  # judge every (slot, text) pair up front while there are this few
_LARGEST_ITEM = 1 << 31  # an item number beyond this is not read as an integer at all


def _judge(slot: np.ndarray, text: np.ndarray, parsed: _Parsed) -> tuple[np.ndarray, np.ndarray]:
    """Value and verdict of answers given as slot (instrument x item; past the last slot: not
    an item) and text (position in ``parsed``)."""
    table = specs()
    width = table.low.shape[1]
    in_items = slot < table.low.size
    at = np.where(in_items, slot, 0)
    yes_no = table.yes_no.ravel()[at] & in_items
    number = np.where(yes_no, parsed.yes_no[text], parsed.number[text])
    ticked = np.isin(at // width, [table.codes.index(c) for c in DOUBLE_TICK])
    with np.errstate(invalid="ignore"):
        # "2,3" reads as 2.3 with a decimal comma; no box is numbered so: two boxes.
        not_a_box = np.isnan(number) | (number % 1 != 0)
    double = ticked & in_items & not_a_box & ~np.isnan(parsed.double_tick[text])
    number = np.where(double, parsed.double_tick[text], number)
    with np.errstate(invalid="ignore"):
        fits = ((number >= table.low.ravel()[at]) & (number <= table.high.ravel()[at])
                & (number % 1 == 0))
    verdict = np.select(
        [~in_items, np.isnan(number) & yes_no, np.isnan(number), ~fits],
        [_NOT_AN_ITEM, _NOT_YES_NO, _NOT_A_NUMBER, _OUT_OF_RANGE], _GOOD).astype(np.int8)
    return np.where(in_items & fits, number, np.nan), verdict


def responses(
    inst: np.ndarray,
    item: np.ndarray,
    answer: np.ndarray,
    texts: pd.Series,
    *,
    item_text: Callable[[np.ndarray], pd.Series] | None = None,
) -> tuple[np.ndarray, list[Check]]:
    """Each answer as coded on the form (float), and checks naming the bad ones.

    ``inst`` are registry positions (``instrument_index``; -1 unknown), ``item`` 1-based
    item numbers (0 when unreadable), ``answer`` codes into the distinct answer ``texts``
    (``codes.encode``); ``item_text(positions)`` gives the item as typed, for messages. The
    checks' masks, sentences and values are per answer (the index of the failing answers).

    An answer's fate depends only on its instrument, item and text, and an export has few of
    each: every distinct (instrument and item, text) pair is judged once.
    """
    table = specs()
    width = table.low.shape[1]
    known = inst >= 0
    inst = np.where(known, inst, 0)
    in_items = known & (item >= 1) & (item <= table.n_items[inst])
    slot = np.where(in_items, item, 0)
    n_texts = len(texts) + 1
    pair = (np.where(in_items, inst * width + slot, table.low.size).astype(np.int64) * n_texts
            + answer.astype(np.int64) + 1)
    parsed = _Parsed.of(texts)
    if (table.low.size + 1) * n_texts <= _DENSE_PAIRS:
        every = np.arange((table.low.size + 1) * n_texts)
        value_of, verdict_of = _judge(every // n_texts, every % n_texts, parsed)
        values, verdict = value_of[pair], verdict_of[pair]
    else:
        found, pairs = pd.factorize(pair)
        value_of, verdict_of = _judge(pairs // n_texts, pairs % n_texts, parsed)
        values, verdict = value_of[found], verdict_of[found]

    def text(index: pd.Index) -> pd.Series:
        return codes.text_of(answer[index.to_numpy()], texts).set_axis(index)

    def wrong_answer(index: pd.Index) -> pd.Series:
        at = index.to_numpy()
        expected = pd.Series(table.expected[inst[at], slot[at]], index=index, dtype="str")
        return q.got_sentence(text(index), expected)

    def not_an_item(index: pd.Index) -> pd.Series:
        at = index.to_numpy()
        counts = table.n_items[inst[at]]
        n_items = pd.Series(np.where(counts == 1, "1 item", counts.astype(str) + " items"),
                            index=index, dtype="str")
        typed = (pd.Series(item[at], index=index).astype("str") if item_text is None
                 else item_text(at).set_axis(index))
        told = q.shown(typed)
        return ("item '" + told + "' is not an item of this questionnaire (it has " + n_items
                + ")").where(told != q.WITHHELD, "not an item of this questionnaire, "
                             "which has " + n_items + " " + q.WITHHELD_NOTE)

    def yes_no_answer(index: pd.Index) -> pd.Series:
        return q.got_sentence(text(index), "ja or nee (yes/no, 1/0)")

    checks = [
        Check(verdict == _NOT_AN_ITEM, Reason.INVALID_ITEM, None, not_an_item, text),
        Check(verdict == _NOT_YES_NO, Reason.INVALID_YES_NO, None, yes_no_answer, text),
        Check(verdict == _NOT_A_NUMBER, Reason.NOT_A_NUMBER, None, wrong_answer, text),
        Check(verdict == _OUT_OF_RANGE, Reason.OUT_OF_RANGE, None, wrong_answer, text),
    ]
    return values, checks


def _unified(columns: list[tuple[np.ndarray, pd.Series]]) -> tuple[list[np.ndarray], pd.Series]:
    """For several encoded columns: where each column's distinct texts stand in one common
    table of distinct texts (a lookup by the column's code), and that table."""
    texts = pd.concat([t for _, t in columns], ignore_index=True)
    common, distinct = codes.encode(texts)
    starts = np.cumsum([0, *(len(t) for _, t in columns)])
    return [common[s:s + len(t)] for (_, t), s in zip(columns, starts, strict=False)], distinct


def wide_answers(
    frame: pd.DataFrame, keep: np.ndarray, inst: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.DataFrame]:
    """The valid answers of the kept questionnaires (row position, item, value); bad answers
    cleared; a questionnaire without any valid answer rejected. ``inst`` is each row's
    registry position."""
    columns = codes.encode_all([frame[c] for c in ITEM_COLUMNS])
    lookups, texts = _unified(columns)
    encoded = [c for c, _ in columns]
    positions = [np.flatnonzero((c != codes.MISSING) & keep) for c in encoded]
    pos = np.concatenate(positions)
    item = np.concatenate([np.full(len(p), n, dtype=np.int64)
                           for n, p in enumerate(positions, start=1)])
    answer = np.concatenate([lookup[c[p]]
                             for c, p, lookup in zip(encoded, positions, lookups, strict=True)])
    values, checks = responses(inst[pos], item, answer, texts)
    files, rows = frame[q.FILE].to_numpy(np.int64), frame[q.ROW].to_numpy(np.int64)
    fields = pd.Series([f"v{n}" for n in range(1, len(ITEM_COLUMNS) + 1)], dtype="str")

    def field(index: pd.Index) -> pd.Series:
        return codes.text_of(item[index.to_numpy()] - 1, fields).set_axis(index)

    found = []
    for c in checks:
        at = np.flatnonzero(c.mask)
        if len(at):
            failing = pd.DataFrame({q.FILE: files[pos[at]], q.ROW: rows[pos[at]]}, index=at)
            found.append(q.problems(failing, Action.CLEARED_VALUE,
                                    Check(c.mask, c.reason, field, c.sentence, c.value)))
    stored = ~np.isnan(values)
    answered = np.zeros(len(frame), bool)
    answered[pos[stored]] = True
    empty = np.flatnonzero(keep & ~answered)
    n_given = sum((c[empty] != codes.MISSING).astype(np.int64) for c in encoded)
    sentence = pd.Series("no question answered", index=range(len(empty)), dtype="str").where(
        n_given == 0,
        "no valid answer (" + pd.Series(n_given).astype("str") + " given, all cleared)")
    found.append(q.problems(pd.DataFrame({q.FILE: files[empty], q.ROW: rows[empty]}),
                            Action.REJECTED_ROW,
                            Check(np.ones(len(empty), bool), Reason.NO_ITEMS_ANSWERED, None,
                                  sentence)))
    pos, item, values = pos[stored], item[stored], values[stored]
    # Answers were gathered item by item; put them row by row (then item) for the store.
    row_major = _row_major(pos, len(frame))
    return pos[row_major], item[row_major], values[row_major], q.combine(found)


def _row_major(pos: np.ndarray, n_rows: int) -> np.ndarray:
    """The order that groups ``pos`` by row, keeping the given order within a row.

    ``pos`` is made of runs (one per item) that each visit rows in increasing order, so a
    counting sort does it in linear time.

    Examples
    --------
    >>> _row_major(np.array([0, 2, 0, 1, 2]), 3).tolist()
    [0, 2, 3, 1, 4]
    """
    if not len(pos):
        return np.zeros(0, dtype=np.int64)
    counts = np.bincount(pos, minlength=n_rows)
    start = np.concatenate(([0], np.cumsum(counts)[:-1]))
    order = np.empty(len(pos), dtype=np.int64)
    # Rank of each element among the elements of its row, in the given order.
    seen = np.zeros(n_rows, dtype=np.int64)
    runs = np.flatnonzero(np.diff(pos, prepend=np.iinfo(np.int64).max) <= 0)
    for begin, end in zip(runs, [*runs[1:], len(pos)], strict=True):
        rows = pos[begin:end]
        order[start[rows] + seen[rows]] = np.arange(begin, end)
        seen[rows] += 1
    return order


def long_answers(
    frame: pd.DataFrame, keep: np.ndarray, inst: np.ndarray, item: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.DataFrame]:
    """Each kept long-form row as an answer; a row without a valid answer is rejected.

    ``inst`` is each row's registry position, ``item`` its item number as read (float).
    """
    kept = np.flatnonzero(keep)
    number = item[kept]
    # Item 0 is no item; a number too large for an integer is none either.
    with np.errstate(invalid="ignore"):
        usable = (number % 1 == 0) & (np.abs(number) < _LARGEST_ITEM)
    whole = np.where(usable, number, 0).astype(np.int64)
    answer, texts = codes.encode(frame["answer"].iloc[kept])
    typed = frame["item"]

    def item_text(at: np.ndarray) -> pd.Series:
        return typed.iloc[kept[at]].reset_index(drop=True)

    values, checks = responses(inst[kept], whole, answer, texts, item_text=item_text)
    rows = pd.DataFrame({q.FILE: frame[q.FILE].to_numpy(np.int64)[kept],
                         q.ROW: frame[q.ROW].to_numpy(np.int64)[kept]})
    item_value = typed.iloc[kept].reset_index(drop=True)
    rejected, found = q.failures(rows, [
        Check(typed.isna().to_numpy()[kept], Reason.INVALID_ITEM, "item", "no item number"),
        Check(answer == codes.MISSING, Reason.NO_ITEMS_ANSWERED, "answer", "no answer given"),
        *(
            Check(c.mask, c.reason, "item", c.sentence, item_value)
            if c.reason == Reason.INVALID_ITEM else
            Check(c.mask, c.reason, "answer", c.sentence, c.value)
            for c in checks
        ),
    ])
    return kept[~rejected], whole[~rejected], values[~rejected], found
