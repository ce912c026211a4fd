"""Helpers shared by the dashboard tests and the dashboard benchmark (not a test module).

Starts a ``DashboardServer`` on a free port with its log in a file, waits for its kernel pools,
drives Debian's chromium through Playwright, and speaks the kernel websocket protocol by hand.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beyou_analytics.dashboards import Dashboard, DashboardServer

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "dashboards"
FIXTURE_BOARDS = (
    Dashboard("caseload", "demo_caseload.ipynb"),
    Dashboard("patient", "demo_patient.ipynb"),
)
FIGURE = ".js-plotly-plot .main-svg"  # present once a plotly figure is drawn
DRAWN = ("[...document.querySelectorAll('.js-plotly-plot')]"
         ".filter(p => p.querySelector('.main-svg'))")
# Code of the notebooks and developer narrative: none of it may reach a page.
SOURCE_MARKERS = ("NARRATIVE-MARKER", "beyou_demo_views", "open_page(", "page.footer()",
                  "as view", "# help:", "LandingPage")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def non_loopback_ipv4() -> str | None:
    """One of this machine's non-loopback IPv4 addresses, if it has any."""
    import psutil

    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family == socket.AF_INET and not address.address.startswith("127."):
                return address.address
    return None


def start_server(store: Path, log_path: Path, **options: Any) -> DashboardServer:
    """Start a server on the fixture dashboards (unless ``dashboards`` is given); wait for it."""
    options.setdefault("dashboards", FIXTURE_BOARDS)
    options.setdefault("source_dir", FIXTURES)
    options.setdefault("extra_env", {"PYTHONPATH": str(FIXTURES)})
    options.setdefault("port", free_port())
    log = log_path.open("w", encoding="utf-8")
    server = DashboardServer(store, log=log, **options)
    server.log_path = log_path  # type: ignore[attr-defined]
    server.start()
    try:
        server.wait_ready(timeout=60)
    except BaseException:
        server.stop()
        raise
    return server


def wait_for_pools(server: DashboardServer, pages: dict[str, int], timeout: float = 120.0) -> None:
    """Block until the preheated kernels wait for requests: ``pages`` maps a page name
    (``Page.name``) to how many of its kernels must have logged "preheated"."""
    deadline = time.monotonic() + timeout
    log_path: Path = server.log_path  # type: ignore[attr-defined]
    while time.monotonic() < deadline:
        text = log_path.read_text(encoding="utf-8", errors="replace")
        if all(text.count(f"] {name} page preheated") >= count for name, count in pages.items()):
            return
        time.sleep(0.25)
    raise TimeoutError(f"kernel pools of {pages} not preheated within {timeout} s")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def http_get(url: str, *, timeout: float = 60.0, headers: dict[str, str] | None = None,
             method: str = "GET") -> Response:
    """One request, redirects not followed, errors returned rather than raised."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=timeout) as reply:
            return Response(reply.status, dict(reply.headers),
                            reply.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        return Response(error.code, dict(error.headers), error.read().decode("utf-8", "replace"))


def http_get_following(url: str, *, hops: int = 3, **kwargs: Any) -> tuple[Response, list[str]]:
    """``http_get`` that follows up to ``hops`` redirects; returns the last reply and the path."""
    seen = [url]
    reply = http_get(url, **kwargs)
    while reply.status in (301, 302, 303, 307, 308) and len(seen) <= hops:
        url = urllib.parse.urljoin(url, reply.headers.get("Location", ""))
        seen.append(url)
        reply = http_get(url, **kwargs)
    return reply, seen


def kernel_id(page_html: str) -> str:
    """The kernel id Voila puts in a rendered page's config."""
    match = re.search(r'"kernelId": "([0-9a-f-]{36})"', page_html)
    if match is None:
        raise AssertionError("no kernel id in the page")
    return match.group(1)


def _message(msg_type: str, content: dict[str, Any], channel: str) -> dict[str, Any]:
    return {
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "test",
                   "session": uuid.uuid4().hex, "date": "", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
        "buffers": [],
    }


def kernel_exchange(ws_url: str, sends: list[tuple[str, dict[str, Any], str]], *,
                    listen: float = 3.0, headers: dict[str, str] | None = None) -> list[dict]:
    """Open the kernel websocket, send ``(msg_type, content, channel)`` messages, and return
    every message received within ``listen`` seconds after the last send."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    async def talk() -> list[dict]:
        conn = await websocket_connect(
            HTTPRequest(ws_url, headers=headers or {}, connect_timeout=10))
        received: list[dict] = []
        for msg_type, content, channel in sends:
            await conn.write_message(json.dumps(_message(msg_type, content, channel)))
        deadline = time.monotonic() + listen
        while (left := deadline - time.monotonic()) > 0:
            try:
                raw = await asyncio.wait_for(conn.read_message(), timeout=left)
            except TimeoutError:
                break
            if raw is None:
                break
            if isinstance(raw, str):
                received.append(json.loads(raw))
        conn.close()
        return received

    # In a thread of its own: Playwright's sync API may own this thread's event loop.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, talk()).result()


def wait_until(check: Any, *, timeout: float, every: float = 0.5) -> bool:
    """Poll ``check()`` until it is true or ``timeout`` seconds passed; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(every)


def launch_browser(playwright: Any, chromium_path: str) -> Any:
    """Debian's chromium, headless, with the flags of tests/conftest.py."""
    from conftest import CHROMIUM_ARGS

    return playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                      args=CHROMIUM_ARGS)


class ConsoleLog:
    """Console errors and uncaught page errors of one Playwright page."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))


def open_dashboard(page: Any, url: str, *, figures: int = 1, timeout: float = 60_000) -> None:
    """Navigate and wait until ``figures`` plotly figures are drawn (or the widgets are up)."""
    page.goto(url, wait_until="domcontentloaded", timeout=timeout)
    if figures:
        page.wait_for_function(f"{DRAWN}.length >= {figures}", timeout=timeout)
    else:
        page.wait_for_selector(".widget-dropdown, .beyou-links, .beyou-message",
                               timeout=timeout)


def drawn_figures(page: Any) -> int:
    """How many plotly figures the page has drawn."""
    return page.evaluate(f"{DRAWN}.length")
