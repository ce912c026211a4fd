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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from beyou_analytics.errors import Action, Reason
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

    ``sentence`` is one text for all rows, a Series aligned with the checked frame, or a
    function of the failing rows' index: sentences are then built for those rows only, not
    for the million that passed.
    """

    mask: np.ndarray
    reason: Reason
    field: str | Sentence | None
    sentence: Sentence
    value: pd.Series | None = None


def empty() -> pd.DataFrame:
    """A quarantine frame without rows."""
    return problems(pd.DataFrame({FILE: [], ROW: []}), Action.REJECTED_ROW,
                    Check(np.zeros(0, bool), Reason.INVALID_ITEM, None, ""))


def shown(values: pd.Series) -> pd.Series:
    """A bad value as the quarantine shows it: text, truncated to ``MAX_VALUE`` characters.

    Examples
    --------
    >>> shown(pd.Series(["11", "x" * 50])).str.len().tolist()
    [2, 41]
    """
    text = values.astype("str")
    long = text.str.len() > MAX_VALUE
    return text.where(~long, text.str.slice(0, MAX_VALUE) + "…")


def got(values: pd.Series, expected: str) -> Callable[[pd.Index], pd.Series]:
    """Sentences "got 'x', expected ..." for the failing rows, built when needed.

    Examples
    --------
    >>> got(pd.Series(["11", "3"]), "a number from 0 to 10")(pd.Index([0])).tolist()
    ["got '11', expected a number from 0 to 10"]
    """
    return lambda index: "got '" + shown(values.loc[index]) + "', expected " + expected


def problems(rows: pd.DataFrame, action: Action, check: Check) -> pd.DataFrame:
    """Quarantine rows for every row of ``rows`` (which all failed ``check``)."""
    n = len(rows)
    index = rows.index

    def aligned(value: Sentence | None) -> pd.Series:
        if callable(value):
            value = value(index)
        if isinstance(value, pd.Series):
            return value.loc[index].reset_index(drop=True).astype("str")
        return pd.Series([value] * n, dtype="str")

    return pd.DataFrame({
        FILE: rows[FILE].to_numpy(dtype=np.int64),
        ROW: rows[ROW].to_numpy(dtype=np.int64),
        "field": aligned(check.field),
        "value": aligned(None if check.value is None else shown(check.value.loc[index])),
        "reason_code": pd.Series([check.reason.value] * n, dtype="str"),
        "reason": aligned(check.sentence),
        "action": pd.Series([action.value] * n, dtype="str"),
    })


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
    frame: pd.DataFrame,
    *,
    content: Sequence[str],
    key: Sequence[str],
    label: str,
    sources: Sequence[str],
    keep_file: str = "first",
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Exact copies within a file, and records that another export file also holds.

    ``content`` are the columns as read, ``key`` the parsed identity of a record (patient and
    date-time, say). An exact copy of an earlier row of the same file is removed
    (``exact_duplicate``). A record whose key is also in another file is removed from every
    file but one (``already_in_another_file``): the first file in name order for events
    (check-ins, questionnaires), the last for episodes (``keep_file="last"``: a later export
    knows the end date). Returns the rows kept, the kept rows that still share their key with
    another kept row of the same file (the caller's rule decides), and the quarantine rows.
    """
    key = list(key)
    # Only rows sharing a key can be copies; the full comparison runs on those few.
    candidate = np.flatnonzero(
        pd.Series(coarse_key(frame, key)).duplicated(keep=False).to_numpy())
    files, rows = frame[FILE].to_numpy(np.int64), frame[ROW].to_numpy(np.int64)
    candidate = candidate[np.lexsort((rows[candidate], files[candidate]))]
    sub = frame.iloc[candidate][list(dict.fromkeys([*content, *key]))]
    sub_file, sub_row = files[candidate], rows[candidate]

    # One grouping per question: same file and content? same key?
    copy = _groups(sub.assign(**{FILE: sub_file}), [FILE, *content])
    exact = _seen_before(copy)
    first_row = sub_row[_first_of_group(copy)]
    rest = np.flatnonzero(~exact)
    group = _groups(sub.iloc[rest], key)
    winner = np.full(group.max() + 1 if len(group) else 0,
                     -1 if keep_file == "last" else np.iinfo(np.int64).max)
    (np.maximum if keep_file == "last" else np.minimum).at(winner, group, sub_file[rest])
    overlap = sub_file[rest] != winner[group]
    kept_group = np.where(overlap, -1, group)
    first_kept = np.full(len(winner), -1)
    ordered = np.flatnonzero(~overlap)[::-1]  # reversed: the first row of a group wins
    first_kept[group[ordered]] = sub_row[rest][ordered]
    exact_at, overlap_at = candidate[exact], candidate[rest[overlap]]

    ids = frame[[FILE, ROW]]
    also = "also in the later export " if keep_file == "last" else "already in "
    found = combine([
        problems(ids.iloc[exact_at], Action.REMOVED_DUPLICATE, Check(
            exact[exact], Reason.EXACT_DUPLICATE, None,
            ("an exact copy of row " + pd.Series(first_row[exact]).astype("str")
             + " of this file").set_axis(ids.index[exact_at]))),
        problems(ids.iloc[overlap_at], Action.REMOVED_DUPLICATE, Check(
            overlap[overlap], Reason.OVERLAPPING_EXPORT, None,
            (f"the same {label} is {also}"
             + labels(winner[group[overlap]], sources) + ", row "
             + pd.Series(first_kept[group[overlap]]).astype("str")
             + (", which is kept" if keep_file == "last" else ""))
            .set_axis(ids.index[overlap_at]))),
    ])
    kept = np.ones(len(frame), bool)
    kept[exact_at] = False
    kept[overlap_at] = False
    conflict = np.zeros(len(frame), bool)
    sizes = np.bincount(kept_group[kept_group >= 0], minlength=len(winner))
    conflict[candidate[rest[(kept_group >= 0) & (sizes[np.maximum(kept_group, 0)] > 1)]]] = True
    return kept, conflict, found


