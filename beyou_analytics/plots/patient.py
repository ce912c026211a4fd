"""Figures of the patient progress page: frames in, ``Figure`` out; never load, never show.

Every figure uses the house template (``theme.styled``), colour-blind-safe colours, labelled
axes in the page's language (decimal comma and day-first dates in Dutch), y ranges fixed to
the instrument's range and lean JSON: dates as ``YYYY-MM-DD`` text, values rounded to 2
decimals, plain lists (no binary arrays, no per-point custom data), short hover texts.

``Panel`` describes one small questionnaire or check-in panel (points, range, direction, MCID
band, cut-offs); ``instrument_panel`` builds one from the registry and ``panels_figure`` puts
several side by side.

Examples
--------
>>> import pandas as pd
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from beyou_analytics.change import scale_mcid
from beyou_analytics.instruments import get_instrument
from beyou_analytics.plots.theme import COLORS, styled

DATE_FORMATS = {"nl": "%d-%m-%Y", "en": "%Y-%m-%d"}
SEPARATORS = {"nl": ",.", "en": ".,"}
BAND_FILL = "rgba(120, 120, 120, 0.14)"
BAND_SWATCH = "rgba(120, 120, 120, 0.3)"
OVER_FILL = "rgba(213, 94, 0, 0.28)"
DAY_MS = 86_400_000
SYMBOLS = {">=": "≥", "<=": "≤"}
GAP_DAYS = 4  # a daily line breaks over a longer stretch without check-ins

TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "lower_better": "lager = beter", "higher_better": "hoger = beter",
        "pain_now": "Pijn nu (check-in)", "pain_worst": "Ergste pijn 24 uur (check-in)",
        "pain_mean": "Pijn nu, 7-daags gemiddelde", "nprs": "NPRS (vragenlijst)",
        "pain_axis": "Pijn (0–10)", "band": "Start ± MCID", "date": "Datum",
        "score_short": "Score",
        "week": "Week", "score": "Score (0–10)", "stress": "Stress (hoger = slechter)",
        "sleep_quality": "Slaapkwaliteit (hoger = beter)",
        "pain_weekly": "Pijn nu (hoger = slechter)", "sleep_hours": "Uren slaap",
        "hours": "Uren", "load": "Belasting", "capacity": "Belastbaarheid",
        "over": "Belasting boven belastbaarheid", "load_axis": "Score (0–10)",
        "minutes": "Beweegminuten per dag (weekgemiddelde)", "minutes_axis": "Minuten",
        "adherence": "Oefeningen gedaan (% van de check-ins)", "adherence_axis": "%",
        "confidence": "Vertrouwen (check-in, weekgemiddelde) · hoger = beter",
        "intake": "intake", "interim": "tussentijds", "discharge": "eind", "moment": "meting",
        "high": "hoog", "relevant": "klinisch relevant",
    },
    "en": {
        "lower_better": "lower = better", "higher_better": "higher = better",
        "pain_now": "Current pain (check-in)", "pain_worst": "Worst pain 24 h (check-in)",
        "pain_mean": "Current pain, 7-day mean", "nprs": "NPRS (questionnaire)",
        "pain_axis": "Pain (0–10)", "band": "Baseline ± MCID", "date": "Date",
        "score_short": "Score",
        "week": "Week", "score": "Score (0–10)", "stress": "Stress (higher = worse)",
        "sleep_quality": "Sleep quality (higher = better)",
        "pain_weekly": "Current pain (higher = worse)", "sleep_hours": "Hours slept",
        "hours": "Hours", "load": "Load", "capacity": "Load capacity",
        "over": "Load above capacity", "load_axis": "Score (0–10)",
        "minutes": "Active minutes per day (weekly mean)", "minutes_axis": "Minutes",
        "adherence": "Exercises done (% of check-ins)", "adherence_axis": "%",
        "confidence": "Confidence (check-in, weekly mean) · higher = better",
        "intake": "intake", "interim": "interim", "discharge": "discharge", "moment": "measurement",
        "high": "high", "relevant": "clinically relevant",
    },
}
"""Trace names, axis titles and labels of every figure, per language."""


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


def iso_days(values: Iterable) -> list[str]:
    """Dates as ``YYYY-MM-DD`` text (short JSON; the time of day is not shown).

    >>> iso_days(pd.to_datetime(["2026-10-05 14:30"]))
    ['2026-10-05']
    """
    return [pd.Timestamp(v).strftime("%Y-%m-%d") for v in values]


def rounded(values: Iterable) -> list[float | None]:
    """Values rounded to 2 decimals, missing as ``None`` (JSON ``null``).

    >>> rounded([1.23456, float("nan"), None, 3])
    [1.23, None, None, 3.0]
    """
    out: list[float | None] = []
    for value in values:
        number = np.nan if value is None or value is pd.NA else float(value)
        out.append(None if math.isnan(number) else round(number, 2))
    return out


def with_gaps(
    frame: pd.DataFrame, column: str = "date", *, max_gap_days: int = GAP_DAYS
) -> pd.DataFrame:
    """``frame`` sorted by ``column`` with an empty row inside every gap of more than
    ``max_gap_days`` days, so a line breaks instead of bridging weeks without data.

    >>> rows = pd.DataFrame({"date": pd.to_datetime(["2026-10-01", "2026-10-02", "2026-10-20"]),
    ...     "load": [3.0, 4.0, 5.0]})
    >>> with_gaps(rows)["load"].tolist()
    [3.0, 4.0, nan, 5.0]
    """
    frame = frame.sort_values(column, kind="stable").reset_index(drop=True)
    dates = frame[column]
    gap = dates.diff() > pd.Timedelta(days=max_gap_days)
    if not gap.any():
        return frame
    fillers = pd.DataFrame({column: (dates[gap] - dates.diff()[gap] / 2).to_numpy()})
    return pd.concat([frame, fillers], ignore_index=True).sort_values(
        column, kind="stable").reset_index(drop=True)


def _text(language: str) -> dict[str, str]:
    return TEXT["en" if language == "en" else "nl"]


def localize(
    fig: go.Figure, *, language: str, x_range: Sequence[str] | None = None, nticks: int = 8
) -> go.Figure:
    """Decimal separators, date formats and (optionally) one shared date range on every x axis."""
    fmt = DATE_FORMATS["en" if language == "en" else "nl"]
    fig.update_layout(separators=SEPARATORS["en" if language == "en" else "nl"])
    settings = {"tickformat": fmt, "hoverformat": fmt, "type": "date", "nticks": nticks,
                "tickangle": 0}
    if x_range is not None:
        settings["range"] = list(x_range)
    fig.update_xaxes(**settings)
    return fig


def legend_below(fig: go.Figure, *, height: int, top: int = 28, rows: int = 1) -> go.Figure:
    """Put the legend under the bottom x-axis title (never on top of it), at a fixed height.

    Plotly places the legend in fractions of the plot area; the margin below the plot holds
    the tick labels and the axis title (about 48 px) and then ``rows`` legend rows.
    """
    bottom = 56 + 22 * rows
    plot = max(height - top - bottom, 60)
    fig.update_layout(height=height, margin={"t": top, "b": bottom},
                      legend={"orientation": "h", "x": 0, "y": -48 / plot, "yanchor": "top"})
    return fig


def baseline_band(outcomes: pd.DataFrame, code: str) -> tuple[float, float] | None:
    """``(baseline, absolute MCID)`` of an instrument's total scale, or ``None``.

    The MCID is the registry's (PCS: 11 above a baseline of 30, ``change.scale_mcid``);
    ``None`` when the instrument has no baseline or no absolute MCID.

    >>> out = pd.DataFrame({"instrument": ["NPRS"], "scale": ["total"], "baseline": [7.0]})
    >>> baseline_band(out, "NPRS")
    (7.0, 2.0)
    >>> baseline_band(out, "PSK") is None
    True
    """
    rows = outcomes.loc[(outcomes["instrument"] == code) & (outcomes["scale"] == "total")]
    if rows.empty or pd.isna(rows["baseline"].iloc[0]):
        return None
    baseline = float(rows["baseline"].iloc[0])
    mcid = float(scale_mcid(get_instrument(code).scale("total"), np.array([baseline]))[0])
    return None if np.isnan(mcid) else (baseline, mcid)


def band_swatch(name: str) -> dict:
    """A legend entry for the MCID band: an empty trace with a grey square marker.

    Shapes can carry their own legend entry, but plotly's renderer inside a Voila ``Output``
    widget then draws the whole figure 0 px high; an empty trace works everywhere.
    """
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name,
            "marker": {"symbol": "square", "size": 13, "color": BAND_SWATCH},
            "hoverinfo": "skip", "showlegend": True}


def _axis_refs(fig: go.Figure) -> list[tuple[str, str, float]]:
    """``(xref, yref, top of the y domain)`` of every subplot, e.g. ``('x2', 'y2', 0.45)``."""
    layout = fig.layout.to_plotly_json()
    refs = []
    for name in sorted(layout, key=lambda k: (len(k), k)):
        if name.startswith("xaxis"):
            suffix = name[5:]
            domain = layout.get(f"yaxis{suffix}", {}).get("domain") or (0, 1)
            refs.append((f"x{suffix}", f"y{suffix}", float(domain[1])))
    return refs or [("x", "y", 1.0)]


@dataclass
class Marks:
    """Shapes and annotations collected as plain dicts and set on a figure in one go.

    ``fig.add_shape`` re-validates every shape already on the figure, so adding dozens one by
    one costs a quadratic amount of time (0.2 s for a six-panel figure); one assignment is
    linear.
    """

    shapes: list[dict] = field(default_factory=list)
    annotations: list[dict] = field(default_factory=list)

    def apply(self, fig: go.Figure) -> go.Figure:
        """Add the collected marks to ``fig`` (after any it already has) and return it."""
        if self.shapes:
            fig.update_layout(shapes=[*fig.layout.shapes, *self.shapes])
        if self.annotations:
            fig.update_layout(annotations=[*fig.layout.annotations, *self.annotations])
        return fig

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
        text = _text(language)
        top = max(refs, key=lambda ref: ref[2])
        line = {"color": COLORS["muted"], "width": 1, "dash": "dot"}
        for day, timepoint in zip(iso_days(moments["date"]), moments["timepoint"], strict=True):
            for xref, yref, _ in refs:
                self.shapes.append({"type": "line", "xref": xref, "yref": f"{yref} domain",
                                    "x0": day, "x1": day, "y0": 0, "y1": 1, "line": line,
                                    "layer": "below"})
            if not labels:
                continue
            label = text.get(timepoint, text["moment"]) if isinstance(timepoint, str) else (
                text["moment"])
            self.annotations.append({"x": day, "xref": top[0], "y": 1, "yref": f"{top[1]} domain",
                                     "text": label, "showarrow": False, "yanchor": "bottom",
                                     "font": {"size": 10, "color": COLORS["muted"]}})


def add_moments(fig: go.Figure, moments: pd.DataFrame | None, *, language: str) -> go.Figure:
    """``fig`` with the questionnaire moments marked (see ``Marks.moments``)."""
    marks = Marks()
    marks.moments(_axis_refs(fig), moments, language=language)
    return marks.apply(fig)


def _pad(lo: float, hi: float) -> list[float]:
    pad = (hi - lo) * 0.04
    return [lo - pad, hi + pad]


def instrument_panel(
    scores: pd.DataFrame, outcomes: pd.DataFrame, code: str, *, language: str = "nl"
) -> Panel:
    """A panel of one instrument's total score over time, from the registry.

    Title: the scale's label and its direction; range: the instrument's range; band: the
    baseline ± the absolute MCID; cut-offs: the band boundaries, the main one (TSK-17 > 37,
    PCS ≥ 30, CSI ≥ 40) marked.
    """
    instrument = get_instrument(code)
    scale = instrument.scale("total")
    text = _text(language)
    rows = scores.loc[(scores["instrument"] == code) & (scores["scale"] == "total")]
    rows = rows.sort_values("completed_at", kind="stable")
    label = scale.label_en if language == "en" else scale.label_nl
    direction = text["lower_better"] if instrument.higher_is_worse else text["higher_better"]
    band_at = baseline_band(outcomes, code)
    band = None if band_at is None else (band_at[0] - band_at[1], band_at[0] + band_at[1])
    return Panel(
        title=f"{label} · {direction}",
        name=code,
        x=iso_days(rows["completed_at"]),
        y=rounded(rows["value"]),
        y_range=(float(scale.minimum), float(scale.maximum)),
        band=band,
        cutoffs=_cutoffs(scale, language=language),
    )


def _cutoffs(scale, *, language: str) -> tuple[tuple[float, str, bool], ...]:
    """Band boundaries of a scale; the main cut-off is the one a flag or guideline uses."""
    text = _text(language)
    bounded = [b for b in scale.bands if b.operator is not None]
    main_value = None
    if len(scale.bands) == 2 and bounded:
        main_value = bounded[0].threshold
    elif scale.alternatives_for("cutoff"):
        main_value = scale.alternatives_for("cutoff")[0].value
    found = {}
    for band in bounded:
        found[float(band.threshold)] = band
    if main_value is not None:
        found.setdefault(float(main_value), None)
    out = []
    for value in sorted(found):
        band = found[value]
        main = main_value is not None and value == float(main_value)
        if band is not None and len(scale.bands) == 2:
            word = text["high"] if band.label == "high" else text["relevant"]
            label = f"{SYMBOLS.get(band.operator, band.operator)} {value:g} {word}"
        else:
            label = f"≥ {value:g}"
        out.append((value, label.replace(".", ",") if language == "nl" else label, main))
    return tuple(out)


def grid(
    n_cells: int,
    *,
    columns: int = 1,
    titles: Sequence[str] = (),
    h_space: float = 0.09,
    v_space: float = 0.12,
    row_weights: Sequence[float] | None = None,
    shared_x: bool = False,
) -> tuple[dict, list[tuple[str, str, float]]]:
    """Subplot axes for ``n_cells`` cells, ``columns`` per row, as a plain layout dict.

    What ``make_subplots`` does, without building plotly objects: a six-panel figure costs
    0.02 s from a dict instead of 0.3 s through the object API. Returns the layout (axes with
    domains and anchors, subplot titles as annotations) and each cell's
    ``(xref, yref, top of its y domain)``. With ``shared_x`` the x axes match the first one
    and only the bottom row shows its tick labels.

    >>> layout, refs = grid(3, columns=2, titles=["a", "b", "c"])
    >>> [r[:2] for r in refs], layout["yaxis3"]["anchor"], len(layout["annotations"])
    ([('x', 'y'), ('x2', 'y2'), ('x3', 'y3')], 'x3', 3)
    """
    cols = max(1, min(columns, n_cells))
    n_rows = max(1, math.ceil(n_cells / cols))
    weights = list(row_weights or [1.0] * n_rows)
    usable = 1 - v_space * (n_rows - 1)
    heights = [usable * w / sum(weights) for w in weights]
    width = (1 - h_space * (cols - 1)) / cols
    layout: dict = {"annotations": []}
    refs = []
    for i in range(n_cells):
        row, col = divmod(i, cols)
        top = 1 - sum(heights[:row]) - v_space * row
        x0 = col * (width + h_space)
        suffix = "" if i == 0 else str(i + 1)
        xaxis = {"domain": [round(x0, 4), round(x0 + width, 4)], "anchor": f"y{suffix}"}
        if shared_x and i:
            xaxis["matches"] = "x"
        if shared_x and row < n_rows - 1:
            xaxis["showticklabels"] = False
        layout[f"xaxis{suffix}"] = xaxis
        layout[f"yaxis{suffix}"] = {"domain": [round(top - heights[row], 4), round(top, 4)],
                                    "anchor": f"x{suffix}"}
        refs.append((f"x{suffix}", f"y{suffix}", top))
        if i < len(titles) and titles[i]:
            layout["annotations"].append({
                "text": titles[i], "x": x0 + width / 2, "y": top, "xref": "paper",
                "yref": "paper", "xanchor": "center", "yanchor": "bottom", "showarrow": False,
                "font": {"size": 12},
            })
    return layout, refs


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
    text = _text(language)
    n_rows = max(1, math.ceil(len(panels) / max(1, min(columns, len(panels)))))
    layout, refs = grid(len(panels), columns=columns, titles=[p.title for p in panels],
                        v_space=min(0.45 / n_rows, 0.14))
    traces = []
    marks = Marks()
    band_shown = False
    bottom = {}
    for panel, (xref, yref, _) in zip(panels, refs, strict=True):
        traces.append({
            "type": "scatter", "x": list(panel.x), "y": list(panel.y), "xaxis": xref,
            "yaxis": yref, "mode": "lines+markers", "name": panel.name, "showlegend": False,
            "line": {"color": COLORS["primary"], "width": 2}, "marker": {"size": 8},
            "hovertemplate": "%{y:.1f}",
        })
        layout[f"yaxis{yref[1:]}"].update(range=_pad(*panel.y_range), title={
            "text": text["score_short"], "standoff": 4})
        bottom[layout[f"xaxis{xref[1:]}"]["domain"][0]] = xref  # lowest cell per column
        if panel.band is not None:
            marks.band(panel.band, xref=xref, yref=yref)
            if not band_shown:
                traces.append(band_swatch(text["band"]))
            band_shown = True
        for value, label, main in panel.cutoffs:
            marks.cutoff(value, label, main, xref=xref, yref=yref)
    for xref in bottom.values():
        layout[f"xaxis{xref[1:]}"]["title"] = {"text": text["date"]}
    marks.moments(refs, moments, language=language, labels=False)
    layout["shapes"] = marks.shapes
    layout["annotations"] += marks.annotations
    height = row_height * n_rows + 90
    fig = styled(go.Figure({"data": traces, "layout": layout}), height=height)
    legend_below(fig, height=height, top=40)
    return localize(fig, language=language, x_range=x_range, nticks=4)


def confidence_panel(weekly: pd.DataFrame, *, language: str = "nl") -> Panel:
    """The check-in's "Vertrouwen" (I can influence my complaints) as a weekly-mean panel."""
    rows = _weekly(weekly.dropna(subset=["confidence"]))
    return Panel(title=_text(language)["confidence"], name="Vertrouwen",
                 x=iso_days(rows["week_start"] + pd.Timedelta(days=3)),
                 y=rounded(rows["confidence"]), y_range=(0.0, 10.0))


