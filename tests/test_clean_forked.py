"""``clean.forked`` and the check-in branch of ``clean_exports`` in a forked process: the same
store either way, errors from either side, and no process or staging folder left behind."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from beyou_analytics.clean import clean_exports, forked, pipeline
from beyou_analytics.errors import BadFileError, BeyouError, StoreError
from beyou_analytics.io.store import StoreWriter, load_store, write_table
from beyou_analytics.schema import STORE_SCHEMAS, empty_table

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data_samples" / "export"
SAMPLES_AS_OF = dt.date(2026, 10, 31)


def store_bytes(store: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.iterdir())}


class Unpicklable(Exception):
    def __init__(self, a: int, b: int) -> None:
        super().__init__(f"{a} and {b}")


def raise_unpicklable() -> None:
    raise Unpicklable(1, 2)


def raise_bad_file() -> None:
    raise BadFileError("app_checkins.csv", "row 7: not a CSV")


def die() -> None:
    os._exit(3)


def pid_of_child() -> int:
    return os.getpid()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is checked on Linux")
def test_fork_is_there_on_linux() -> None:
    # CI runs on Linux: the forked path must be the one these tests exercise.
    assert forked.available()


def test_the_function_runs_in_another_process() -> None:
    with forked.start(pid_of_child) as branch:
        assert branch.result() != os.getpid()
    with forked.start(pid_of_child, fork=False) as branch:
        assert branch.result() == os.getpid()


@pytest.mark.parametrize("fork", [True, False])
def test_exceptions_cross_intact(fork: bool) -> None:
    with pytest.raises(BadFileError) as caught, forked.start(raise_bad_file, fork=fork) as b:
        b.result()
    assert (caught.value.file, caught.value.problem) == ("app_checkins.csv", "row 7: not a CSV")


def test_an_exception_that_does_not_pickle_keeps_its_name_and_message() -> None:
    with pytest.raises(RuntimeError, match="Unpicklable in a cleaning process: 1 and 2"), \
            forked.start(raise_unpicklable) as branch:
        branch.result()


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    with pytest.raises(BeyouError, match=r"stopped without a result: exit code 3;"), \
            forked.start(die) as branch:
        branch.result()


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended and been reaped (no zombie left)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The process ids of every forked branch started during the test."""
    pids: list[int] = []

    class Recorded(forked.Branch):
        def __init__(self, function, args) -> None:
            super().__init__(function, args)
            pids.append(self.pid)

    monkeypatch.setattr(forked, "Branch", Recorded)
    return pids


def test_leaving_early_kills_the_child(children: list[int]) -> None:
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), forked.start(time.sleep, 60):
        raise KeyboardInterrupt
    assert time.monotonic() - started < 10
    assert len(children) == 1 and gone(children[0])


def test_parallel_and_in_process_cleaning_write_the_same_store(
    tmp_path: Path, sample_store: Path, children: list[int]
) -> None:
    together = clean_exports(SAMPLES, tmp_path / "forked", as_of=SAMPLES_AS_OF, parallel=True)
    assert store_bytes(tmp_path / "forked") == store_bytes(sample_store)
    assert together.balanced and together.tables == load_store(sample_store).quality["tables"]
    assert len(children) == 1 and gone(children[0])


def test_large_exports_fork_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen = []
    real_start = forked.start

    def spy(function, *args, fork=None):
        seen.append(fork)
        return real_start(function, *args, fork=fork)

    monkeypatch.setattr(forked, "start", spy)
    clean_exports(SAMPLES, tmp_path / "a", as_of=SAMPLES_AS_OF)
    monkeypatch.setattr(pipeline, "FORK_FROM_ROWS", 1)
    clean_exports(SAMPLES, tmp_path / "b", as_of=SAMPLES_AS_OF)
    assert seen == [False, True]  # the samples hold ~7,500 check-ins
    assert store_bytes(tmp_path / "a") == store_bytes(tmp_path / "b")


@pytest.mark.parametrize("side", ["check-ins in the child", "questionnaires in the parent"])
def test_a_failure_on_either_side_leaves_the_previous_store(
    side: str, tmp_path: Path, sample_store: Path, monkeypatch: pytest.MonkeyPatch,
    children: list[int],
) -> None:
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    before = store_bytes(store)

    def broken(*args, **kwargs):
        raise ValueError(f"broken {side}")

    target = "clean_checkins" if side.startswith("check-ins") else "clean_questionnaires"
    monkeypatch.setattr(pipeline, target, broken)
    with pytest.raises(ValueError, match=f"broken {side}"):
        clean_exports(SAMPLES, store, as_of=SAMPLES_AS_OF, parallel=True)
    assert store_bytes(store) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no staging folder
    assert len(children) == 1 and gone(children[0])


def test_store_writer_adopts_a_table_written_elsewhere(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with StoreWriter(store) as writer:
        for name in STORE_SCHEMAS:
            if name == "checkins":
                with pytest.raises(StoreError, match=r"checkins\.parquet was not written"):
                    writer.adopt(name)
                write_table(name, empty_table(name), writer.file_for(name))
                writer.adopt(name)
            else:
                writer.write(name, empty_table(name))
        with pytest.raises(StoreError, match="unknown store table 'pain'"):
            writer.file_for("pain")
        writer.commit({"run": 1})
    assert len(load_store(store).checkins) == 0
