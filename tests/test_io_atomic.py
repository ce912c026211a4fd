"""Atomic writes (beyou_analytics.io.atomic): the old file or folder survives any failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from beyou_analytics.io import atomic
from beyou_analytics.io.atomic import copy_atomic, staged_directory, write_atomic


def test_write_atomic_replaces_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "report.html"
    write_atomic(target, "old")
    write_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]


def test_a_failed_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_atomic(tmp_path / "report.html", "previous")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "half")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_copy_atomic_copies_bytes_with_the_given_mode(tmp_path: Path) -> None:
    source = write_atomic(tmp_path / "a.bin", b"\x00\x01")
    copied = copy_atomic(source, tmp_path / "out" / "b.bin", mode=0o600)
    assert copied.read_bytes() == b"\x00\x01"
    assert copied.stat().st_mode & 0o777 == 0o600


def test_staged_directory_replaces_the_folder_as_a_whole(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with staged_directory(store) as staging:
        (staging / "old.txt").write_text("1")
    with staged_directory(store) as staging:
        (staging / "new.txt").write_text("2")
    assert [p.name for p in store.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_a_failure_inside_the_block_leaves_the_previous_folder(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with staged_directory(store) as staging:
        (staging / "kept.txt").write_text("1")
    with pytest.raises(RuntimeError), staged_directory(store) as staging:
        (staging / "half.txt").write_text("2")
        raise RuntimeError("crash while writing")
    assert [p.name for p in store.iterdir()] == ["kept.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_a_failed_swap_puts_the_previous_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    with staged_directory(store) as staging:
        (staging / "kept.txt").write_text("1")
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if self.name.startswith(".store.new-"):
            raise OSError("rename failed")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="rename failed"), staged_directory(store) as staging:
        (staging / "new.txt").write_text("2")
    assert [p.name for p in store.iterdir()] == ["kept.txt"]
