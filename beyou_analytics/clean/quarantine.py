"""Quarantine rows with fixed columns, built a whole mask at a time.

Cleaning steps describe problems as ``Check``s (a row mask, a ``Reason``, the column, a human
sentence and, where it is safe, the bad value) and get back the rows they keep plus the
quarantine rows: ``reject`` assigns each row its *first* failing check, ``clear`` blanks bad
values in rows that are kept, ``duplicates`` finds exact copies and records that another file
already holds. While cleaning, rows carry ``_file`` (position of their source) and
``source_row``; ``finish`` turns those into the store's ``quarantine`` table.

The model is pandera's failure cases: a tidy frame with fixed columns and a stable reason code.

Examples
--------
>>> rows = pd.DataFrame({"_file": [0, 0, 0], "source_row": [2, 3, 4], "x": ["1", "", "11"]})
>>> kept, problems = reject(rows, [
...     Check(rows["x"].eq("").to_numpy(), Reason.MISSING_DATE, "x", "no date"),
... ])
>>> kept["source_row"].tolist(), problems[["source_row", "reason_code", "action"]].values.tolist()
([2, 4], [[3, 'missing_date', 'rejected_row']])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from beyou_analytics.clean import codes
from beyou_analytics.clean.values import TIMEPOINT, YES_NO
from beyou_analytics.errors import Action, Reason
from beyou_analytics.instruments import alias_table
from beyou_analytics.privacy import fold_header as fold_word
from beyou_analytics.schema import QUARANTINE

FILE = "_file"
ROW = "source_row"
COLUMNS = (FILE, ROW, "field", "value", "reason_code", "reason", "action")
MAX_VALUE = 40  # a bad value is shown truncated: enough to recognise, too short for a story
ACTION_ORDER = {a.value: i for i, a in enumerate(Action)}


Sentence = str | pd.Series | Callable[[pd.Index], pd.Series]


@dataclass(frozen=True)
class Check:
    """Rows that fail one check: why, in which column, and the value when it may be shown.

    ``sentence`` (and ``value``) is one text for all rows, a Series aligned with the checked
    frame, or a function of the failing rows' index: it is then built for those rows only,
    not for the million that passed.
    """

    mask: np.ndarray
    reason: Reason
    field: str | Sentence | None
    sentence: Sentence
    value: pd.Series | Callable[[pd.Index], pd.Series] | None = None


def empty() -> pd.DataFrame:
    """A quarantine frame without rows."""
    return problems(pd.DataFrame({FILE: [], ROW: []}), Action.REJECTED_ROW,
                    Check(np.zeros(0, bool), Reason.INVALID_ITEM, None, ""))


WITHHELD = "(withheld: may identify a person)"
WITHHELD_NOTE = "(value withheld: may identify a person)"

# A bad value is shown only when it cannot identify a person (a whitelist: a blacklist of
# name, phone and address shapes always misses one). Shown are date-like values, which
# explain "after the data date"; short values without letters and with too few digits for a
# phone number, BSN or postcode; registry instrument names; and values whose words are all
# in a fixed vocabulary of answers that carry no person.
_DATE_SHAPE = re.compile(
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
)
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters, in any script
MAX_PLAIN = 16  # longer values without a known shape may be a story or an address
MAX_DIGITS = 6  # a phone number has 10 digits, a BSN 9: 7 or more is never shown
# Words shown on their own: the cleaner's yes/no and timepoint words, and ways of saying
# "no answer".
SAFE_WORDS = frozenset({
    *(fold_word(w) for w in (*YES_NO, *TIMEPOINT) if fold_word(w).isalpha()),
    "nvt", "na", "nb", "onbekend", "unknown", "geen", "none", "niets", "nothing", "leeg",
    "empty", "null", "nil", "nan", "x", "misschien", "maybe", "soms", "sometimes", "ok", "oke",
    "okay", "idk", "weet", "ik", "niet", "not", "van", "toepassing", "applicable", "geenidee",
})
# Abbreviations shown when the whole value folds to one of them ("n.v.t.", "n/a").
SAFE_ABBREVIATIONS = frozenset({"nvt", "na", "nb", "wn"})
# Words shown only next to a number: units, item labels and the joiners of a double tick
# or a range ("6 uur", "V3", "2 of 3"). On their own some could be a name ("Min").
SAFE_BESIDE_NUMBERS = frozenset({
    "u", "h", "uur", "uren", "hr", "hrs", "hour", "hours", "min", "mins", "minuut", "minuten",
    "minute", "minutes", "keer", "dag", "dagen", "day", "days", "v", "q", "vraag", "item",
    "question", "en", "of", "and", "or", "tot", "to", "ca", "circa",
})


def may_show(text: str) -> bool:
    """Whether a bad value can be shown: it cannot identify a person.

    Examples
    --------
    >>> [may_show(v) for v in ["11", "4,5", "n.v.t.", "Ja", "01-11-2026 21:34", "Tampa"]]
    [True, True, True, True, True, True]
    >>> [may_show(v) for v in ["Jansen", "123.456.782", "1234 AB", "Markt 5", "NDI"]]
    [False, False, False, False, False]
    """
    value = text.strip()
    if _DATE_SHAPE.fullmatch(value) or fold_word(value) in alias_table():
        return True
    digits = sum(ch.isdigit() for ch in value)
    if len(value) > MAX_PLAIN or digits > MAX_DIGITS:
        return False
    words = [fold_word(w) for w in _WORD.findall(value)]
    if not words or fold_word(value) in SAFE_ABBREVIATIONS:
        return True
    allowed = SAFE_WORDS | SAFE_BESIDE_NUMBERS if digits else SAFE_WORDS
    return all(w in allowed for w in words)


def shown(values: pd.Series) -> pd.Series:
    """A bad value as the quarantine shows it: text, truncated to ``MAX_VALUE`` characters,
    or ``WITHHELD`` unless ``may_show`` says it cannot identify a person.

    Examples
    --------
    >>> shown(pd.Series(["11", "n.v.t.", "31-02-2026 08:00", "Tampa Schaal voor Kinesiofobie"])
    ...       ).str.len().tolist()
    [2, 6, 16, 30]
    >>> shown(pd.Series(["Piet Pietersen", "jan@example.nl", "06-12345678", "JANSEN",
    ...                  "Dorpsstraat 12", "belde vanmorgen"])).unique().tolist()
    ['(withheld: may identify a person)']
    """
    text = values.astype("str")
    position, distinct = pd.factorize(text)  # bad values repeat: each is looked at once
    safe = np.array([*(may_show(v) for v in distinct), True], dtype=bool)[position]
    long = text.str.len() > MAX_VALUE
    text = text.where(~long, text.str.slice(0, MAX_VALUE) + "…")
    return text.where(safe, WITHHELD)


def got_sentence(values: pd.Series, expected: str | pd.Series) -> pd.Series:
    """"got 'x', expected ..." per value; without the value where it is withheld.

    Examples
    --------
    >>> got_sentence(pd.Series(["11", "Jansen"]), "a number from 0 to 10").tolist()
    ["got '11', expected a number from 0 to 10", \
'expected a number from 0 to 10 (value withheld: may identify a person)']
    """
    told = shown(values)
    return ("got '" + told + "', expected " + expected).where(
        told != WITHHELD, "expected " + expected + " " + WITHHELD_NOTE)


def got(values: pd.Series, expected: str) -> Callable[[pd.Index], pd.Series]:
    """``got_sentence`` for the failing rows, built when needed.

    Examples
    --------
    >>> got(pd.Series(["11", "3"]), "a number from 0 to 10")(pd.Index([0])).tolist()
    ["got '11', expected a number from 0 to 10"]
    """
    return lambda index: got_sentence(values.loc[index], expected)


def problems(rows: pd.DataFrame, action: Action, check: Check) -> pd.DataFrame:
    """Quarantine rows for every row of ``rows`` (which all failed ``check``)."""
    n = len(rows)
    index = rows.index

    def aligned(value: Sentence | None) -> pd.Series:
        if callable(value):
            value = value(index)
        if isinstance(value, pd.Series):
            return at_rows(value).reset_index(drop=True).astype("str")
        return constant(value, n)

    def at_rows(values: pd.Series) -> pd.Series:
        # Built for exactly these rows (most are): no need to look each one up.
        return values if values.index.equals(index) else values.loc[index]

    value = check.value(index) if callable(check.value) else check.value
    return pd.DataFrame({
        FILE: rows[FILE].to_numpy(dtype=np.int64),
        ROW: rows[ROW].to_numpy(dtype=np.int64),
        "field": aligned(check.field),
        "value": aligned(None if value is None else shown(at_rows(value))),
        "reason_code": constant(check.reason.value, n),
        "reason": aligned(check.sentence),
        "action": constant(action.value, n),
    })


def constant(text: str | None, n: int) -> pd.Series:
    """``n`` times the same text (or missing) as a ``str`` Series, built by pyarrow.

    Examples
    --------
    >>> constant("x", 2).tolist(), constant(None, 1).tolist()
    (['x', 'x'], [nan])
    """
    values = pa.repeat(pa.scalar(text, pa.large_string()), n)
    return pd.Series(pd.arrays.ArrowStringArray(values), dtype="str")


def too_many_cells(file: int, too_long: pd.DataFrame, header_cells: int) -> pd.DataFrame:
    """A ``rejected_row`` for each row of a file (``_file`` number ``file``) with more
    non-empty cells than its header (``too_long``: ``source_row`` and ``cells``).

    Examples
    --------
    >>> too_many_cells(0, pd.DataFrame({"source_row": [3], "cells": [6]}), 5)["reason"][0]
    'this row has 6 cells where the header has 5 (an unquoted decimal comma?); not read'
    """
    rows = pd.DataFrame({FILE: file, ROW: too_long[ROW].to_numpy(np.int64)})
    sentence = ("this row has " + number_text(too_long["cells"].to_numpy())
                + f" cells where the header has {header_cells} (an unquoted decimal comma?)"
                "; not read")
    return problems(rows, Action.REJECTED_ROW, Check(
        np.ones(len(rows), bool), Reason.TOO_MANY_CELLS, None, sentence))


def failures(
    frame: pd.DataFrame, checks: Sequence[Check], *, among: np.ndarray | None = None
) -> tuple[np.ndarray, pd.DataFrame]:
    """Rows failing a check (only rows of ``among`` are checked) and one ``rejected_row``
    per such row, for its first failure. The frame itself is not filtered."""
    failed = np.full(len(frame), -1)
    open_rows = np.ones(len(frame), bool) if among is None else among.copy()
    for number, check in enumerate(checks):
        hit = open_rows & check.mask
        failed[hit] = number
        open_rows &= ~hit
    ids = frame[[FILE, ROW]]
    found = [
        problems(ids.loc[failed == number], Action.REJECTED_ROW, check)
        for number, check in enumerate(checks)
        if (failed == number).any()
    ]
    return failed >= 0, combine(found)


def reject(frame: pd.DataFrame, checks: Sequence[Check]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows passing every check, and one ``rejected_row`` per other row (its first failure)."""
    failed, found = failures(frame, checks)
    return frame.loc[~failed], found


