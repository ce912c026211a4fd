"""Small escaped building blocks of a page: headings, notices, links, facts, cards, badges.

Every value passes through ``html.escape`` here, so a patient number, a therapist's name or a
query-string value can never inject markup; the result is trusted markup that tables
(``views.html.tables``) may hold as a cell.

Examples
--------
>>> heading_html("Pijn & slaap", level=3)
'<h3>Pijn &amp; slaap</h3>'
>>> message_html("<b>Onbekend</b>", kind="warning")
'<div class="beyou-message beyou-warning" role="status">&lt;b&gt;Onbekend&lt;/b&gt;</div>'
>>> facts_html([("Therapeut", "A & B")])
'<div class="beyou-facts"><div><span>Therapeut</span>A &amp; B</div></div>'
>>> verdict_html("improved", {"improved": "verbeterd"})
'<span class="beyou-better">verbeterd</span>'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

MESSAGE_KINDS = ("info", "warning", "error")
VERDICT_CSS = {"improved": "beyou-better", "deteriorated": "beyou-worse",
               "unchanged": "beyou-same"}


def heading_html(text: str, *, level: int = 2) -> str:
    """An escaped heading ``<hN>``."""
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


def note_html(text: str) -> str:
    """A small explanatory paragraph under a heading, table or figure."""
    return f'<p class="beyou-note">{html.escape(text)}</p>'


def muted_html(text: str) -> str:
    """A muted line (a subtitle, the report date)."""
    return f'<p class="beyou-muted">{html.escape(text)}</p>'


def footnotes_html(items: Iterable[str], *, label: str | None = None,
                   trusted: bool = False) -> str:
    """A list of footnotes; items are escaped unless ``trusted`` (already markup)."""
    shown = "".join(f"<li>{item if trusted else html.escape(item)}</li>" for item in items)
    aria = f' aria-label="{html.escape(label)}"' if label else ""
    return f'<ul class="beyou-footnote"{aria}>{shown}</ul>'


def facts_html(facts: Sequence[tuple[str, str]]) -> str:
    """The fact grid under a page title: ``(label, value)`` pairs."""
    cells = "".join(f"<div><span>{html.escape(label)}</span>{html.escape(value)}</div>"
                    for label, value in facts)
    return f'<div class="beyou-facts">{cells}</div>'


def cards_html(cards: Sequence[tuple[str, str, str]]) -> str:
    """Headline cards: ``(label, value, sub text)`` each.

    >>> cards_html([("Intakes", "12", "")]).count('class="beyou-card"')
    1
    """
    items = "".join(
        f'<div class="beyou-card"><div class="label">{html.escape(label)}</div>'
        f'<div class="value">{html.escape(value)}</div>'
        f'<div class="sub">{html.escape(sub)}</div></div>'
        for label, value, sub in cards
    )
    return f'<div class="beyou-cards">{items}</div>'


def span_html(text: str, css: str = "", *, title: str | None = None) -> str:
    """An escaped ``<span>`` with optional classes and tooltip."""
    attrs = f' class="{html.escape(css)}"' if css else ""
    if title is not None:
        attrs += f' title="{html.escape(title)}"'
    return f"<span{attrs}>{html.escape(text)}</span>"


def verdict_html(status: Any, words: Mapping[str, str], *, missing: str = "–") -> str:
    """A verdict word coloured by its meaning (the word too, so colour is never the only cue).

    ``words`` maps ``improved``/``unchanged``/``deteriorated`` to the page's words; any other
    status shows ``missing``.
    """
    if not isinstance(status, str) or status not in VERDICT_CSS:
        return html.escape(missing)
    return span_html(words[status], VERDICT_CSS[status])


def severity_html(severity: str, word: str, label: str | None = None) -> str:
    """A severity badge (``high``/``medium``/``low``) showing ``word`` or ``label``.

    >>> severity_html("high", "hoog", label="3")
    '<span class="beyou-sev beyou-sev-high" title="hoog">3</span>'
    """
    return span_html(word if label is None else label, f"beyou-sev beyou-sev-{severity}",
                     title=word)


def value_date_html(value: str, date: str) -> str:
    """A value with its date under it, small and muted (the date may be empty)."""
    small = f'<br><span class="beyou-date">{html.escape(date)}</span>' if date else ""
    return f'<span class="beyou-nowrap">{html.escape(value)}</span>{small}'
