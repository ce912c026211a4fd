"""Where a page runs: the store cache, the hand-over of a Voila request, the server log.

These are the kernel-side plumbing of ``views.page``: a kernel (papermill's or Voila's) loads
the store once and keeps it, and evaluates the whole store's flags once when it renders many
pages (``store_flags``); a preheated Voila kernel waits for its visitor's request before it
reads the query string; failures are logged to the process's real stderr (the Voila or
papermill log) with their type and code location only.

Examples
--------
>>> parse_query("patient_id=12&language=en&patient_id=13")
{'patient_id': '12', 'language': 'en'}
>>> parse_date("2026-10-31"), parse_date("")
(Timestamp('2026-10-31 00:00:00'), None)
>>> dashboard_mode() in (True, False)
True
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
import urllib.parse
from pathlib import Path

import pandas as pd

from beyou_analytics.errors import BeyouError, StoreError
from beyou_analytics.io.store import Store, load_store

DASHBOARD_ENV = "BEYOU_DASHBOARD"
STORE_ENV = "BEYOU_STORE"
MAX_QUERY_VALUE = 100

_LOG = logging.getLogger("beyou_analytics.views")
_STORES: dict[Path, tuple[tuple, Store]] = {}
_FLAGS: dict[tuple[str, str, pd.Timestamp], list] = {}  # key -> [requests, flags or None]
FLAG_CACHE_SIZE = 4


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


def store_flags(store: Store, *, as_of: pd.Timestamp, now: bool = False) -> pd.DataFrame | None:
    """The whole store's flags on ``as_of``, evaluated once per kernel; ``None`` until then.

    One report needs only its own patient's or therapist's flags, which cost less than the
    whole store's; a kernel that asks again for the same store and date renders many pages (a
    batch worker, a dashboard), so from the second request on it evaluates every flag once
    and shares the result. ``now`` evaluates at once (a dashboard, before its first request).
    The flags of an episode do not depend on the other episodes, so either way a page shows
    the same flags (``tests/test_views_patient.py`` checks this on every patient).
    """
    from beyou_analytics.flags import flags_for_store

    day = pd.Timestamp(as_of).normalize()
    key = (str(store.path), store.snapshot, day)
    entry = _FLAGS[key] = _FLAGS.pop(key, [0, None])  # the newest key is kept last
    entry[0] += 1
    if entry[1] is None and (now or entry[0] > 1):
        entry[1] = flags_for_store(store, as_of=day)
        while len(_FLAGS) > FLAG_CACHE_SIZE:
            _FLAGS.pop(next(iter(_FLAGS)))
    return entry[1]


def parse_query(query: str) -> dict[str, str]:
    """The first value of each query-string key, cut to a sane length; junk gives ``{}``."""
    try:
        parsed = urllib.parse.parse_qs(query or "", keep_blank_values=True, max_num_fields=20)
    except ValueError:
        return {}
    return {key: values[0][:MAX_QUERY_VALUE] for key, values in parsed.items() if values}


def parse_date(text: str) -> pd.Timestamp | None:
    """A ``YYYY-MM-DD`` parameter as a timestamp; empty gives ``None``."""
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise BeyouError(f"as_of {text!r} is not a date YYYY-MM-DD")
    try:
        return pd.Timestamp(text)
    except ValueError as exc:
        raise BeyouError(f"as_of {text!r} is not a date YYYY-MM-DD") from exc


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