def clear(frame: pd.DataFrame, column: str, check: Check) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``frame`` with ``column`` blanked where ``check.mask``, and a ``cleared_value`` each."""
    if not check.mask.any():
        return frame, empty()
    cleared = frame[column].mask(check.mask)
    found = problems(frame[[FILE, ROW]].loc[check.mask], Action.CLEARED_VALUE, check)
    return frame.assign(**{column: cleared}), found


def duplicates(
    files: np.ndarray,
    rows: np.ndarray,
    *,
    key: np.ndarray,
    content: Callable[[np.ndarray], np.ndarray],
    label: str,
    sources: Sequence[str],
    keep_file: str = "first",
    coarse: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Exact copies within a file, and records that another export file also holds.

    ``files`` and ``rows`` are each row's source (``_file``, ``source_row``); ``key`` codes
    the parsed identity of a record (patient and date-time, say: equal codes for the same
    record, ``codes.identity``); ``content(positions)`` codes those rows as read (equal codes
    for rows with the same text in every column). Only rows sharing a ``coarse`` code (default
    ``key``) are compared. An exact copy of an earlier row of the same file is removed
    (``exact_duplicate``). A record whose key is also in another file is removed from every
    file but one (``already_in_another_file``): the first file in name order for events
    (check-ins, questionnaires), the last for episodes (``keep_file="last"``: a later export
    knows the end date). Returns the rows kept, the kept rows that still share their key with
    another kept row of the same file (the caller's rule decides), and the quarantine rows.

    Examples
    --------
    >>> kept, conflict, found = duplicates(
    ...     np.array([0, 0, 0, 1]), np.array([2, 3, 4, 2]), key=np.array([0, 0, 1, 1]),
    ...     content=lambda at: np.array([0, 0, 1, 2])[at], label="check-in", sources=["a", "b"])
    >>> kept.tolist(), found["reason"].tolist()
    ([True, False, True, False], ['an exact copy of row 2 of this file', \
'the same check-in is already in a, row 4'])
    """
    files = np.asarray(files, dtype=np.int64)
    rows = np.asarray(rows, dtype=np.int64)
    coarse = key if coarse is None else coarse
    # Only rows sharing a key can be copies; the full comparison runs on those few.
    shared = np.bincount(coarse, minlength=1)[coarse] > 1 if len(coarse) else coarse > 0
    candidate = np.flatnonzero(shared)
    candidate = candidate[np.lexsort((rows[candidate], files[candidate]))]
    sub_file, sub_row = files[candidate], rows[candidate]

    # One grouping per question: same file and content? same key?
    copy = codes.combine([sub_file, content(candidate)])
    exact = _seen_before(copy)
    first_row = sub_row[first_of_group(copy)]
    rest = np.flatnonzero(~exact)
    group = codes.first_seen(key[candidate[rest]])
    winner = np.full(group.max() + 1 if len(group) else 0,
                     -1 if keep_file == "last" else np.iinfo(np.int64).max)
    (np.maximum if keep_file == "last" else np.minimum).at(winner, group, sub_file[rest])
    overlap = sub_file[rest] != winner[group]
    kept_group = np.where(overlap, -1, group)
    first_kept = np.full(len(winner), -1)
    ordered = np.flatnonzero(~overlap)[::-1]  # reversed: the first row of a group wins
    first_kept[group[ordered]] = sub_row[rest][ordered]
    exact_at, overlap_at = candidate[exact], candidate[rest[overlap]]

    also = "also in the later export " if keep_file == "last" else "already in "
    found = combine([
        problems(_ids(files, rows, exact_at), Action.REMOVED_DUPLICATE, Check(
            exact[exact], Reason.EXACT_DUPLICATE, None,
            "an exact copy of row " + number_text(first_row[exact]) + " of this file")),
        problems(_ids(files, rows, overlap_at), Action.REMOVED_DUPLICATE, Check(
            overlap[overlap], Reason.OVERLAPPING_EXPORT, None,
            joined(f"the same {label} is {also}", labels(winner[group[overlap]], sources),
                   ", row ", number_text(first_kept[group[overlap]]),
                   ", which is kept" if keep_file == "last" else ""))),
    ])
    kept = np.ones(len(files), bool)
    kept[exact_at] = False
    kept[overlap_at] = False
    conflict = np.zeros(len(files), bool)
    sizes = np.bincount(kept_group[kept_group >= 0], minlength=len(winner))
    conflict[candidate[rest[(kept_group >= 0) & (sizes[np.maximum(kept_group, 0)] > 1)]]] = True
    return kept, conflict, found


