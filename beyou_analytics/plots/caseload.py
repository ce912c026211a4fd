"""Small inline figures of the caseload page: an SVG sparkline per patient (no plotly).

A caseload table can hold dozens of rows; a plotly figure per row would cost kilobytes and a
script each. A sparkline is a few hundred bytes of static SVG that renders everywhere (report,
dashboard, print) and needs no JavaScript.

Examples
--------
>>> svg = sparkline_svg([6.0, 5.5, None, 4.0, 3.5], title="Pijn per week")
>>> svg.startswith("<svg") and svg.count("<circle") == 1 and len(svg) < 600
True
>>> "<title>Pijn per week</title>" in svg
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from beyou_analytics.plots.theme import COLORS

WIDTH = 96
HEIGHT = 22


def _points(values: Sequence[float | None], *, lo: float, hi: float, width: int,
            height: int, pad: float) -> list[tuple[float, float] | None]:
    n = len(values)
    step = (width - 2 * pad) / max(n - 1, 1)
    span = (hi - lo) or 1.0
    out: list[tuple[float, float] | None] = []
    for i, value in enumerate(values):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            out.append(None)
            continue
        clipped = min(max(float(value), lo), hi)
        x = pad + i * step
        y = pad + (hi - clipped) / span * (height - 2 * pad)
        out.append((round(x, 1), round(y, 1)))
    return out


def sparkline_svg(
    values: Sequence[float | None],
    *,
    lo: float = 0.0,
    hi: float = 10.0,
    width: int = WIDTH,
    height: int = HEIGHT,
    title: str = "",
    color: str = COLORS["primary"],
) -> str:
    """A tiny line of ``values`` (oldest first) on a fixed ``lo``-``hi`` scale, as inline SVG.

    Missing values break the line; the last known value is marked with a dot. A faint line
    marks the middle of the scale so rows can be compared at a glance. Without any value the
    result is an empty (but equally sized) SVG, so table columns stay aligned.

    Parameters
    ----------
    values
        One value per period (e.g. weekly mean pain), oldest first; ``None``/NaN = no data.
    lo, hi
        The fixed scale (default 0-10, like every check-in score).
    title
        Tooltip and accessible name (escaped).
    """
    pad = 2.5
    points = _points(values, lo=lo, hi=hi, width=width, height=height, pad=pad)
    segments: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(point)
    mid = round(height / 2, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" class="beyou-spark">',
        f"<title>{html.escape(title)}</title>" if title else "",
        f'<line x1="0" y1="{mid}" x2="{width}" y2="{mid}" stroke="{COLORS["grid"]}" '
        'stroke-width="1"/>',
    ]
    known = [p for p in points if p is not None]
    for segment in segments:
        if len(segment) == 1 and segment[0] != known[-1]:
            x, y = segment[0]
            parts.append(f'<circle cx="{x:g}" cy="{y:g}" r="1.2" fill="{color}"/>')
        elif len(segment) > 1:
            coords = " ".join(f"{x:g},{y:g}" for x, y in segment)
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{color}" '
                         'stroke-width="1.6" stroke-linejoin="round" stroke-linecap="round"/>')
    if known:
        x, y = known[-1]
        parts.append(f'<circle cx="{x:g}" cy="{y:g}" r="2.2" fill="{color}"/>')
    parts.append("</svg>")
    return "".join(parts)
