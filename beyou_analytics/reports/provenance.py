"""Provenance of a report: which parameters, which data, which code, and when.

Every report and dashboard page ends with this footer (``page.footer()`` calls
``provenance`` and ``render_footer``), so a reader can tell exactly what a printed report shows.
The store's snapshot hash changes whenever any store file changes.

Examples
--------
>>> from datetime import datetime, timezone
>>> prov = provenance({"patient_id": "123", "language": "en"}, "/nonexistent/store",
...                   now=datetime(2026, 11, 1, 6, 30, tzinfo=timezone.utc))
>>> prov["ran_at"], len(prov["snapshot"])
('2026-11-01T06:30:00+00:00', 16)
>>> html = render_footer(prov, "en")
>>> 'class="beyou-provenance"' in html and "patient_id" in html and "Store snapshot" in html
True
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from beyou_analytics import __version__
from beyou_analytics.io.store import snapshot_hash

LABELS: Mapping[str, Mapping[str, str]] = {
    "nl": {
        "title": "Verantwoording",
        "parameters": "Parameters",
        "store": "Momentopname gegevens",
        "version": "BeYou Analytics-versie",
        "ran_at": "Gemaakt op",
        "none": "(geen)",
    },
    "en": {
        "title": "Provenance",
        "parameters": "Parameters",
        "store": "Store snapshot",
        "version": "BeYou Analytics version",
        "ran_at": "Generated at",
        "none": "(none)",
    },
}


def provenance(
    parameters: Mapping[str, Any], store_path: str | Path, *, now: datetime | None = None
) -> dict[str, Any]:
    """Parameters, store snapshot hash, package version and run time of a report.

    Parameters
    ----------
    parameters
        The report's parameters as the notebook received them.
    store_path
        The store folder the report read; its content hash identifies the data.
    now
        The run time (default: the current local time, with its UTC offset).
    """
    ran_at = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
    return {
        "parameters": {str(k): _plain(v) for k, v in parameters.items()},
        "store": str(store_path),
        "snapshot": snapshot_hash(store_path),
        "version": __version__,
        "ran_at": ran_at,
    }


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a parameter value (paths and dates become text)."""
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def render_footer(prov: Mapping[str, Any], language: str = "nl") -> str:
    """The provenance as a small HTML ``<footer>`` in Dutch (``nl``) or English (``en``)."""
    labels = LABELS.get(language, LABELS["nl"])
    params = prov.get("parameters", {})
    param_items = "".join(
        f"<li><code>{html.escape(str(k))}</code> = {html.escape(_shown(v, labels))}</li>"
        for k, v in params.items()
    ) or f"<li>{labels['none']}</li>"
    rows = (
        (labels["store"], f"<code>{html.escape(str(prov.get('snapshot', '')))}</code>"),
        (labels["version"], html.escape(str(prov.get("version", "")))),
        (labels["ran_at"], html.escape(shown_time(prov.get("ran_at", ""), language))),
    )
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        '<footer class="beyou-provenance">'
        f"<h2>{labels['title']}</h2>"
        f"<table>{table}</table>"
        f"<p>{labels['parameters']}:</p><ul>{param_items}</ul>"
        "</footer>"
    )


def shown_time(moment: str | datetime, language: str = "nl", *, seconds: bool = True) -> str:
    """A moment as a reader writes it: day first in Dutch, with its offset from UTC.

    >>> shown_time("2026-11-25T07:04:53+00:00"), shown_time("2026-11-25T08:04:53+01:00", "en")
    ('25-11-2026 07:04:53 (UTC)', '2026-11-25 08:04:53 (UTC+01:00)')
    """
    try:
        when = moment if isinstance(moment, datetime) else datetime.fromisoformat(str(moment))
    except ValueError:
        return str(moment)
    day = "%d-%m-%Y" if language == "nl" else "%Y-%m-%d"
    text = when.strftime(f"{day} %H:%M{':%S' if seconds else ''}")
    offset = when.utcoffset()
    if offset is None:
        return text
    zone = "UTC" if not offset else "UTC" + when.isoformat()[-6:]
    return f"{text} ({zone})"


def _shown(value: Any, labels: Mapping[str, str]) -> str:
    return labels["none"] if value is None or value == "" else str(value)
