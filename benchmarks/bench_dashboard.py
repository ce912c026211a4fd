"""Benchmark: navigation to the caseload dashboard's figures drawn, against an empty notebook.

Serves, with the ``beyou serve`` machinery (``DashboardServer``) on the sample store, the real
dashboards plus ``empty.ipynb`` (one cell showing one line of HTML: Voila's own floor). In the
same run, with and without preheated kernels (``pool_size`` 1 and 0):

- ``caseload``: ``/voila/render/caseload.ipynb?therapist=<first therapist>`` in headless
  Debian chromium (Playwright), timed from ``goto`` until the caseload's figures (its pain
  sparklines, inline SVG in the page's widget output) are drawn;
- ``empty``: the empty notebook, timed until its line of HTML is drawn.

Each load is a fresh browser tab; loads alternate between the two notebooks; with preheating
the next load waits until the pool's replacement kernel has logged "preheated" (what a
visitor a few seconds later would find). Median of ``--runs`` loads (default 7) each.
Also records the server-side time to the complete HTML (one ``GET``). Writes
``benchmarks/results/dashboard.json``. Target: caseload (preheated) <= 1.5 x empty.

Run: ``.venv/bin/python benchmarks/bench_dashboard.py`` (``make bench``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the dashboard test harness (server, browser)

from dashboards_harness import (  # noqa: E402
    ConsoleLog,
    http_get,
    launch_browser,
    start_server,
    wait_until,
)

from beyou_analytics.dashboards.folder import DASHBOARDS, Dashboard, notebooks_dir  # noqa: E402

SCRATCH = ROOT / "benchmarks" / "scratch" / "dashboard"
RESULTS = ROOT / "benchmarks" / "results" / "dashboard.json"
SAMPLES = ROOT / "data_samples" / "export"
SAMPLES_AS_OF = date(2026, 10, 31)  # data_samples/README.md: the export's "as of" date
CHROMIUM = "/usr/bin/chromium"
TARGET_RATIO = 1.5
CASELOAD_DRAWN = "svg.beyou-spark"
EMPTY_DRAWN = "#empty-notebook"
EMPTY_NOTEBOOK = {
    "cells": [{"cell_type": "code", "id": "empty", "metadata": {}, "execution_count": None,
               "outputs": [], "source": "from IPython.display import HTML\n"
                                        "HTML('<p id=\"empty-notebook\">empty</p>')"}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def build_store() -> Path:
    """Clean the sample export into the scratch store."""
    from beyou_analytics.clean import clean_exports

    store = SCRATCH / "store"
    clean_exports(SAMPLES, store, as_of=SAMPLES_AS_OF, progress=False)
    return store


def notebooks() -> tuple[Path, tuple[Dashboard, ...], str]:
    """A folder with the real dashboard notebooks (or the fixtures, if missing) + empty.ipynb."""
    folder = SCRATCH / "notebooks"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    real = notebooks_dir()
    boards = [board for board in DASHBOARDS if not board.needs_key]
    if all((real / board.notebook).is_file() for board in boards):
        for board in boards:
            shutil.copy(real / board.notebook, folder / board.notebook)
        source = "notebooks/caseload.ipynb (real)"
    else:  # the real notebooks do not exist yet: the fixture stands in
        fixtures = ROOT / "tests" / "fixtures" / "dashboards"
        shutil.copy(fixtures / "demo_caseload.ipynb", folder / "caseload.ipynb")
        boards = [Dashboard("caseload", "caseload.ipynb")]
        source = "FIXTURE tests/fixtures/dashboards/demo_caseload.ipynb (real notebook missing)"
    (folder / "empty.ipynb").write_text(json.dumps(EMPTY_NOTEBOOK), encoding="utf-8")
    return folder, (*boards, Dashboard("empty", "empty.ipynb")), source


def first_therapist(store: Path) -> str:
    from beyou_analytics.io.store import load_store

    return sorted(load_store(store).episodes["therapist"].unique())[0]


def measure(store: Path, folder: Path, boards: tuple[Dashboard, ...], *, pool_size: int,
            runs: int, therapist: str) -> dict[str, object]:
    """Median navigation-to-drawn seconds for the caseload and the empty notebook."""
    from playwright.sync_api import sync_playwright

    log = SCRATCH / f"voila-pool{pool_size}.log"
    server = start_server(store, log, dashboards=boards, source_dir=folder, extra_env={},
                          pool_size=pool_size)
    times: dict[str, list[float]] = {"caseload": [], "empty": []}
    html: dict[str, list[float]] = {"caseload": [], "empty": []}
    targets = {"caseload": (server.url("caseload", therapist=therapist), CASELOAD_DRAWN),
               "empty": (server.url("empty"), EMPTY_DRAWN)}
    errors: list[str] = []
    used = {"caseload": 0, "empty": 0}  # requests so far: each takes a pooled kernel
    ready_line = {"caseload": "] caseload page preheated",
                  "empty": "Kernel pool of empty.ipynb is filled"}

    def request(name: str, fetch) -> float:
        """Wait for a warm pooled kernel (with preheating), then time ``fetch``."""
        if pool_size:
            wait_until(lambda: log.read_text(encoding="utf-8").count(ready_line[name])
                       > used[name], timeout=180, every=0.2)
            time.sleep(0.5)
        used[name] += 1
        started = time.perf_counter()
        fetch()
        return time.perf_counter() - started

    try:
        with sync_playwright() as playwright:
            browser = launch_browser(playwright, CHROMIUM)
            try:
                for name in ("caseload", "empty"):  # warm-up: browser cache, first imports
                    request(name, lambda n=name: load(browser, *targets[n], errors))
                for _ in range(runs):
                    for name in ("caseload", "empty"):
                        times[name].append(
                            request(name, lambda n=name: load(browser, *targets[n], errors)))
                        html[name].append(
                            request(name, lambda n=name: http_get(targets[n][0])))
            finally:
                browser.close()
    finally:
        server.stop()
    result: dict[str, object] = {
        f"{name}_s": round(statistics.median(values), 3) for name, values in times.items()}
    result.update({f"{name}_html_s": round(statistics.median(values), 3)
                   for name, values in html.items()})
    result["ratio"] = round(result["caseload_s"] / result["empty_s"], 2)
    result["all_s"] = {name: [round(v, 3) for v in values] for name, values in times.items()}
    result["console_errors"] = errors
    return result


def load(browser, url: str, drawn: str, errors: list[str]) -> None:
    """Navigate a fresh tab to ``url`` and wait until ``drawn`` is visible."""
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    console = ConsoleLog(tab)
    try:
        tab.goto(url, wait_until="commit", timeout=120_000)
        tab.wait_for_selector(drawn, timeout=120_000)
    finally:
        errors.extend(console.errors)
        tab.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="loads per notebook (>= 5)")
    args = parser.parse_args()
    SCRATCH.mkdir(parents=True, exist_ok=True)
    store = build_store()
    folder, boards, source = notebooks()
    therapist = first_therapist(store)
    configs = {}
    for label, pool in (("preheat", 1), ("no_preheat", 0)):
        print(f"measuring {label} ...", flush=True)
        configs[label] = measure(store, folder, boards, pool_size=pool, runs=max(args.runs, 5),
                                 therapist=therapist)
        summary = {k: v for k, v in configs[label].items() if k != "all_s"}
        print(f"  {label}: {json.dumps(summary)}", flush=True)
    from importlib.metadata import version

    result = {
        "benchmark": "dashboard",
        "date": date.today().isoformat(),
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count()},
        "versions": {name: version(name) for name in ("voila", "playwright", "ipywidgets",
                                                        "jupyter_server", "ipykernel")},
        "caseload_notebook": source,
        "measured": "goto -> caseload sparklines drawn / empty notebook's HTML drawn, fresh "
                    "tab per load, median of runs; *_html_s: one GET to the complete HTML",
        "runs": max(args.runs, 5),
        "configurations": configs,
        "target": {"caseload_over_empty_preheated": TARGET_RATIO},
        "meets_target": configs["preheat"]["ratio"] <= TARGET_RATIO,
        "preheat_speedup_caseload": round(configs["no_preheat"]["caseload_s"]
                                          / configs["preheat"]["caseload_s"], 2),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "configurations"}, indent=2))


if __name__ == "__main__":
    main()