def _ids(files: np.ndarray, rows: np.ndarray, at: np.ndarray) -> pd.DataFrame:
    """The ``_file``/``source_row`` frame of the rows at positions ``at`` (index 0, 1, ...)."""
    return pd.DataFrame({FILE: files[at], ROW: rows[at]})


def number_text(values: np.ndarray) -> pd.Series:
    """Whole numbers as text (a ``str`` Series).

    Examples
    --------
    >>> number_text(np.array([2, 10])).tolist()
    ['2', '10']
    """
    return pd.Series(pd.arrays.ArrowStringArray(
        pa.array(np.asarray(values, dtype=np.int64)).cast(pa.large_string())), dtype="str")


def joined(*parts: str | pd.Series) -> pd.Series:
    """Texts and text Series (of one length) joined row by row, as ``+`` joins them but in
    one pass: an overlapping export gives hundreds of thousands of sentences.

    Examples
    --------
    >>> joined("row ", pd.Series(["2", None]), "!").tolist()
    ['row 2!', nan]
    """
    arrays = [pa.scalar(p, pa.large_string()) if isinstance(p, str) else codes.arrow_text(p)
              for p in parts]
    text = pc.binary_join_element_wise(*arrays, pa.scalar("", pa.large_string()))
    return pd.Series(pd.arrays.ArrowStringArray(text), dtype="str")


