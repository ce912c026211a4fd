"""Small-cell suppression: no count, share or mean that rests on fewer than 5 patients is shown.

Rules (applied to a table of counts and of values computed from counts):

- **primary**: a count below ``min_count`` (0 included, so ``"<5"`` never singles out the
  non-empty cells) is shown as ``"<5"``. A count may be judged on another column (``basis``),
  e.g. episodes judged on the number of distinct patients behind them.
- **complementary**: when a table has a total row (the sum of the other rows), the total
  minus the shown cells is what the hidden cells of a column add up to. That must neither
  give a hidden cell away (one hidden cell; two adding up to 8 are both 4) nor show a group
  under 5 (two hidden cells adding up to 3); that they are all empty may show. Other cells
  are hidden too, the smallest that suffice, shown as ``"x"`` (as CBS marks confidential
  cells: not necessarily under 5), or, without another cell to hide, the total.
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
        extra = (_complement(frame[column], small, frame.index, total_row, min_count)
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


def _complement(values: pd.Series, small: np.ndarray, index: pd.Index, total_row: Hashable,
                min_count: int) -> np.ndarray:
    """Cells to hide besides ``small`` so that the shown total tells nothing about them.

    Hidden cells are added, smallest first, until the total and the shown cells tell nothing
    about the hidden ones (``_protected``); when no body cell is left to hide, the total is
    hidden.
    """
    extra = np.zeros(len(values), dtype=bool)
    position = index.get_indexer([total_row])[0]
    if position < 0 or small[position]:
        return extra
    body = np.arange(len(values)) != position
    numbers = np.nan_to_num(values.to_numpy(dtype=float))
    total = numbers[position]

    def protected(large: np.ndarray) -> bool:
        shown = numbers[body & ~small & ~large].sum()
        return _protected(total - shown, int((small & body).sum()), int((large & body).sum()),
                          min_count)

    if not (small & body).any():
        return extra
    while not protected(extra):
        candidates = np.flatnonzero(body & ~small & ~extra)
        if not len(candidates):
            extra[position] = True
            break
        ordered = candidates[np.argsort(numbers[candidates], kind="stable")]
        # The smallest cell that is enough on its own; else the largest, and look again.
        enough = [c for c in ordered if protected(extra | (np.arange(len(values)) == c))]
        extra[enough[0] if enough else ordered[-1]] = True
    return extra


def _protected(rest: float, n_small: int, n_large: int, min_count: int) -> bool:
    """Whether the hidden cells of a column are safe from the total: together they hold at
    least ``min_count`` (no group under 5 can be computed), and none of them can be pinned
    to one count.

    What a reader can work out: the ``n_small`` cells marked ``"<5"`` (0 to
    ``min_count - 1`` each) and the ``n_large`` cells hidden beside them (``min_count`` or
    more each) add up to ``rest``, the total minus the shown cells.

    >>> _protected(8, n_small=2, n_large=0, min_count=5)   # 8 = 4 + 4: both are 4
    False
    >>> _protected(13, n_small=2, n_large=1, min_count=5)  # with a 5 hidden too: open again
    True
    >>> _protected(3, n_small=2, n_large=0, min_count=5)   # the two together: 3 patients
    False
    >>> _protected(5, n_small=2, n_large=0, min_count=5)   # 1 + 4, 2 + 3, ...
    True
    >>> _protected(0, n_small=2, n_large=0, min_count=5)   # both empty: nobody to protect
    True
    """
    top = min_count - 1
    if rest == 0 and not n_large:
        return True  # every hidden cell is empty: no patient to protect
    if rest < min_count or n_small + n_large < 2:
        return False
    small_low = 0 if n_large else max(0, rest - (n_small - 1) * top)
    small_high = min(top, rest - n_large * min_count)
    large_low = min_count if n_large > 1 else max(min_count, rest - n_small * top)
    large_high = rest - (n_large - 1) * min_count
    return bool((not n_small or small_low < small_high)
                and (not n_large or large_low < large_high))


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
