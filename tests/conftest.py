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
