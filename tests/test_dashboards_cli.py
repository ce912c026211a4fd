"""``beyou serve`` as a user runs it: prints the URL to open, serves it, and on Ctrl-C or
SIGTERM stops Voila and every kernel it started. Uses the fixture notebooks under the real
notebook names (``BEYOU_NOTEBOOKS``) so the real command line is exercised end to end."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import psutil
import pytest
from dashboards_harness import FIXTURES, free_port, http_get, wait_until

pytestmark = pytest.mark.e2e

sys.path.insert(0, str(FIXTURES))
from beyou_demo_views import write_demo_store  # noqa: E402

BEYOU = Path(sys.executable).with_name("beyou")
NAMES = {"caseload.ipynb": "demo_caseload.ipynb", "patient_progress.ipynb": "demo_patient.ipynb",
         "monthly_report.ipynb": "demo_patient.ipynb"}


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("cli")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    for name, fixture in NAMES.items():
        shutil.copy(FIXTURES / fixture, notebooks / name)
    return write_demo_store(root / "store"), notebooks


def _read_until(stream, prefix: str, timeout: float) -> tuple[str | None, list[str]]:
    lines: list[str] = []
    found: list[str] = []

    def read() -> None:
        for line in stream:
            lines.append(line)
            if line.startswith(prefix):
                found.append(line)
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    return (found[0] if found else None), lines


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_prints_the_url_and_stops_every_kernel(setup, tmp_path: Path, stop) -> None:
    store, notebooks = setup
    port = free_port()
    env = {**os.environ, "BEYOU_NOTEBOOKS": str(notebooks), "PYTHONPATH": str(FIXTURES)}
    with (tmp_path / "server.log").open("w") as log:
        beyou = subprocess.Popen(
            [str(BEYOU), "serve", "--store", str(store), "--port", str(port)],
            stdout=subprocess.PIPE, stderr=log, text=True, env=env,
        )
        try:
            line, seen = _read_until(beyou.stdout, "Dashboards: open ", timeout=90)
            assert line is not None, seen
            url = line.removeprefix("Dashboards: open ").strip()
            assert url == f"http://127.0.0.1:{port}/voila/render/index.ipynb"
            assert "kernelId" in http_get(url).body
            server = psutil.Process(beyou.pid)
            assert wait_until(lambda: len(server.children(recursive=True)) >= 3, timeout=60)
            started = server.children(recursive=True)  # Voila and its kernels
            kernels = [p for p in started if "ipykernel" in " ".join(p.cmdline())]
            assert kernels
            # A private IPython profile (no history on disk), removed when the server stops.
            profiles = {Path(p.environ()["IPYTHONDIR"]) for p in kernels}
            assert len(profiles) == 1 and next(iter(profiles)).name == "ipython"
            config = next(iter(profiles)) / "profile_default" / "ipython_kernel_config.py"
            assert "c.HistoryManager.enabled = False" in config.read_text()
            beyou.send_signal(stop)
            assert beyou.wait(timeout=60) == 0
            _, alive = psutil.wait_procs(started, timeout=30)
            assert alive == [], [p.cmdline() for p in alive]
        finally:
            if beyou.poll() is None:
                beyou.kill()
                beyou.wait()
    assert not config.exists()
    # Kernels still blocked in wait_for_request are shut down mid-cell: no traceback reaches
    # the operator's terminal, nothing of ours fails.
    text = (tmp_path / "server.log").read_text()
    assert "Traceback" not in text and "beyou_analytics/" not in text
    assert "not trusted" not in text  # the served notebooks are signed
