"""``index.html``: the reports of a batch, grouped (monthly, caseloads, patients), with links.

Written last, atomically, so it only ever lists reports of a finished run; a failed report is
listed without a link. Same house stylesheet as the reports; nothing loaded from the network.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime
from importlib import resources as package_files
from pathlib import Path
from typing import TYPE_CHECKING

from beyou_analytics import __version__
from beyou_analytics.io.atomic import write_atomic
from beyou_analytics.reports.provenance import shown_time

if TYPE_CHECKING:
    from beyou_analytics.reports.batch import Outcome

INDEX = "index.html"
GROUPS = ("monthly", "caseloads", "patients", "research")
LABELS: Mapping[str, Mapping[str, str]] = {
    "nl": {
        "title": "BeYou-rapporten",
        "monthly": "Maandrapport",
        "caseloads": "Caseloads",
        "patients": "Patiënten",
        "research": "Onderzoek",
        "generated": "Gemaakt op",
        "failed": "mislukt",
        "summary": "{ok} van {n} rapporten gelukt",
        "version": "BeYou Analytics",
    },
    "en": {
        "title": "BeYou reports",
        "monthly": "Monthly report",
        "caseloads": "Caseloads",
        "patients": "Patients",
        "research": "Research",
        "generated": "Generated at",
        "failed": "failed",
        "summary": "{ok} of {n} reports succeeded",
        "version": "BeYou Analytics",
    },
}


def render_index(
    outcomes: Sequence[Outcome], *, heading: str = "", language: str = "nl",
    now: datetime | None = None,
) -> str:
    """The index page as HTML text."""
    labels = LABELS.get(language, LABELS["nl"])
    generated = shown_time(now or datetime.now().astimezone(), language, seconds=False)
    ok = sum(o.failure is None for o in outcomes)
    sections = []
    for group in GROUPS:
        members = [o for o in outcomes if o.job.group == group]
        if not members:
            continue
        items = "".join(_item(o, labels) for o in members)
        sections.append(
            f'<section class="{group}"><h2>{labels[group]} ({len(members)})</h2>'
            f"<ul>{items}</ul></section>"
        )
    title = labels["title"] + (f" · {html.escape(heading)}" if heading else "")
    css = package_files.files("beyou_analytics.reports").joinpath("report.css").read_text("utf-8")
    summary = labels["summary"].format(ok=ok, n=len(outcomes))
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{title}</title>\n<style>\n{css}\n"
        ".beyou-index ul { columns: 14em; } .beyou-index .failed { color: #b42318; }\n"
        "</style>\n</head>\n"
        f'<body class="beyou-index"><main><h1>{title}</h1><p>{summary}</p>'
        + "".join(sections)
        + f'<footer class="beyou-provenance">{labels["generated"]}: {generated} · '
        f'{labels["version"]} {html.escape(__version__)}</footer>'
        "</main></body>\n</html>\n"
    )


def _item(outcome: Outcome, labels: Mapping[str, str]) -> str:
    title = html.escape(outcome.job.title)
    if outcome.failure is not None or outcome.html is None:
        return f'<li class="failed">{title} ({labels["failed"]})</li>'
    href = html.escape(outcome.html.name, quote=True)
    return f'<li><a href="{href}">{title}</a></li>'


def write_index(
    out_dir: str | Path, outcomes: Sequence[Outcome], *, heading: str = "",
    language: str = "nl", now: datetime | None = None,
) -> Path:
    """Write ``out_dir/index.html`` atomically and return its path."""
    page = render_index(outcomes, heading=heading, language=language, now=now)
    return write_atomic(Path(out_dir) / INDEX, page)
