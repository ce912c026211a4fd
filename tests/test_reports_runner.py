"""The runner: real papermill runs in a reused kernel, reset between reports; failures as data.

Fixture notebooks (tests/fixtures/notebooks) isolate the machinery: one probes for leftovers
of the previous report, one fails in a named cell, one sleeps past the timeout, one kills its
kernel.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from test_reports_support import FIXTURES, leaks

from beyou_analytics.reports import runner as runner_module
from beyou_analytics.reports.runner import Runner, RunResult

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    """One warm runner for the module (a kernel start costs seconds)."""
    with Runner(timeout=60, cwd=tmp_path_factory.mktemp("kernel-cwd")) as runner:
        yield runner


@pytest.fixture(scope="module")
def workroot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("probe-folders")


def _probe(runner: Runner, marker: str, previous: str = "", *, root: Path) -> RunResult:
    return runner.run(
        FIXTURES / "leak_probe.ipynb",
        {"marker": marker, "previous": previous[::-1], "workroot": str(root)},
        name=f"probe-{marker}",
    )


def test_nothing_from_patient_a_is_visible_in_patient_b(warm: Runner, workroot: Path) -> None:
    first = _probe(warm, "PATIENT-A-4711", root=workroot)
    kernels = warm.kernels_started
    second = _probe(warm, "PATIENT-B-4712", previous="PATIENT-A-4711", root=workroot)
    assert first.ok and second.ok, (first.failure, second.failure)
    assert warm.kernels_started == kernels, "the kernel was not reused: the test proves nothing"
    assert leaks(second) == []


def test_the_probe_does_see_leftovers_without_the_reset(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Control: without the reset cell (and with a history database) everything leaks."""
    monkeypatch.setattr(runner_module, "RESET_SOURCE", "# no reset {cwd}")
    monkeypatch.setattr(runner_module, "KERNEL_ARGUMENTS", ["--HistoryManager.hist_file=:memory:"])
    with Runner(timeout=60) as runner:
        _probe(runner, "PATIENT-A-4711", root=tmp_path)
        second = _probe(runner, "PATIENT-B-4712", previous="PATIENT-A-4711", root=tmp_path)
    assert set(leaks(second)) >= {
        "globals:SECRET", "input history", "history database", "output history",
        "sys.last_value", "library cache", "working folder",
    }


def test_no_history_file_keeps_report_code_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    with Runner(timeout=60) as runner:
        assert _probe(runner, "PATIENT-C-4713", root=tmp_path).ok
    assert not list((tmp_path / "ipython").rglob("history.sqlite"))


def test_parameters_reach_the_notebook_and_outputs_are_kept(warm: Runner) -> None:
    result = warm.run(
        FIXTURES / "figure_table.ipynb",
        {"store": "/nonexistent", "patient_id": "12", "as_of": "", "language": "en"},
        name="patient-12",
    )
    assert result.ok, result.failure
    mimes = [
        key for cell in result.notebook.cells for out in cell.get("outputs", [])
        for key in out.get("data", {})
    ]
    assert "application/vnd.plotly.v1+json" in mimes and "text/html" in mimes
    injected = [c for c in result.notebook.cells if "injected-parameters" in c.metadata.tags]
    assert 'patient_id = "12"' in injected[0].source
    assert result.notebook.cells[0].metadata.tags == ["beyou-reset"]


def test_a_failing_cell_is_reported_as_data_and_the_kernel_replaced(
    warm: Runner, workroot: Path
) -> None:
    before = warm.kernels_started
    result = warm.run(FIXTURES / "fails.ipynb", {"patient_id": "12"}, name="patient-12")
    assert not result.ok
    assert result.failure.report == "patient-12"
    assert result.failure.cell == '3: raise ValueError(f"fixture failure for patient {patient_id}")'
    assert result.failure.message == "ValueError: fixture failure for patient 12"
    assert result.notebook is not None  # kept, with the traceback, for the person debugging
    ok = _probe(warm, "AFTER-FAILURE", root=workroot)
    assert ok.ok and warm.kernels_started == before + 1


def test_a_report_past_its_timeout_fails_and_the_batch_goes_on() -> None:
    with Runner(timeout=2) as runner:
        result = runner.run(FIXTURES / "sleeps.ipynb", {"seconds": 60}, name="slow")
        assert result.failure is not None
        assert result.failure.message == "timed out after 2 s"
        assert result.failure.cell == "3: time.sleep(seconds)"
        assert result.seconds < 15
        quick = runner.run(FIXTURES / "sleeps.ipynb", {"seconds": 0}, name="quick")
        assert quick.ok, quick.failure


def test_a_dying_kernel_is_a_failure_not_a_crash(warm: Runner, workroot: Path) -> None:
    result = warm.run(FIXTURES / "dies.ipynb", {"patient_id": "1"}, name="patient-1")
    assert result.failure is not None and "kernel died" in result.failure.message
    assert _probe(warm, "AFTER-DEATH", root=workroot).ok


class _FlakySpecs(KernelSpecManager):
    """The first ``failures`` kernel starts run a Python that exits at once."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures
        self.calls = 0

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        self.calls += 1
        spec = runner_module._ThisPython().get_kernel_spec(kernel_name)
        if self.calls <= self.failures:
            spec.argv = [sys.executable, "-c", "import sys; sys.exit('kernel refused: fixture')"]
        return spec


def test_a_kernel_that_fails_to_start_is_retried_once() -> None:
    with Runner(timeout=60, start_timeout=20, kernel_specs=_FlakySpecs(1)) as runner:
        result = runner.run(FIXTURES / "sleeps.ipynb", {"seconds": 0}, name="retried")
        assert result.ok, result.failure
        assert runner.kernels_started == 2


def test_a_kernel_that_fails_twice_is_a_failure_with_its_reason() -> None:
    with Runner(timeout=60, start_timeout=20, kernel_specs=_FlakySpecs(2)) as runner:
        result = runner.run(FIXTURES / "sleeps.ipynb", {"seconds": 0}, name="refused")
    assert result.failure is not None
    assert result.failure.message == "the kernel failed to start twice: kernel refused: fixture"
    assert result.notebook is None


@pytest.mark.parametrize(
    ("warm_up", "kernels"),
    [("import time; time.sleep(3600)", 2), ("import time; time.sleep(1)", 1)],
    ids=["stuck-warm-up-replaced", "finished-warm-up-kept"],
)
def test_the_first_run_waits_for_the_warm_up_but_never_forever(warm_up: str, kernels: int) -> None:
    with Runner(timeout=60, start_timeout=5) as runner:
        runner.warm_up(warm_up)
        result = runner.run(FIXTURES / "sleeps.ipynb", {"seconds": 0}, name="after-warm-up")
        assert result.ok, result.failure
        assert runner.kernels_started == kernels
        assert result.seconds < 30


def test_fresh_kernel_mode_and_restart_every() -> None:
    with Runner(fresh_kernel=True) as runner:
        for n in range(2):
            assert runner.run(FIXTURES / "sleeps.ipynb", {"seconds": 0}, name=f"r{n}").ok
        assert runner.kernels_started == 2
    with Runner(restart_every=2) as runner:
        for n in range(3):
            assert runner.run(FIXTURES / "sleeps.ipynb", {"seconds": 0}, name=f"r{n}").ok
        assert runner.kernels_started == 2
