"""The dashboard machinery without a server: served folder, Voila command, listening rules,
the CLI's refusals, and the two-mode ``Page`` run in-process on a tiny hand-made store."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest

from beyou_analytics.cli import main
from beyou_analytics.dashboards.folder import Dashboard, build_folder
from beyou_analytics.dashboards.server import (
    CONFIG_PY,
    TEMPLATE_FILES,
    check_listen,
    is_loopback,
    server_environment,
    voila_command,
)
from beyou_analytics.errors import BeyouError, NotFoundError, StoreError
from beyou_analytics.views import runtime
from beyou_analytics.views.runtime import parse_query

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dashboards"
sys.path.insert(0, str(FIXTURES))
from beyou_demo_views import (  # noqa: E402
    SECRET,
    DemoCaseloadPage,
    DemoPatientPage,
    write_demo_store,
)

BOARDS = (Dashboard("caseload", "demo_caseload.ipynb"), Dashboard("patient", "demo_patient.ipynb"),
          Dashboard("research", "demo_patient.ipynb", needs_key=True))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_demo_store(tmp_path_factory.mktemp("demo") / "store")


# ------------------------------------------------------------------------------ folder
def test_folder_holds_only_the_dashboards_without_narrative_or_outputs(tmp_path: Path) -> None:
    folder = build_folder(tmp_path / "served", source_dir=FIXTURES, dashboards=BOARDS)
    assert sorted(p.name for p in folder.iterdir()) == [
        "caseload.ipynb", "index.ipynb", "patient.ipynb"]  # no research without a key
    served = json.loads((folder / "patient.ipynb").read_text())
    sources = "".join(c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                      for c in served["cells"])
    assert "NARRATIVE-MARKER" not in sources
    assert all(c["cell_type"] == "code" and c["outputs"] == [] and c["id"]
               for c in served["cells"])
    assert served["metadata"]["kernelspec"]["name"] == "python3"
    landing = json.loads((folder / "index.ipynb").read_text())["cells"][0]["source"]
    assert "['caseload', 'patient']" in landing


def test_research_is_served_only_with_a_key(tmp_path: Path) -> None:
    folder = build_folder(tmp_path / "served", source_dir=FIXTURES, dashboards=BOARDS,
                          research=True)
    assert (folder / "research.ipynb").is_file()
    assert "'research'" in json.loads((folder / "index.ipynb").read_text())["cells"][0]["source"]


def test_a_missing_notebook_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BeyouError, match=r"dashboard notebook .*nope\.ipynb is missing"):
        build_folder(tmp_path / "served", source_dir=FIXTURES,
                     dashboards=(Dashboard("patient", "nope.ipynb"),))


# ---------------------------------------------------------------------- voila command
def test_voila_command_locks_the_server_down(tmp_path: Path) -> None:
    command = voila_command(tmp_path / "d", host="127.0.0.1", port=9999, config_dir=tmp_path,
                            pool_size=2, cull_idle_timeout=300, cull_interval=30)
    assert command[1:3] == ["-m", "voila"]  # standalone Voila, never a server extension
    for flag in ("--VoilaConfiguration.strip_sources=True",
                 "--VoilaConfiguration.show_tracebacks=False",
                 "--VoilaConfiguration.preheat_kernel=True",
                 "--VoilaConfiguration.default_pool_size=2",
                 "--VoilaConfiguration.allow_template_override=NO",
                 "--Voila.ip=127.0.0.1", "--Voila.port=9999", "--Voila.port_retries=0",
                 "--MappingKernelManager.cull_idle_timeout=300",
                 "--MappingKernelManager.cull_interval=30", "--no-browser"):
        assert flag in command
    assert not any("token" in part.lower() for part in command)
    config = CONFIG_PY.format(token="s3cret-token-1234567")
    assert "c.VoilaConfiguration.file_allowlist = []" in config
    assert "log_request" in config  # scrubs ?token= from the access log


def test_the_template_only_drops_the_cdn_stylesheets() -> None:
    template = TEMPLATE_FILES["index.html.j2"]
    assert "extends 'lab/index.html.j2'" in template
    assert template.count("cdn.jsdelivr.net") == 2 and template.count("replace(") == 2


def test_environment_marks_dashboards_and_drops_request_variables() -> None:
    env = server_environment({"QUERY_STRING": "patient_id=1", "VOILA_PREHEAT": "True",
                              "BEYOU_STRICT": "1", "BEYOU_TOKEN": "t" * 20, "PATH": "/bin"},
                             store=Path("/s"), host="0.0.0.0", key_file=Path("/k"))
    assert env["BEYOU_DASHBOARD"] == "1" and env["BEYOU_STORE"] == "/s"
    assert env["BEYOU_KEY_FILE"] == "/k" and env["PATH"] == "/bin"
    assert not {"QUERY_STRING", "VOILA_PREHEAT", "BEYOU_STRICT", "BEYOU_TOKEN",
                "VOILA_APP_IP"} & set(env)
    assert server_environment({}, store=Path("/s"), host="::")["VOILA_APP_IP"] == "[::1]"


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True),
    ("0.0.0.0", False), ("::", False), ("192.0.2.2", False), ("dashboards.example", False),
])
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_listening_rules() -> None:
    check_listen("127.0.0.1", None)
    check_listen("0.0.0.0", "a-long-enough-token_42")
    with pytest.raises(BeyouError, match=r"refusing to listen on 0\.0\.0\.0 without a token"):
        check_listen("0.0.0.0", None)
    for weak in ("short", "has spaces in it......", "quote'inside-token-123"):
        with pytest.raises(BeyouError, match="at least 16 characters"):
            check_listen("127.0.0.1", weak)


def test_cli_refuses_a_public_address_without_a_token(store: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--store", str(store), "--host", "0.0.0.0"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: refusing to listen on 0.0.0.0 without a token")
    assert "\n" not in err and "Traceback" not in err


def test_cli_reports_a_missing_store_in_one_line(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--store", str(tmp_path / "nowhere")])
    assert exit_info.value.code == StoreError.exit_code
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: no store at") and "\n" not in err


# ----------------------------------------------------------------------- Page, static
@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch):
    """An IPython shell so ``display`` works as in a kernel; display outputs are captured."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    monkeypatch.delenv("BEYOU_DASHBOARD", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    saved = sys.displayhook, sys.excepthook
    InteractiveShell.instance()
    with capture_output(display=True) as captured:
        yield captured
    InteractiveShell.clear_instance()
    sys.displayhook, sys.excepthook = saved


