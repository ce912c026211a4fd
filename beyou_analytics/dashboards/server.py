"""Run standalone Voila on the dashboards folder, locked down for viewers.

Never the Voila extension inside a Jupyter server: that server keeps the kernels API open and
accepts ``execute_request``. Standalone ``voila`` only relays widget and kernel-info messages
(stack-notes §5). On top of that this module:

- serves a temporary folder holding only the dashboards (``folder.build_folder``), with
  ``file_allowlist=[]`` so ``/voila/files/`` serves nothing, sources stripped, tracebacks hidden,
  template/theme overrides from the URL refused, and Voila's port hopping off (the printed URL is
  the real one);
- listens on 127.0.0.1 unless told otherwise; any other address requires a token of at least
  16 URL-safe characters. The token goes into a private ``voila.py`` config file (mode 0600)
  rather than onto the command line, where ``ps`` would show it; that file also makes Voila
  log requests through jupyter_server's ``log_request``, which scrubs ``?token=`` from URLs;
- makes Voila's shutdown-on-leave work (each page sets the ``_xsrf`` cookie Voila forgets,
  see ``_XSRF_COOKIE_JS``) and culls idle kernels as well, for tabs that vanish without
  saying goodbye (a crashed browser, a sleeping laptop; stack-notes P4);
- preheats a pool of kernels per dashboard.

How preheating works in Voila 0.5.13 (read from ``voila/handler.py``,
``voila_kernel_manager.py``, ``utils.py``, ``request_info_handler.py``)
-------------------------------------------------------------------------------------------
- At start-up the ``VoilaKernelManager`` starts ``pool_size`` kernels for *every* notebook
  below the root and runs each notebook in them right away, with no request at all.
- A request for ``/voila/render/<nb>`` takes a pooled kernel whenever the pool of that
  notebook is non-empty and no ``?template=``/``?theme=`` argument differs from the pool's
  (``VoilaHandler.should_use_rendered_notebook``). The query string does *not* matter: a
  request with ``?patient_id=`` is served from the pool like any other. Pool entries are
  tasks, so "non-empty" includes a kernel that is still warming up; the request then waits
  for it. That explains the slow query-string request measured in stack-notes (3.4 s, N=1):
  it came right after another request had used the only pooled kernel, whose refill (after
  ``fill_delay`` = 1 s) was still starting.
- A pooled kernel's environment is fixed at start-up, so it has no ``QUERY_STRING``. The
  handler sends the request's CGI-style variables to ``/voila/query/<kernel_id>``;
  ``voila.utils.wait_for_request()`` in the kernel connects to that websocket (at
  ``$VOILA_APP_IP``, default 127.0.0.1, and ``$VOILA_APP_PORT``), blocks until they arrive
  and copies them into ``os.environ``. Voila never sets ``VOILA_APP_IP``: on a server bound
  to one non-loopback address the kernel would fail to connect and render without the
  request's parameters, so ``server_environment`` sets it to the bound address.
- The pooled render stops after the cell that is running when the request arrives; the cells
  before it are sent at once, the rest run after. So ``Page.open_page`` does everything that
  does not depend on the request first (imports, store load, ``prepare``, plotly warm-up),
  and only then calls ``wait_for_request``: a visitor pays only for their own selection.
- Without ``wait_for_request`` a preheated dashboard would silently ignore the URL's
  parameters; ``Page`` says so on the page instead when the hand-over fails.
- ``/voila/query/<kernel_id>`` is not authenticated, but kernel ids are random UUIDs and the
  socket only ever receives request data; it cannot reach a kernel.

Other Voila 0.5.13 behaviour met here
-------------------------------------
- Voila puts the request's full URL (``?token=`` included) into the kernel environment as
  ``VOILA_REQUEST_URL``, and a refilled pool kernel inherits the *previous* request's URL.
  Pages never show the environment; the token never reaches a page or a log.
- JupyterLab's renderer opens links without a ``target`` in a new tab (caseload rows do:
  the caseload stays open); leaving a page sends a shutdown beacon that Voila refuses with
  403 for want of an ``_xsrf`` cookie (voila#1458) unless the page sets one (done here).
- Several ``ipywidgets.Output`` widgets on one page intermittently fail to display ("model
  not found"), and drawing into them with ``with output:`` during a preheated render can
  hang it: ``views.page.Page`` uses one ``Output`` filled by assignment (see there).
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, Self

from beyou_analytics.dashboards.folder import DASHBOARDS, Dashboard, build_folder, sign_folder
from beyou_analytics.errors import BeyouError, KeyFileError
from beyou_analytics.io.store import load_store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9._~-]{16,}")
# Request variables a kernel must only ever get from Voila, never from our own environment.
REQUEST_VARS = ("QUERY_STRING", "SCRIPT_NAME", "PATH_INFO", "SERVER_NAME", "SERVER_PORT",
                "SERVER_SOFTWARE", "SERVER_PROTOCOL")
CELL_ERROR = "The page could not be shown completely; the server log has the details."
# The dashboards' kernels get a private IPython profile (removed when the server stops).
KERNEL_CONFIG_PY = """\
# Nothing of a viewer's session is kept on disk.
c.HistoryManager.enabled = False
# A preheated kernel waits inside a cell for its request; when the server stops, that cell's
# reply meets closed sockets and ipykernel logs a traceback per kernel. Kernel failures that
# matter show up in Voila's own log (kernel died, restarted) and as the page's message.
c.IPKernelApp.log_level = "CRITICAL"
# A widget message from a viewer's browser that fails (an out-of-range pick sent by hand) is
# answered with the error's one line, not a traceback naming the server's files.
c.InteractiveShell.xmode = "Minimal"
"""
CONFIG_PY = """\
# Written by `beyou serve`; private to this server run (mode 0600).
from jupyter_server.log import log_request

