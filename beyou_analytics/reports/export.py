"""Executed notebook -> one offline HTML page without code, and atomic file writes.

One ``Exporter`` per process reuses nbconvert's ``HTMLExporter`` (about 0.03 s per report
after a 0.3 s first call; the ``jupyter nbconvert`` CLI costs over 2 s each). It

- drops cells tagged ``narrative`` (developer notes), the runner's injected reset cell and
  papermill's error banners, plus every stderr stream (warnings are not for clinicians);
- turns plotly's ``application/vnd.plotly.v1+json`` outputs into HTML (stack-notes P1: the
  default renderer leaves figures out of nbconvert HTML), loading plotly.js from one shared
  local ``plotly.min.js`` next to the report (P2: nothing from a CDN);
- renders with a slim template (``template.html``): the lab template's cells and a small house
  stylesheet (``report.css``) instead of the lab CSS (~270 KB), and no require.js, MathJax,
  mermaid or widget manager, so the page opens offline and makes no network request.
"""

from __future__ import annotations

import contextlib
from importlib import resources as package_files
from typing import Any

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode

from beyou_analytics import __version__
from beyou_analytics.plots.config import FIGURE_CONFIG
from beyou_analytics.reports.plotly_js import PLOTLY_JS
from beyou_analytics.reports.runner import RESET_TAG

PLOTLY_MIME = "application/vnd.plotly.v1+json"
DROPPED_TAGS = frozenset({"narrative", RESET_TAG, "papermill-error-cell-tag"})


class ReportCleanup(Preprocessor):
    """Remove narrative, injected and empty code cells, and stderr output."""

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple:
        kept = []
        for cell in nb.cells:
            if DROPPED_TAGS & set(cell.get("metadata", {}).get("tags", [])):
                continue
            if cell.cell_type == "code":
                cell.outputs = [
                    out for out in cell.outputs
                    if not (out.get("output_type") == "stream" and out.get("name") == "stderr")
                ]
                if not cell.outputs:
                    continue
            kept.append(cell)
        nb.cells = kept
        return nb, resources


class PlotlyMimeToHTML(Preprocessor):
    """Add ``text/html`` to plotly figure outputs (plotly.js itself is loaded once, in <head>)."""

    plotlyjs = Unicode(PLOTLY_JS, help="script src of plotly.js, relative to the report").tag(
        config=True
    )

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple:
        import plotly.io as pio

        n_figures = 0
        for cell_index, cell in enumerate(nb.cells):
            for out_index, out in enumerate(cell.get("outputs", [])):
                data = out.get("data", {})
                if PLOTLY_MIME not in data or "text/html" in data:
                    continue
                figure = dict(data[PLOTLY_MIME])
                data["text/html"] = pio.to_html(
                    figure,
                    config={**FIGURE_CONFIG, **dict(figure.pop("config", None) or {})},
                    include_plotlyjs=False,
                    full_html=False,
                    validate=False,
                    div_id=f"figure-{cell_index}-{out_index}",  # stable: reruns give equal HTML
                    default_height="420px",
                )
                n_figures += 1
        resources.setdefault("beyou", {})["plotly_src"] = self.plotlyjs if n_figures else ""
        return nb, resources


def _package_text(name: str) -> str:
    return package_files.files("beyou_analytics.reports").joinpath(name).read_text("utf-8")


class Exporter:
    """A reusable HTML exporter for executed report notebooks.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("developer notes", metadata={"tags": ["narrative"]}),
    ...     nbformat.v4.new_code_cell("secret_code()", outputs=[nbformat.v4.new_output(
    ...         "display_data", data={"text/html": "<p>Hallo</p>"})]),
    ... ])
    >>> page = Exporter().to_html(nb, title="Demo", language="nl")
    >>> "<p>Hallo</p>" in page, "secret_code" in page, "developer notes" in page
    (True, False, False)
    >>> "https://" in page or "http://" in page
    False
    """

    def __init__(self, *, plotly_src: str = PLOTLY_JS) -> None:
        self._html = HTMLExporter(
            template_name="lab",
            raw_template=_package_text("template.html"),
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
        )
        self._html.register_preprocessor(ReportCleanup(), enabled=True)
        self._html.register_preprocessor(PlotlyMimeToHTML(plotlyjs=plotly_src), enabled=True)
        self._css = _package_text("report.css")

    def warm_up(self) -> None:
        """Render an empty notebook once: the first page compiles the templates (~0.2 s).

        A warm-up that fails changes nothing: each report's own export reports the problem.
        """
        with contextlib.suppress(Exception):
            self.to_html(nbformat.v4.new_notebook(), title="")

    def to_html(self, nb: nbformat.NotebookNode, *, title: str, language: str = "nl") -> str:
        """The report page for executed notebook ``nb`` (the notebook is not changed)."""
        self._html.language_code = language if language in ("nl", "en") else "nl"
        resources: dict[str, Any] = {
            "metadata": {"name": title},
            "beyou": {"title": title, "css": self._css, "version": __version__},
        }
        body, _ = self._html.from_notebook_node(nb, resources=resources)  # nbconvert copies nb
        return body
