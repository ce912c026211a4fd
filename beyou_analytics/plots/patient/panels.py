"""Small questionnaire and check-in panels side by side, with MCID bands and cut-offs.

``Panel`` describes one small panel (points, range, direction, MCID band, cut-offs);
``instrument_panel`` builds one from the instrument registry, ``confidence_panel`` from the
weekly check-in, and ``panels_figure`` puts several side by side with one shared date range.

Examples
--------
>>> scores = pd.DataFrame({"instrument": "TSK17", "scale": "total",
...     "completed_at": pd.to_datetime(["2026-09-01", "2026-10-20"]), "value": [44.0, 36.0]})
>>> outcomes = pd.DataFrame({"instrument": ["TSK17"], "scale": ["total"], "baseline": [44.0]})
>>> panel = instrument_panel(scores, outcomes, "TSK17", language="nl")
>>> panel.title, panel.y_range, panel.band, panel.cutoffs[0][:2]
('Bewegingsangst (TSK-17) · lager = beter', (17.0, 68.0), (40.0, 48.0), (37.0, '> 37 hoog'))
>>> fig = panels_figure([panel], language="nl")
>>> fig.layout.separators, len(fig.to_json()) < 4000
(',.', True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from beyou_analytics.change import mcid_margin
from beyou_analytics.instruments import get_instrument
from beyou_analytics.plots.layout import date_axes, grid, legend_below, separators
from beyou_analytics.plots.patient.marks import Marks, band_swatch
from beyou_analytics.plots.patient.text import text as texts
from beyou_analytics.plots.theme import COLORS, figure
from beyou_analytics.plots.values import iso_days, rounded, with_gaps

SYMBOLS = {">=": "≥", "<=": "≤"}


@dataclass(frozen=True)
class Panel:
    """One small panel: a series over time with its range, direction, band and cut-offs.

    ``cutoffs`` are ``(value, label, main)``: a main cut-off is drawn as a dashed warning
    line with its label, other band boundaries as faint dotted lines.
    """

    title: str
    name: str
    x: Sequence[str]
    y: Sequence[float | None]
    y_range: tuple[float, float]
    band: tuple[float, float] | None = None
    cutoffs: tuple[tuple[float, str, bool], ...] = ()


def padded(lo: float, hi: float) -> list[float]:
    """An axis range with a 4 % margin, so points on the scale's ends stay visible."""
    pad = (hi - lo) * 0.04
    return [lo - pad, hi + pad]


def baseline_band(outcomes: pd.DataFrame, code: str) -> tuple[float, float] | None:
    """``(baseline, MCID margin)`` of an instrument's total scale, or ``None``.

    The margin is the smallest change the change table calls clinically important from this
    baseline (``change.mcid_margin``: the absolute MCID or the percentage, whichever is
    smaller; PCS: 11 above a baseline of 30), so a point outside the band is exactly a
    change the table marks. ``None`` without a baseline or a published MCID.

    >>> out = pd.DataFrame({"instrument": ["NPRS", "QBPDS"], "scale": ["total", "total"],
    ...                     "baseline": [7.0, 26.0]})
    >>> baseline_band(out, "NPRS"), baseline_band(out, "QBPDS"), baseline_band(out, "PSK")
    ((7.0, 2.0), (26.0, 7.8), None)
    """
    rows = outcomes.loc[(outcomes["instrument"] == code) & (outcomes["scale"] == "total")]
    if rows.empty or pd.isna(rows["baseline"].iloc[0]):
        return None
    baseline = float(rows["baseline"].iloc[0])
    margin = float(mcid_margin(get_instrument(code).scale("total"), np.array([baseline]))[0])
    return None if np.isnan(margin) else (baseline, round(margin, 6))


def instrument_panel(
    scores: pd.DataFrame, outcomes: pd.DataFrame, code: str, *, language: str = "nl"
) -> Panel:
    """A panel of one instrument's total score over time, from the registry.

    Title: the scale's label and its direction; range: the instrument's range; band: the
    baseline ± the MCID margin (``baseline_band``); cut-offs: the band boundaries, the main
    one (TSK-17 > 37, PCS ≥ 30, CSI ≥ 40) marked.
    """
    instrument = get_instrument(code)
    scale = instrument.scale("total")
    words = texts(language)
    rows = scores.loc[(scores["instrument"] == code) & (scores["scale"] == "total")]
    rows = rows.sort_values("completed_at", kind="stable")
    label = scale.label_en if language == "en" else scale.label_nl
    direction = words["lower_better"] if instrument.higher_is_worse else words["higher_better"]
    band_at = baseline_band(outcomes, code)
    band = None if band_at is None else (max(band_at[0] - band_at[1], float(scale.minimum)),
                                          min(band_at[0] + band_at[1], float(scale.maximum)))
    return Panel(
        title=f"{label} · {direction}",
        name=code,
        x=iso_days(rows["completed_at"]),
        y=rounded(rows["value"]),
        y_range=(float(scale.minimum), float(scale.maximum)),
        band=band,
        cutoffs=scale_cutoffs(scale, language=language),
    )


