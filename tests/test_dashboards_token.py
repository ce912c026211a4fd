"""A dashboard server on a non-loopback address: it must have a token, and without the token
it answers with a login page, never data. Connects through the machine's own non-loopback IP.
"""

from __future__ import annotations

import os
import re
import secrets
import sys

import psutil
import pytest
from dashboards_harness import (
    FIXTURES,
    ConsoleLog,
    http_get,
    kernel_exchange,
    kernel_id,
    launch_browser,
    non_loopback_ipv4,
    open_dashboard,
    start_server,
    wait_for_pools,
    wait_until,
)

pytestmark = pytest.mark.e2e

sys.path.insert(0, str(FIXTURES))
from beyou_demo_views import write_demo_store  # noqa: E402

HOST = non_loopback_ipv4() or "0.0.0.0"  # a wildcard when the machine has no other address
CONNECT = HOST if HOST != "0.0.0.0" else "127.0.0.1"
TOKEN = secrets.token_urlsafe(24)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("public")
    store = write_demo_store(root / "store")
    os.environ["BEYOU_TOKEN"] = TOKEN  # as `beyou serve` reads it; must not reach Voila
    try:
        srv = start_server(store, root / "voila.log", host=HOST, token=TOKEN)
    finally:
        del os.environ["BEYOU_TOKEN"]
    try:
        wait_for_pools(srv, {"landing": 1, "caseload": 1, "patient": 1})
        yield srv
    finally:
        srv.stop()


def url(server, path: str) -> str:
    return f"http://{CONNECT}:{server.port}{path}"


@pytest.mark.parametrize("path", [
    "/voila/render/patient.ipynb?patient_id=101", "/voila/render/index.ipynb", "/",
    "/voila/tree", "/voila/api/contents/", "/voila/render/caseload.ipynb?token=wrong-token",
])
def test_without_the_token_the_answer_is_a_login(server, path: str) -> None:
    reply = http_get(url(server, path))
    assert reply.status in (302, 403), reply.status
    if reply.status == 302:
        assert reply.headers["Location"].startswith("/login?next=")
    assert "kernelId" not in reply.body and "patient" not in reply.body.lower()
    login = http_get(url(server, "/login"))
    assert login.status == 200 and "password" in login.body.lower()
    assert "kernelId" not in login.body
    assert "new_password" not in login.body  # no "set a password" form (it answered 500)


def test_the_kernel_socket_needs_the_token(server) -> None:
    from tornado.httpclient import HTTPClientError

    kid = kernel_id(http_get(url(server, f"/voila/render/patient.ipynb?token={TOKEN}")).body)
    ws = f"ws://{CONNECT}:{server.port}/api/kernels/{kid}/channels"
    with pytest.raises(HTTPClientError, match="403"):
        kernel_exchange(ws, [("kernel_info_request", {}, "shell")], listen=1)
    replies = kernel_exchange(ws, [("kernel_info_request", {}, "shell")], listen=2,
                              headers={"Authorization": f"token {TOKEN}"})
    assert "kernel_info_reply" in {r["header"]["msg_type"] for r in replies}
    status = http_get(url(server, f"/api/kernels/{kid}"))
    assert status.status in (302, 403) and kid not in status.body


def test_with_the_token_the_dashboards_work(server, chromium_path: str) -> None:
    from playwright.sync_api import sync_playwright

    used = server.log_path.read_text().count("Using pre-heated kernel")
    with sync_playwright() as playwright:
        browser = launch_browser(playwright, chromium_path)
        try:
            context = browser.new_context()
            tab = context.new_page()
            log = ConsoleLog(tab)
            open_dashboard(tab, url(server, f"/voila/render/patient.ipynb?patient_id=102"
                                            f"&token={TOKEN}"))
            # The preheated kernel got the request's patient through VOILA_APP_IP.
            tab.wait_for_selector("text=Pijn patiënt 102")
            assert log.errors == []
            # Same browser, new tab, no token in the URL: the login cookie carries it.
            # (A new tab: leaving a Voila page sends a shutdown beacon that Voila refuses
            # with 403 for want of an _xsrf field, voila#1458, stack-notes P4.)
            second = tab.context.new_page()
            log = ConsoleLog(second)
            open_dashboard(second, url(server, "/voila/render/caseload.ipynb"))
            assert second.locator("a[href='patient.ipynb?patient_id=101']").count() == 1
            assert log.errors == []
        finally:
            browser.close()
    assert server.log_path.read_text().count("Using pre-heated kernel") >= used + 2


def test_the_token_stays_out_of_the_command_line_and_the_log(server) -> None:
    voila = psutil.Process(server.process.pid)
    for process in [voila, *voila.children(recursive=True)]:
        assert TOKEN not in " ".join(process.cmdline())
        assert "BEYOU_TOKEN" not in process.environ()
    http_get(url(server, f"/voila/render/index.ipynb?token={TOKEN}"))
    http_get(url(server, f"/voila/render/index.ipynb?token={TOKEN[::-1]}"))  # refused: logged
    scrubbed = r"302 GET /voila/render/index\.ipynb\?token=\[secret\]"
    assert wait_until(lambda: re.search(scrubbed, server.log_path.read_text()), timeout=10)
    text = server.log_path.read_text()
    assert TOKEN not in text and TOKEN[::-1] not in text
