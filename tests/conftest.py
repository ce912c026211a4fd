"""Shared fixtures: the sample store (built once per session) and the browser.

Browser tests need Debian's chromium. When it is missing they fail with a message saying how to
install it, never skip: CI installs it in .ci/run, and a silent skip would hide a broken check.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data_samples" / "export"
# The export date of the shipped samples (data_samples/README.md).
SAMPLES_AS_OF = date(2026, 10, 31)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def open_offline(chromium_path: str, report: Path, *, timeout: float = 20_000) -> dict:
    """Open ``report`` from disk in headless chromium with every non-file request blocked.

    Returns what the page showed: ``figures`` (plotly divs), ``drawn`` (their SVGs),
    ``traces`` (scatter and bar traces), ``code`` (input areas), ``share`` (Plotly Cloud
    buttons), ``modebar`` (toolbar buttons), ``outside`` (blocked URLs) and ``errors``
    (console errors and page exceptions).
    """
    from dashboards_harness import launch_browser
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = launch_browser(p, chromium_path)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith("file://")
                       else (outside.append(route.request.url), route.abort()))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(report.as_uri())
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout)
            shown = {
                "figures": page.locator(".js-plotly-plot").count(),
                "drawn": page.locator(".js-plotly-plot .main-svg").count(),
                "traces": page.locator(".js-plotly-plot .scatterlayer .trace, "
                                       ".js-plotly-plot .barlayer .trace").count(),
                "code": page.locator(".jp-InputArea").count(),
                # plotly.js offers to upload a figure to Plotly Cloud unless told not to
                "share": page.locator('.modebar-btn[data-title^="Share"]').count(),
                "modebar": page.locator(".modebar-btn").count(),
            }
        finally:
            browser.close()
    return {**shown, "outside": outside, "errors": errors}


@pytest.fixture(scope="module")
def browser(chromium_path: str):
    """Headless chromium for one test module (a fresh page per test is the module's ``tab``)."""
    from dashboards_harness import launch_browser
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_browser(playwright, chromium_path)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's chromium; fails loudly when it is not installed."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail(
            "chromium is not installed: browser tests need Debian's chromium "
            "('apt-get install -y chromium'; .ci/run does this). Not skipping."
        )
    return path


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store cleaned from the shipped sample export, shared by the whole session."""
    from beyou_analytics.clean import clean_exports

    store = tmp_path_factory.mktemp("sample") / "store"
    clean_exports(SAMPLES, store, as_of=SAMPLES_AS_OF)
    return store
