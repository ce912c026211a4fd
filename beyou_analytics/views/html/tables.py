"""Compact HTML tables: preformatted cells (``table_html``) or a whole frame (``frame_table_html``).

One table builder for every page: header cells are always escaped; body cells are escaped too
unless the caller says they are ``trusted`` markup built with ``views.html.markup`` (links,
badges, sparklines), in which case the caller escaped every value in them. Numeric columns
carry ``class="num"`` (right-aligned, tabular figures; the stylesheet makes that hold inside
JupyterLab and Voila too, see ``views.html.css``).

Examples
--------
>>> print(table_html(["a", "n"], [["x<", "3"]], numeric=(1,)))
<table class="beyou-table"><thead><tr><th>a</th><th class="num">n</th></tr></thead>
<tbody><tr><td>x&lt;</td><td class="num">3</td></tr></tbody></table>
>>> frame = pd.DataFrame(
...     {"patient_id": ["12"], "pain": [4.25], "since": [pd.Timestamp("2026-10-05")]}
... )
>>> print(frame_table_html(frame, language="nl", labels={"pain": "Pijn"}))
<table class="beyou-table"><thead><tr><th>patient_id</th><th class="num">Pijn</th><th>since</th></tr></thead>
<tbody><tr><td>12</td><td class="num">4,3</td><td>05-10-2026</td></tr></tbody></table>
"""  # noqa: E501

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from beyou_analytics.views.html.format import MISSING, format_value
from beyou_analytics.views.html.markup import link_html

GROUP = ' class="group"'


def table_html(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    numeric: Iterable[int] = (),
    trusted: bool = False,
    total_last: bool = False,
    groups: Sequence[tuple[str, int]] = (),
) -> str:
    """A table of preformatted cells; ``numeric`` column positions are right-aligned.

    Parameters
    ----------
    header
        Column headers (escaped).
    rows
        Cell texts, one sequence per row; escaped unless ``trusted``.
    numeric
        Positions of the numeric columns.
    trusted
        The cells are markup whose values the caller escaped (links, badges, sparklines).
    total_last
        Mark the last row as a total (bold, a line above it).
    groups
        A header row above the column names: ``(label, number of columns)`` each.
    """
    numeric = set(numeric)
    rows = list(rows)

    def num(i: int) -> str:
        return ' class="num"' if i in numeric else ""

    head = "".join(f"<th{num(i)}>{html.escape(str(t))}</th>" for i, t in enumerate(header))
    if groups:
        top = "".join(f'<th colspan="{span}"{GROUP if label else ""}>{html.escape(label)}</th>'
                      for label, span in groups)
        head = f"{top}</tr><tr>{head}"
    body = []
    for r, row in enumerate(rows):
        css = ' class="total"' if total_last and r == len(rows) - 1 else ""
        cells = "".join(f"<td{num(i)}>{c if trusted else html.escape(str(c))}</td>"
                        for i, c in enumerate(row))
        body.append(f"<tr{css}>{cells}</tr>")
    return (f'<table class="beyou-table"><thead><tr>{head}</tr></thead>\n'
            f"<tbody>{''.join(body)}</tbody></table>")


def frame_table_html(
    frame: pd.DataFrame,
    *,
    language: str = "nl",
    labels: Mapping[str, str] | None = None,
    links: Mapping[str, Callable[[Any], str]] | None = None,
    digits: Mapping[str, int] | None = None,
) -> str:
    """A compact, fully escaped HTML table of ``frame`` (index left out).

    Parameters
    ----------
    frame
        The rows to show, in order; not modified.
    language
        ``nl`` or ``en``: number and date formats (``views.html.format.format_value``).
    labels
        Column headers to show instead of the column names.
    links
        Per column, a function from the cell value to a URL; that column's cells become links
        (missing values stay plain text).
    digits
        Decimals per float column (default 1).
    """
    labels, links, digits = labels or {}, links or {}, digits or {}
    numeric = [i for i, c in enumerate(frame.columns)
               if pd.api.types.is_numeric_dtype(frame[c])
               and not pd.api.types.is_bool_dtype(frame[c])]
    rows = []
    for record in frame.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            text = format_value(value, language=language, digits=digits.get(column, 1))
            if column in links and text != MISSING:
                cells.append(link_html(links[column](value), text))
            else:
                cells.append(html.escape(text))
        rows.append(cells)
    header = [str(labels.get(c, c)) for c in frame.columns]
    return table_html(header, rows, numeric=numeric, trusted=True)
