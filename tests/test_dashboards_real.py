"""The real dashboards (``notebooks/`` + ``beyou_analytics.views``) served by ``beyou serve``
machinery on the sample store, in headless Debian chromium.

Every dashboard renders with its figures and without console errors; pickers and caseload
rows lead to the right patient; an unknown patient gets a friendly message; and no direct
identifier of the sample exports (names, e-mail, phone, BSN, address, free text) is in any page.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from dashboards_harness import (
    DRAWN,
    SOURCE_MARKERS,
    ConsoleLog,
    drawn_figures,
    http_get,
    open_dashboard,
    start_server,
    wait_for_pools,
)

from beyou_analytics.dashboards import DASHBOARDS
from beyou_analytics.io.store import load_store

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data_samples" / "export"
IDENTIFIER_COLUMNS = {"naam", "e-mail", "email", "telefoon", "bsn", "adres", "opmerking"}
SPARKLINE = "svg.beyou-spark"
PAGES = {"landing": 1, "caseload": 1, "patient": 1, "practice": 1, "research": 1}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()


def sample_identifiers() -> set[str]:
    """Every direct identifier value in the raw sample exports (at least 5 characters)."""
    frames: list[pd.DataFrame] = []
    for file in sorted(SAMPLES.iterdir()):
        if file.suffix == ".xlsx":
            sheets = pd.read_excel(file, sheet_name=None, dtype=str, engine="calamine")
            frames.extend(sheets.values())
        elif file.suffix == ".csv":
            for encoding in ("utf-8-sig", "cp1252"):
                try:
                    frames.append(pd.read_csv(file, sep=None, engine="python", dtype=str,
                                              encoding=encoding))
                    break
                except UnicodeDecodeError:
                    continue
    values: set[str] = set()
    for frame in frames:
        for column in frame.columns:
            if _fold(column).strip() in IDENTIFIER_COLUMNS:
                values |= {v.strip() for v in frame[column].dropna() if len(v.strip()) >= 5}
    return values


@pytest.fixture(scope="module")
def store(sample_store: Path):
    return load_store(sample_store)


@pytest.fixture(scope="module")
def server(sample_store: Path, tmp_path_factory: pytest.TempPathFactory):
    from beyou_analytics.research import write_key_file

    root = tmp_path_factory.mktemp("real")
    key = write_key_file(root / "practice.key")
    srv = start_server(sample_store, root / "voila.log", dashboards=DASHBOARDS, source_dir=None,
                       extra_env={}, key_file=key)
    try:
        wait_for_pools(srv, PAGES, timeout=180)
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def tab(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.console_log = ConsoleLog(page)
    yield page
    page.close()


def busiest_patient(store) -> str:
    open_ids = store.episodes.loc[store.episodes["end_date"].isna(), "patient_id"]
    checkins = store.checkins.loc[store.checkins["patient_id"].isin(open_ids)]
    return str(checkins["patient_id"].value_counts().index[0])


def first_therapist(store) -> str:
    return sorted(store.episodes["therapist"].unique())[0]


def show(tab, server, name: str, query: dict[str, str], *, figures: int,
         sparklines: bool = False) -> None:
    open_dashboard(tab, server.url(name, **query), figures=figures, timeout=90_000)
    if sparklines:
        tab.wait_for_selector(SPARKLINE, timeout=60_000)
    else:
        tab.wait_for_selector("h1", timeout=60_000)


def test_landing_links_all_four_dashboards(server, tab) -> None:
    show(tab, server, "index", {}, figures=0)
    tab.wait_for_selector(".beyou-links a")
    hrefs = tab.eval_on_selector_all(".beyou-links a", "a => a.map(e => e.getAttribute('href'))")
    assert hrefs == ["caseload.ipynb", "patient.ipynb", "practice.ipynb", "research.ipynb"]
    assert tab.console_log.errors == []


@pytest.mark.parametrize("name", ["caseload", "patient", "practice", "research"])
def test_every_dashboard_renders_with_figures_and_no_console_errors(
    server, store, tab, name: str
) -> None:
    query = {"caseload": {"therapist": first_therapist(store)},
             "patient": {"patient_id": busiest_patient(store)},
             "practice": {"month": "2026-10"}, "research": {}}[name]
    show(tab, server, name, query, figures=0 if name == "caseload" else 1,
         sparklines=name == "caseload")
    text = tab.inner_text("body")
    assert "Traceback" not in text and "model not found" not in text
    assert "kan nu niet worden getoond" not in text  # no section failed
    assert tab.console_log.errors == []
    if name == "caseload":
        assert tab.locator(SPARKLINE).count() >= 1
    else:
        assert drawn_figures(tab) >= 1
    home = tab.locator("a", has_text="Alle dashboards")
    assert home.count() == 1 and home.get_attribute("href") == "index.ipynb"
    if name == "caseload":
        home.click()
        tab.wait_for_selector(".beyou-links a")  # the landing page, in the same tab
    else:
        titles = tab.evaluate("() => [...document.querySelectorAll('.modebar-btn')]"
                              ".map(b => b.getAttribute('data-title'))")
        assert titles and not [t for t in titles if t and t.startswith(("Share", "Edit"))]


def test_changing_the_patient_picker_redraws_the_page(server, store, tab) -> None:
    first = busiest_patient(store)
    show(tab, server, "patient", {"patient_id": first}, figures=1)
    heading = tab.inner_text("h1")
    assert first in heading
    options = tab.eval_on_selector(".widget-dropdown select",
                                   "s => [...s.options].map(o => o.text)")
    other = next(o for o in options if o.split()[0] != first)
    tab.select_option(".widget-dropdown select", label=other)
    other_id = other.split()[0]
    tab.wait_for_function(
        f"document.querySelector('h1') && document.querySelector('h1').innerText"
        f".includes('{other_id}')", timeout=30_000)
    assert first not in tab.inner_text("h1")


def test_a_caseload_row_opens_that_patient(server, store, tab) -> None:
    show(tab, server, "caseload", {"therapist": first_therapist(store)}, figures=0,
         sparklines=True)
    link = tab.locator("a[href^='patient.ipynb?patient_id=']").first
    patient_id = re.search(r"patient_id=(\d+)", link.get_attribute("href")).group(1)
    with tab.context.expect_page() as opened:
        link.click()
    patient = opened.value
    try:
        log = ConsoleLog(patient)
        patient.wait_for_function(
            f"document.querySelector('h1') && document.querySelector('h1').innerText"
            f".includes('{patient_id}')", timeout=90_000)
        assert patient.url.endswith(f"/voila/render/patient.ipynb?patient_id={patient_id}")
        assert log.errors == []
    finally:
        patient.close()


def test_an_unknown_patient_gets_a_friendly_message(server, tab) -> None:
    open_dashboard(tab, server.url("patient", patient_id="999999999"), figures=0)
    tab.wait_for_selector("text=Deze patiënt staat niet in de gegevens")
    assert tab.evaluate(f"{DRAWN}.length") == 0
    assert "Traceback" not in tab.inner_text("body")


def test_no_sample_identifier_in_any_page(server, store, tab) -> None:
    identifiers = sample_identifiers()
    assert len(identifiers) > 100  # names, e-mail addresses, phones, BSNs, addresses, notes
    pages = [("index", {}, 0), ("caseload", {"therapist": first_therapist(store)}, 0),
             ("patient", {"patient_id": busiest_patient(store)}, 1),
             ("practice", {"month": "2026-10"}, 1), ("research", {}, 1)]
    for name, query, figures in pages:
        show(tab, server, name, query, figures=figures, sparklines=name == "caseload")
        content = tab.content() + tab.inner_text("body")
        leaked = sorted(value for value in identifiers if value in content)
        assert leaked == [], (name, leaked[:5])
        assert str(store.path) not in content, name  # no server path either
        served = http_get(server.url(name, **query)).body
        for marker in SOURCE_MARKERS:
            assert marker not in served, (name, marker)