def _html(outputs) -> str:
    return "\n".join(o["data"].get("text/html", "") if isinstance(o, dict)
                     else o.data.get("text/html", "") for o in outputs)


def test_static_page_shows_sections_directly(store: Path, shell, monkeypatch) -> None:
    import plotly.io as pio

    monkeypatch.setattr(pio.renderers, "default", "plotly_mimetype")  # as inside a kernel
    page = DemoPatientPage.open_page(store=str(store), patient_id="101")
    page.header()
    page.summary()
    page.pain()
    html = _html(shell.outputs)
    assert "Behandeling" in html and "Therapeut A" in html and "01-09-2026" in html
    assert any("application/vnd.plotly.v1+json" in o.data for o in shell.outputs)
    assert page.link("patient", "102") == "patient-102.html"
    assert page.link("caseload", "Anne-Marie de Vries") == "caseload-anne-marie-de-vries.html"
    assert page.link("practice", "2026-10") == "monthly-2026-10.html"


def test_static_page_rejects_unknown_or_missing_values(store: Path, shell) -> None:
    with pytest.raises(NotFoundError, match="patient_id '999' is not in the store"):
        DemoPatientPage.open_page(store=str(store), patient_id="999")
    with pytest.raises(NotFoundError, match="no patient_id given"):
        DemoPatientPage.open_page(store=str(store))
    with pytest.raises(BeyouError, match="language 'fr'"):
        DemoPatientPage.open_page(store=str(store), patient_id="101", language="fr")
    with pytest.raises(StoreError):
        DemoPatientPage.open_page(store=str(store.parent / "missing"), patient_id="101")


def test_a_failing_section_says_so_and_logs_no_message(store: Path, shell, capfd,
                                                       monkeypatch) -> None:
    page = DemoPatientPage.open_page(store=str(store), patient_id="103")
    page.extra()
    assert page.failures == ["extra"]
    assert "Dit onderdeel kan nu niet worden getoond" in _html(shell.outputs)
    assert SECRET not in _html(shell.outputs)
    log = capfd.readouterr().err
    assert "section 'extra' failed: RuntimeError at beyou_demo_views.py" in log
    assert SECRET not in log
    monkeypatch.setenv("BEYOU_STRICT", "1")
    with pytest.raises(RuntimeError):
        page.extra()


# ---------------------------------------------------------------------- Page, dashboard
def _dashboard(monkeypatch, page_class, store: Path, query: str):
    monkeypatch.setenv("BEYOU_DASHBOARD", "1")
    monkeypatch.setenv("BEYOU_STORE", str(store))
    monkeypatch.setenv("QUERY_STRING", query)
    page = page_class.open_page()
    for name in ("header", "summary", "pain", "extra", "count", "episodes", "footer"):
        if hasattr(page, name):
            getattr(page, name)()
    return page


