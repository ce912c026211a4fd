"""The monthly run: plan the reports of a month, render them in parallel, write ``index.html``.

``plan_month`` asks the store's episodes who had an episode open at any time in the month:
one report per such patient, one caseload per therapist of such an episode, and the monthly
report. ``render`` runs the plan on ``workers`` long-lived processes, each holding one warm
kernel and one HTML exporter (stack-notes, recommendation 1), and writes per report
``OUT/<name>.html`` and ``OUT/notebooks/<name>.ipynb`` atomically, one shared
``OUT/plotly.min.js`` and ``OUT/index.html``. A report that fails becomes a ``Failure`` in the
result (the batch goes on); its previous HTML, if any, is left as it was.

Examples
--------
>>> from datetime import date
>>> resolve_month("last", today=date(2026, 1, 15))
'2025-12'
>>> resolve_month("2026-10", today=date(2026, 11, 2))
'2026-10'
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

# pandas (and the registry, which needs it) only where a plan is made: every report worker
# imports this module to receive its jobs and never needs them (0.4 s of CPU per worker).
if TYPE_CHECKING:
    import pandas as pd

    from beyou_analytics.io.store import Store
    from beyou_analytics.reports.failure import Failure

GROUP_ORDER = ("monthly", "caseloads", "patients", "research")
NOTEBOOKS_DIR = "notebooks"


@dataclass(frozen=True)
class Job:
    """One report to render: its kind, output name, notebook and validated parameters."""

    kind: str
    name: str
    title: str
    group: str
    notebook: str
    parameters: Mapping[str, Any] = field(hash=False)
    language: str = "nl"


@dataclass(frozen=True)
class Outcome:
    """What became of one job: its files (``None`` when not written) and its failure."""

    job: Job
    html: Path | None
    notebook: Path | None
    seconds: float
    html_bytes: int
    failure: Failure | None


@dataclass(frozen=True)
class BatchResult:
    """Every outcome of a run, the index (if written) and the wall-clock time."""

    out_dir: Path
    outcomes: tuple[Outcome, ...]
    index: Path | None
    seconds: float

    @property
    def failures(self) -> list[Failure]:
        return [o.failure for o in self.outcomes if o.failure is not None]

    @property
    def ok(self) -> bool:
        return not self.failures


# --- planning -------------------------------------------------------------------------------


def resolve_month(text: str, *, today: date) -> str:
    """``YYYY-MM`` for a month given as ``YYYY-MM`` or ``last`` (the month before ``today``)."""
    import pandas as pd

    from beyou_analytics.reports.registry import MONTH, ReportParameterError

    text = str(text).strip().lower()
    if text == "last":
        return (pd.Period(today, freq="M") - 1).strftime("%Y-%m")
    try:
        return MONTH.convert(text)
    except ValueError:
        raise ReportParameterError(
            f"the month must be YYYY-MM (e.g. 2026-10) or 'last'; got {text!r} instead"
        ) from None


def open_in_month(episodes: pd.DataFrame, month: str) -> pd.DataFrame:
    """Episodes open at any time in ``month``: started by its end, not ended before its start.

    Examples
    --------
    >>> import pandas as pd
    >>> eps = pd.DataFrame({
    ...     "patient_id": ["1", "2", "3", "4"],
    ...     "start_date": pd.to_datetime(["2026-09-01", "2026-10-31", "2026-11-01", "2026-01-01"]),
    ...     "end_date": pd.to_datetime([None, None, None, "2026-09-30"]),
    ... })
    >>> open_in_month(eps, "2026-10")["patient_id"].tolist()
    ['1', '2']
    """
    import pandas as pd

    period = pd.Period(month, freq="M")
    first, last = period.start_time, period.end_time.normalize()
    started = episodes["start_date"] <= last
    not_ended = episodes["end_date"].isna() | (episodes["end_date"] >= first)
    return episodes.loc[started & not_ended]


def make_job(
    kind: str,
    values: Mapping[str, Any],
    *,
    notebooks_dir: str | Path | None = None,
    store: Store | None = None,
) -> Job:
    """A validated job for one report; checked against the ``store`` when it is given."""
    from beyou_analytics.reports.registry import check_against_store, get_report

    spec = get_report(kind)
    params = spec.validate(values)
    if store is not None:
        check_against_store(spec, params, store)
    language = params.get("language", "nl")
    return Job(
        kind=kind,
        name=spec.output_name(params),
        title=spec.title(params, language),
        group=spec.group,
        notebook=str(spec.notebook_path(notebooks_dir)),
        parameters=params,
        language=language,
    )


def plan_month(
    store: str | Path,
    month: str,
    *,
    language: str = "nl",
    notebooks_dir: str | Path | None = None,
    today: date | None = None,
) -> list[Job]:
    """The month's reports: monthly first, then caseloads, then patients (sorted by number).

    Patients: every one with an episode open in the month, and those whose recently ended
    episode carries a flag on a caseload (``linked_patients``).

    ``month`` is ``YYYY-MM`` or ``last`` (the month before ``today``, default: the date now).
    """
    import pandas as pd

    from beyou_analytics.io.store import load_store
    from beyou_analytics.reports.registry import check_month

    month = resolve_month(month, today=today or date.today())
    loaded = load_store(store)
    check_month(month, loaded)  # a month past the data would show stale flags as news
    store_path = str(loaded.path)
    period = pd.Period(month, freq="M")
    as_of = period.end_time.normalize()
    if not pd.isna(loaded.data_date) and period.start_time <= loaded.data_date < as_of:
        as_of = loaded.data_date  # the month is not over yet: report up to the data
    as_of_text = as_of.strftime("%Y-%m-%d")
    open_eps = open_in_month(loaded.episodes, month)
    common = {"store": store_path, "language": language}
    jobs = [make_job("monthly", {**common, "month": month}, notebooks_dir=notebooks_dir)]
    for therapist in sorted(open_eps["therapist"].dropna().unique()):
        jobs.append(make_job(
            "caseload", {**common, "therapist": therapist, "as_of": as_of_text},
            notebooks_dir=notebooks_dir,
        ))
    patients = set(open_eps["patient_id"]) | linked_patients(loaded, open_eps, as_of)
    for patient in sorted(patients, key=lambda p: (len(p), p)):
        jobs.append(make_job(
            "patient", {**common, "patient_id": patient, "as_of": as_of_text},
            notebooks_dir=notebooks_dir,
        ))
    return _unique_names(jobs)


def linked_patients(store: Store, open_eps: pd.DataFrame, as_of: pd.Timestamp) -> set[str]:
    """Patients a caseload of the month links to beyond its open episodes.

    A caseload keeps the flags of recently ended episodes (a missing discharge measurement is
    this week's work), each row linking to that patient's report: the batch renders those
    reports too, so no link in the folder is broken.
    """
    from beyou_analytics.flags import evaluate_flags

    flags = evaluate_flags(store.episodes, store.checkins, store.scores, store.outcomes,
                           as_of=as_of)
    therapists = set(open_eps["therapist"].dropna())
    return set(flags.loc[flags["therapist"].isin(therapists), "patient_id"].astype(str))


def _unique_names(jobs: list[Job]) -> list[Job]:
    """Two therapists whose names give the same file name get ``-2``, ``-3``, ... suffixes."""
    seen: dict[str, int] = {}
    unique = []
    for job in jobs:
        count = seen.get(job.name, 0) + 1
        seen[job.name] = count
        if count > 1:
            job = Job(**{**job.__dict__, "name": f"{job.name}-{count}"})
        unique.append(job)
    return unique


# --- rendering ------------------------------------------------------------------------------


class _Renderer:
    """One worker's state: a warm ``Runner`` and a reused ``Exporter``."""

    def __init__(self, out_dir: Path, runner_options: Mapping[str, Any]) -> None:
        from beyou_analytics.reports.reset import skip_iri_grammar

        skip_iri_grammar()  # before nbformat is imported: saves ~2 s per worker (P3)
        from beyou_analytics.reports.runner import Runner

        self.out_dir = out_dir
        self.runner = Runner(cwd=out_dir, **runner_options)
        self._exporter = None
        if not self.runner.fresh_kernel:
            # The kernel imports pandas/plotly while this process readies nbconvert.
            self.runner.warm_up()
        self.exporter().warm_up()

    def exporter(self) -> Any:
        """The process's HTML exporter (nbconvert's import and template parse happen once)."""
        if self._exporter is None:
            from beyou_analytics.reports.export import Exporter

            self._exporter = Exporter()
        return self._exporter

    def render(self, job: Job) -> Outcome:
        import nbformat

        from beyou_analytics.io.atomic import write_atomic
        from beyou_analytics.reports.failure import Failure, one_line

        result = self.runner.run(job.notebook, job.parameters, name=job.name)
        notebook_path = None
        if result.notebook is not None:
            notebook_path = write_atomic(
                self.out_dir / NOTEBOOKS_DIR / f"{job.name}.ipynb", nbformat.writes(result.notebook)
            )
        if result.failure is not None:
            return Outcome(job, None, notebook_path, result.seconds, 0, result.failure)
        try:
            page = self.exporter().to_html(result.notebook, title=job.title, language=job.language)
        except Exception as exc:  # a broken output must not stop the batch
            failure = Failure(job.name, "export", one_line(f"{type(exc).__name__}: {exc}"))
            return Outcome(job, None, notebook_path, result.seconds, 0, failure)
        html_path = write_atomic(self.out_dir / f"{job.name}.html", page)
        size = len(page.encode("utf-8"))
        return Outcome(job, html_path, notebook_path, result.seconds, size, None)

    def close(self) -> None:
        self.runner.shutdown()


_WORKER: _Renderer | None = None


def _init_worker(out_dir: Path, runner_options: Mapping[str, Any]) -> None:
    global _WORKER
    from multiprocessing.util import Finalize

    # Ctrl-C reaches the whole process group: the parent decides and terminates the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminate_worker)
    _WORKER = _Renderer(out_dir, runner_options)
    Finalize(_WORKER, _WORKER.close, exitpriority=10)  # stop the kernel when the worker exits


def _terminate_worker(signum: int, frame: object) -> None:
    """SIGTERM in a worker: kill its kernel (own session, so no signal reaches it), exit now."""
    if _WORKER is not None:
        _WORKER.runner.kill()
    os._exit(128 + signum)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While the pool runs, SIGTERM (systemd stop, kill) stops the batch like Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _work(job: Job) -> Outcome:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.render(job)


def render(
    jobs: Sequence[Job],
    out_dir: str | Path,
    *,
    workers: int = 2,
    timeout: float = 300.0,
    fresh_kernel: bool = False,
    restart_every: int = 50,
    progress: bool = True,
    index: bool = True,
    heading: str = "",
    now: datetime | None = None,
) -> BatchResult:
    """Render ``jobs`` into ``out_dir``; failures are collected, never raised.

    Parameters
    ----------
    workers
        Worker processes, each with one warm kernel (1: render in this process).
    timeout
        Seconds one report may take.
    fresh_kernel
        A new kernel for every report (clean-room run; about 3 s more per report).
    index
        Write ``index.html`` listing the jobs (the batch does; a single report does not).
    heading, now
        The index's subtitle (e.g. the month) and its "generated" time.
    """
    from beyou_analytics.reports.index import write_index
    from beyou_analytics.reports.plotly_js import copy_plotly_js

    started = time.monotonic()
    out = Path(out_dir).expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    copy_plotly_js(out)
    options = {"timeout": timeout, "fresh_kernel": fresh_kernel, "restart_every": restart_every}
    outcomes = list(_run_jobs(jobs, out, options, workers=workers, progress=progress))
    order = {job.name: i for i, job in enumerate(jobs)}
    outcomes.sort(key=lambda o: order[o.job.name])
    index_path = None
    if index:
        language = jobs[0].language if jobs else "nl"
        index_path = write_index(out, outcomes, heading=heading, language=language, now=now)
    return BatchResult(out, tuple(outcomes), index_path, time.monotonic() - started)


def _run_jobs(
    jobs: Sequence[Job], out: Path, options: Mapping[str, Any], *, workers: int, progress: bool
) -> Iterable[Outcome]:
    from tqdm import tqdm

    bar = tqdm(
        total=len(jobs), unit="report", desc="reports", disable=not progress or not jobs,
        file=sys.stderr, dynamic_ncols=True,
    )
    failed = 0
    try:
        for outcome in _execute(jobs, out, options, workers=workers):
            failed += outcome.failure is not None
            bar.set_postfix_str(f"{failed} failed" if failed else "", refresh=False)
            bar.update(1)
            yield outcome
    finally:
        bar.close()


def _execute(
    jobs: Sequence[Job], out: Path, options: Mapping[str, Any], *, workers: int
) -> Iterable[Outcome]:
    if workers <= 1 or len(jobs) <= 1:
        with _sigterm_as_interrupt():  # SIGTERM, like Ctrl-C, stops the kernel on the way out
            renderer = _Renderer(out, options)
            try:
                for job in jobs:
                    yield renderer.render(job)
            finally:
                renderer.close()
        return
    # spawn: a clean interpreter per worker (no inherited threads, locks or event loops)
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(out, dict(options)),
    )
    from beyou_analytics.reports.failure import Failure

    try:
        with _sigterm_as_interrupt():
            futures = {pool.submit(_work, job): job for job in jobs}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    outcome = Outcome(job, None, None, 0.0, 0,
                                      Failure(job.name, "", "a worker crashed"))
                yield outcome
    except BaseException:  # Ctrl-C, SIGTERM, or the caller stopped early: stop everything now
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()  # the worker kills its kernel and exits
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
