"""Benchmark ``beyou clean`` against a read-and-write-Parquet baseline in the same run.

Generates (or reuses) a large synthetic export in ``benchmarks/scratch/`` (20,000 patients,
about one million check-ins, by ``beyou_analytics.synth.write_exports``), then times, each in
its own subprocess so peak memory is measured per run:

* ``clean``: ``clean_exports`` on the export folder (reading, cleaning, scoring, validating
  and writing the store);
* ``baseline``: only reading the same files with the same readers (pyarrow's CSV reader with
  every column as text, python-calamine for ``.xlsx``) and writing them to Parquet.

Prints the numbers and writes ``benchmarks/results/clean.json``: rows per second, the ratio
clean / baseline in wall time and in CPU time (user + system, all threads and child
processes), peak memory (held at once: PSS of the process tree, sampled in an extra run;
and VmHWM plus the largest child's peak, an upper bound), the load average around every run
(the machine may be shared: CPU seconds are the steadier measure), the targets (ratio <= 2.0,
peak <= 2 GB) and pass/fail. Runs alternate (baseline, clean, baseline, ...) so a change of
load hits both; the best run of each counts.
Run with ``make bench`` or ``python benchmarks/bench_clean.py [--patients N] [--repeat K]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / "benchmarks" / "scratch"
RESULTS = ROOT / "benchmarks" / "results" / "clean.json"
TARGET_RATIO = 2.0
TARGET_PEAK_MB = 2048.0
MARKER = ".bench-params.json"  # hidden: clean_exports skips dotfiles


def _cpu_seconds() -> float:
    """User + system CPU time of this process so far (all threads)."""
    user, system = _cpu_split()
    return user + system


def _cpu_split() -> tuple[float, float]:
    """User and system CPU time of this process and its ended children so far (all threads).

    ``clean_exports`` cleans the check-ins of a large export in a forked process.
    """
    import resource

    own, children = (resource.getrusage(who)
                     for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + children.ru_utime, own.ru_stime + children.ru_stime


def _timed(report: dict, started: float, cpu: tuple[float, float]) -> dict:
    """``report`` with the wall and CPU seconds since ``started`` / ``cpu``."""
    user, system = _cpu_split()
    return {"seconds": time.perf_counter() - started,
            "cpu_seconds": user - cpu[0] + system - cpu[1],
            "user_seconds": user - cpu[0], "system_seconds": system - cpu[1], **report}


def _peak_mb() -> float:
    """Peak resident memory in MB: this process's plus its largest ended child's.

    An upper bound of what the run held at once: the forked child shares the parent's
    pages until either writes them, and both peaks count them.
    """
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            own = int(line.split()[1])
    return (own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def ensure_export(patients: int, seed: int, as_of: str) -> Path:
    """The scratch export for these parameters, generated once and reused afterwards."""
    params = {"patients": patients, "seed": seed, "as_of": as_of}
    folder = SCRATCH / f"export-p{patients}-s{seed}-{as_of}"
    marker = folder / MARKER
    if marker.exists() and json.loads(marker.read_text()) == params:
        return folder
    from beyou_analytics.synth import write_exports

    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    print(f"generating {patients} patients into {folder} ...", flush=True)
    write_exports(folder, patients=patients, seed=seed, as_of=as_of)
    marker.write_text(json.dumps(params))
    print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)
    return folder


# --- the two measured runs (each in a fresh interpreter) ------------------------------------


def run_clean(export: Path, out: Path, as_of: str) -> dict:
    import datetime as dt

    from beyou_analytics.clean import clean_exports

    started, cpu = time.perf_counter(), _cpu_split()
    result = clean_exports(export, out / "store", as_of=dt.date.fromisoformat(as_of),
                           progress=False)
    totals = result.quality["totals"]
    return _timed({"rows_in": totals["rows_in"], "balanced": totals["balanced"],
                   "tables": dict(result.tables), "peak_mb": _peak_mb()}, started, cpu)


def run_baseline(export: Path, out: Path, plan: list[dict]) -> dict:
    """Read every file as the cleaner does (same readers, text columns) and write Parquet."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    from python_calamine import CalamineWorkbook

    started, cpu = time.perf_counter(), _cpu_split()
    rows = 0
    for number, entry in enumerate(plan):
        path = export / entry["file"]
        if entry["container"] == "xlsx":
            workbook = CalamineWorkbook.from_path(str(path))
            for sheet_number, name in enumerate(workbook.sheet_names):
                cells = workbook.get_sheet_by_name(name).to_python()
                if not cells:
                    continue
                header, body = cells[0], cells[1:]
                table = pa.table({
                    f"c{i}": pa.array([None if r[i] == "" else str(r[i]) for r in body],
                                      pa.string())
                    for i in range(len(header))
                })
                pq.write_table(table, out / f"{number}-{sheet_number}.parquet",
                               compression="zstd")
                rows += table.num_rows
            continue
        names = [f"c{i}" for i in range(entry["columns"])]
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding=entry["encoding"], column_names=names,
                                           skip_rows=entry["skip_rows"]),
            parse_options=pacsv.ParseOptions(delimiter=entry["delimiter"],
                                             newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
        )
        pq.write_table(table, out / f"{number}.parquet", compression="zstd")
        rows += table.num_rows
    return _timed({"rows_in": rows, "peak_mb": _peak_mb()}, started, cpu)


