"""Run parameterised notebooks with papermill in a warm, reset kernel; failures come back as data.

A ``Runner`` holds one kernel and one kernel client and reuses them from report to report
(papermill's nbclient engine with the runner's ``km``, stack-notes §3): starting a kernel and
importing pandas/plotly costs seconds once; a reused kernel runs a small report in well under
0.1 s. Reuse carries state (stack-notes P6), so every report starts with an injected cell
(tagged ``beyou-reset``) that resets IPython and the library's caches
(``beyou_analytics.reports.reset``, about 10 ms), and kernels run without IPython's history
database (it would keep every report's parameters, on disk and across reports). The kernel is
replaced after any failure and after every ``restart_every`` reports; ``fresh_kernel=True``
starts a new kernel for every report (clean-room runs).

The kernel is always the running interpreter (``sys.executable -m ipykernel_launcher``), via
an in-memory kernelspec, so a fresh machine needs no ``ipykernel install --user`` and a
stray user kernelspec can never run the reports on another Python.

Each report gets a wall-clock budget of ``timeout`` seconds (each cell may use what is left).
A kernel that fails to start is retried once. A failure names the report, the cell (position
in the source notebook counting from 1, and its first line) and the exception's first line;
never a traceback.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from time import monotonic
from typing import IO, Any

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_event_loop, run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from beyou_analytics.reports.failure import Failure, one_line

KERNEL_NAME = "beyou-python"
ENGINE_NAME = "beyou-warm"
RESET_TAG = "beyou-reset"
INJECTED_TAGS = frozenset({RESET_TAG, "injected-parameters"})
RESET_SOURCE = """\
# Injected by beyou_analytics.reports.runner: forget everything the previous report left.
import beyou_analytics.reports.reset
beyou_analytics.reports.reset.reset_kernel(get_ipython(), cwd={cwd!r})
"""
WARM_UP_SOURCE = """\
import beyou_analytics.reports.reset as _r; _r.skip_iri_grammar(); del _r
import pandas, plotly.graph_objects, plotly.io, plotly.offline, nbformat, IPython.display
import pyarrow.dataset, pyarrow.pandas_compat  # what pandas.read_parquet imports on first use
try:
    import beyou_analytics.views.caseload, beyou_analytics.views.patient
    import beyou_analytics.views.practice, beyou_analytics.summary
except ImportError:
    pass
"""
# No IPython history database: it would keep every report's code and injected parameters
# (a patient number) on disk in ~/.ipython and across reports in the kernel.
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]


@dataclass
class RunResult:
    """The executed notebook (also when a cell failed) and the failure, if any."""

    name: str
    notebook: nbformat.NotebookNode | None
    failure: Failure | None
    seconds: float

    @property
    def ok(self) -> bool:
        return self.failure is None


class KernelStartError(RuntimeError):
    """The kernel process did not start or did not answer in time."""


class _ThisPython(KernelSpecManager):
    """Every kernel name resolves to the interpreter running this code."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        from ipykernel.kernelspec import RESOURCES

        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name=f"Python {sys.version_info.major}.{sys.version_info.minor} (BeYou)",
            language="python",
            resource_dir=RESOURCES,
            interrupt_mode="signal",
        )


class _WarmKernelEngine(NBClientEngine):
    """papermill's nbclient engine on the runner's own kernel manager and kernel client.

    With a caller-owned ``km`` nbclient leaves the kernel running, but it would start (and
    leave open) a new client with its ZMQ channels for every report.
    """

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        client = PapermillNotebookClient(
            nb_man,
            km=kwargs.pop("km"),
            kernel_name=kernel_name,
            startup_timeout=kwargs.get("start_timeout", 60),
            # Bounds only papermill's kernel_info request after the cells (no limit otherwise);
            # the cells get ``timeout_func``.
            timeout=kwargs.pop("start_timeout", 60),
            log=_quiet_log(),
            log_output=False,
            **{k: v for k, v in kwargs.items() if k in {"timeout_func", "on_cell_execute"}},
        )
        # The runner's long-lived client: a new one per report would cost ~0.2 s each
        # (``wait_for_ready`` listens to IOPub for 0.2 s before it returns).
        client.kc = kwargs["kc"]
        client.kc.allow_stdin = False
        return client.execute()


