"""``beyou report ...``: where to open the result, the failure table, exit statuses 0/1/2."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from test_reports_support import FIXTURES, REAL_NAMES, fixture_notebooks, tiny_store

from beyou_analytics.cli import main

BEYOU = Path(sys.executable).with_name("beyou")


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tiny_store(tmp_path / "store")
    notebooks = fixture_notebooks(tmp_path / "nb", fail_for_patient="102")
    monkeypatch.setenv("BEYOU_NOTEBOOKS", str(notebooks))
    monkeypatch.setenv("BEYOU_STORE", str(tmp_path / "store"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as info:
        main(argv)
    return info.value.code


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "batch", "--month", "2026-13"], "the month must be YYYY-MM"),
        (["report", "patient", "--patient-id", "999"], "patient 999 is not in the store"),
        (["report", "patient", "--patient-id", "Jansen"], "'patient_id' parameter"),
        (["report", "caseload", "--therapist", "Nobody"], "therapist 'Nobody' has no episodes"),
        (["report", "monthly", "--month", "2026-10", "--store", "missing"], "no store at"),
        (["report", "research", "--key-file", "no-key"], "key file"),
        (["report", "patient", "--patient-id", "101", "--language", "de"], "nl or en"),
        (["report", "monthly", "--month", "2030-01"], "the store holds no data of 2030-01"),
        # The store's data end on 01-11-2026: a December batch would present stale flags.
        (["report", "batch", "--month", "2026-12"], "no data of 2026-12: it covers 2026-01 "
                                                     "to 2026-11 (data up to 01-11-2026); "
                                                     "clean a newer export first"),
        (["report", "batch", "--month", "2025-12"], "no data of 2025-12: it covers"),
    ],
)
def test_user_mistakes_are_one_line_with_status_2(
    setup: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.e2e
def test_one_patient_report(setup: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["report", "patient", "--patient-id", "P-0101", "--out", "one"]) == 0
    out = capsys.readouterr().out
    assert f"Report: open {setup / 'one' / 'patient-101.html'} in a browser." in out
    assert (setup / "one" / "plotly.min.js").is_file()
    assert (setup / "one" / "notebooks" / "patient-101.ipynb").is_file()
    assert not (setup / "one" / "index.html").exists()


@pytest.mark.e2e
def test_batch_prints_the_index_and_a_failure_table_and_exits_1(
    setup: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run(["report", "batch", "--month", "2026-10", "--out", "reports/{month}",
                 "--jobs", "2", "--no-progress"])
    captured = capsys.readouterr()
    assert code == 1
    assert "5 of 6 reports for 2026-10" in captured.out
    assert f"open {setup / 'reports' / '2026-10' / 'index.html'}" in captured.out
    table = captured.err
    assert "1 report(s) failed" in table
    assert "patient-102" in table and "ZeroDivisionError: division by zero" in table
    assert "5: check_patient" in table
    assert "Traceback" not in table


def _sleeping_notebooks(folder: Path) -> Path:
    """Every report kind is a notebook that sleeps: a signal always arrives mid-report."""
    folder.mkdir(parents=True, exist_ok=True)
    source = json.loads((FIXTURES / "sleeps.ipynb").read_text(encoding="utf-8"))
    source["cells"][0]["source"] = ["seconds: float = 300.0  # help: how long the report sleeps"]
    for name in REAL_NAMES.values():
        (folder / name).write_text(json.dumps(source), encoding="utf-8")
    return folder


@pytest.mark.e2e
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_stops_the_batch_and_every_kernel(
    tmp_path: Path, stop: signal.Signals, jobs: int
) -> None:
    tiny_store(tmp_path / "store")
    env = {**os.environ, "BEYOU_NOTEBOOKS": str(_sleeping_notebooks(tmp_path / "nb")),
           "BEYOU_STORE": str(tmp_path / "store")}
    batch = subprocess.Popen(
        [str(BEYOU), "report", "batch", "--month", "2026-10", "--out", str(tmp_path / "out"),
         "--jobs", str(jobs), "--no-progress", "--timeout", "600"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        parent = psutil.Process(batch.pid)

        def kernels() -> list[psutil.Process]:
            return [p for p in parent.children(recursive=True)
                    if "ipykernel" in " ".join(p.cmdline())]

        deadline = time.monotonic() + 90
        while len(kernels()) < jobs and time.monotonic() < deadline:
            time.sleep(0.2)
        started = parent.children(recursive=True)  # workers and kernels
        assert len(kernels()) == jobs
        time.sleep(3)  # the kernels are running (sleeping) reports by now
        batch.send_signal(stop)
        _, err = batch.communicate(timeout=60)
        assert batch.returncode == 130
        _, alive = psutil.wait_procs(started, timeout=30)
        assert alive == [], [p.cmdline() for p in alive]
        assert "Traceback" not in err
        assert not list((tmp_path / "out").glob("*.html"))  # no report was finished
    finally:
        if batch.poll() is None:
            batch.kill()
            batch.communicate()
