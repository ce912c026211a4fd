"""A minimal column table for export text: numpy arrays by column name, rows by position.

Export tables hold a million rows of text that artefacts change cell by cell; pandas' arrow
strings copy on every cell write and object columns get re-inferred as ``str``, so the export
side of ``synth`` keeps plain numpy arrays (text as object arrays whose equal values share one
Python string) and only the writers see rows.

Examples
--------
>>> import numpy as np
>>> t = Table({"a": np.array(["x", "y"], dtype=object), "n": np.array([2, 1])})
>>> t["a"][1] = "z"
>>> t.take(np.argsort(t["n"])).columns(["a"])[0].tolist(), t.n_rows
(['z', 'x'], 2)
"""

from __future__ import annotations

import numpy as np
import pandas as pd


class Table(dict):
    """Columns as numpy arrays of equal length: ``table[column][rows] = value`` edits in place."""

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return len(next(iter(self.values()))) if self else 0

    def take(self, rows: np.ndarray, columns: list[str] | None = None) -> Table:
        """The given rows (and columns), as a new table with its own arrays."""
        return Table({c: self[c][rows] for c in (columns or list(self))})

    def append(self, other: Table) -> Table:
        """This table followed by ``other`` (same columns)."""
        return Table({c: np.concatenate([v, other[c]]) for c, v in self.items()})

    def with_columns(self, **columns: np.ndarray) -> Table:
        """A new table sharing this one's arrays, plus or replacing ``columns``."""
        return Table({**self, **columns})

    def columns(self, names: list[str]) -> list[np.ndarray]:
        """The arrays of ``names``, in that order."""
        return [self[c] for c in names]

    def frame(self) -> pd.DataFrame:
        """As a DataFrame (for inspection and tests)."""
        return pd.DataFrame(dict(self))