def pain_figure(
    daily: pd.DataFrame,
    nprs: pd.DataFrame,
    *,
    band: tuple[float, float] | None = None,
    moments: pd.DataFrame | None = None,
    language: str = "nl",
    x_range: Sequence[str] | None = None,
) -> go.Figure:
    """Daily check-in pain (now and worst 24 h), its 7-day mean and the NPRS questionnaire.

    Parameters
    ----------
    daily
        ``date``, ``pain_now``, ``pain_worst_24h``, ``pain_mean_7d`` (``episode.daily_pain``).
    nprs
        The NPRS scores: ``completed_at``, ``value``.
    band
        ``(baseline, mcid)``: the NPRS baseline ± MCID is shaded.
    moments
        Questionnaire moments (``date``, ``timepoint``) marked as vertical lines.
    """
    text = _text(language)
    daily = with_gaps(daily)
    x = iso_days(daily["date"])
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=rounded(daily["pain_worst_24h"]), mode="markers",
                             name=text["pain_worst"], hovertemplate="%{y:.0f}",
                             marker={"color": COLORS["secondary"], "size": 5,
                                     "symbol": "triangle-up", "opacity": 0.55}))
    fig.add_trace(go.Scatter(x=x, y=rounded(daily["pain_now"]), mode="markers",
                             name=text["pain_now"], hovertemplate="%{y:.0f}",
                             marker={"color": COLORS["primary"], "size": 5, "opacity": 0.45}))
    fig.add_trace(go.Scatter(x=x, y=rounded(daily["pain_mean_7d"]), mode="lines",
                             name=text["pain_mean"], hovertemplate="%{y:.1f}",
                             line={"color": COLORS["primary"], "width": 3}))
    if not nprs.empty:
        fig.add_trace(go.Scatter(
            x=iso_days(nprs["completed_at"]), y=rounded(nprs["value"]), mode="markers",
            name=text["nprs"], hovertemplate="%{y:.0f}",
            marker={"color": COLORS["tertiary"], "size": 12, "symbol": "diamond",
                    "line": {"color": "white", "width": 1}},
        ))
    marks = Marks()
    if band is not None:
        marks.band((band[0] - band[1], band[0] + band[1]), xref="x", yref="y")
        fig.add_trace(band_swatch(f"{text['band']} ({_num(band[1], language)})"))
    styled(fig, height=380)
    fig.update_yaxes(range=_pad(0, 10), title_text=text["pain_axis"], dtick=2)
    fig.update_xaxes(title_text=text["date"])
    legend_below(fig, height=380)
    localize(fig, language=language, x_range=x_range)
    marks.moments([("x", "y", 1.0)], moments, language=language)
    return marks.apply(fig)