c.Voila.token = {token!r}
c.Voila.tornado_settings = {{"log_function": log_request}}
c.VoilaConfiguration.file_allowlist = []
c.VoilaConfiguration.file_denylist = [".*"]
c.VoilaConfiguration.http_header_envs = []
# The login page asks for the token only: Jupyter's "set a password" form writes to a config
# folder standalone Voila does not have (it answered 500).
c.PasswordIdentityProvider.allow_password_change = False
"""
TEMPLATE = "beyou"
# The lab template with its two stylesheet links to a public CDN removed: dashboards must make
# no outside requests (offline they fail and show up as console errors), and use no icons.
_CDN_CSS = ('<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/'
            'fontawesome-free@^5/css/{}.min.css" type="text/css" />')
# Voila's folder listing ("Voilà Home" at the server's root, which Voila prints as its URL)
# is replaced by a page that forwards to the landing page: a therapist who opens the root
# lands on the dashboards, not on a list of notebook files.
_TO_LANDING = (
    '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
    "<title>BeYou dashboards</title>\n"
    '<meta http-equiv="refresh" content="0; url={{ base_url }}voila/render/index.ipynb">\n'
    "</head>\n<body>\n"
    '<p><a href="{{ base_url }}voila/render/index.ipynb">BeYou dashboards</a></p>\n'
    "</body>\n</html>\n"
)
# Leaving a page, Voila's frontend asks the server to shut the page's kernel down, sending
# the ``_xsrf`` cookie's value as the form field; but a rendered notebook never sets that
# cookie (only Voila's folder listing does), so the request got 403 and every visit left a
# kernel (~190 MB) until culled (voila#1458, stack-notes P4). The page sets the cookie to a
# random token when it is missing: the double-submit check tornado makes then passes, and a
# page of another site still cannot read or set it.
_XSRF_COOKIE_JS = (
    'if (!/(^|; )_xsrf=/.test(document.cookie)) { const bytes = crypto.getRandomValues('
    'new Uint8Array(16)); document.cookie = "_xsrf=" + Array.from(bytes, b => b.toString(16)'
    '.padStart(2, "0")).join("") + "; path=/; SameSite=Strict"; }'
)
TEMPLATE_FILES = {
    "conf.json": json.dumps({"base_template": "lab"}),
    "tree-lab.html": _TO_LANDING,
    "tree.html": _TO_LANDING,  # ?classic-tree=true
    "index.html.j2": (
        "{%- extends 'lab/index.html.j2' -%}\n"
        "{%- block html_head_js -%}\n{{ super() }}\n"
        f"<script>{_XSRF_COOKIE_JS}</script>\n"
        "{%- endblock html_head_js -%}\n"
        "{%- block notebook_css -%}\n"
        f"{{{{ super() | replace('{_CDN_CSS.format('all')}' | safe, '')"
        f" | replace('{_CDN_CSS.format('v4-shims')}' | safe, '') }}}}\n"
        "{%- endblock notebook_css -%}\n"
    ),
}


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach.

    >>> [is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "192.0.2.2")]
    [True, True, True, False, False]
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def check_listen(host: str, token: str | None) -> None:
    """Refuse a non-loopback address without a token, and a weak or unsafe token.

    >>> check_listen("0.0.0.0", None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    beyou_analytics.errors.BeyouError: refusing to listen on 0.0.0.0 without a token: ...
    """
    if token is not None and not TOKEN_PATTERN.fullmatch(token):
        raise BeyouError(
            "the token must be at least 16 characters of letters, digits, . _ ~ or -; "
            "e.g. python -c 'import secrets; print(secrets.token_urlsafe(24))'"
        )
    if token is None and not is_loopback(host):
        raise BeyouError(
            f"refusing to listen on {host} without a token: pass --token (at least 16 "
            "characters: letters, digits, . _ ~ -) or listen on 127.0.0.1"
        )


def _url_host(host: str) -> str:
    """The host part of a URL to this server (wildcards shown as the machine's name)."""
    if host in ("", "0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def voila_command(
    folder: Path,
    *,
    host: str,
    port: int,
    config_dir: Path,
    pool_size: int = 1,
    cull_idle_timeout: int = 600,
    cull_interval: int = 60,
) -> list[str]:
    """The ``voila`` command line; the token and list options live in ``config_dir/voila.py``."""
    return [
        sys.executable, "-m", "voila", str(folder),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        f"--Voila.config_file_paths={config_dir}",
        f"--VoilaConfiguration.template={TEMPLATE}",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        f"--VoilaConfiguration.preheat_kernel={pool_size > 0}",
        f"--VoilaConfiguration.default_pool_size={max(pool_size, 0)}",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_timeout}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        "--MappingKernelManager.cull_connected=False",
        f"--VoilaExecutor.cell_error_instruction={CELL_ERROR}",
        # Kernels talk to Voila over Unix sockets in Voila's private folder, not loopback TCP
        # ports that every local user can reach.
        "--KernelManager.transport=ipc",
    ]


def server_environment(
    base: Mapping[str, str],
    *,
    store: Path,
    host: str,
    key_file: Path | None = None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The Voila process's environment; every kernel inherits it.

    >>> env = server_environment({"QUERY_STRING": "x", "HOME": "/h"}, store=Path("/s"),
    ...                          host="192.0.2.2")
    >>> env["BEYOU_DASHBOARD"], env["BEYOU_STORE"], env["VOILA_APP_IP"], "QUERY_STRING" in env
    ('1', '/s', '192.0.2.2', False)
    """
    env = {k: v for k, v in base.items()
           if k not in REQUEST_VARS and not k.startswith("VOILA_")
           and k not in ("BEYOU_STRICT", "PLOTLY_RENDERER", "BEYOU_KEY_FILE", "BEYOU_TOKEN")}
    env.update({"BEYOU_DASHBOARD": "1", "BEYOU_STORE": str(store), "PYTHONUNBUFFERED": "1"})
    if key_file is not None:
        env["BEYOU_KEY_FILE"] = str(key_file)
    if host not in ("", "0.0.0.0", "::", "localhost"):
        env["VOILA_APP_IP"] = _url_host(host)  # where wait_for_request finds this server
    elif host == "::":
        env["VOILA_APP_IP"] = "[::1]"
    env.update(extra or {})
    return env


class DashboardServer:
    """One Voila process serving the dashboards; a context manager that always cleans up.

    Parameters mirror ``beyou serve``; ``dashboards``/``source_dir`` choose the notebooks
    (tests pass fixtures), ``extra_env`` adds environment variables, ``extra_args`` Voila
    options (after ours, so they win), ``log`` receives Voila's output (default: this
    process's stdout/stderr).
    """

    def __init__(
        self,
        store: str | Path,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        token: str | None = None,
        key_file: str | Path | None = None,
        pool_size: int = 1,
        cull_idle_timeout: int = 600,
        cull_interval: int = 60,
        dashboards: Sequence[Dashboard] = DASHBOARDS,
        source_dir: Path | None = None,
        extra_env: Mapping[str, str] | None = None,
        extra_args: Sequence[str] = (),
        log: IO[str] | None = None,
    ) -> None:
        check_listen(host, token)
        self.store = load_store(store).path  # a missing or broken store stops here, one line
        self.key_file = Path(key_file).expanduser().resolve() if key_file else None
        if self.key_file is not None and not self.key_file.is_file():
            raise KeyFileError(f"key file {self.key_file} does not exist")
        self.host, self.port, self.token = host, port, token
        self.pool_size = pool_size
        self.cull = (cull_idle_timeout, cull_interval)
        self.dashboards, self.source_dir = dashboards, source_dir
        self.extra_env, self.extra_args, self.log = dict(extra_env or {}), list(extra_args), log
        self.process: subprocess.Popen[bytes] | None = None
        self.workdir: Path | None = None

    def url(self, name: str = "index", **query: str) -> str:
        """URL of dashboard ``name`` (with the token when there is one)."""
        if self.token:
            query = {**query, "token": self.token}
        suffix = f"?{urllib.parse.urlencode(query)}" if query else ""
        return (f"http://{_url_host(self.host)}:{self.port}/voila/render/{name}.ipynb"
                f"{suffix}")

    def start(self) -> Self:
        """Write the folder and config, then start Voila in its own session."""
        self.workdir = Path(tempfile.mkdtemp(prefix="beyou-serve-"))
        folder = build_folder(self.workdir / "dashboards", source_dir=self.source_dir,
                              dashboards=self.dashboards, research=self.key_file is not None)
        sign_folder(folder, self.workdir / "data")
        config_dir = self.workdir / "config"
        config_dir.mkdir(mode=0o700)
        config = config_dir / "voila.py"
        config.touch(mode=0o600)
        config.write_text(CONFIG_PY.format(token=self.token or ""), encoding="utf-8")
        profile = self.workdir / "ipython" / "profile_default"
        profile.mkdir(parents=True)
        (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG_PY, encoding="utf-8")
        templates = self.workdir / "jupyter" / "voila" / "templates" / TEMPLATE
        templates.mkdir(parents=True)
        for name, text in TEMPLATE_FILES.items():
            (templates / name).write_text(text, encoding="utf-8")
        command = voila_command(folder, host=self.host, port=self.port, config_dir=config_dir,
                                pool_size=self.pool_size, cull_idle_timeout=self.cull[0],
                                cull_interval=self.cull[1]) + self.extra_args
        env = server_environment(os.environ, store=self.store, host=self.host,
                                 key_file=self.key_file, extra=self.extra_env)
        env["IPYTHONDIR"] = str(self.workdir / "ipython")  # the kernels' private profile
        env["JUPYTER_DATA_DIR"] = str(self.workdir / "data")  # notary secret, runtime files
        env["JUPYTER_PATH"] = os.pathsep.join(  # where Voila finds the beyou template
            p for p in (str(self.workdir / "jupyter"), env.get("JUPYTER_PATH")) if p)
        self.process = subprocess.Popen(  # own session: a terminal's Ctrl-C reaches us only
            command, env=env, cwd=self.workdir, start_new_session=True,
            stdout=self.log, stderr=subprocess.STDOUT if self.log else None,
        )
        return self

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Block until the port accepts connections; fail if Voila exits first."""
        deadline = time.monotonic() + timeout
        target = self.host if self.host not in ("", "0.0.0.0", "::") else "127.0.0.1"
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                code = None if self.process is None else self.process.returncode
                raise BeyouError(f"voila stopped (exit status {code}) before serving; "
                                 "see its log above (is the port already in use?)")
            with contextlib.suppress(OSError), socket.create_connection(
                (target.strip("[]"), self.port), timeout=1
            ):
                return
            time.sleep(0.2)
        raise BeyouError(f"voila did not answer on port {self.port} within {timeout:.0f} s")

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM Voila (it shuts its kernels down), then kill if needed; remove the folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._kill_tree()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def _kill_tree(self) -> None:
        """Last resort: kill Voila and its kernels (which run in sessions of their own)."""
        import psutil  # an ipykernel dependency

        with contextlib.suppress(psutil.NoSuchProcess):
            parent = psutil.Process(self.process.pid)
            for child in parent.children(recursive=True):
                with contextlib.suppress(psutil.NoSuchProcess):
                    child.kill()
            parent.kill()
        self.process.wait()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(store: str | Path, *, echo: Callable[[str], None] = print, **options: object) -> int:
    """Run the dashboards until Ctrl-C or SIGTERM; print the URL to open. Returns 0."""
    server = DashboardServer(store, **options)  # type: ignore[arg-type]

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        with server:
            server.wait_ready()
            echo(f"Dashboards: open {server.url()}")
            echo("Press Ctrl-C to stop (the dashboards' kernels are shut down).")
            code = server.process.wait() if server.process else 0
            if code:
                raise BeyouError(f"voila stopped with exit status {code}; see its log above")
    except KeyboardInterrupt:
        echo("Stopping the dashboards...")
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0
