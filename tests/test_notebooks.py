"""The notebooks in notebooks/ are thin and committed clean (VIEWS.md; issue 4).

Each notebook: narrative markdown tagged ``narrative``; one typed ``parameters`` cell whose every
line carries a ``# help`` comment; one import cell; then only one library call per cell — no
``def``, loops, classes or wrangling — and no outputs or execution counts.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest
from papermill import inspect_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = {"caseload", "monthly_report", "patient_progress", "research_exploration"}


def code_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"]


def test_the_four_report_notebooks_exist() -> None:
    assert {p.stem for p in NOTEBOOKS} == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    nbformat.validate(nbformat.read(path, as_version=4))
    for cell in code_cells(path):
        assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_typed_parameters_cell_with_help_first(path: Path) -> None:
    cells = code_cells(path)
    tagged = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is cells[0]
    parameters = inspect_notebook(str(path))
    assert parameters, "papermill finds no parameters"
    for name, parameter in parameters.items():
        assert parameter["inferred_type_name"] != "None", f"{name} has no type"
        assert parameter["help"], f"{name} has no '# help' comment"
    lines = [ln for ln in "".join(tagged[0]["source"]).splitlines() if ln.strip()]
    assert len(lines) == len(parameters)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_import_cell_then_one_library_call_per_cell(path: Path) -> None:
    cells = [ast.parse("".join(c["source"])) for c in code_cells(path)[1:]]
    imports = [tree for tree in cells if any(isinstance(n, ast.Import | ast.ImportFrom)
                                             for n in ast.walk(tree))]
    assert len(imports) == 1 and imports[0] is cells[0]
    assert all(isinstance(n, ast.ImportFrom) and n.module.startswith("beyou_analytics")
               for n in imports[0].body)
    for tree in cells[1:]:
        assert len(tree.body) == 1, ast.unparse(tree)
        statement = tree.body[0]
        call = statement.value if isinstance(statement, ast.Expr | ast.Assign) else None
        assert isinstance(call, ast.Call), f"not a single call: {ast.unparse(tree)}"
        banned = (ast.FunctionDef, ast.Lambda, ast.For, ast.While, ast.ClassDef, ast.comprehension,
                  ast.Subscript, ast.BinOp)
        assert not any(isinstance(n, banned) for n in ast.walk(tree)), ast.unparse(tree)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_markdown_is_tagged_narrative(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            assert "narrative" in cell["metadata"].get("tags", []), cell["source"]