def _num(value: float, language: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if language != "en" else text


def _weekly(weekly: pd.DataFrame) -> pd.DataFrame:
    """Weekly rows with an empty row in every missing week (lines break there)."""
    return with_gaps(weekly, "week_start", max_gap_days=7)


def _weekly_x(weekly: pd.DataFrame) -> list[str]:
    """The middle of each week (Thursday), so weekly values sit inside their week."""
    return iso_days(weekly["week_start"] + pd.Timedelta(days=3))


def stress_sleep_figure(
    weekly: pd.DataFrame, *, language: str = "nl", x_range: Sequence[str] | None = None
) -> go.Figure:
    """Weekly means of pain, stress and sleep quality (0-10) above the hours slept."""
    text = _text(language)
    weekly = _weekly(weekly)
    x = _weekly_x(weekly)
    layout, _ = grid(2, row_weights=[0.68, 0.32], v_space=0.08, shared_x=True)
    traces = [
        {"type": "scatter", "x": x, "y": rounded(weekly[column]), "mode": "lines+markers",
         "name": text[key], "hovertemplate": "%{y:.1f}", "marker": {"size": 6},
         "line": {"color": colour, "width": 2, "dash": dash}}
        for column, key, colour, dash in (
            ("pain_now", "pain_weekly", COLORS["primary"], "solid"),
            ("stress", "stress", COLORS["warning"], "dash"),
            ("sleep_quality", "sleep_quality", COLORS["tertiary"], "dot"),
        )
    ]
    traces.append({"type": "bar", "x": x, "y": rounded(weekly["sleep_hours"]),
                   "xaxis": "x2", "yaxis": "y2", "name": text["sleep_hours"],
                   "marker": {"color": COLORS["quaternary"]}, "width": 5 * DAY_MS,
                   "hovertemplate": "%{y:.1f}"})
    layout["yaxis"].update(range=_pad(0, 10), title={"text": text["score"]}, dtick=2)
    layout["yaxis2"].update(range=[0, 12], title={"text": text["hours"]}, dtick=4)
    layout["xaxis2"]["title"] = {"text": text["week"]}
    fig = styled(go.Figure({"data": traces, "layout": layout}), height=440)
    legend_below(fig, height=440, top=16)
    return localize(fig, language=language, x_range=x_range)


def load_figure(
    checkins: pd.DataFrame, *, language: str = "nl", x_range: Sequence[str] | None = None
) -> go.Figure:
    """Daily load against load capacity, shaded on the days the load is above the capacity.

    The shading is a bar from the capacity up to the load on each such day: exact per day
    (no interpolation between days, nothing across days without a check-in).
    """
    text = _text(language)
    answered = checkins.dropna(subset=["load", "load_capacity"])[["date", "load", "load_capacity"]]
    rows = with_gaps(answered)
    x = iso_days(rows["date"])
    over = answered.loc[answered["load"].astype(float) > answered["load_capacity"].astype(float)]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=iso_days(over["date"]), y=rounded(over["load"].astype(float)
                                            - over["load_capacity"].astype(float)),
        base=rounded(over["load_capacity"]), width=0.9 * DAY_MS, name=text["over"],
        marker={"color": OVER_FILL, "line": {"width": 0}}, hoverinfo="skip",
    ))
    # markers too: a day answered on its own (between gaps) would be invisible as a line
    fig.add_trace(go.Scatter(x=x, y=rounded(rows["load_capacity"]), mode="lines+markers",
                             name=text["capacity"], hovertemplate="%{y:.0f}",
                             marker={"size": 4}, line={"color": COLORS["tertiary"], "width": 2}))
    fig.add_trace(go.Scatter(x=x, y=rounded(rows["load"]), mode="lines+markers",
                             name=text["load"], hovertemplate="%{y:.0f}", marker={"size": 4},
                             line={"color": COLORS["secondary"], "width": 2, "dash": "dash"}))
    styled(fig, height=330)
    fig.update_yaxes(range=_pad(0, 10), title_text=text["load_axis"], dtick=2)
    fig.update_xaxes(title_text=text["date"])
    legend_below(fig, height=330, top=16)
    return localize(fig, language=language, x_range=x_range)


