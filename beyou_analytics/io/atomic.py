"""Atomic writes: a reader sees the old file (or folder) or the new one, never half of either.

Every writer of the project goes through here: the research export replaces a whole folder
(``staged_directory``), and so does the store (``io.store.StoreWriter``, which fills the
folder of ``new_staging`` table by table and then calls ``swap_in``); reports and synthetic
exports replace single files (``replacing``, ``write_atomic``, ``copy_atomic``). A failure
leaves what was there before.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = write_atomic(root / "a.txt", "new")
>>> (root / "a.txt").read_text()
'new'
>>> with staged_directory(root / "store") as staging:
...     _ = (staging / "table.txt").write_text("rows")
>>> sorted(p.name for p in root.iterdir())
['a.txt', 'store']
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: str | Path, *, mode: int = 0o644) -> Iterator[Path]:
    """Yield a hidden temporary path beside ``path``; it replaces ``path`` when the block ends.

    On an exception the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, content: str | bytes, *, mode: int = 0o644) -> Path:
    """Write ``content`` (text as UTF-8) to ``path`` atomically; returns ``path``."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with replacing(path, mode=mode) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def copy_atomic(source: str | Path, path: str | Path, *, mode: int = 0o644) -> Path:
    """Copy ``source`` to ``path`` atomically; returns ``path``."""
    with replacing(path, mode=mode) as tmp:
        shutil.copyfile(source, tmp)
    return Path(path)


@contextmanager
def staged_directory(path: str | Path) -> Iterator[Path]:
    """Yield an empty staging folder beside ``path``; it replaces ``path`` when the block ends.

    The old folder is moved aside, the new one renamed into place, and the old one deleted;
    if the rename fails the old folder is put back. On an exception inside the block the
    staging folder is removed and ``path`` is untouched.
    """
    target = Path(path).resolve()
    staging = new_staging(target)
    try:
        yield staging
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def new_staging(target: Path) -> Path:
    """A new, empty, hidden folder beside ``target`` (same file system: renames are atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))


def swap_in(staging: Path, target: Path) -> None:
    """Replace the folder ``target`` by ``staging``; if the rename fails the old one is put back."""
    backup = None
    if target.exists():
        backup = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(backup, ignore_errors=True)
        target.rename(backup)
    try:
        staging.rename(target)
    except BaseException:
        if backup is not None:
            backup.rename(target)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)
