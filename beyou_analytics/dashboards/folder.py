"""The folder Voila serves: the dashboard notebooks and a landing page, nothing else.

Voila in directory mode lists (``/voila/tree``) and renders (``/voila/render/...``) every
notebook below its root, so the root is a fresh temporary folder holding only copies of the
dashboard notebooks under their dashboard names, with ``narrative``-tagged cells and any outputs
removed, plus a generated ``index.ipynb`` linking them. The research dashboard is only copied
when a key file is configured.

Examples
--------
>>> import json, tempfile, pathlib
>>> src = pathlib.Path(tempfile.mkdtemp())
>>> cells = [{"cell_type": "markdown", "metadata": {"tags": ["narrative"]}, "source": "dev notes"},
...          {"cell_type": "code", "metadata": {}, "source": "1 + 1", "outputs": [{"x": 1}],
...           "execution_count": 3}]
>>> _ = (src / "demo.ipynb").write_text(json.dumps({"cells": cells, "metadata": {},
...                                                 "nbformat": 4, "nbformat_minor": 5}))
>>> out = build_folder(pathlib.Path(tempfile.mkdtemp()), source_dir=src,
...                    dashboards=(Dashboard("patient", "demo.ipynb"),))
>>> sorted(p.name for p in out.iterdir())
['index.ipynb', 'patient.ipynb']
>>> [c["source"] for c in json.loads((out / "patient.ipynb").read_text())["cells"]]
['1 + 1']
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beyou_analytics.errors import BeyouError

NOTEBOOKS_ENV = "BEYOU_NOTEBOOKS"
NARRATIVE_TAG = "narrative"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


@dataclass(frozen=True)
class Dashboard:
    """A served dashboard: its URL name (``<name>.ipynb``) and its source notebook."""

    name: str
    notebook: str
    needs_key: bool = False


DASHBOARDS: tuple[Dashboard, ...] = (
    Dashboard("caseload", "caseload.ipynb"),
    Dashboard("patient", "patient_progress.ipynb"),
    Dashboard("practice", "monthly_report.ipynb"),
    Dashboard("research", "research_exploration.ipynb", needs_key=True),
)
"""The dashboards of ``beyou serve``, in landing-page order."""


def notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder (``$BEYOU_NOTEBOOKS`` overrides it)."""
    override = os.environ.get(NOTEBOOKS_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return Path(__file__).resolve().parents[2] / "notebooks"


def dashboard_notebook(source: dict[str, Any]) -> dict[str, Any]:
    """A copy of notebook JSON fit to serve: no narrative cells, no outputs, python3 kernel."""
    cells = []
    for index, cell in enumerate(source.get("cells", [])):
        if NARRATIVE_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        cell = {**cell, "id": cell.get("id") or f"cell-{index}",
                "metadata": {k: v for k, v in cell.get("metadata", {}).items() if k == "tags"}}
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    metadata = {k: v for k, v in source.get("metadata", {}).items() if k == "language_info"}
    metadata["kernelspec"] = dict(KERNELSPEC)
    return {**source, "cells": cells, "metadata": metadata, "nbformat": 4,
            "nbformat_minor": max(int(source.get("nbformat_minor", 5)), 5)}


def landing_notebook(names: Sequence[str]) -> dict[str, Any]:
    """The generated ``index.ipynb``: one cell that shows links to ``names``."""
    code = (
        "from beyou_analytics.dashboards.landing import LandingPage\n"
        f"LandingPage.open_page(dashboards={list(names)!r}).links()"
    )
    cell = {"cell_type": "code", "id": "landing", "metadata": {}, "source": code,
            "outputs": [], "execution_count": None}
    return {"cells": [cell], "metadata": {"kernelspec": dict(KERNELSPEC)},
            "nbformat": 4, "nbformat_minor": 5}


def build_folder(
    target: Path,
    *,
    source_dir: Path | None = None,
    dashboards: Sequence[Dashboard] = DASHBOARDS,
    research: bool = False,
) -> Path:
    """Write the served notebooks into the empty folder ``target`` and return it.

    Dashboards with ``needs_key`` are left out unless ``research`` is true (a key file is
    configured). A missing source notebook raises ``BeyouError`` naming it.
    """
    source_dir = source_dir or notebooks_dir()
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BeyouError(f"dashboard folder {target} is not empty")
    served = []
    for board in dashboards:
        if board.needs_key and not research:
            continue
        source = source_dir / board.notebook
        if not source.is_file():
            raise BeyouError(f"dashboard notebook {source} is missing")
        try:
            notebook = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BeyouError(f"{source}: not a readable notebook ({exc})") from exc
        _write(target / f"{board.name}.ipynb", dashboard_notebook(notebook))
        served.append(board.name)
    _write(target / "index.ipynb", landing_notebook(served))
    return target


def sign_folder(folder: Path, data_dir: Path) -> None:
    """Sign every notebook of ``folder`` with a notary whose secret and signatures live in
    ``data_dir`` (the Voila process's ``JUPYTER_DATA_DIR``).

    The served notebooks hold no outputs, so trust changes nothing that a viewer sees; signed,
    they spare the operator a "Notebook ... is not trusted" warning per page.
    """
    from beyou_analytics.reports.reset import skip_iri_grammar

    skip_iri_grammar()  # before nbformat is imported (stack-notes P3)
    import nbformat
    from nbformat.sign import NotebookNotary

    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    notary = NotebookNotary(data_dir=str(data_dir))
    for path in sorted(folder.glob("*.ipynb")):
        notary.sign(nbformat.read(path, as_version=4))


def _write(path: Path, notebook: dict[str, Any]) -> None:
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
