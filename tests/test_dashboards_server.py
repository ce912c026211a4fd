"""A real ``beyou serve`` Voila server on 127.0.0.1 with the fixture dashboards, driven by
headless Debian chromium (Playwright) and by hand-made HTTP and websocket requests.

One server for the module (preheated pool of one kernel per dashboard, kernels culled after
8 idle seconds); every test leaves it serving.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from dashboards_harness import (
    DRAWN,
    FIXTURES,
    SOURCE_MARKERS,
    ConsoleLog,
    drawn_figures,
    http_get,
    http_get_following,
    kernel_exchange,
    kernel_id,
    open_dashboard,
    start_server,
    wait_for_pools,
    wait_until,
)

pytestmark = pytest.mark.e2e

import sys  # noqa: E402

sys.path.insert(0, str(FIXTURES))
from beyou_demo_views import SECRET, write_demo_store  # noqa: E402

CULL_AFTER = 8


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("served")
    store = write_demo_store(root / "store")
    srv = start_server(store, root / "voila.log", cull_idle_timeout=CULL_AFTER, cull_interval=2)
    try:
        wait_for_pools(srv, {"landing": 1, "caseload": 1, "patient": 1})
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def tab(browser):
    page = browser.new_page()
    page.console_log = ConsoleLog(page)
    yield page
    page.close()


def log_text(server) -> str:
    return server.log_path.read_text(encoding="utf-8", errors="replace")


def visible_text(tab) -> str:
    return tab.inner_text("body")


# ------------------------------------------------------------------------ rendering
def test_landing_links_the_served_dashboards(server, tab) -> None:
    open_dashboard(tab, server.url("index"), figures=0)
    tab.wait_for_selector(".beyou-links a")
    hrefs = tab.eval_on_selector_all(".beyou-links a",
                                     "els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["caseload.ipynb", "patient.ipynb"]  # no research without a key file
    assert "Gegevens tot en met 29-10-2026" in visible_text(tab)
    assert tab.console_log.errors == []


@pytest.mark.parametrize("path", ["/", "/voila/tree", "/?classic-tree=true"])
def test_the_root_forwards_to_the_landing_page(server, tab, path: str) -> None:
    # Voila prints the root as its URL; it must not show a list of notebook files.
    body = http_get(f"http://127.0.0.1:{server.port}{path}").body
    assert "Voilà Home" not in body and "voila/render/index.ipynb" in body
    if path == "/":
        tab.goto(f"http://127.0.0.1:{server.port}/")
        tab.wait_for_url("**/voila/render/index.ipynb")
        tab.wait_for_selector(".beyou-links a")


def test_patient_dashboard_draws_its_figure_without_console_errors(server, tab) -> None:
    open_dashboard(tab, server.url("patient", patient_id="101"))
    tab.wait_for_selector("text=Pijn patiënt 101")
    text = visible_text(tab)
    assert "Therapeut A" in text and "Voortgang van een patiënt" in text
    assert "Traceback" not in text and "model not found" not in text
    assert tab.console_log.errors == []


def test_picker_change_redraws_the_figures(server, tab) -> None:
    open_dashboard(tab, server.url("patient", patient_id="101"))
    started = time.monotonic()
    tab.select_option(".widget-dropdown select", label="Patiënt 102")
    tab.wait_for_selector("text=Pijn patiënt 102", timeout=15_000)
    assert time.monotonic() - started < 15
    assert drawn_figures(tab) == 1
    assert "Therapeut B" in visible_text(tab) and "Therapeut A" not in visible_text(tab)
    assert tab.console_log.errors == []


def test_a_caseload_row_opens_that_patients_dashboard(server, tab) -> None:
    open_dashboard(tab, server.url("caseload"))
    with tab.context.expect_page() as opened:  # dashboard links open in a new tab
        tab.click("a[href='patient.ipynb?patient_id=102']")
    patient = opened.value
    try:
        log = ConsoleLog(patient)
        patient.wait_for_load_state("domcontentloaded")
        assert re.search(r"/voila/render/patient\.ipynb\?patient_id=102$", patient.url)
        patient.wait_for_selector("text=Pijn patiënt 102", timeout=60_000)
        chosen = patient.eval_on_selector(".widget-dropdown select",
                                          "s => s.options[s.selectedIndex].text")
        assert chosen.split() == ["Patiënt", "102"]  # the label has a no-break space
        assert log.errors == []
    finally:
        patient.close()


def test_landing_links_stay_in_the_tab(server, tab) -> None:
    open_dashboard(tab, server.url("index"), figures=0)
    tab.click("a[href='caseload.ipynb']")
    tab.wait_for_url(re.compile(r"/voila/render/caseload\.ipynb$"), wait_until="commit")
    tab.wait_for_function(f"{DRAWN}.length >= 1", timeout=60_000)


def test_english_is_one_parameter_away(server, tab) -> None:
    open_dashboard(tab, server.url("patient", patient_id="101", language="en"))
    tab.wait_for_selector("text=A patient's progress")
    assert "Episode" in visible_text(tab)


# -------------------------------------------------------------- friendly failures
@pytest.mark.parametrize("value", ["999", "<img src=x onerror=alert(1)>", "101' OR 1=1"])
def test_an_unknown_patient_gets_a_friendly_message(server, tab, value: str) -> None:
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_dashboard(tab, server.url("patient", patient_id=value), figures=0)
    tab.wait_for_selector("text=Deze patiënt staat niet in de gegevens")
    text = visible_text(tab)
    assert value not in tab.content() or (value == "999" and "999" not in text)
    assert drawn_figures(tab) == 0 and dialogs == []
    assert "Traceback" not in text and "Error" not in text


def test_a_failing_section_says_so_and_the_log_carries_no_data(server, tab) -> None:
    open_dashboard(tab, server.url("patient", patient_id="103"))
    tab.wait_for_selector("text=Dit onderdeel kan nu niet worden getoond")
    assert SECRET not in tab.content() and "Traceback" not in visible_text(tab)
    assert wait_until(lambda: "section 'extra' failed: RuntimeError" in log_text(server),
                      timeout=10)
    assert SECRET not in log_text(server)


# --------------------------------------------------------------------- preheating
def test_query_string_requests_use_the_preheated_pool(server, tab) -> None:
    wait_for_pools(server, {"patient": log_text(server).count("] patient page preheated")})
    used = log_text(server).count("Using pre-heated kernel")
    open_dashboard(tab, server.url("patient", patient_id="102"))
    tab.wait_for_selector("text=Pijn patiënt 102")  # the request's value, not a stale one
    assert log_text(server).count("Using pre-heated kernel") == used + 1


# ------------------------------------------------------------------------ security
def test_execute_request_over_the_kernel_websocket_is_refused(server, tmp_path: Path) -> None:
    page = http_get(server.url("patient", patient_id="101"))
    kid = kernel_id(page.body)
    marker = tmp_path / "pwned"
    code = f"open({str(marker)!r}, 'w').write('x')"
    ws_url = f"ws://127.0.0.1:{server.port}/api/kernels/{kid}/channels"
    replies = kernel_exchange(ws_url, [
        ("kernel_info_request", {}, "shell"),
        ("execute_request", {"code": code, "silent": False, "store_history": False,
                             "user_expressions": {}, "allow_stdin": False}, "shell"),
        ("execute_request", {"code": code, "silent": False}, "control"),
    ], listen=4)
    types = {r["header"]["msg_type"] for r in replies}
    assert "kernel_info_reply" in types  # the socket works: the refusal is not a dead line
    assert not {"execute_reply", "execute_input", "execute_result", "stream"} & types
    time.sleep(1)
    assert not marker.exists()
    assert 'Received message of type "execute_request", which is not allowed' in log_text(server)


def test_a_failing_widget_message_answers_without_a_traceback(server) -> None:
    page = http_get(server.url("patient", patient_id="101"))
    kid = kernel_id(page.body)
    models = sorted(set(re.findall(r'"model_id": "([0-9a-f]{32})"', page.body)))
    assert models, "no widget in the page"
    ws_url = f"ws://127.0.0.1:{server.port}/api/kernels/{kid}/channels"
    replies = kernel_exchange(ws_url, [
        ("comm_msg", {"comm_id": model, "data": {"method": "update", "state": {"index": 9999},
                                                 "buffer_paths": []}}, "shell")
        for model in models
    ], listen=4)
    errors = [r["content"] for r in replies if r["header"]["msg_type"] == "error"]
    assert errors, "the bad pick should fail"
    for error in errors:
        text = "\n".join(error["traceback"])
        assert ".py" not in text and "site-packages" not in text, text


@pytest.mark.parametrize("path", [
    "/voila/files/patient.ipynb", "/voila/files/index.ipynb", "/voila/files/../config/voila.py",
    "/voila/files/%2e%2e/config/voila.py", "/voila/render/../config/voila.py",
    "/voila/render/%2e%2e/config/voila.py", "/voila/render/..%2fconfig%2fvoila.py",
    "/voila/render/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/voila/static/..%2f..%2fapp.py",
    "/voila/templates/beyou/static/..%2f..%2f..%2f..%2fconfig%2fvoila.py",
    "/api/kernels", "/api/contents", "/api/sessions", "/api/terminals", "/api/kernelspecs",
    "/lab", "/tree", "/notebooks/patient.ipynb", "/files/patient.ipynb",
    "/voila/render/nothing.ipynb",
])
def test_nothing_but_the_dashboards_is_served(server, path: str) -> None:
    reply, hops = http_get_following(f"http://127.0.0.1:{server.port}{path}", timeout=30)
    # Voila answers a non-notebook under /voila/render/ with a redirect to /voila/files/,
    # which serves nothing; its template handler fails a bad path with a bare 500.
    assert reply.status in (403, 404, 500), (hops, reply.status)
    for leak in ("c.Voila", "root:", "Traceback", "nbformat", "import ", "kernelId"):
        assert leak not in reply.body, (hops, leak)


def test_the_contents_api_lists_only_dashboards_and_never_their_content(server) -> None:
    listing = http_get(f"http://127.0.0.1:{server.port}/voila/api/contents/").body
    assert sorted(re.findall(r'"name": "([^"]+)"', listing)) == [
        "caseload.ipynb", "index.ipynb", "patient.ipynb"]
    notebook = http_get(f"http://127.0.0.1:{server.port}/voila/api/contents/patient.ipynb")
    assert '"content": null' in notebook.body and "open_page" not in notebook.body


@pytest.mark.parametrize("name", ["index", "caseload", "patient"])
def test_pages_carry_no_code(server, name: str) -> None:
    for url in (server.url(name, patient_id="101"),
                server.url(name, patient_id="101") + "&template=classic"):
        body = http_get(url).body
        assert "kernelId" in body
        for marker in SOURCE_MARKERS:
            assert marker not in body, marker
        assert 'class="jp-InputArea' not in body and "Traceback" not in body


def test_leaving_a_page_shuts_its_kernel_down(server, tab) -> None:
    open_dashboard(tab, server.url("caseload"), figures=0)
    kid = kernel_id(tab.content())
    status = f"http://127.0.0.1:{server.port}/api/kernels/{kid}"
    assert http_get(status).status == 200
    left = time.monotonic()
    open_dashboard(tab, server.url("index"), figures=0)
    # Well before the culler could (the page was connected until it was left).
    assert wait_until(lambda: http_get(status).status == 404, timeout=CULL_AFTER / 2)
    assert time.monotonic() - left < CULL_AFTER
    assert "403 POST /voila/api/shutdown" not in log_text(server)


def test_closed_pages_kernels_are_culled(server) -> None:
    kid = kernel_id(http_get(server.url("caseload")).body)
    status = f"http://127.0.0.1:{server.port}/api/kernels/{kid}"
    assert http_get(status).status == 200
    assert wait_until(lambda: http_get(status).status == 404, timeout=CULL_AFTER + 25)
    assert "Culling kernel" in log_text(server) or "culled" in log_text(server).lower()

