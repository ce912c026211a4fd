"""Layout helpers shared by every figure: subplot grids, language, date axes and the legend.

All of them work on plain layout dicts (see ``theme.figure``): ``grid`` is what
``make_subplots`` does, without building plotly objects (a six-panel figure costs 0.02 s from a
dict instead of 0.3 s through the object API); ``date_axes`` writes the language's date format
and one shared range on every x axis; ``legend_below`` puts the legend under the bottom axis
title at a fixed height.

Examples
--------
>>> layout, refs = grid(3, columns=2, titles=["a", "b", "c"])
>>> [r[:2] for r in refs], layout["yaxis3"]["anchor"], len(layout["annotations"])
([('x', 'y'), ('x2', 'y2'), ('x3', 'y3')], 'x3', 3)
>>> date_axes(layout, language="nl", x_range=["2026-09-01", "2026-10-31"])["xaxis2"]["range"]
['2026-09-01', '2026-10-31']
>>> SEPARATORS["nl"], separators("en")
(',.', '.,')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

DATE_FORMATS = {"nl": "%d-%m-%Y", "en": "%Y-%m-%d"}
SEPARATORS = {"nl": ",.", "en": ".,"}


def separators(language: str) -> str:
    """Plotly's decimal and thousands separators for ``language`` (Dutch: decimal comma)."""
    return SEPARATORS["en" if language == "en" else "nl"]


def grid(
    n_cells: int,
    *,
    columns: int = 1,
    titles: Sequence[str] = (),
    row_titles: Sequence[str] = (),
    h_space: float = 0.09,
    v_space: float = 0.12,
    row_weights: Sequence[float] | None = None,
    shared_x: bool = False,
    shared_y: bool = False,
    title_size: int = 12,
) -> tuple[dict, list[tuple[str, str, float]]]:
    """Subplot axes for ``n_cells`` cells, ``columns`` per row, as a plain layout dict.

    Returns the layout (axes with domains and anchors, cell titles above the cells and row
    titles at the right as annotations) and each cell's ``(xref, yref, top of its y domain)``.
    With ``shared_x`` the x axes match the first one and only the bottom row shows its tick
    labels; with ``shared_y`` the y axes of a row match the row's first one and only the first
    column shows its tick labels. Row titles take 2 % of the width, as ``make_subplots`` does.
    """
    cols = max(1, min(columns, n_cells))
    n_rows = max(1, math.ceil(n_cells / cols))
    weights = list(row_weights or [1.0] * n_rows)
    usable = 1 - v_space * (n_rows - 1)
    heights = [usable * w / sum(weights) for w in weights]
    right = 0.02 if row_titles else 0.0
    width = (1 - right - h_space * (cols - 1)) / cols
    layout: dict = {"annotations": []}
    refs = []
    for i in range(n_cells):
        row, col = divmod(i, cols)
        top = 1 - sum(heights[:row]) - v_space * row
        x0 = col * (width + h_space)
        suffix = "" if i == 0 else str(i + 1)
        xaxis = {"domain": [round(x0, 4), round(x0 + width, 4)], "anchor": f"y{suffix}"}
        yaxis = {"domain": [round(top - heights[row], 4), round(top, 4)], "anchor": f"x{suffix}"}
        if shared_x and i:
            xaxis["matches"] = "x"
        if shared_x and row < n_rows - 1:
            xaxis["showticklabels"] = False
        if shared_y and col:
            first = row * cols
            yaxis["matches"] = f"y{first + 1}" if first else "y"
            yaxis["showticklabels"] = False
        layout[f"xaxis{suffix}"] = xaxis
        layout[f"yaxis{suffix}"] = yaxis
        refs.append((f"x{suffix}", f"y{suffix}", top))
        if i < len(titles) and titles[i]:
            layout["annotations"].append({
                "text": titles[i], "x": x0 + width / 2, "y": top, "xref": "paper",
                "yref": "paper", "xanchor": "center", "yanchor": "bottom", "showarrow": False,
                "font": {"size": title_size},
            })
    for row, text in enumerate(row_titles[:n_rows]):
        top = 1 - sum(heights[:row]) - v_space * row
        layout["annotations"].append({
            "text": text, "x": 1 - right, "y": top - heights[row] / 2, "xref": "paper",
            "yref": "paper", "xanchor": "left", "yanchor": "middle", "textangle": 90,
            "showarrow": False, "font": {"size": title_size},
        })
    return layout, refs


def date_axes(
    layout: dict, *, language: str, x_range: Sequence[str] | None = None, nticks: int = 8
) -> dict:
    """``layout`` with every x axis a date axis in the language's format (and shared range).

    The x axes are ``xaxis``, ``xaxis2``, ... of ``layout`` (an ``xaxis`` is added when there is
    none); the input is not modified.
    """
    fmt = DATE_FORMATS["en" if language == "en" else "nl"]
    settings = {"tickformat": fmt, "hoverformat": fmt, "type": "date", "nticks": nticks,
                "tickangle": 0}
    if x_range is not None:
        settings["range"] = list(x_range)
    out = dict(layout)
    for key in [k for k in layout if k.startswith("xaxis")] or ["xaxis"]:
        out[key] = {**layout.get(key, {}), **settings}
    return out


def legend_below(*, height: int, top: int = 28, rows: int = 1) -> dict:
    """Layout keys that put the legend under the bottom x-axis title, at a fixed height.

    Plotly places the legend in fractions of the plot area; the margin below the plot holds
    the tick labels and the axis title (about 48 px) and then ``rows`` legend rows.

    >>> legend_below(height=380)["legend"]["y"] < -0.1
    True
    """
    bottom = 56 + 22 * rows
    plot = max(height - top - bottom, 60)
    return {"height": height, "margin": {"t": top, "b": bottom},
            "legend": {"orientation": "h", "x": 0, "y": -48 / plot, "yanchor": "top"}}