papermill_engines.register(ENGINE_NAME, _WarmKernelEngine)


def _quiet_log() -> logging.Logger:
    """nbclient logs timeouts and dead kernels at ERROR; the runner reports them as data."""
    log = logging.getLogger("beyou_analytics.reports.nbclient")
    log.disabled = True
    return log


def kernel_environment(*, strict: bool = True) -> dict[str, str]:
    """The kernel's environment: static plotly output, never the dashboard mode.

    ``strict`` sets ``BEYOU_STRICT=1``: a page section that fails raises instead of showing
    a friendly note, so the batch reports it (cell and message) and exits non-zero rather
    than publishing a report with a hole in it.
    """
    env = {k: v for k, v in os.environ.items() if k not in {"BEYOU_DASHBOARD", "BEYOU_STRICT"}}
    env["PLOTLY_RENDERER"] = "plotly_mimetype"  # the exporter turns it into HTML (P1)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # silences debugpy's frozen-modules warning
    if strict:
        env["BEYOU_STRICT"] = "1"
    return env


class Runner:
    """Executes report notebooks one after another in one (warm) kernel.

    Parameters
    ----------
    timeout
        Seconds a report may take in total; past that it fails and the kernel is replaced.
    fresh_kernel
        Start a new kernel for every report instead of reusing one.
    restart_every
        Replace a warm kernel after this many reports (bounds memory growth).
    start_timeout
        Seconds a new kernel may take to answer.
    cwd
        The kernel's working folder (reports receive absolute paths; this only matters for
        code that writes relative paths).
    strict
        A failing page section fails the report (``BEYOU_STRICT=1`` in the kernel).
    """

    def __init__(
        self,
        *,
        timeout: float = 300.0,
        fresh_kernel: bool = False,
        restart_every: int = 50,
        start_timeout: float = 60.0,
        cwd: str | Path | None = None,
        strict: bool = True,
        kernel_specs: KernelSpecManager | None = None,
    ) -> None:
        self.timeout = float(timeout)
        self.fresh_kernel = fresh_kernel
        self.restart_every = max(1, int(restart_every))
        self.start_timeout = float(start_timeout)
        self.cwd = str(Path(cwd or tempfile.gettempdir()).resolve())
        self.strict = strict
        self.kernel_specs = kernel_specs or _ThisPython()
        self.kernels_started = 0
        self._km: AsyncKernelManager | None = None
        self._kc: Any = None
        self._stderr: IO[bytes] | None = None
        self._runs_on_kernel = 0
        self._answered = False  # the kernel has answered since it was last given work
        self._sources: dict[Path, nbformat.NotebookNode] = {}

    # -- public ---------------------------------------------------------------------------

    def run(
        self, notebook: str | Path, parameters: Mapping[str, Any], *, name: str
    ) -> RunResult:
        """Execute ``notebook`` with ``parameters``; never raises for a notebook's failure."""
        started = monotonic()
        nb = self._prepare(Path(notebook), parameters)
        try:
            self._start_kernel_with_retry()
        except KernelStartError as exc:
            failure = Failure(name, "", one_line(f"the kernel failed to start twice: {exc}"))
            return RunResult(name, None, failure, monotonic() - started)
        failure = self._execute(nb, name, deadline=monotonic() + self.timeout)
        self._runs_on_kernel += 1
        if failure or self.fresh_kernel or self._runs_on_kernel >= self.restart_every:
            self.shutdown()
        return RunResult(name, nb, failure, monotonic() - started)

    def warm_up(self, source: str = WARM_UP_SOURCE) -> None:
        """Start the kernel and let it import ``source`` while the caller does other work.

        The request is sent without waiting for its reply: the first report queues behind it.
        A warm-up that fails changes nothing (the report imports what it needs itself).
        """
        try:
            self._start_kernel_with_retry()
        except KernelStartError:
            return  # the first run retries and reports the failure
        self._kc.execute(source, silent=True, store_history=False)
        self._answered = False  # the first run waits (bounded) until the warm-up is done

    def kill(self) -> None:
        """Kill the kernel at once, without an event loop (safe in a signal handler)."""
        km = self._km
        process = getattr(getattr(km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()
        if km is not None and km.connection_file:
            Path(km.connection_file).unlink(missing_ok=True)

    def shutdown(self) -> None:
        """Stop the kernel (the next ``run`` starts a new one)."""
        km, self._km = self._km, None
        kc, self._kc = self._kc, None
        self._runs_on_kernel = 0
        self._answered = False
        _drop_unfinished_tasks()
        if kc is not None:
            kc.stop_channels()
        if km is not None:
            try:
                if km.has_kernel:
                    run_sync(km.shutdown_kernel)(now=True)
            finally:
                run_sync(km.cleanup_resources)()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()

    # -- preparing ------------------------------------------------------------------------

    def _prepare(self, path: Path, parameters: Mapping[str, Any]) -> nbformat.NotebookNode:
        """The notebook with the reset cell first and papermill's injected parameters."""
        path = path.resolve()
        if path not in self._sources:
            self._sources[path] = load_notebook_node(str(path))
        nb = copy.deepcopy(self._sources[path])
        nb = parameterize_notebook(
            nb, dict(parameters), kernel_name=KERNEL_NAME, language="python",
            engine_name=ENGINE_NAME,
        )
        reset = nbformat.v4.new_code_cell(RESET_SOURCE.format(cwd=self.cwd))
        reset.metadata.update({"tags": [RESET_TAG], "papermill": {}})
        nb.cells.insert(0, reset)
        nb.metadata.papermill["input_path"] = str(path)
        nb.metadata.papermill["output_path"] = None
        return nb

    # -- kernels --------------------------------------------------------------------------

    def _start_kernel_with_retry(self) -> None:
        """Make sure a kernel is running and answering; one retry when the first start fails.

        A kernel stuck in its warm-up counts as a failed start and is replaced after
        ``start_timeout``; without this check the first report would queue behind it until
        its own time limit and fail.
        """
        alive = self._km is not None and run_sync(self._km.is_alive)()
        if alive and (self._answered or self._answers_within(self.start_timeout)):
            return
        self.shutdown()
        try:
            self._start_kernel()
        except KernelStartError:
            self.shutdown()
            self._start_kernel()

    def _start_kernel(self) -> None:
        Path(self.cwd).mkdir(parents=True, exist_ok=True)
        km = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=self.kernel_specs)
        self._km = km
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the kernel)
        self.kernels_started += 1
        try:
            run_sync(km.start_kernel)(
                cwd=self.cwd, env=kernel_environment(strict=self.strict),
                stdout=subprocess.DEVNULL, stderr=self._stderr, extra_arguments=KERNEL_ARGUMENTS,
            )
            self._kc = km.client()
            self._kc.start_channels()
            run_sync(self._kc.wait_for_ready)(timeout=self.start_timeout)
        except Exception as exc:
            raise KernelStartError(self._stderr_tail() or f"{type(exc).__name__}: {exc}") from exc
        self._answered = True

    def _answers_within(self, seconds: float) -> bool:
        """Whether the kernel answers a ``kernel_info`` request within ``seconds``.

        Replies to earlier requests (the warm-up's) are read and dropped on the way.
        """
        kc, km = self._kc, self._km
        if kc is None or km is None:
            return False
        msg_id = kc.kernel_info()
        deadline = monotonic() + seconds
        while (left := deadline - monotonic()) > 0:
            try:
                reply = run_sync(kc.get_shell_msg)(timeout=min(left, 1.0))
            except Empty:
                if not run_sync(km.is_alive)():
                    return False
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                self._answered = True
                return True
        return False

    def _stderr_tail(self) -> str:
        """The last line the kernel printed on stderr (why it did not start)."""
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        lines = [ln for ln in self._stderr.read().decode(errors="replace").splitlines() if ln]
        return lines[-1].strip() if lines else ""

    # -- executing ------------------------------------------------------------------------

    def _execute(self, nb: nbformat.NotebookNode, name: str, *, deadline: float) -> Failure | None:
        current = {"index": 0}

        def remember(cell: Any, cell_index: int, **_: Any) -> None:
            current["index"] = cell_index

        def budget(cell: Any) -> float:
            return max(0.05, deadline - monotonic())

        try:
            papermill_engines.execute_notebook_with_engine(
                ENGINE_NAME, nb, kernel_name=KERNEL_NAME, input_path=None, output_path=None,
                progress_bar=False, log_output=False, start_timeout=self.start_timeout,
                km=self._km, kc=self._kc, timeout_func=budget, on_cell_execute=remember,
            )
        except CellTimeoutError:
            where = _cell_label(nb, current["index"])
            return Failure(name, where, f"timed out after {self.timeout:g} s")
        except DeadKernelError:
            where = _cell_label(nb, current["index"])
            return Failure(name, where, "the kernel died (out of memory or a crash)")
        except Exception as exc:  # the client itself failed: report it, keep the batch going
            return Failure(name, _cell_label(nb, current["index"]), one_line(repr(exc)))
        return first_error(nb, name)


