"""Benchmark: 24 patient reports through the batch machinery, against plain papermill.

In one run, each configuration in its own fresh Python process (so every one pays its own
imports and kernel starts, as ``beyou report batch`` would):

- ``jobs_1``: 24 patient reports, ``render(..., workers=1)`` (one warm kernel);
- ``jobs_2``: the same 24 reports with ``workers=2`` (two worker processes, a kernel each);
- ``floor``: 24 *empty* parameterised notebooks through plain ``papermill.execute_notebook``
  (a fresh kernel each: what every report would cost without the warm kernels);
- ``fresh_kernel``: the same 24 reports with 1 and 2 jobs in clean-room mode (a new kernel
  for every report, ``--fresh-kernel``), for comparison: its speed-up shows what the warm
  kernels' fixed start-up cost does to the ratio (``--no-fresh`` skips it).

The store is cleaned from ``data_samples/export`` into ``benchmarks/scratch/reports/``; the
24 patients are the first with an episode open in the store's last month. Writes
``benchmarks/results/reports.json``: seconds per report, the speed-up of 2 jobs over 1, HTML
bytes per report (plus the one shared ``plotly.min.js``), and the targets (2-core machine:
<= 1.0 s per report with 2 jobs, speed-up >= 1.6, HTML <= 300 KB per report).

Run: ``.venv/bin/python benchmarks/bench_reports.py`` (``make bench``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / "benchmarks" / "scratch" / "reports"
RESULTS = ROOT / "benchmarks" / "results" / "reports.json"
SAMPLES = ROOT / "data_samples" / "export"
FIXTURE = ROOT / "tests" / "fixtures" / "notebooks" / "figure_table.ipynb"
EMPTY = ROOT / "tests" / "fixtures" / "notebooks" / "empty.ipynb"
SAMPLES_AS_OF = date(2026, 10, 31)  # data_samples/README.md: the export's "as of" date
TARGETS = {"seconds_per_report_jobs_2": 1.0, "speedup": 1.6, "html_bytes": 300_000}


def build_store(exports: Path, as_of: date) -> Path:
    """Clean the sample export into the scratch store."""
    from beyou_analytics.clean import clean_exports

    store = SCRATCH / "store"
    clean_exports(exports, store, as_of=as_of, progress=False)
    return store


def pick_patients(store: Path, n: int) -> tuple[str, list[str]]:
    """The first ``n`` patients (by number) with an episode open in the store's last month."""
    from beyou_analytics.io.store import load_store
    from beyou_analytics.reports.batch import open_in_month

    loaded = load_store(store)
    month = loaded.data_date.strftime("%Y-%m")
    ids = sorted(open_in_month(loaded.episodes, month)["patient_id"].unique(),
                 key=lambda p: (len(p), p))
    return month, ids[:n]


def notebooks_folder() -> tuple[Path, str]:
    """The real notebooks, or (until they exist) the fixture standing in for the patient one."""
    from beyou_analytics.reports.registry import get_report, notebooks_home

    real = notebooks_home() / get_report("patient").notebook
    if real.is_file():
        return real.parent, "notebooks/patient_progress.ipynb"
    stand_in = SCRATCH / "fixture-notebooks"
    stand_in.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURE, stand_in / "patient_progress.ipynb")
    return stand_in, "FIXTURE tests/fixtures/notebooks/figure_table.ipynb (real notebook missing)"


# --- the measured configurations, each run in a child process --------------------------------


def child_render(spec: dict) -> dict:
    from beyou_analytics.reports import batch
    from beyou_analytics.reports.batch import make_job, render

    started = time.perf_counter()
    arrivals: list[float] = []
    run_jobs = batch._run_jobs

    def timed_run_jobs(*args, **kwargs):  # when each report is done, seen from this process
        for outcome in run_jobs(*args, **kwargs):
            arrivals.append(round(time.perf_counter() - started, 3))
            yield outcome

    batch._run_jobs = timed_run_jobs
    jobs = [
        make_job("patient", {"store": spec["store"], "patient_id": p, "as_of": spec["as_of"]},
                 notebooks_dir=spec["notebooks"])
        for p in spec["patients"]
    ]
    result = render(jobs, spec["out"], workers=spec["workers"], progress=False, index=False,
                    fresh_kernel=spec.get("fresh_kernel", False))
    return {
        "seconds_in_process": time.perf_counter() - started,
        "failures": [f"{f.report}: {f.cell}: {f.message}" for f in result.failures],
        "html_bytes": {o.job.name: o.html_bytes for o in result.outcomes},
        "report_seconds": [round(o.seconds, 3) for o in result.outcomes],
        "done_after_seconds": arrivals,
    }


def child_floor(spec: dict) -> dict:
    import papermill as pm

    started = time.perf_counter()
    out = Path(spec["out"])
    out.mkdir(parents=True, exist_ok=True)
    for patient in spec["patients"]:
        pm.execute_notebook(
            str(EMPTY), str(out / f"empty-{patient}.ipynb"), progress_bar=False,
            parameters={"store": spec["store"], "patient_id": patient, "as_of": spec["as_of"]},
        )
    return {"seconds_in_process": time.perf_counter() - started, "failures": []}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(mode: str, spec: dict) -> dict:
    """Run one configuration in a fresh interpreter; wall time includes its start-up.

    CPU seconds (user + system) cover the child, its workers and their kernels (all reaped):
    unlike wall time they hardly depend on what else runs on the machine.
    """
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, json.dumps(spec)],
        capture_output=True, text=True, check=False,
    )
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    n = len(spec["patients"])
    result.update(seconds=round(wall, 2), seconds_per_report=round(wall / n, 3),
                  cpu_seconds=round(cpu, 2), cpu_seconds_per_report=round(cpu / n, 3))
    result["seconds_in_process"] = round(result["seconds_in_process"], 2)
    return result


