"""The house look of every figure: a compact template, colours and sizing helpers.

Plotly embeds a figure's whole template in its JSON; the stock ``plotly`` template adds about
6.5 KB per figure, which adds up in a report of ten figures that must stay under 300 KB. The
house template sets only what we use. The house accent (``COLORS["primary"]``) is also the
accent of the pages (``views.html.css``) and of the report template (``reports/report.css``).

``figure`` builds a figure from plain dicts in one go: plotly validates a figure's properties
on every ``update_*`` call, so a builder that assembles dicts and validates once is several
times faster than one that adds traces and updates the layout step by step.

Examples
--------
>>> import plotly.graph_objects as go
>>> fig = styled(go.Figure(), height=240)
>>> fig.layout.height, len(fig.to_json()) < 2500
(240, True)
>>> fig = figure([{"type": "scatter", "x": [1], "y": [2]}], {"title": {"text": "t"}}, height=200)
>>> fig.layout.height, fig.layout.template.layout.font.size, fig.data[0].y
(200, 12, (2,))
"""

from __future__ import annotations

import plotly.graph_objects as go

# Colour-blind-safe (Okabe-Ito) with one house accent; "better"/"worse" are used for MCID bands.
COLORS = {
    "primary": "#0b6e99",  # house accent: the patient's own line
    "secondary": "#e69f00",
    "tertiary": "#009e73",
    "quaternary": "#cc79a7",
    "muted": "#8c8c8c",
    "grid": "#e6e6e6",
    "better": "rgba(0, 158, 115, 0.12)",
    "worse": "rgba(213, 94, 0, 0.12)",
    "warning": "#d55e00",
    "text": "#222222",
}
COLORWAY = ("#0b6e99", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

HOUSE = go.layout.Template(
    layout={
        "font": {"family": FONT, "size": 12, "color": COLORS["text"]},
        "colorway": list(COLORWAY),
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 48, "r": 16, "t": 36, "b": 36},
        "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "xaxis": {"gridcolor": COLORS["grid"], "zeroline": False, "showline": True,
                  "linecolor": "#bbbbbb"},
        "yaxis": {"gridcolor": COLORS["grid"], "zeroline": False},
    }
)


def figure(data: list[dict], layout: dict, *, height: int) -> go.Figure:
    """One validated ``Figure`` from plain trace and layout dicts, in the house template."""
    return go.Figure({"data": data,
                      "layout": {"template": HOUSE, "height": height, "autosize": True, **layout}})


def styled(fig: go.Figure, *, height: int = 300, title: str | None = None) -> go.Figure:
    """Apply the house template, a height and an optional title to ``fig`` (returned)."""
    fig.update_layout(template=HOUSE, height=height, autosize=True)
    if title:
        fig.update_layout(title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 14}})
    return fig