def _drop_unfinished_tasks() -> None:
    """Cancel what an interrupted report left on this thread's event loop.

    Ctrl-C (or SIGTERM, turned into one) in the middle of a cell leaves nbclient's polling
    tasks behind; once the kernel is stopped they would fail with ``DeadKernelError`` and
    asyncio would print their tracebacks on the operator's terminal at exit.
    """
    loop = ensure_event_loop()
    if loop.is_running():
        return
    tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))


def first_error(nb: nbformat.NotebookNode, name: str) -> Failure | None:
    """The first error output of an executed notebook as a ``Failure`` (``None`` if clean).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> nb = new_notebook(cells=[
    ...     new_code_cell('patient_id = "12"', metadata={"tags": ["injected-parameters"]}),
    ...     new_code_cell("page.header()"),
    ...     new_code_cell("# pain over time\\npage.pain()", outputs=[new_output(
    ...         "error", ename="KeyError", evalue="'pain_now'\\nmore", traceback=["..."])]),
    ... ])
    >>> first_error(nb, "patient-12")
    Failure(report='patient-12', cell='2: page.pain()', message="KeyError: 'pain_now'")
    """
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                ename, evalue = output.get("ename", "Error"), output.get("evalue", "")
                message = f"{ename}: {evalue}" if evalue else ename
                return Failure(name, _cell_label(nb, index), one_line(message))
        if cell.get("metadata", {}).get("papermill", {}).get("exception"):
            return Failure(name, _cell_label(nb, index), "the cell failed without an error")
    return None


def _cell_label(nb: nbformat.NotebookNode, index: int) -> str:
    """'7: page.pain()': position in the source notebook (from 1) and the first code line."""
    cell = nb.cells[index]
    tags = set(cell.get("metadata", {}).get("tags", []))
    if tags & INJECTED_TAGS:
        number = "reset" if RESET_TAG in tags else "parameters"
    else:
        earlier = nb.cells[:index]
        number = str(1 + sum(not set(c.metadata.get("tags", [])) & INJECTED_TAGS for c in earlier))
    lines = [ln.strip() for ln in cell.source.splitlines() if ln.strip()]
    code = next((ln for ln in lines if not ln.startswith("#")), lines[0] if lines else "")
    return one_line(f"{number}: {code}", limit=80)
