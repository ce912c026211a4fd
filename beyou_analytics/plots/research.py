"""Figures of the research page: baseline distributions, change against change, weekly pain.

Pure builders: aggregated or de-identified frames from ``beyou_analytics.research`` in, a
styled ``Figure`` out; texts come in as arguments. No figure carries a pseudonym in its data or
hover text. Suppressed histogram bins are drawn as an empty bin marked ``<5``.

Examples
--------
>>> import pandas as pd
>>> bins = pd.DataFrame({"low": [0.0, 5.0], "high": [5.0, 10.0], "n": [12.0, float("nan")],
...                      "suppressed": [False, True]})
>>> fig = baseline_figure({"NPRS": bins}, titles={"NPRS": "Pijn"})
>>> [t.type for t in fig.data], fig.data[1].text
(['bar', 'scatter'], ('<5',))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from beyou_analytics.plots.practice import SEPARATORS
from beyou_analytics.plots.theme import COLORS, styled
from beyou_analytics.practice.suppression import COUNT_MARK


def baseline_figure(
    bins: Mapping[str, pd.DataFrame],
    *,
    titles: Mapping[str, str],
    y_title: str = "",
    language: str = "nl",
) -> go.Figure:
    """One histogram per instrument (``research.binned_baseline`` frames), side by side."""
    codes = list(bins)
    fig = make_subplots(rows=1, cols=len(codes), subplot_titles=[titles[c] for c in codes],
                        horizontal_spacing=0.05)
    for col, code in enumerate(codes, start=1):
        frame = bins[code]
        mid = np.round((frame["low"] + frame["high"]).to_numpy(dtype=float) / 2, 2)
        width = float(frame["high"].iloc[0] - frame["low"].iloc[0]) * 0.9
        shown = ~frame["suppressed"].to_numpy(dtype=bool)
        fig.add_bar(x=mid[shown].tolist(), y=frame.loc[shown, "n"].astype(int).tolist(),
                    width=width, marker_color=COLORS["primary"], showlegend=False,
                    hovertemplate="%{x}: %{y}<extra></extra>", row=1, col=col)
        if (~shown).any():
            fig.add_scatter(x=mid[~shown].tolist(), y=[0] * int((~shown).sum()),
                            mode="text", text=[COUNT_MARK] * int((~shown).sum()),
                            textposition="top center", showlegend=False, hoverinfo="skip",
                            textfont={"color": COLORS["muted"], "size": 8}, row=1, col=col)
    fig.update_yaxes(rangemode="tozero")
    fig.update_yaxes(title_text=y_title, row=1, col=1)
    fig.update_layout(hovermode="closest", bargap=0.05)
    return styled(fig, height=270).update_layout(separators=SEPARATORS.get(language, ".,"),
                                                 margin={"t": 56})


def change_scatter_figure(
    pairs: pd.DataFrame,
    correlations: pd.DataFrame,
    *,
    measures: Sequence[str],
    measure_titles: Mapping[str, str],
    outcome_titles: Mapping[str, str],
    rho_text: str,
    language: str = "nl",
) -> go.Figure:
    """Change in each psychological measure (columns) against change in pain and function
    (rows), one point per episode, with a least-squares line and Spearman's rho.

    ``rho_text`` is a format string with ``{rho}`` and ``{n}`` (already localized numbers).
    """
    outcomes = ["pain", "function"]
    fig = make_subplots(rows=2, cols=len(measures), shared_yaxes="rows",
                        horizontal_spacing=0.04, vertical_spacing=0.12,
                        column_titles=[measure_titles[m] for m in measures],
                        row_titles=[outcome_titles[o] for o in outcomes])
    for r, outcome in enumerate(outcomes, start=1):
        for c, measure in enumerate(measures, start=1):
            part = pairs.loc[(pairs["measure"] == measure) & (pairs["outcome"] == outcome)]
            x = np.round(part["measure_change"].to_numpy(dtype=float), 1)
            y = np.round(part["outcome_change"].to_numpy(dtype=float), 1)
            fig.add_scatter(x=x.tolist(), y=y.tolist(), mode="markers", showlegend=False,
                            marker={"size": 5, "color": COLORS["primary"], "opacity": 0.55},
                            hovertemplate="%{x}, %{y}<extra></extra>", row=r, col=c)
            stat = correlations.loc[(correlations["measure"] == measure)
                                    & (correlations["outcome"] == outcome)]
            if len(x) >= 5 and np.ptp(x) > 0:
                slope, intercept = np.polyfit(x, y, 1)
                ends = np.array([x.min(), x.max()])
                fig.add_scatter(x=ends.round(1).tolist(),
                                y=np.round(intercept + slope * ends, 1).tolist(),
                                mode="lines", showlegend=False, hoverinfo="skip",
                                line={"color": COLORS["secondary"], "width": 2}, row=r, col=c)
            if len(stat) and not np.isnan(stat["rho"].iloc[0]):
                rho = f"{stat['rho'].iloc[0]:.2f}"
                rho = rho.replace(".", ",") if language == "nl" else rho
                axis = "" if (r - 1) * len(measures) + c == 1 else (r - 1) * len(measures) + c
                fig.add_annotation(text=rho_text.format(rho=rho, n=int(stat["n"].iloc[0])),
                                   xref=f"x{axis} domain", yref=f"y{axis} domain", x=0.02,
                                   y=0.98, showarrow=False, xanchor="left", yanchor="top",
                                   font={"size": 11, "color": COLORS["text"]})
    fig.update_xaxes(zeroline=True, zerolinecolor="#bbbbbb")
    fig.update_yaxes(zeroline=True, zerolinecolor="#bbbbbb")
    fig.update_layout(hovermode="closest")
    return styled(fig, height=540).update_layout(separators=SEPARATORS.get(language, ".,"),
                                                 margin={"t": 56})


def pain_model_figure(
    observed: pd.DataFrame,
    predicted: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    language: str = "nl",
) -> go.Figure:
    """Mean weekly pain of the episodes (weeks with at least 5) and the model's line.

    ``observed``: ``week``, ``pain`` (mean), ``n`` (episodes); ``predicted``: ``week``,
    ``pain``. ``labels``: ``observed``, ``predicted``, ``x``, ``y``.
    """
    fig = go.Figure()
    fig.add_scatter(x=observed["week"].astype(int).tolist(),
                    y=np.round(observed["pain"].to_numpy(dtype=float), 2).tolist(),
                    mode="markers", name=labels["observed"],
                    text=[f"n = {int(n)}" for n in observed["n"]],
                    marker={"color": COLORS["primary"], "size": 7},
                    hovertemplate="%{y} (%{text})<extra></extra>")
    fig.add_scatter(x=predicted["week"].astype(int).tolist(),
                    y=np.round(predicted["pain"].to_numpy(dtype=float), 2).tolist(),
                    mode="lines", name=labels["predicted"],
                    line={"color": COLORS["secondary"], "width": 2},
                    hovertemplate="%{y}<extra></extra>")
    fig.update_layout(xaxis={"title": {"text": labels["x"]}},
                      yaxis={"title": {"text": labels["y"]}, "range": [0, 10]},
                      legend={"y": 1.0, "yanchor": "bottom", "x": 0}, margin={"t": 48})
    return styled(fig, height=320).update_layout(separators=SEPARATORS.get(language, ".,"))