def test_dashboard_reads_the_query_string(store: Path, shell, monkeypatch) -> None:
    page = _dashboard(monkeypatch, DemoPatientPage, store, "patient_id=102&language=en")
    assert page.selection == "102" and page.language == "en"
    assert page._picker.value == "102" and page._picker.description == "Patient"
    html = _html(page._view.outputs)
    assert "Episode" in html and "Therapeut B" in html
    assert page.link("patient", "101") == "patient.ipynb?patient_id=101&language=en"
    assert not any("text/html" in o.data and "Therapeut B" in o.data["text/html"]
                   for o in shell.outputs)  # sections live in the page's Output, not cells


@pytest.mark.parametrize("query", ["patient_id=999", "patient_id=<script>alert(1)</script>",
                                   "patient_id=101'--", "patient_id=%00"])
def test_unknown_values_get_a_friendly_message_and_are_never_echoed(
    store: Path, shell, monkeypatch, query: str
) -> None:
    page = _dashboard(monkeypatch, DemoPatientPage, store, query)
    html = _html(page._view.outputs)
    assert page.selection is None
    assert "Deze patiënt staat niet in de gegevens" in html
    assert "<script>" not in html and "999" not in html and "Traceback" not in html


def test_picker_callbacks_accept_only_store_values(store: Path, shell, monkeypatch) -> None:
    page = _dashboard(monkeypatch, DemoPatientPage, store, "patient_id=101")
    before = page._view.outputs
    for junk in ("999", "", None, 101, ["102"], {"x": 1}, "102 "):
        page._on_pick({"new": junk})
        assert page.selection == "101" and page._view.outputs == before
    page._on_pick({"new": "102"})
    assert page.selection == "102"
    assert "Therapeut B" in _html(page._view.outputs)


def test_dashboard_never_raises_on_a_broken_section(store: Path, shell, monkeypatch,
                                                    capfd) -> None:
    monkeypatch.setenv("BEYOU_STRICT", "1")  # ignored in dashboards
    page = _dashboard(monkeypatch, DemoPatientPage, store, "patient_id=103")
    assert "Dit onderdeel kan nu niet worden getoond" in _html(page._view.outputs)
    assert SECRET not in capfd.readouterr().err


def test_dashboard_without_a_store_says_so(tmp_path: Path, shell, monkeypatch) -> None:
    page = _dashboard(monkeypatch, DemoPatientPage, tmp_path / "none", "patient_id=101")
    assert page._picker is None and page.store is None
    assert "De gegevens zijn niet beschikbaar" in _html(page._view.outputs)


def test_caseload_links_rows_to_the_patient_dashboard(store: Path, shell, monkeypatch) -> None:
    page = _dashboard(monkeypatch, DemoCaseloadPage, store, "")
    assert page.selection == ""  # "all therapists"
    html = _html(page._view.outputs)
    assert '<a href="patient.ipynb?patient_id=102">102</a>' in html
    page._on_pick({"new": "Therapeut A"})
    assert "patient_id=102" not in _html(page._view.outputs)


def test_preheated_kernel_waits_for_the_request_before_reading_it(store: Path, shell,
                                                                  monkeypatch) -> None:
    calls: list[str] = []

    def fake_wait() -> None:
        calls.append("wait")
        monkeypatch.setenv("QUERY_STRING", "patient_id=102")

    import voila.utils

    monkeypatch.setattr(voila.utils, "wait_for_request", fake_wait)
    monkeypatch.setattr(DemoPatientPage, "prepare", lambda self: calls.append("prepare"))
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    page = _dashboard(monkeypatch, DemoPatientPage, store, "patient_id=101")  # stale value
    assert calls == ["prepare", "wait"] and page.selection == "102"


def test_a_failed_hand_over_is_reported_not_ignored(store: Path, shell, monkeypatch) -> None:
    import voila.utils

    monkeypatch.setattr(voila.utils, "wait_for_request", lambda: None)  # nothing arrived
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    page = _dashboard(monkeypatch, DemoPatientPage, store, "patient_id=101")
    assert "De pagina kon het adres niet lezen" in _html(page._view.outputs)


def test_parse_query_is_bounded() -> None:
    assert parse_query("&".join(f"k{i}=v" for i in range(50))) == {}
    assert parse_query("patient_id=" + "9" * 500)["patient_id"] == "9" * 100


def test_store_is_loaded_once_per_kernel(store: Path) -> None:
    first = runtime.cached_store(store)
    assert runtime.cached_store(str(store)) is first


def test_server_log_goes_to_the_real_stderr() -> None:
    handler = next(h for h in runtime.server_log().handlers if getattr(h, "beyou", False))
    assert isinstance(handler, logging.StreamHandler) and handler.stream is sys.__stderr__