def startup_bound(jobs_1: dict, jobs_2: dict) -> dict:
    """The speed-up two workers could reach at best, given what one worker spends before work.

    With one worker, ``work`` is the median time between two finished reports times the
    number of reports and ``start`` the rest of the wall time (start-up, the first report's
    extra, shutting down). Two workers cannot start faster than one (they share the two cores
    while starting), so the speed-up is at best ``(start + work) / (start + work / 2)``.
    """
    done = jobs_1["done_after_seconds"]
    gaps = sorted(b - a for a, b in itertools.pairwise(done)) or [0.0]
    work = gaps[len(gaps) // 2] * len(done)
    start = max(0.0, jobs_1["seconds"] - work)
    return {
        "jobs_1_start_seconds": round(start, 2),
        "jobs_1_work_seconds": round(work, 2),
        "best_possible_speedup": round((start + work) / (start + work / 2), 2),
    }


def _shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=24)
    parser.add_argument("--exports", type=Path, default=SAMPLES, help="export folder to clean")
    parser.add_argument("--as-of", type=date.fromisoformat, default=SAMPLES_AS_OF,
                        help="data date for cleaning (default: the sample export's own date)")
    parser.add_argument("--no-fresh", action="store_true",
                        help="skip the clean-room (fresh kernel per report) comparison")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, spec = args.child
        runner = {"render": child_render, "floor": child_floor}[mode]
        print(json.dumps(runner(json.loads(spec))))
        return

    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    load_before = os.getloadavg()
    store = build_store(args.exports, args.as_of)
    month, patients = pick_patients(store, args.reports)
    notebooks, notebook_label = notebooks_folder()
    import pandas as pd

    as_of = (pd.Period(month, freq="M").end_time.normalize()).strftime("%Y-%m-%d")
    spec = {"store": str(store), "patients": patients, "as_of": as_of,
            "notebooks": str(notebooks)}
    floor = measure("floor", {**spec, "out": str(SCRATCH / "floor")})
    jobs_1 = measure("render", {**spec, "workers": 1, "out": str(SCRATCH / "jobs-1")})
    jobs_2 = measure("render", {**spec, "workers": 2, "out": str(SCRATCH / "jobs-2")})

    fresh = None
    if not args.no_fresh:
        fresh_1 = measure("render", {**spec, "workers": 1, "fresh_kernel": True,
                                     "out": str(SCRATCH / "fresh-1")})
        fresh_2 = measure("render", {**spec, "workers": 2, "fresh_kernel": True,
                                     "out": str(SCRATCH / "fresh-2")})
        fresh = {
            "note": "a new kernel for every report (--fresh-kernel); not the default",
            "jobs_1_seconds_per_report": fresh_1["seconds_per_report"],
            "jobs_2_seconds_per_report": fresh_2["seconds_per_report"],
            "speedup_2_jobs_over_1": round(fresh_1["seconds"] / fresh_2["seconds"], 2),
            "failures": fresh_1["failures"] + fresh_2["failures"],
        }

    sizes = list(jobs_2.pop("html_bytes").values())
    jobs_1.pop("html_bytes")
    plotly_js = (SCRATCH / "jobs-2" / "plotly.min.js").stat().st_size
    speedup = round(jobs_1["seconds"] / jobs_2["seconds"], 2)
    html = {
        "mean": round(sum(sizes) / len(sizes)) if sizes else 0,
        "max": max(sizes, default=0),
        "min": min(sizes, default=0),
        "shared_plotly_min_js": plotly_js,
    }
    results = {
        "benchmark": "bench_reports",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(), "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "note": (
                "busy machine: other processes used the cores, so the speed-up and the "
                "seconds are pessimistic; compare jobs_2_per_report_vs_floor, or rerun idle"
                if load_before[0] > 0.5 * (os.cpu_count() or 1) else "idle machine"
            ),
        },
        "notebook": notebook_label,
        "store": f"{_shown(args.exports)} cleaned with beyou_analytics.clean.clean_exports",
        "month": month,
        "n_reports": len(patients),
        "floor_plain_papermill_empty_notebook": floor,
        "jobs_1": jobs_1,
        "jobs_2": jobs_2,
        "speedup_2_jobs_over_1": speedup,
        "jobs_2_per_report_vs_floor": round(jobs_2["seconds"] / floor["seconds"], 2),
        "startup_bound": startup_bound(jobs_1, jobs_2),
        "fresh_kernel_comparison": fresh,
        "html_bytes_per_report": html,
        "targets": TARGETS,
        "meets_targets": {
            "seconds_per_report_jobs_2": jobs_2["seconds_per_report"]
            <= TARGETS["seconds_per_report_jobs_2"],
            "speedup": speedup >= TARGETS["speedup"],
            "html_bytes": html["max"] <= TARGETS["html_bytes"],
            "no_failures": not (jobs_1["failures"] or jobs_2["failures"]),
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: results[k] for k in (
        "notebook", "n_reports", "speedup_2_jobs_over_1", "jobs_2_per_report_vs_floor",
        "html_bytes_per_report", "meets_targets")}, indent=2))
    print(f"floor {floor['seconds_per_report']} s/report, jobs 1 {jobs_1['seconds_per_report']}"
          f" s/report, jobs 2 {jobs_2['seconds_per_report']} s/report -> {RESULTS}")


if __name__ == "__main__":
    main()
