"""Shapes and annotations of the patient figures: MCID bands, cut-offs, questionnaire moments.

Collected as plain dicts and set on a figure's layout in one go (``fig.add_shape`` re-validates
every shape already on the figure, so adding dozens one by one costs quadratic time).

Examples
--------
>>> marks = Marks()
>>> marks.band((5.0, 9.0), xref="x", yref="y")
>>> marks.cutoff(37.0, "> 37 hoog", True, xref="x", yref="y")
>>> [s["type"] for s in marks.shapes], [a["text"] for a in marks.annotations]
(['rect', 'line'], ['> 37 hoog'])
>>> band_swatch("Start ± MCID")["y"]
[None]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from beyou_analytics.plots.patient.text import text as texts
from beyou_analytics.plots.theme import COLORS
from beyou_analytics.plots.values import iso_days

BAND_FILL = "rgba(120, 120, 120, 0.14)"
BAND_SWATCH = "rgba(120, 120, 120, 0.3)"


def band_swatch(name: str) -> dict:
    """A legend entry for the MCID band: an empty trace with a grey square marker.

    Shapes can carry their own legend entry, but plotly's renderer inside a Voila ``Output``
    widget then draws the whole figure 0 px high; an empty trace works everywhere.
    """
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name,
            "marker": {"symbol": "square", "size": 13, "color": BAND_SWATCH},
            "hoverinfo": "skip", "showlegend": True}


@dataclass
class Marks:
    """Shapes and annotations collected as plain dicts for a figure's layout."""

    shapes: list[dict] = field(default_factory=list)
    annotations: list[dict] = field(default_factory=list)

    def band(self, band: tuple[float, float], *, xref: str, yref: str) -> None:
        """A shaded band across the panel (baseline ± MCID); ``band_swatch`` names it."""
        self.shapes.append({
            "type": "rect", "xref": f"{xref} domain", "yref": yref, "x0": 0, "x1": 1,
            "y0": round(band[0], 2), "y1": round(band[1], 2), "fillcolor": BAND_FILL,
            "line": {"width": 0}, "layer": "below",
        })

    def cutoff(self, value: float, label: str, main: bool, *, xref: str, yref: str) -> None:
        """A horizontal cut-off line; a main cut-off is dashed, coloured and labelled."""
        colour = COLORS["warning"] if main else "#b0b0b0"
        self.shapes.append({
            "type": "line", "xref": f"{xref} domain", "yref": yref, "x0": 0, "x1": 1,
            "y0": value, "y1": value, "layer": "below",
            "line": {"color": colour, "width": 1.2 if main else 1,
                     "dash": "dash" if main else "dot"},
        })
        if main and label:
            self.annotations.append({
                "x": 1, "xref": f"{xref} domain", "y": value, "yref": yref, "text": label,
                "showarrow": False, "xanchor": "right", "yanchor": "bottom",
                "font": {"size": 10, "color": colour},
            })

    def moments(self, refs: Sequence[tuple[str, str, float]], moments: pd.DataFrame | None, *,
                language: str, labels: bool = True) -> None:
        """Questionnaire moments: dotted vertical lines on every panel, labelled on the top one.

        ``moments`` has ``date`` and ``timepoint`` (``intake``/``interim``/``discharge`` or
        empty). Small multiples leave the labels out (``labels=False``): they would collide
        with the panel titles, and the panels' own points sit on the moments.
        """
        if moments is None or moments.empty:
            return
        words = texts(language)
        top = max(refs, key=lambda ref: ref[2])
        line = {"color": COLORS["muted"], "width": 1, "dash": "dot"}
        for day, timepoint in zip(iso_days(moments["date"]), moments["timepoint"], strict=True):
            for xref, yref, _ in refs:
                self.shapes.append({"type": "line", "xref": xref, "yref": f"{yref} domain",
                                    "x0": day, "x1": day, "y0": 0, "y1": 1, "line": line,
                                    "layer": "below"})
            if labels:
                label = words.get(timepoint, words["moment"]) if isinstance(timepoint, str) \
                    else words["moment"]
                self.annotations.append({
                    "x": day, "xref": top[0], "y": 1, "yref": f"{top[1]} domain",
                    "text": label, "showarrow": False, "yanchor": "bottom",
                    "font": {"size": 10, "color": COLORS["muted"]}})

    def into(self, layout: dict) -> dict:
        """``layout`` with these marks after any shapes and annotations it already has."""
        return {**layout, "shapes": [*layout.get("shapes", []), *self.shapes],
                "annotations": [*layout.get("annotations", []), *self.annotations]}