def baseline_plan(export: Path) -> list[dict]:
    """Encoding, delimiter and header of each CSV, found before timing (the baseline gets
    them for free; the cleaner has to find them itself)."""
    from beyou_analytics.clean.pipeline import export_files
    from beyou_analytics.io.sniff import find_header, sniff_container, sniff_encoding

    plan = []
    for path in export_files(export):
        raw = path.read_bytes()
        if sniff_container(raw[:65536], file=path.name) == "xlsx":
            plan.append({"file": path.name, "container": "xlsx"})
            continue
        encoding = sniff_encoding(raw, file=path.name)
        header = find_header(raw[:65536].decode(encoding, errors="ignore"), file=path.name)
        plan.append({"file": path.name, "container": "csv",
                     "encoding": "utf8" if encoding.startswith("utf-8") else encoding,
                     "delimiter": header.delimiter, "columns": len(header.cells),
                     "skip_rows": header.line + 1})
    return plan


def _child(args: argparse.Namespace) -> None:
    out = Path(args.out)
    if args.run == "clean":
        report = run_clean(Path(args.export), out, args.as_of)
    else:
        report = run_baseline(Path(args.export), out, json.loads(Path(args.plan).read_text()))
    print(json.dumps(report))


def _measure(kind: str, export: Path, as_of: str, plan_file: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-", dir=SCRATCH) as out:
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        completed = subprocess.run(
            _command(kind, export, out, as_of, plan_file),
            check=True, capture_output=True, text=True,
        )
        report = json.loads(completed.stdout.strip().splitlines()[-1])
        report["process_seconds"] = time.perf_counter() - started
        report["load_average_1min"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        return report


def _command(kind: str, export: Path, out: str, as_of: str, plan_file: Path) -> list[str]:
    return [sys.executable, __file__, "--run", kind, "--export", str(export), "--out", out,
            "--as-of", as_of, "--plan", str(plan_file)]


def measure_memory(kind: str, export: Path, as_of: str, plan_file: Path) -> float:
    """Peak memory in MB held at once by a run and its child processes, sampled.

    Proportional set size (shared pages split between the processes that map them),
    summed over the process tree every 10 ms. A separate, untimed run: reading
    ``smaps_rollup`` of a large process takes CPU the timed runs should not lose.
    """
    with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-mem-", dir=SCRATCH) as out:
        process = subprocess.Popen(_command(kind, export, out, as_of, plan_file),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        while process.poll() is None:
            peak = max(peak, sum(_pss_kb(pid) for pid in _process_tree(process.pid)))
            time.sleep(0.01)
        if process.returncode:
            raise RuntimeError(f"the {kind} run for the memory measurement failed")
        return peak / 1024


def _process_tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
            for child in children:
                found.extend(_process_tree(int(child)))
    except (FileNotFoundError, ProcessLookupError):
        pass  # ended meanwhile
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def _machine() -> dict:
    import pandas
    import pyarrow

    return {
        "platform": platform.platform(), "python": platform.python_version(),
        "cpus": os.cpu_count(), "load_average_at_start": list(os.getloadavg()),
        "pandas": pandas.__version__, "pyarrow": pyarrow.__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20261031)
    parser.add_argument("--as-of", default="2026-10-31")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the best counts")
    parser.add_argument("--run", choices=["clean", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--export", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        _child(args)
        return

    SCRATCH.mkdir(parents=True, exist_ok=True)
    machine = _machine()
    export = ensure_export(args.patients, args.seed, args.as_of)
    plan_file = SCRATCH / "baseline-plan.json"
    plan_file.write_text(json.dumps(baseline_plan(export)))
    runs = {"clean": [], "baseline": []}
    for _ in range(args.repeat):
        for kind in ("baseline", "clean"):  # alternate, so load changes hit both
            runs[kind].append(_measure(kind, export, args.as_of, plan_file))
            run = runs[kind][-1]
            print(f"{kind:8s} {run['seconds']:7.2f} s (cpu {run['cpu_seconds']:.2f} s = "
                  f"user {run['user_seconds']:.2f} + sys {run['system_seconds']:.2f}, "
                  f"process {run['process_seconds']:.2f} s), peak <= {run['peak_mb']:.0f} MB, "
                  f"load {run['load_average_1min'][0]:.2f}", flush=True)
    memory = {kind: measure_memory(kind, export, args.as_of, plan_file)
              for kind in ("baseline", "clean")}
    print(f"peak memory held at once (sampled PSS of the process tree): clean "
          f"{memory['clean']:.0f} MB, baseline {memory['baseline']:.0f} MB", flush=True)
    best = {kind: min(r, key=lambda x: x["seconds"]) for kind, r in runs.items()}
    least_cpu = {kind: min(x["cpu_seconds"] for x in r) for kind, r in runs.items()}
    clean, base = best["clean"], best["baseline"]
    ratio = clean["seconds"] / base["seconds"]
    ratio_cpu = least_cpu["clean"] / least_cpu["baseline"]
    peak = memory["clean"]
    peak_bound = max(r["peak_mb"] for r in runs["clean"])
    result = {
        "benchmark": "beyou clean vs read-and-write-Parquet baseline",
        "machine": {**machine, "load_average_at_end": list(os.getloadavg())},
        "export": {"patients": args.patients, "seed": args.seed, "as_of": args.as_of,
                   "files": len(json.loads(plan_file.read_text())),
                   "bytes": sum(p.stat().st_size for p in export.iterdir() if p.is_file()
                                and not p.name.startswith(".")),
                   "rows_in": clean["rows_in"]},
        "clean": {**_summary(clean, runs["clean"]), "peak_mb": round(peak, 1),
                  "peak_mb_upper_bound": round(peak_bound, 1),
                  "tables": clean["tables"], "balanced": clean["balanced"]},
        "baseline": {**_summary(base, runs["baseline"]), "peak_mb": round(memory["baseline"], 1),
                     "peak_mb_upper_bound": round(base["peak_mb"], 1)},
        "ratio": round(ratio, 3),
        "ratio_with_process_start": round(clean["process_seconds"] / base["process_seconds"], 3),
        "ratio_cpu": round(ratio_cpu, 3),
        "note": ("ratio = wall seconds of the work (after imports), best run of each; "
                 "ratio_cpu = least CPU seconds (user + system, all threads and child "
                 "processes) of each. peak_mb = memory held at once (PSS of the process "
                 "tree, sampled every 10 ms in an extra run); peak_mb_upper_bound = VmHWM of "
                 "the process plus its largest child's (shared pages counted twice). The "
                 "machine is shared: see load_average_1min (before, after) of every run"),
        "targets": {"ratio_max": TARGET_RATIO, "peak_mb_max": TARGET_PEAK_MB},
        "pass": {"ratio": ratio <= TARGET_RATIO, "ratio_cpu": ratio_cpu <= TARGET_RATIO,
                 "peak_memory": peak <= TARGET_PEAK_MB},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"rows in {clean['rows_in']:,}: clean {clean['seconds']:.2f} s "
          f"({result['clean']['rows_per_second']:,} rows/s), baseline {base['seconds']:.2f} s; "
          f"ratio {ratio:.2f}, cpu ratio {ratio_cpu:.2f} (target <= {TARGET_RATIO}), "
          f"peak {peak:.0f} MB (target <= {TARGET_PEAK_MB:.0f}) -> {RESULTS.relative_to(ROOT)}")


def _summary(best: dict, runs: list[dict]) -> dict:
    """The best run's numbers and every run's wall and CPU seconds and load."""
    return {
        "seconds": round(best["seconds"], 3),
        "cpu_seconds": round(best["cpu_seconds"], 3),
        "user_seconds": round(best["user_seconds"], 3),
        "system_seconds": round(best["system_seconds"], 3),
        "process_seconds": round(best["process_seconds"], 3),
        "rows_per_second": round(best["rows_in"] / best["seconds"]),
        "least_cpu_seconds": round(min(r["cpu_seconds"] for r in runs), 3),
        "runs": [round(r["seconds"], 3) for r in runs],
        "runs_cpu": [round(r["cpu_seconds"], 3) for r in runs],
        "runs_load_average_1min": [r["load_average_1min"] for r in runs],
    }


if __name__ == "__main__":
    main()