def _groups(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Group number of each row by ``columns`` (missing values form groups too)."""
    if frame.empty:
        return np.zeros(0, dtype=np.int64)
    return frame.groupby(columns, dropna=False, sort=False).ngroup().to_numpy(np.int64)


def _seen_before(group: np.ndarray) -> np.ndarray:
    """Whether an earlier row has the same group."""
    return pd.Series(group).duplicated().to_numpy()


def _first_of_group(group: np.ndarray) -> np.ndarray:
    """Position of the first row of each row's group."""
    first = np.full(group.max() + 1 if len(group) else 0, -1)
    at = np.arange(len(group))[::-1]
    first[group[at]] = at
    return first[group]


def coarse_key(frame: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of each row's ``columns``: equal keys give equal hashes.

    Different keys may collide, so it only narrows down where to compare in full; it is
    much cheaper than ``duplicated`` over several text columns.

    Examples
    --------
    >>> f = pd.DataFrame({"a": ["x", "y", "x", None], "b": [1.0, 2.0, 1.0, None]})
    >>> h = coarse_key(f, ["a", "b"]); bool(h[0] == h[2]), bool(h[0] == h[1])
    (True, False)
    """
    mixed = np.zeros(len(frame), dtype=np.uint64)
    for name in columns:
        column = frame[name]
        if pd.api.types.is_datetime64_dtype(column):
            part = column.to_numpy().view(np.int64).astype(np.uint64)
        elif pd.api.types.is_float_dtype(column):
            values = column.to_numpy(dtype=np.float64, na_value=np.nan)
            part = np.where(np.isnan(values), -1.5, values).view(np.uint64)
        else:
            part = pd.factorize(column)[0].astype(np.uint64)
        mixed = mixed * np.uint64(0x9E3779B97F4A7C15) + part
    return mixed


def conflicts(
    frame: pd.DataFrame, mask: np.ndarray, key: Sequence[str], *, keep: str, label: str
) -> tuple[np.ndarray, pd.DataFrame]:
    """Among ``mask`` rows (sharing a key within one file), keep the ``keep`` one per key.

    The others are rejected (``conflicting_record``) with a sentence naming the row that is
    kept. ``keep`` is ``"first"`` or ``"last"`` in row order.
    """
    group = frame.loc[mask].sort_values([FILE, ROW], kind="stable")
    keys = [FILE, *key]
    losers = group.duplicated(subset=keys, keep=keep).to_numpy()
    winner = group.groupby(keys, dropna=False, sort=False)[ROW].transform(keep)
    rows = group.loc[losers]
    sentence = (f"the same {label} is in row " + winner.loc[rows.index].astype("str")
                + " of this file with other details; that row is kept")
    found = problems(rows, Action.REJECTED_ROW,
                     Check(losers[losers], Reason.CONFLICTING_RECORD, None, sentence))
    rejected = np.zeros(len(frame), bool)
    rejected[frame.index.get_indexer(rows.index)] = True
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
    # Few distinct (file, column) pairs: name each once, as that file's header says.
    codes, canonical = pd.factorize(found["field"])
    pairs, where = np.unique(files * (len(canonical) + 1) + codes + 1, return_inverse=True)
    named = [None if code == 0 else headers[file].get(canonical[code - 1], canonical[code - 1])
             for file, code in zip(*np.divmod(pairs, len(canonical) + 1), strict=True)]
    field = pd.Series(np.asarray(named, dtype=object)[where], dtype="str")
    field_rank = pd.factorize(field, sort=True, use_na_sentinel=True)[0]
    reason_rank = pd.factorize(found["reason_code"], sort=True)[0]
    action_rank = found["action"].map(ACTION_ORDER).to_numpy()
    order = np.lexsort((reason_rank, field_rank, action_rank, found[ROW].to_numpy(), files))
    return pd.DataFrame({
        "source_file": labels(files[order], sources),
        "source_row": pd.array(found[ROW].to_numpy()[order], dtype="Int64"),
        "field": field.take(order).reset_index(drop=True),
        "value": found["value"].take(order).reset_index(drop=True).astype("str"),
        "reason_code": found["reason_code"].take(order).reset_index(drop=True),
        "reason": found["reason"].take(order).reset_index(drop=True),
        "action": found["action"].take(order).reset_index(drop=True),
    })


def _dtype(column: str) -> str:
    return "Int64" if column == "source_row" else "str"
