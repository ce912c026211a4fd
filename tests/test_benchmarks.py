"""The benchmark scripts still run against the library's API (timings are not tested here).

``make bench`` is not part of ``make test``; this runs the clean benchmark's two measured
steps once on the small shipped export, so a change of a library signature breaks a test
instead of the next benchmark run.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import SAMPLES

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_clean_benchmark_runs_both_sides_on_the_samples(tmp_path: Path) -> None:
    bench = _load("bench_clean")
    plan = bench.baseline_plan(SAMPLES)
    assert {entry["container"] for entry in plan} == {"csv", "xlsx"}
    (tmp_path / "baseline").mkdir()
    baseline = bench.run_baseline(SAMPLES, tmp_path / "baseline", plan)
    cleaned = bench.run_clean(SAMPLES, tmp_path / "clean", "2026-10-31")
    assert baseline["rows_in"] > 0 and baseline["seconds"] > 0
    assert cleaned["seconds"] > 0 and (tmp_path / "clean" / "store" / "quality.json").is_file()
    assert cleaned["balanced"] and cleaned["rows_in"] > 0
