"""The exporter: no code, no narrative, figures as HTML with a local plotly.js, nothing online."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import plotly.graph_objects as go
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from beyou_analytics.reports.export import Exporter
from beyou_analytics.reports.plotly_js import copy_plotly_js, plotly_js_source

URL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def _figure_output() -> nbformat.NotebookNode:
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[4, 2, 5], name="pijn"))
    return new_output("display_data", data={
        "application/vnd.plotly.v1+json": fig.to_plotly_json(), "text/plain": "Figure()",
    })


def _executed_notebook() -> nbformat.NotebookNode:
    return new_notebook(cells=[
        new_code_cell("import beyou_analytics.reports.reset  # RESET-CODE",
                      metadata={"tags": ["beyou-reset"]}),
        new_markdown_cell("NARRATIVE-NOTE for developers", metadata={"tags": ["narrative"]}),
        new_code_cell('patient_id = "12"', metadata={"tags": ["injected-parameters"]}),
        new_code_cell("SOURCE_CODE_MARKER = page.header()", outputs=[
            new_output("display_data", data={"text/html": "<h1>Voortgang patiënt 12</h1>"}),
            new_output("stream", name="stderr", text="STDERR-WARNING"),
            new_output("stream", name="stdout", text="visible text"),
        ]),
        new_code_cell("fig.show()", outputs=[_figure_output()]),
        new_code_cell("other.show()", outputs=[_figure_output()]),
    ])


@pytest.fixture(scope="module")
def page() -> str:
    return Exporter().to_html(_executed_notebook(), title="Patiënt 12", language="nl")


def test_figures_become_html_loading_the_shared_local_plotly_js(page: str) -> None:
    assert page.count('class="plotly-graph-div"') == 2
    assert page.count("Plotly.newPlot(") == 2
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", page)
    assert scripts == ["plotly.min.js"]  # once, in <head>, and nothing else is loaded
    assert page.index('src="plotly.min.js"') < page.index("Plotly.newPlot(")


def test_no_code_narrative_reset_cell_or_stderr(page: str) -> None:
    for hidden in ("SOURCE_CODE_MARKER", "NARRATIVE-NOTE", "RESET-CODE", "STDERR-WARNING",
                   "patient_id = ", "jp-InputArea", "In&nbsp;["):
        assert hidden not in page, hidden
    assert "Voortgang patiënt 12" in page and "visible text" in page


def test_the_page_references_nothing_online(page: str) -> None:
    assert not URL.search(page), URL.search(page)
    assert "cdn" not in page.lower()
    assert "require.js" not in page and "MathJax" not in page and "mermaid" not in page


def test_head_is_slim_titled_and_localised(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in page
    assert "<title>Patiënt 12</title>" in page
    assert len(page.encode()) < 40_000  # two figures; the lab CSS alone would be ~270 KB


def test_a_report_without_figures_loads_no_plotly() -> None:
    nb = new_notebook(cells=[new_code_cell("x", outputs=[
        new_output("display_data", data={"text/html": "<p>tabel</p>"})])])
    page = Exporter().to_html(nb, title="t", language="en")
    assert "<script" not in page and '<html lang="en">' in page


def test_export_is_deterministic_and_leaves_the_notebook_alone() -> None:
    nb = _executed_notebook()
    before = nbformat.writes(nb)
    exporter = Exporter()
    first = exporter.to_html(nb, title="t")
    assert exporter.to_html(nb, title="t") == first
    assert nbformat.writes(nb) == before


def test_plotly_js_is_copied_once_and_kept_when_identical(tmp_path: Path) -> None:
    copied = copy_plotly_js(tmp_path)
    assert copied.read_bytes() == plotly_js_source().read_bytes()
    os.utime(copied, (1, 1))
    copy_plotly_js(tmp_path)
    assert copied.stat().st_mtime == 1  # untouched
    copied.write_text("stale")
    copy_plotly_js(tmp_path)
    assert copied.stat().st_size == plotly_js_source().stat().st_size
