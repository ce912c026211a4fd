"""Small HTML builders for pages: headings, messages and compact tables, always escaped.

Every value that reaches a page passes through ``html.escape`` here, so a patient number, a
therapist's name or a query-string value can never inject markup into a report or dashboard.
Numbers use a decimal comma and dates day-first in Dutch.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame(
...     {"patient_id": ["12"], "pain": [4.26], "since": [pd.Timestamp("2026-10-05")]}
... )
>>> print(table_html(frame, language="nl", labels={"pain": "Pijn"}))
<table class="beyou-table"><thead><tr><th>patient_id</th><th>Pijn</th><th>since</th></tr></thead>
<tbody><tr><td>12</td><td class="num">4,3</td><td>05-10-2026</td></tr></tbody></table>
>>> message_html("<b>Onbekend</b>", kind="warning")
'<div class="beyou-message beyou-warning" role="status">&lt;b&gt;Onbekend&lt;/b&gt;</div>'
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

MISSING = "–"
DATE_FORMATS = {"nl": "%d-%m-%Y", "en": "%Y-%m-%d"}
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}
MESSAGE_KINDS = ("info", "warning", "error")

CSS = """
<style>
.beyou-table { border-collapse: collapse; font-size: 13px; margin: 4px 0 12px 0; }
.beyou-table th, .beyou-table td { padding: 3px 8px; border-bottom: 1px solid #d9dde3;
  text-align: left; vertical-align: top; }
.beyou-table th { background: #f1f3f6; font-weight: 600; }
.beyou-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.beyou-message { padding: 8px 12px; margin: 6px 0; border-radius: 4px;
  border-left: 4px solid #3b7dd8; background: #eef4fc; font-size: 14px; }
.beyou-warning { border-left-color: #d89a3b; background: #fcf5ea; }
.beyou-error { border-left-color: #c8453b; background: #fcecea; }
.beyou-muted { color: #6b7280; font-size: 12px; }
.beyou-links a { display: block; font-size: 16px; margin: 6px 0; }
</style>
"""
"""One style block per page, displayed once when the page opens."""


def heading_html(text: str, *, level: int = 2) -> str:
    """An escaped heading ``<hN>``.

    >>> heading_html("Pijn & slaap", level=3)
    '<h3>Pijn &amp; slaap</h3>'
    """
    level = min(max(int(level), 1), 6)
    return f"<h{level}>{html.escape(text)}</h{level}>"


def message_html(text: str, *, kind: str = "info") -> str:
    """A short notice box; ``kind`` is one of ``MESSAGE_KINDS``."""
    css = "beyou-message" if kind == "info" else f"beyou-message beyou-{kind}"
    return f'<div class="{css}" role="status">{html.escape(text)}</div>'


def link_html(href: str, text: str, *, same_tab: bool = False) -> str:
    """An escaped anchor to another page of the same server or report folder.

    In a dashboard, JupyterLab's renderer (used by Voila) opens a link without a ``target``
    in a new tab; ``same_tab`` adds ``target="_self"`` so the link replaces the page.

    >>> link_html("patient.ipynb?patient_id=12", "12")
    '<a href="patient.ipynb?patient_id=12">12</a>'
    >>> link_html("caseload.ipynb", "Caseload", same_tab=True)
    '<a href="caseload.ipynb" target="_self">Caseload</a>'
    """
    target = ' target="_self"' if same_tab else ""
    return f'<a href="{html.escape(href, quote=True)}"{target}>{html.escape(text)}</a>'


def format_value(value: Any, *, language: str = "nl", digits: int = 1) -> str:
    """A cell's text: decimal comma in Dutch, day-first dates, ja/nee, a dash when missing.

    >>> [format_value(v) for v in (2.0, 3.456, None, True, pd.Timestamp("2026-01-02"))]
    ['2,0', '3,5', '–', 'ja', '02-01-2026']
    >>> format_value(3.456, language="en", digits=2)
    '3.46'
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, float) and math.isnan(value):
        return MISSING
    if isinstance(value, bool | np.bool_):
        return YES_NO.get(language, YES_NO["en"])[0 if value else 1]
    if isinstance(value, pd.Timestamp):
        return value.strftime(DATE_FORMATS.get(language, DATE_FORMATS["en"]))
    if isinstance(value, float):
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if language == "nl" else text
    return str(value)


def table_html(
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
        ``nl`` or ``en``: number and date formats.
    labels
        Column headers to show instead of the column names.
    links
        Per column, a function from the cell value to a URL; that column's cells become links
        (missing values stay plain text).
    digits
        Decimals per float column (default 1).
    """
    labels = labels or {}
    links = links or {}
    digits = digits or {}
    head = "".join(f"<th>{html.escape(str(labels.get(c, c)))}</th>" for c in frame.columns)
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])
               and not pd.api.types.is_bool_dtype(frame[c])}
    rows = []
    for record in frame.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            text = format_value(value, language=language, digits=digits.get(column, 1))
            if column in links and text != MISSING:
                content = link_html(links[column](value), text)
            else:
                content = html.escape(text)
            css = ' class="num"' if column in numeric else ""
            cells.append(f"<td{css}>{content}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="beyou-table"><thead><tr>{head}</tr></thead>\n'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
