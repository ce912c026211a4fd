"""Where a page runs: the store cache, the hand-over of a Voila request, the server log.

These are the kernel-side plumbing of ``views.page``: a kernel (papermill's or Voila's) loads
the store once and keeps it; a preheated Voila kernel waits for its visitor's request before it
reads the query string; failures are logged to the process's real stderr (the Voila or
papermill log) with their type and code location only.

Examples
--------
>>> parse_query("patient_id=12&language=en&patient_id=13")
{'patient_id': '12', 'language': 'en'}
>>> dashboard_mode() in (True, False)
True
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
import urllib.parse
from pathlib import Path

from beyou_analytics.errors import StoreError
from beyou_analytics.io.store import Store, load_store

DASHBOARD_ENV = "BEYOU_DASHBOARD"
STORE_ENV = "BEYOU_STORE"
MAX_QUERY_VALUE = 100

_LOG = logging.getLogger("beyou_analytics.views")
_STORES: dict[Path, tuple[tuple, Store]] = {}


def dashboard_mode() -> bool:
    """True inside a kernel started by ``beyou serve`` (``BEYOU_DASHBOARD=1``)."""
    return os.environ.get(DASHBOARD_ENV) == "1"


def resolve_store_path(store: str | os.PathLike[str] = "") -> Path:
    """The store folder: the ``store`` parameter, else ``$BEYOU_STORE``."""
    text = str(store) or os.environ.get(STORE_ENV, "")
    if not text:
        raise StoreError("no store given: set the 'store' parameter or BEYOU_STORE")
    return Path(text).expanduser().resolve()


def cached_store(store: str | os.PathLike[str] = "") -> Store:
    """Load the store once per kernel; reload only when its files changed on disk."""
    path = resolve_store_path(store)
    stamp = tuple(
        (f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(path.glob("*"))
    ) if path.is_dir() else ()
    hit = _STORES.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    loaded = load_store(path)
    _STORES[path] = (stamp, loaded)
    return loaded


def parse_query(query: str) -> dict[str, str]:
    """The first value of each query-string key, cut to a sane length; junk gives ``{}``."""
    try:
        parsed = urllib.parse.parse_qs(query or "", keep_blank_values=True, max_num_fields=20)
    except ValueError:
        return {}
    return {key: values[0][:MAX_QUERY_VALUE] for key, values in parsed.items() if values}


def read_request(page: str = "page") -> dict[str, str] | None:
    """The visitor's query string, waiting for it first in a preheated kernel.

    A preheated Voila kernel runs the notebook before anyone asks for it; ``wait_for_request``
    blocks until Voila hands it a request and puts that request's ``QUERY_STRING`` into the
    environment. ``None`` when the request never arrived (the page then says so).
    """
    if os.environ.get("VOILA_PREHEAT") == "True":
        os.environ.pop("QUERY_STRING", None)
        server_log().info("%s page preheated; waiting for a request", page)
        try:
            from voila.utils import wait_for_request

            wait_for_request()
        except Exception as exc:  # a broken hand-over must not become a traceback on the page
            log_failure(page, "wait_for_request", exc)
        if "QUERY_STRING" not in os.environ:
            return None
    return parse_query(os.environ.get("QUERY_STRING", ""))


def warm_up() -> None:
    """Import what the first figure and widget would otherwise import during a request.

    Plotly's renderers import nbformat -> jsonschema -> rfc3987_syntax on first use (about
    1.4 s, stack-notes P3); doing it here moves that cost into the preheated kernel.
    """
    import ipywidgets  # noqa: F401
    import plotly.graph_objects  # noqa: F401
    import plotly.io as pio

    _ = pio.renderers.default


def server_log() -> logging.Logger:
    """The views logger, writing to the process's real stderr (the Voila or papermill log).

    ``sys.stderr`` inside a kernel is forwarded to the page; ``sys.__stderr__`` is not.
    """
    if not any(getattr(hd, "beyou", False) for hd in _LOG.handlers):
        handler = logging.StreamHandler(sys.__stderr__)
        handler.beyou = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("[beyou %(levelname)s] %(message)s"))
        _LOG.addHandler(handler)
        _LOG.setLevel(logging.INFO)
        _LOG.propagate = False
    return _LOG


def log_failure(page: str, part: str, exc: BaseException) -> None:
    """Log where ``exc`` happened without its message: messages can carry data."""
    frames = traceback.extract_tb(exc.__traceback__)[-6:]
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    server_log().error("%s page, %s failed: %s at %s", page, part, type(exc).__name__, where)
