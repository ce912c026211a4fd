"""Nothing is lost: per source file, rows in = rows stored + rows rejected + duplicates removed.

The three right-hand terms are counted independently, from the store tables (distinct source
rows that produced a stored row) and from the quarantine (one ``rejected_row`` or
``removed_duplicate`` per row), so the equation is a real check of the cleaner, not a
definition. Cleared values are counted separately: their rows are stored. ``quality`` builds
``quality.json`` from the accounts; it holds no timestamps, so equal exports give equal bytes.

Examples
--------
>>> account = FileAccount("c.csv", "checkins", "utf-8", ";", rows_in=5, rows_stored=3,
...     rows_rejected=1, duplicates_removed=1, values_cleared=2, blank_lines=1)
>>> account.balanced, account.equation
(True, '5 = 3 + 1 + 1')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from beyou_analytics.clean.quarantine import FILE, ROW
from beyou_analytics.errors import Action

QUALITY_FORMAT = 1
DELIMITER_NAMES = {";": ";", ",": ",", "\t": "tab"}


@dataclass(frozen=True)
class FileAccount:
    """The row accounting of one CSV file or workbook sheet."""

    file: str
    kind: str
    encoding: str | None
    delimiter: str | None
    rows_in: int
    rows_stored: int
    rows_rejected: int
    duplicates_removed: int
    values_cleared: int
    blank_lines: int

    @property
    def balanced(self) -> bool:
        """Whether every data row was stored, rejected or removed as a duplicate, once."""
        return self.rows_in == self.rows_stored + self.rows_rejected + self.duplicates_removed

    @property
    def equation(self) -> str:
        """``rows in = stored + rejected + duplicates`` with this file's numbers."""
        return (f"{self.rows_in} = {self.rows_stored} + {self.rows_rejected} + "
                f"{self.duplicates_removed}")

    def as_dict(self) -> dict[str, object]:
        """The file's entry in ``quality.json``."""
        entry = asdict(self)
        entry["delimiter"] = DELIMITER_NAMES.get(self.delimiter, self.delimiter)
        entry["balanced"] = self.balanced
        return entry


def _counts(files: np.ndarray, n_files: int) -> np.ndarray:
    return np.bincount(files.astype(np.int64), minlength=n_files)[:n_files]


def stored_rows(frames: Iterable[pd.DataFrame], n_files: int) -> np.ndarray:
    """Per source file, the distinct source rows that produced at least one stored row.

    Examples
    --------
    >>> items = pd.DataFrame({"_file": [0, 0, 0, 1], "source_row": [2, 2, 3, 2]})
    >>> stored_rows([items], 3).tolist()
    [2, 1, 0]
    """
    frames = [f for f in frames if len(f)]
    if not frames:
        return np.zeros(n_files, dtype=np.int64)
    files = np.concatenate([f[FILE].to_numpy(np.int64) for f in frames])
    rows = np.concatenate([f[ROW].to_numpy(np.int64) for f in frames])
    # One flag per (file, row): a wide questionnaire row stores many items but counts once.
    top = np.zeros(n_files, dtype=np.int64)
    np.maximum.at(top, files, rows)
    offset = np.concatenate(([0], np.cumsum(top + 1)))
    seen = np.zeros(offset[-1], dtype=np.int64)
    seen[offset[files] + rows] = 1
    return np.add.reduceat(seen, offset[:-1])


@dataclass(frozen=True)
class Source:
    """What the accounting needs to know of one read table (``io.readers.RawTable``)."""

    source: str
    kind: str
    encoding: str | None
    delimiter: str | None
    rows_in: int
    blank_lines: int
    headers: Mapping[str, str]

    @classmethod
    def of(cls, table: object) -> Source:
        """The description of a ``RawTable`` (without its rows)."""
        return cls(table.source, table.kind, table.encoding, table.delimiter, table.rows_in,
                   table.blank_lines, table.headers)


def account_files(
    tables: Sequence[Source], stored: Iterable[pd.DataFrame], found: pd.DataFrame
) -> list[FileAccount]:
    """One ``FileAccount`` per read table, in file order.

    ``stored`` are the store tables still carrying ``_file`` and ``source_row``; ``found``
    is the quarantine with ``_file``.
    """
    n = len(tables)
    action = found["action"].to_numpy(dtype=object)
    files = found[FILE].to_numpy(np.int64)

    def per_file(kind: Action) -> np.ndarray:
        return _counts(files[action == kind.value], n)

    rows_stored = stored_rows(stored, n)
    rejected = per_file(Action.REJECTED_ROW)
    duplicates = per_file(Action.REMOVED_DUPLICATE)
    cleared = per_file(Action.CLEARED_VALUE)
    return [
        FileAccount(t.source, t.kind, t.encoding, t.delimiter, int(t.rows_in),
                    int(rows_stored[i]), int(rejected[i]), int(duplicates[i]),
                    int(cleared[i]), int(t.blank_lines))
        for i, t in enumerate(tables)
    ]


def quality_report(
    accounts: Sequence[FileAccount],
    quarantine: pd.DataFrame,
    tables: Mapping[str, int],
    *,
    skipped: Sequence[tuple[str, str]] = (),
    ignored_sheets: Sequence[tuple[str, str]] = (),
) -> dict[str, object]:
    """The content of ``quality.json``: files, totals, reasons, actions and table sizes
    (``tables``: rows per store table)."""
    sums = {
        field: int(sum(getattr(a, field) for a in accounts))
        for field in ("rows_in", "rows_stored", "rows_rejected", "duplicates_removed",
                      "values_cleared", "blank_lines")
    }
    reasons = quarantine["reason_code"].value_counts()
    actions = quarantine["action"].value_counts()
    return {
        "format": QUALITY_FORMAT,
        "equation": "rows_in = rows_stored + rows_rejected + duplicates_removed",
        "files": [a.as_dict() for a in accounts],
        "skipped_files": [{"file": f, "problem": p} for f, p in skipped],
        "ignored_sheets": [{"file": f, "sheet": s} for f, s in ignored_sheets],
        "totals": {**sums, "balanced": all(a.balanced for a in accounts)},
        "reasons": {code: int(reasons[code]) for code in sorted(reasons.index)},
        "actions": {a.value: int(actions.get(a.value, 0)) for a in Action},
        "tables": dict(tables),
    }
