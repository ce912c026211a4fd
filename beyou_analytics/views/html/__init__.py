"""HTML of the pages, always escaped: formats, markup blocks, tables and the one stylesheet.

``format`` writes numbers (half-up, decimal comma in Dutch), shares and dates; ``markup`` the
escaped blocks (headings, notices, links, facts, cards, badges); ``tables`` the one table
builder; ``css`` the stylesheet a page shows once. Pages import this package as ``h``.

Examples
--------
>>> from beyou_analytics.views import html as h
>>> h.fmt_number(-3.0, "nl", signed=True), h.link_html("patient-12.html", "12")
('−3,0', '<a href="patient-12.html">12</a>')
"""

from beyou_analytics.views.html.css import ACCENT, CSS
from beyou_analytics.views.html.format import (
    DATE_FORMATS,
    MINUS,
    MISSING,
    YES_NO,
    fmt_date,
    fmt_int,
    fmt_number,
    fmt_share,
    format_value,
    is_missing,
    is_whole,
)
from beyou_analytics.views.html.markup import (
    MESSAGE_KINDS,
    VERDICT_CSS,
    cards_html,
    facts_html,
    footnotes_html,
    heading_html,
    link_html,
    message_html,
    muted_html,
    note_html,
    severity_html,
    span_html,
    value_date_html,
    verdict_html,
)
from beyou_analytics.views.html.tables import frame_table_html, table_html

__all__ = [
    "ACCENT",
    "CSS",
    "DATE_FORMATS",
    "MESSAGE_KINDS",
    "MINUS",
    "MISSING",
    "VERDICT_CSS",
    "YES_NO",
    "cards_html",
    "facts_html",
    "fmt_date",
    "fmt_int",
    "fmt_number",
    "fmt_share",
    "footnotes_html",
    "format_value",
    "frame_table_html",
    "heading_html",
    "is_missing",
    "is_whole",
    "link_html",
    "message_html",
    "muted_html",
    "note_html",
    "severity_html",
    "span_html",
    "table_html",
    "value_date_html",
    "verdict_html",
]
