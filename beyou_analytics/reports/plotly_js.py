"""The one shared ``plotly.min.js`` next to the reports (stack-notes P2: nothing from a CDN).

Kept apart from the exporter: the batch's parent process copies the file before its workers
start and must not pay for importing nbconvert (over a second, all of it before any report
can start).
"""

from __future__ import annotations

import filecmp
from pathlib import Path

from beyou_analytics.io.atomic import copy_atomic

PLOTLY_JS = "plotly.min.js"


def plotly_js_source() -> Path:
    """plotly.js as shipped in plotly's package data (the version the figures were made for)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / PLOTLY_JS


def copy_plotly_js(out_dir: str | Path) -> Path:
    """Put the shared ``plotly.min.js`` into ``out_dir`` (atomically; kept when identical).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> copy_plotly_js(folder).name
    'plotly.min.js'
    """
    source = plotly_js_source()
    target = Path(out_dir) / PLOTLY_JS
    if target.is_file() and filecmp.cmp(source, target, shallow=False):
        return target
    copy_atomic(source, target)
    return target
