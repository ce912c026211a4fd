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

from beyou_analytics.plots.layout import grid, separators
from beyou_analytics.plots.theme import COLORS, figure
from beyou_analytics.practice.suppression import COUNT_MARK

TITLE_SIZE = 16  # cell titles as make_subplots writes them


def _axis(ref: str) -> str:
    """``x2`` -> ``xaxis2`` (the layout key of an axis reference)."""
    return f"{ref[0]}axis{ref[1:]}"


def _number(value: float, language: str, digits: int = 1) -> str:
    """``-0.43`` as ``−0,43`` (nl) or ``−0.43`` (en): a true minus sign, as the tables print.

    >>> _number(-0.434, "nl", digits=2), _number(22.1, "en"), _number(17.0, "nl")
    ('−0,43', '22.1', '17')
    """
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits == 1 else f"{value:.{digits}f}"
    text = text.replace("-", "−")
    return text.replace(".", ",") if language == "nl" else text


def baseline_figure(
    bins: Mapping[str, pd.DataFrame],
    *,
    titles: Mapping[str, str],
    y_title: str = "",
    language: str = "nl",
) -> go.Figure:
    """One histogram per instrument (``research.binned_baseline`` frames), side by side."""
    codes = list(bins)
    layout, refs = grid(len(codes), columns=len(codes), titles=[titles[c] for c in codes],
                        h_space=0.05, title_size=TITLE_SIZE)
    traces = []
    for code, (xref, yref, _) in zip(codes, refs, strict=True):
        frame = bins[code]
        mid = np.round((frame["low"] + frame["high"]).to_numpy(dtype=float) / 2, 2)
        width = float(frame["high"].iloc[0] - frame["low"].iloc[0]) * 0.9
        shown = ~frame["suppressed"].to_numpy(dtype=bool)
        ranges = [f"{_number(lo, language)}–{_number(hi, language)}" for lo, hi in
                  zip(frame.loc[shown, "low"], frame.loc[shown, "high"], strict=True)]
        traces.append({"type": "bar", "x": mid[shown].tolist(),
                       "y": frame.loc[shown, "n"].astype(int).tolist(), "width": width,
                       "marker": {"color": COLORS["primary"]}, "showlegend": False,
                       "text": ranges, "textposition": "none",  # the bin, not its centre
                       "hovertemplate": "%{text}: %{y}<extra></extra>", "xaxis": xref,
                       "yaxis": yref})
        if (~shown).any():
            hidden = int((~shown).sum())
            traces.append({"type": "scatter", "x": mid[~shown].tolist(), "y": [0] * hidden,
                           "mode": "text", "text": [COUNT_MARK] * hidden,
                           "textposition": "top center", "showlegend": False,
                           "hoverinfo": "skip", "xaxis": xref, "yaxis": yref,
                           "textfont": {"color": COLORS["muted"], "size": 8}})
        layout[_axis(yref)]["rangemode"] = "tozero"
    layout["yaxis"]["title"] = {"text": y_title}
    layout.update(hovermode="closest", bargap=0.05, separators=separators(language),
                  margin={"t": 56})
    return figure(traces, layout, height=270)


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
    cols = len(measures)
    layout, refs = grid(2 * cols, columns=cols, titles=[measure_titles[m] for m in measures],
                        row_titles=[outcome_titles[o] for o in outcomes], h_space=0.04,
                        v_space=0.12, shared_y=True, title_size=TITLE_SIZE)
    traces = []
    for i, (xref, yref, _) in enumerate(refs):
        outcome, measure = outcomes[i // cols], measures[i % cols]
        part = pairs.loc[(pairs["measure"] == measure) & (pairs["outcome"] == outcome)]
        x = np.round(part["measure_change"].to_numpy(dtype=float), 1)
        y = np.round(part["outcome_change"].to_numpy(dtype=float), 1)
        on = {"xaxis": xref, "yaxis": yref, "showlegend": False}
        traces.append({"type": "scatter", "x": x.tolist(), "y": y.tolist(), "mode": "markers",
                       "marker": {"size": 5, "color": COLORS["primary"], "opacity": 0.55},
                       "hovertemplate": "%{x}, %{y}<extra></extra>", **on})
        if len(x) >= 5 and np.ptp(x) > 0:
            slope, intercept = np.polyfit(x, y, 1)
            ends = np.array([x.min(), x.max()])
            traces.append({"type": "scatter", "x": ends.round(1).tolist(),
                           "y": np.round(intercept + slope * ends, 1).tolist(), "mode": "lines",
                           "hoverinfo": "skip", "line": {"color": COLORS["secondary"], "width": 2},
                           **on})
        stat = correlations.loc[(correlations["measure"] == measure)
                                & (correlations["outcome"] == outcome)]
        if len(stat) and not np.isnan(stat["rho"].iloc[0]):
            rho = _number(float(stat["rho"].iloc[0]), language, digits=2)
            layout["annotations"].append({
                "text": rho_text.format(rho=rho, n=int(stat["n"].iloc[0])),
                "xref": f"{xref} domain", "yref": f"{yref} domain", "x": 0.02, "y": 0.98,
                "showarrow": False, "xanchor": "left", "yanchor": "top",
                "font": {"size": 11, "color": COLORS["text"]}})
        for ref in (xref, yref):
            layout[_axis(ref)].update(zeroline=True, zerolinecolor="#bbbbbb")
    layout.update(hovermode="closest", separators=separators(language), margin={"t": 56})
    return figure(traces, layout, height=540)


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
    traces = [
        {"type": "scatter", "x": observed["week"].astype(int).tolist(),
         "y": np.round(observed["pain"].to_numpy(dtype=float), 2).tolist(), "mode": "markers",
         "name": labels["observed"], "text": [f"n = {int(n)}" for n in observed["n"]],
         "marker": {"color": COLORS["primary"], "size": 7},
         "hovertemplate": "%{y} (%{text})<extra></extra>"},
        {"type": "scatter", "x": predicted["week"].astype(int).tolist(),
         "y": np.round(predicted["pain"].to_numpy(dtype=float), 2).tolist(), "mode": "lines",
         "name": labels["predicted"], "line": {"color": COLORS["secondary"], "width": 2},
         "hovertemplate": "%{y}<extra></extra>"},
    ]
    layout = {"xaxis": {"title": {"text": labels["x"]}},
              "yaxis": {"title": {"text": labels["y"]}, "range": [0, 10]},
              "legend": {"y": 1.0, "yanchor": "bottom", "x": 0}, "margin": {"t": 48},
              "separators": separators(language)}
    return figure(traces, layout, height=320)
