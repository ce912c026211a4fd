"""Figures of the monthly practice report: 12-month trends and the attrition funnel.

Pure builders: frames from ``beyou_analytics.practice`` in, a styled ``Figure`` out. Texts come
in as arguments (the view localizes them); ``language="nl"`` sets plotly's number separators
to a decimal comma. Values are rounded before they enter the figure JSON (reports must stay
under 300 KB), and a share resting on fewer than ``min_count`` episodes is left out of a line
(a gap), never drawn.

Examples
--------
>>> import pandas as pd
>>> trend = pd.DataFrame({"month": ["2026-09", "2026-10"], "intakes": [12, 9],
...                       "discharges": [8, 11], "open_at_end": [40, 38]})
>>> fig = activity_trend_figure(trend, labels={"intakes": "Intakes",
...     "discharges": "Afgesloten", "open_at_end": "Lopend"}, months=["sep", "okt"])
>>> [t.name for t in fig.data], fig.layout.separators
(['Intakes', 'Afgesloten', 'Lopend'], ',.')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from beyou_analytics.plots.layout import separators
from beyou_analytics.plots.theme import COLORS, COLORWAY, styled
from beyou_analytics.practice.suppression import MIN_COUNT


def _localize(fig: go.Figure, language: str) -> go.Figure:
    return fig.update_layout(separators=separators(language))


def activity_trend_figure(
    trend: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    months: Sequence[str],
    title: str | None = None,
    y_title: str | None = None,
    language: str = "nl",
) -> go.Figure:
    """Intakes and discharges per month (bars) and open episodes at month end (line).

    ``y_title`` names the y axis (the unit: episodes), as in the other trend figures.

    ``trend`` is ``practice.activity_trend``; ``months`` the x labels, one per row.
    """
    fig = go.Figure()
    for column, color in (("intakes", COLORS["primary"]), ("discharges", COLORS["secondary"])):
        fig.add_bar(x=list(months), y=trend[column].astype(int).tolist(), name=labels[column],
                    marker_color=color, hovertemplate="%{y}<extra>" + labels[column]
                    + "</extra>")
    fig.add_scatter(x=list(months), y=trend["open_at_end"].astype(int).tolist(),
                    name=labels["open_at_end"], mode="lines+markers",
                    line={"color": COLORS["tertiary"], "width": 2},
                    hovertemplate="%{y}<extra>" + labels["open_at_end"] + "</extra>")
    fig.update_layout(barmode="group", bargap=0.25,
                      yaxis={"rangemode": "tozero", "title": {"text": y_title}})
    return _localize(styled(fig, height=300, title=title), language)


def share_trend_figure(
    trend: pd.DataFrame,
    *,
    series: Sequence[tuple[str, str, str, str]],
    months: Sequence[str],
    hover: str,
    title: str | None = None,
    y_title: str | None = None,
    language: str = "nl",
    min_count: int = MIN_COUNT,
    first_color: int = 0,
) -> go.Figure:
    """Shares per month as percentage lines; a month with n under ``min_count`` is a gap.

    Parameters
    ----------
    trend
        One row per month.
    series
        ``(share column, hits column, n column, label)`` per line.
    months
        x labels, one per row.
    hover
        Hover text with ``{hits}`` and ``{n}`` (e.g. ``"{hits} van {n}"``).
    first_color
        Position in the house colour way of the first line (keeps colours apart between
        figures).
    """
    fig = go.Figure()
    for i, (share, hits, n, label) in enumerate(series):
        counts = trend[n].to_numpy(dtype=float)
        shown = counts >= min_count
        values = np.where(shown, np.round(trend[share].to_numpy(dtype=float) * 100, 1), np.nan)
        text = [hover.format(hits=int(h), n=int(c)) if ok else f"n < {min_count}"
                for h, c, ok in zip(trend[hits], counts, shown, strict=True)]
        fig.add_scatter(
            x=list(months), y=[None if np.isnan(v) else float(v) for v in values], name=label,
            mode="lines+markers", connectgaps=False, text=text,
            line={"color": COLORWAY[(first_color + i) % len(COLORWAY)], "width": 2},
            hovertemplate="%{y:.0f}% (%{text})<extra>" + label + "</extra>",
        )
    fig.update_layout(yaxis={"range": [0, 102], "ticksuffix": "%", "dtick": 25,
                             "title": {"text": y_title}})
    return _localize(styled(fig, height=270, title=title), language)


def sessions_trend_figure(
    trend: pd.DataFrame,
    *,
    months: Sequence[str],
    label: str,
    band_label: str,
    title: str | None = None,
    y_title: str | None = None,
    language: str = "nl",
    min_count: int = MIN_COUNT,
) -> go.Figure:
    """Median sessions of the month's discharges with the interquartile range as a band."""
    shown = trend["n_sessions"].to_numpy(dtype=float) >= min_count

    def values(column: str) -> list[float | None]:
        raw = np.round(trend[column].to_numpy(dtype=float), 1)
        return [float(v) if ok and not np.isnan(v) else None for v, ok in zip(raw, shown,
                                                                              strict=True)]

    x = list(months)
    fig = go.Figure()
    fig.add_scatter(x=x, y=values("sessions_q3"), mode="lines", line={"width": 0},
                    showlegend=False, hoverinfo="skip")
    fig.add_scatter(x=x, y=values("sessions_q1"), mode="lines", line={"width": 0},
                    fill="tonexty", fillcolor="rgba(11, 110, 153, 0.15)", name=band_label,
                    hoverinfo="skip")
    fig.add_scatter(x=x, y=values("median_sessions"), mode="lines+markers", name=label,
                    line={"color": COLORS["primary"], "width": 2},
                    text=[f"n = {int(n)}" for n in trend["n_sessions"]],
                    hovertemplate="%{y} (%{text})<extra>" + label + "</extra>")
    fig.update_layout(yaxis={"rangemode": "tozero", "title": {"text": y_title}})
    return _localize(styled(fig, height=260, title=title), language)


def funnel_figure(
    funnel: pd.DataFrame,
    *,
    stage_labels: Mapping[str, str],
    title: str | None = None,
    language: str = "nl",
) -> go.Figure:
    """The attrition funnel: episodes left at each stage, with the share of the start."""
    labels = [stage_labels[s] for s in funnel["stage"]]
    fig = go.Figure(go.Funnel(
        y=labels, x=funnel["n"].astype(int).tolist(), textinfo="value+percent initial",
        marker={"color": COLORS["primary"]}, connector={"line": {"color": COLORS["grid"]}},
        hovertemplate="%{y}: %{x}<extra></extra>",
    ))
    fig.update_layout(margin={"l": 8}, hovermode="closest", yaxis={"automargin": True})
    return _localize(styled(fig, height=320, title=title), language)
