"""The project's promises about its own set-up: one dependency list, two README commands, CI.

``pyproject.toml`` and ``environment.yml`` must list the same packages with the same ranges
(issue 2); the README's quick start is exactly ``make demo`` and ``make test``; ``.ci/run`` calls
the README's test command; and generated artefacts stay out of git.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
CONDA_ONLY = {"python", "pip"}  # the interpreter and installer, not project dependencies


def _normalise(requirement: str) -> tuple[str, str]:
    parsed = Requirement(requirement)
    name = re.sub(r"[-_.]+", "-", parsed.name).lower()
    return name, ",".join(sorted(str(s) for s in parsed.specifier))


def pyproject_requirements() -> dict[str, str]:
    """Runtime and dev requirements of pyproject.toml, name -> normalised specifier."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return dict(_normalise(r) for r in listed)


def environment_requirements(text: str) -> dict[str, str]:
    """Conda dependencies of environment.yml (the ``pip:`` sub-list excluded)."""
    found: dict[str, str] = {}
    in_dependencies = False
    for line in text.splitlines():
        if line.startswith("dependencies:"):
            in_dependencies = True
            continue
        match = re.match(r"^  - (?P<spec>[^\s#][^#]*?)\s*(#.*)?$", line)
        if in_dependencies and match and not match["spec"].endswith(":"):
            name, spec = _normalise(match["spec"])
            if name not in CONDA_ONLY:
                found[name] = spec
    return found


def test_environment_yml_lists_the_same_packages_and_ranges_as_pyproject() -> None:
    conda = environment_requirements((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = pyproject_requirements()
    assert conda == pip, (
        f"only in pyproject: {sorted(pip.keys() - conda.keys())}; "
        f"only in environment.yml: {sorted(conda.keys() - pip.keys())}; "
        f"different ranges: {sorted(k for k in pip.keys() & conda.keys() if pip[k] != conda[k])}"
    )


def test_drift_is_detected() -> None:
    drifted = "dependencies:\n  - python>=3.11\n  - pandas>=3.0,<3.2\n  - pip:\n      - -e .\n"
    assert environment_requirements(drifted) == {"pandas": "<3.2,>=3.0"}
    assert environment_requirements(drifted) != pyproject_requirements()


def test_environment_yml_installs_the_project_itself() -> None:
    assert re.search(r"^\s+- -e \.\s*$", (ROOT / "environment.yml").read_text(), re.MULTILINE)


def test_readme_quick_start_is_exactly_make_demo_and_make_test() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the quick start has no bash block"
    commands = [line.split("#", 1)[0].strip() for line in block[1].splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]


def _make_dry_run(target: str) -> str:
    result = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", target], cwd=ROOT, capture_output=True, text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize("target", ["demo", "test"])
def test_demo_and_test_set_themselves_up_first(target: str) -> None:
    steps = _make_dry_run(target)
    assert "-m venv .venv" in steps
    assert steps.index("pip install") < steps.index("beyou" if target == "demo" else "pytest")


def test_make_test_runs_ruff_and_pytest() -> None:
    steps = _make_dry_run("test")
    assert "ruff check ." in steps and "pytest" in steps


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)
    assert "apt-get install -y -qq chromium" in ci


@pytest.mark.parametrize(
    "path", [".venv/x", "store/episodes.parquet", "reports/index.html", "benchmarks/scratch/x",
             "any/table.parquet", "practice.key"],
)
def test_generated_files_stay_out_of_git(path: str) -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
    assert ignored.returncode == 0, f"{path} is not ignored"


@pytest.mark.parametrize(
    "path", ["data_samples/export/behandelepisodes_2026-10-31.xlsx",
             "benchmarks/results/clean.json", "beyou_analytics/reports/runner.py"],
)
def test_samples_results_and_code_are_not_ignored(path: str) -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
    assert ignored.returncode == 1, f"{path} is ignored"