def scale_cutoffs(scale, *, language: str) -> tuple[tuple[float, str, bool], ...]:
    """Band boundaries of a scale; the main cut-off is the one a flag or guideline uses."""
    words = texts(language)
    bounded = [b for b in scale.bands if b.operator is not None]
    main_value = None
    if len(scale.bands) == 2 and bounded:
        main_value = bounded[0].threshold
    elif scale.alternatives_for("cutoff"):
        main_value = scale.alternatives_for("cutoff")[0].value
    found = {float(band.threshold): band for band in bounded}
    if main_value is not None:
        found.setdefault(float(main_value), None)
    out = []
    for value in sorted(found):
        band = found[value]
        main = main_value is not None and value == float(main_value)
        if band is not None and len(scale.bands) == 2:
            word = words["high"] if band.label == "high" else words["relevant"]
            label = f"{SYMBOLS.get(band.operator, band.operator)} {value:g} {word}"
        else:
            label = f"≥ {value:g}"
        out.append((value, label.replace(".", ",") if language == "nl" else label, main))
    return tuple(out)


def confidence_panel(weekly: pd.DataFrame, *, language: str = "nl") -> Panel:
    """The check-in's "Vertrouwen" (I can influence my complaints) as a weekly-mean panel."""
    rows = with_gaps(weekly.dropna(subset=["confidence"]), "week_start", max_gap_days=7)
    name = "Confidence" if language == "en" else "Vertrouwen"
    return Panel(title=texts(language)["confidence"], name=name,
                 x=iso_days(rows["week_start"] + pd.Timedelta(days=3)),
                 y=rounded(rows["confidence"]), y_range=(0.0, 10.0))


def panels_figure(
    panels: Sequence[Panel],
    *,
    language: str = "nl",
    columns: int = 2,
    row_height: int = 230,
    x_range: Sequence[str] | None = None,
    moments: pd.DataFrame | None = None,
) -> go.Figure:
    """Small panels side by side (``columns`` per row), one shared date range and legend."""
    words = texts(language)
    n_rows = max(1, math.ceil(len(panels) / max(1, min(columns, len(panels)))))
    layout, refs = grid(len(panels), columns=columns, titles=[p.title for p in panels],
                        v_space=min(0.45 / n_rows, 0.14))
    traces = []
    marks = Marks()
    bottom = {}
    for panel, (xref, yref, _) in zip(panels, refs, strict=True):
        traces.append({
            "type": "scatter", "x": list(panel.x), "y": list(panel.y), "xaxis": xref,
            "yaxis": yref, "mode": "lines+markers", "name": panel.name, "showlegend": False,
            "line": {"color": COLORS["primary"], "width": 2}, "marker": {"size": 8},
            "hovertemplate": "%{y:.1f}",
        })
        layout[f"yaxis{yref[1:]}"].update(range=padded(*panel.y_range), title={
            "text": words["score_short"], "standoff": 4})
        bottom[layout[f"xaxis{xref[1:]}"]["domain"][0]] = xref  # lowest cell per column
        if panel.band is not None:
            if not any(shape["type"] == "rect" for shape in marks.shapes):
                traces.append(band_swatch(words["band"]))
            marks.band(panel.band, xref=xref, yref=yref)
        for value, label, main in panel.cutoffs:
            marks.cutoff(value, label, main, xref=xref, yref=yref)
    for xref in bottom.values():
        layout[f"xaxis{xref[1:]}"]["title"] = {"text": words["date"]}
    marks.moments(refs, moments, language=language, labels=False)
    height = row_height * n_rows + 90
    layout = date_axes(marks.into(layout), language=language, x_range=x_range, nticks=4)
    banded = any(shape["type"] == "rect" for shape in marks.shapes)  # a legend entry
    legend = legend_below(height=height, top=40, rows=1 if banded else 0)
    return figure(traces, {**layout, **legend, "separators": separators(language)},
                  height=height)