def _seen_before(group: np.ndarray) -> np.ndarray:
    """Whether an earlier row has the same group."""
    first = np.zeros(len(group), dtype=bool)
    first[first_of_group(group) if len(group) else []] = True
    return ~first


def first_of_group(group: np.ndarray) -> np.ndarray:
    """Position of the first row of each row's group."""
    first = np.full(group.max() + 1 if len(group) else 0, -1)
    at = np.arange(len(group))[::-1]
    first[group[at]] = at
    return first[group]


def frame_codes(frame: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """One code per row for the values of ``columns``: equal rows, equal codes (missing
    values equal each other, as in pandas' ``groupby(dropna=False)``).

    Examples
    --------
    >>> f = pd.DataFrame({"a": ["x", "y", "x", None], "b": [1.0, 2.0, 1.0, None]})
    >>> c = frame_codes(f, ["a", "b"]); bool(c[0] == c[2]), len(set(c))
    (True, 3)
    """
    return codes.combine([pd.factorize(frame[c])[0] for c in columns])


def conflicts(
    files: np.ndarray, rows: np.ndarray, key: np.ndarray, mask: np.ndarray, *, keep: str,
    label: str,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Among ``mask`` rows (sharing a ``key`` within one file), keep the ``keep`` one per key.

    The others are rejected (``conflicting_record``) with a sentence naming the row that is
    kept. ``keep`` is ``"first"`` or ``"last"`` in row order.
    """
    files = np.asarray(files, dtype=np.int64)
    rows = np.asarray(rows, dtype=np.int64)
    at = np.flatnonzero(mask)
    at = at[np.lexsort((rows[at], files[at]))]
    group = codes.combine([files[at], key[at]])
    if keep == "first":
        losers = _seen_before(group)
        winner = rows[at][first_of_group(group)]
    else:
        backwards = group[::-1]
        losers = _seen_before(backwards)[::-1]
        winner = rows[at][::-1][first_of_group(backwards)][::-1]
    sentence = (f"the same {label} is in row " + number_text(winner[losers])
                + " of this file with other details; that row is kept")
    found = problems(_ids(files, rows, at[losers]), Action.REJECTED_ROW,
                     Check(losers[losers], Reason.CONFLICTING_RECORD, None, sentence))
    rejected = np.zeros(len(files), bool)
    rejected[at[losers]] = True
    return rejected, found


def combine(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Quarantine frames concatenated (an empty frame when there are none)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in (FILE, ROW) else "str")
                             for c in COLUMNS})
    return pd.concat(frames, ignore_index=True)


def labels(codes: np.ndarray, names: Sequence[str]) -> pd.Series:
    """``names[code]`` for each code, as a text Series (an arrow take, not a Python loop).

    Examples
    --------
    >>> labels(np.array([1, 0, 1]), ["a.csv", "b.csv"]).tolist()
    ['b.csv', 'a.csv', 'b.csv']
    """
    taken = pa.array(list(names), type=pa.large_string()).take(pa.array(codes, pa.int64()))
    return pd.Series(taken.to_pandas(), dtype="str")


def finish(
    found: pd.DataFrame, sources: Sequence[str], headers: Sequence[Mapping[str, str]]
) -> pd.DataFrame:
    """The store's ``quarantine`` table: file names, fields as each file names them, sorted.

    ``sources[i]`` and ``headers[i]`` (canonical column -> header in the file) belong to the
    file with ``_file == i``. Rows are ordered by file, row, action, field and reason.
    """
    if len(found) == 0:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in QUARANTINE.columns})
    files = found[FILE].to_numpy(np.int64)
    rows = found[ROW].to_numpy(np.int64)
    # Few distinct (file, column) pairs: name each once, as that file's header says.
    field, canonical = codes.encode(found["field"])
    pair, pairs = pd.factorize(files * (len(canonical) + 1) + field + 1)
    named = pd.Series([
        None if code == 0 else headers[file].get(canonical[code - 1], canonical[code - 1])
        for file, code in zip(*np.divmod(pairs, len(canonical) + 1), strict=True)
    ], dtype="str")
    reason, reasons = codes.encode(found["reason_code"])
    action, actions = codes.encode(found["action"])
    order = codes.sort_order([
        files, rows,
        np.array([ACTION_ORDER[a] for a in actions], dtype=np.int64)[action],
        pd.factorize(named, sort=True)[0][pair],  # a missing field first
        pd.factorize(reasons, sort=True)[0][reason],
    ])
    return pd.DataFrame({
        "source_file": labels(files[order], sources),
        "source_row": pd.array(rows[order], dtype="Int64"),
        "field": codes.text_of(pair[order], named),
        "value": _taken(found["value"], order),
        "reason_code": codes.text_of(reason[order], reasons),
        "reason": _taken(found["reason"], order),
        "action": codes.text_of(action[order], actions),
    }, copy=False)


def _taken(values: pd.Series, order: np.ndarray) -> pd.Series:
    """``values`` (text) in ``order``, as a ``str`` Series."""
    taken = codes.arrow_text(values).take(pa.array(order))
    return pd.Series(pd.arrays.ArrowStringArray(taken), dtype="str")


def _dtype(column: str) -> str:
    return "Int64" if column == "source_row" else "str"
