"""Small-cell suppression: no count, share or mean that rests on fewer than 5 patients is shown.

Rules (applied to a table of counts and of values computed from counts):

- **primary**: a count below ``min_count`` (0 included, so ``"<5"`` never singles out the
  non-empty cells) is shown as ``"<5"``. A count may be judged on another column (``basis``),
  e.g. episodes judged on the number of distinct patients behind them.
- **complementary**: when a table has a total row (the sum of the other rows), a column with
  exactly one suppressed cell would give that cell away (total minus the others), so the
  smallest other shown cell of that column is hidden too, shown as ``"x"`` (as CBS marks
  confidential cells: it is not necessarily under 5), or, without another cell, the total.
- **linked**: a share, median or mean is shown as ``"–"`` when the count it was computed from
  (its n) is below ``min_count`` or is itself hidden.

Examples
--------
>>> table = pd.DataFrame({"n": [12, 3, 9, 24], "share": [0.5, 1.0, 0.33, 0.5]},
...                      index=["A", "B", "C", "total"])
>>> marks = suppression_marks(table, counts=["n"], linked={"share": "n"}, total_row="total")
>>> suppress(table, marks).values.tolist()
[[12, 0.5], ['<5', '–'], ['x', '–'], [24, 0.5]]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

MIN_COUNT = 5
COUNT_MARK = "<5"
HIDDEN_MARK = "x"
VALUE_MARK = "–"


def is_small(values: Iterable[float], *, min_count: int = MIN_COUNT) -> np.ndarray:
    """Whether each count is below ``min_count`` (a missing count is treated as small).

    >>> is_small([0, 4, 5, None]).tolist()
    [True, True, False, True]
    """
    array = pd.to_numeric(pd.Series(list(values), dtype="Float64")).to_numpy(
        dtype=float, na_value=np.nan)
    return np.isnan(array) | (array < min_count)


def suppression_marks(
    frame: pd.DataFrame,
    *,
    counts: Iterable[str],
    linked: Mapping[str, str | Sequence[str]] | None = None,
    basis: Mapping[str, str] | None = None,
    total_row: Hashable | None = None,
    min_count: int = MIN_COUNT,
) -> pd.DataFrame:
    """What to show instead of each cell of ``frame`` (``None``: show the value).

    Parameters
    ----------
    frame
        The table as computed (numbers), one row per group, optionally a total row.
    counts
        Columns holding counts of patients (or episodes).
    linked
        ``{value column: count column(s)}``: shares, medians or means and the n they rest on.
        An n column need not be listed in ``counts`` (it is then only used as a threshold).
    basis
        ``{count column: column to judge it on}``, e.g. distinct patients behind episodes.
    total_row
        Index label of the row that holds the column totals; enables complementary
        suppression.
    min_count
        The smallest count that may be shown (default 5).

    Returns
    -------
    DataFrame
        Same index and columns as ``frame``: ``None``, ``COUNT_MARK`` (a count under
        ``min_count``), ``HIDDEN_MARK`` (hidden so that another cell cannot be computed) or
        ``VALUE_MARK`` (a value resting on a hidden or small count).
    """
    counts = list(counts)
    linked = dict(linked or {})
    basis = dict(basis or {})
    marks = pd.DataFrame(None, index=frame.index, columns=frame.columns, dtype=object)
    hidden: dict[str, np.ndarray] = {}
    for column in counts:
        small = is_small(frame[basis.get(column, column)], min_count=min_count)
        extra = (_complement(frame[column], small, frame.index, total_row)
                 if total_row is not None else np.zeros(len(frame), dtype=bool))
        marks[column] = np.where(small, COUNT_MARK, np.where(extra, HIDDEN_MARK, None))
        hidden[column] = small | extra
    for value, ns in linked.items():
        hide = np.zeros(len(frame), dtype=bool)
        for n in [ns] if isinstance(ns, str) else ns:
            hide |= is_small(frame[basis.get(n, n)], min_count=min_count)
            hide |= hidden.get(n, np.zeros(len(frame), dtype=bool))
        marks[value] = np.where(hide, VALUE_MARK, marks[value].to_numpy(dtype=object))
    return marks


def suppression_mask(frame: pd.DataFrame, **options: object) -> pd.DataFrame:
    """Which cells of ``frame`` must not be shown (True); options as ``suppression_marks``.

    >>> t = pd.DataFrame({"n": [7, 2]})
    >>> suppression_mask(t, counts=["n"])["n"].tolist()
    [False, True]
    """
    return suppression_marks(frame, **options).notna()  # type: ignore[arg-type]


def _complement(values: pd.Series, small: np.ndarray, index: pd.Index,
                total_row: Hashable) -> np.ndarray:
    """Cells to hide besides ``small`` so that no single hidden body cell can be computed."""
    extra = np.zeros(len(values), dtype=bool)
    position = index.get_indexer([total_row])[0]
    if position < 0 or small[position]:
        return extra
    body = np.arange(len(values)) != position
    if int(small[body].sum()) != 1:
        return extra
    candidates = np.flatnonzero(body & ~small)
    if len(candidates) == 0:
        extra[position] = True
    else:
        numbers = values.to_numpy(dtype=float)[candidates]
        extra[candidates[np.argsort(numbers, kind="stable")[0]]] = True
    return extra


def suppress(frame: pd.DataFrame, marks: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every marked cell replaced by its mark (object columns).

    Cells that are shown keep their value (and type).
    """
    out = frame.astype(object)
    for column in frame.columns:
        mark = marks[column].to_numpy(dtype=object)
        shown = pd.isna(mark)
        if not shown.all():
            out[column] = np.where(shown, out[column].to_numpy(dtype=object), mark)
    return out


def suppress_table(
    frame: pd.DataFrame,
    *,
    counts: Iterable[str],
    linked: Mapping[str, str | Sequence[str]] | None = None,
    basis: Mapping[str, str] | None = None,
    total_row: Hashable | None = None,
    min_count: int = MIN_COUNT,
) -> pd.DataFrame:
    """``suppress(frame, suppression_marks(frame, ...))`` in one call.

    Examples
    --------
    >>> t = pd.DataFrame({"patients": [7, 2]}, index=["M", "F"])
    >>> suppress_table(t, counts=["patients"])["patients"].tolist()
    [7, '<5']
    """
    marks = suppression_marks(frame, counts=counts, linked=linked, basis=basis,
                              total_row=total_row, min_count=min_count)
    return suppress(frame, marks)