def activity_figure(
    weekly: pd.DataFrame, *, language: str = "nl", x_range: Sequence[str] | None = None
) -> go.Figure:
    """Weekly active minutes per day and the share of check-ins with the exercises done."""
    text = _text(language)
    x = _weekly_x(weekly)
    layout, _ = grid(2, titles=[text["minutes"], text["adherence"]], v_space=0.16,
                     shared_x=True)
    bar = {"type": "bar", "x": x, "width": 5 * DAY_MS, "showlegend": False}
    traces = [
        {**bar, "y": rounded(weekly["active_minutes"]), "name": text["minutes_axis"],
         "marker": {"color": COLORS["primary"]}, "hovertemplate": "%{y:.0f}"},
        {**bar, "y": rounded(weekly["adherence"] * 100), "name": text["adherence_axis"],
         "xaxis": "x2", "yaxis": "y2", "marker": {"color": COLORS["tertiary"]},
         "hovertemplate": "%{y:.0f}%"},
    ]
    top = weekly["active_minutes"].max()
    top = 60.0 if pd.isna(top) else max(60.0, float(top) * 1.1)
    layout["yaxis"].update(range=[0, round(top, 1)], title={"text": text["minutes_axis"]})
    layout["yaxis2"].update(range=[0, 105], title={"text": text["adherence_axis"]}, dtick=25)
    layout["xaxis2"]["title"] = {"text": text["week"]}
    fig = styled(go.Figure({"data": traces, "layout": layout}), height=380)
    fig.update_layout(margin={"t": 30})
    return localize(fig, language=language, x_range=x_range)
