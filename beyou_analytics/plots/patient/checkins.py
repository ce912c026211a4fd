"""Figures of the daily check-in and the NPRS: pain, stress and sleep, load, activity.

Every figure uses the house template, colour-blind-safe colours, labelled axes in the page's
language (decimal comma and day-first dates in Dutch), y ranges fixed to the measure's scale,
one shared date range (``x_range``) and lean JSON (``plots.values``).

Examples
--------
>>> daily = pd.DataFrame({"date": pd.to_datetime(["2026-10-01", "2026-10-02"]),
...     "pain_now": [6.0, 5.0], "pain_worst_24h": [7.0, 7.0], "pain_mean_7d": [6.0, 5.5]})
>>> fig = pain_figure(daily, pd.DataFrame({"completed_at": [], "value": []}), language="en")
>>> [t.name for t in fig.data], fig.layout.yaxis.title.text
(['Worst pain 24 h (check-in)', 'Current pain (check-in)', 'Current pain, 7-day mean'], 'Pain (0–10)')
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from beyou_analytics.plots.layout import date_axes, grid, legend_below, separators
from beyou_analytics.plots.patient.marks import Marks, band_swatch
from beyou_analytics.plots.patient.panels import padded
from beyou_analytics.plots.patient.text import text as texts
from beyou_analytics.plots.theme import COLORS, figure
from beyou_analytics.plots.values import iso_days, rounded, with_gaps

OVER_FILL = "rgba(213, 94, 0, 0.28)"
DAY_MS = 86_400_000


def _dates(layout: dict, language: str, x_range: Sequence[str] | None) -> dict:
    return {**date_axes(layout, language=language, x_range=x_range),
            "separators": separators(language)}


def _num(value: float, language: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if language != "en" else text


def _weekly(weekly: pd.DataFrame) -> pd.DataFrame:
    """Weekly rows with an empty row in every missing week (lines break there)."""
    return with_gaps(weekly, "week_start", max_gap_days=7)


def _weekly_x(weekly: pd.DataFrame) -> list[str]:
    """The middle of each week (Thursday), so weekly values sit inside their week."""
    return iso_days(weekly["week_start"] + pd.Timedelta(days=3))


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
    words = texts(language)
    daily = with_gaps(daily)
    x = iso_days(daily["date"])
    traces = [
        {"type": "scatter", "x": x, "y": rounded(daily["pain_worst_24h"]), "mode": "markers",
         "name": words["pain_worst"], "hovertemplate": "%{y:.0f}",
         "marker": {"color": COLORS["secondary"], "size": 5, "symbol": "triangle-up",
                    "opacity": 0.55}},
        {"type": "scatter", "x": x, "y": rounded(daily["pain_now"]), "mode": "markers",
         "name": words["pain_now"], "hovertemplate": "%{y:.0f}",
         "marker": {"color": COLORS["primary"], "size": 5, "opacity": 0.45}},
        {"type": "scatter", "x": x, "y": rounded(daily["pain_mean_7d"]), "mode": "lines",
         "name": words["pain_mean"], "hovertemplate": "%{y:.1f}",
         "line": {"color": COLORS["primary"], "width": 3}},
    ]
    if not nprs.empty:
        traces.append({
            "type": "scatter", "x": iso_days(nprs["completed_at"]), "y": rounded(nprs["value"]),
            "mode": "markers", "name": words["nprs"], "hovertemplate": "%{y:.0f}",
            "marker": {"color": COLORS["tertiary"], "size": 12, "symbol": "diamond",
                       "line": {"color": "white", "width": 1}},
        })
    marks = Marks()
    if band is not None:
        marks.band((band[0] - band[1], band[0] + band[1]), xref="x", yref="y")
        traces.append(band_swatch(f"{words['band']} ({_num(band[1], language)})"))
    marks.moments([("x", "y", 1.0)], moments, language=language)
    layout = {"yaxis": {"range": padded(0, 10), "title": {"text": words["pain_axis"]}, "dtick": 2},
              "xaxis": {"title": {"text": words["date"]}}, **legend_below(height=380)}
    return figure(traces, _dates(marks.into(layout), language, x_range), height=380)


def stress_sleep_figure(
    weekly: pd.DataFrame, *, language: str = "nl", x_range: Sequence[str] | None = None
) -> go.Figure:
    """Weekly means of pain, stress and sleep quality (0-10) above the hours slept."""
    words = texts(language)
    weekly = _weekly(weekly)
    x = _weekly_x(weekly)
    layout, _ = grid(2, row_weights=[0.68, 0.32], v_space=0.08, shared_x=True)
    traces = [
        {"type": "scatter", "x": x, "y": rounded(weekly[column]), "mode": "lines+markers",
         "name": words[key], "hovertemplate": "%{y:.1f}", "marker": {"size": 6},
         "line": {"color": colour, "width": 2, "dash": dash}}
        for column, key, colour, dash in (
            ("pain_now", "pain_weekly", COLORS["primary"], "solid"),
            ("stress", "stress", COLORS["warning"], "dash"),
            ("sleep_quality", "sleep_quality", COLORS["tertiary"], "dot"),
        )
    ]
    traces.append({"type": "bar", "x": x, "y": rounded(weekly["sleep_hours"]),
                   "xaxis": "x2", "yaxis": "y2", "name": words["sleep_hours"],
                   "marker": {"color": COLORS["quaternary"]}, "width": 5 * DAY_MS,
                   "hovertemplate": "%{y:.1f}"})
    layout["yaxis"].update(range=padded(0, 10), title={"text": words["score"]}, dtick=2)
    layout["yaxis2"].update(range=[0, 12], title={"text": words["hours"]}, dtick=4)
    layout["xaxis2"]["title"] = {"text": words["week"]}
    layout.update(legend_below(height=440, top=16))
    return figure(traces, _dates(layout, language, x_range), height=440)


def load_figure(
    checkins: pd.DataFrame, *, language: str = "nl", x_range: Sequence[str] | None = None
) -> go.Figure:
    """Daily load against load capacity, shaded on the days the load is above the capacity.

    The shading is a bar from the capacity up to the load on each such day: exact per day
    (no interpolation between days, nothing across days without a check-in).
    """
    words = texts(language)
    answered = checkins.dropna(subset=["load", "load_capacity"])[["date", "load", "load_capacity"]]
    rows = with_gaps(answered)
    x = iso_days(rows["date"])
    load, capacity = answered["load"].astype(float), answered["load_capacity"].astype(float)
    over = answered.loc[load > capacity]
    traces = [
        {"type": "bar", "x": iso_days(over["date"]),
         "y": rounded(over["load"].astype(float) - over["load_capacity"].astype(float)),
         "base": rounded(over["load_capacity"]), "width": 0.9 * DAY_MS, "name": words["over"],
         "marker": {"color": OVER_FILL, "line": {"width": 0}}, "hoverinfo": "skip"},
        # markers too: a day answered on its own (between gaps) would be invisible as a line
        {"type": "scatter", "x": x, "y": rounded(rows["load_capacity"]),
         "mode": "lines+markers", "name": words["capacity"], "hovertemplate": "%{y:.0f}",
         "marker": {"size": 4}, "line": {"color": COLORS["tertiary"], "width": 2}},
        {"type": "scatter", "x": x, "y": rounded(rows["load"]), "mode": "lines+markers",
         "name": words["load"], "hovertemplate": "%{y:.0f}", "marker": {"size": 4},
         "line": {"color": COLORS["secondary"], "width": 2, "dash": "dash"}},
    ]
    layout = {"yaxis": {"range": padded(0, 10), "title": {"text": words["load_axis"]},
                        "dtick": 2},
              "xaxis": {"title": {"text": words["date"]}}, **legend_below(height=330, top=16)}
    return figure(traces, _dates(layout, language, x_range), height=330)


def activity_figure(
    weekly: pd.DataFrame, *, language: str = "nl", x_range: Sequence[str] | None = None
) -> go.Figure:
    """Weekly active minutes per day and the share of check-ins with the exercises done."""
    words = texts(language)
    x = _weekly_x(weekly)
    layout, _ = grid(2, titles=[words["minutes"], words["adherence"]], v_space=0.16,
                     shared_x=True)
    bar = {"type": "bar", "x": x, "width": 5 * DAY_MS, "showlegend": False}
    traces = [
        {**bar, "y": rounded(weekly["active_minutes"]), "name": words["minutes"],
         "marker": {"color": COLORS["primary"]}, "hovertemplate": "%{y:.0f}"},
        {**bar, "y": rounded(weekly["adherence"] * 100), "name": words["adherence"],
         "xaxis": "x2", "yaxis": "y2", "marker": {"color": COLORS["tertiary"]},
         "hovertemplate": "%{y:.0f}%"},
    ]
    top = weekly["active_minutes"].max()
    top = 60.0 if pd.isna(top) else max(60.0, float(top) * 1.1)
    layout["yaxis"].update(range=[0, round(top, 1)], title={"text": words["minutes_axis"]})
    layout["yaxis2"].update(range=[0, 105], title={"text": words["adherence_axis"]}, dtick=25)
    layout["xaxis2"]["title"] = {"text": words["week"]}
    layout["margin"] = {"t": 30}
    return figure(traces, _dates(layout, language, x_range), height=380)
