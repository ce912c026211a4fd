"""The analysis store: Parquet tables plus ``quality.json``, written atomically.

``write_store`` validates every table against ``schema.STORE_SCHEMAS``, writes the new store
into a sibling temporary folder and swaps it in only when everything is written, so a failure
leaves the previous store as it was (``StoreWriter`` does the same a table at a time, for a
cleaner that finishes its tables one after another). ``load_store`` reads it back into a
frozen ``Store``.

Examples
--------
>>> import tempfile, pathlib
>>> from beyou_analytics.schema import STORE_SCHEMAS, empty_table
>>> root = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> write_store({name: empty_table(name) for name in STORE_SCHEMAS}, {"files": []}, root)
>>> store = load_store(root)
>>> len(store.checkins), len(store.snapshot)
(0, 16)
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from beyou_analytics.errors import StoreError
from beyou_analytics.io.atomic import new_staging, swap_in
from beyou_analytics.schema import DATE, STORE_SCHEMAS

QUALITY_FILE = "quality.json"
STORE_FILES = frozenset({*(f"{name}.parquet" for name in STORE_SCHEMAS), QUALITY_FILE})
WRITE_THREADS = 2  # Parquet files written at once (pyarrow encodes without the GIL)


@dataclass(frozen=True)
class Store:
    """A loaded store: one frame per table, the quality report and a content hash."""

    path: Path
    episodes: pd.DataFrame
    checkins: pd.DataFrame
    questionnaire_items: pd.DataFrame
    scores: pd.DataFrame
    outcomes: pd.DataFrame
    quarantine: pd.DataFrame
    quality: dict[str, Any] = field(repr=False)
    snapshot: str = ""

    @property
    def data_date(self) -> pd.Timestamp:
        """The last date the store has data for: the default "as of" of reports and dashboards.

        The latest check-in, questionnaire, episode start or end; ``NaT`` for an empty store.
        """
        dates = [
            self.checkins["date"].max(),
            self.questionnaire_items["completed_at"].max(),
            self.episodes["start_date"].max(),
            self.episodes["end_date"].max(),
        ]
        known = [d for d in dates if not pd.isna(d)]
        return max(known).normalize() if known else pd.NaT

    def table(self, name: str) -> pd.DataFrame:
        """The table called ``name`` (one of ``schema.STORE_SCHEMAS``)."""
        if name not in STORE_SCHEMAS:
            known = ", ".join(STORE_SCHEMAS)
            raise StoreError(f"unknown store table {name!r}; known tables: {known}")
        return getattr(self, name)


def _normalise_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """Datetimes in microseconds, as pandas 3 parses them, so every write is identical."""
    converted = {
        col: frame[col].astype(DATE)
        for col in frame.columns
        if pd.api.types.is_datetime64_dtype(frame[col]) and frame[col].dtype != DATE
    }
    return frame.assign(**converted) if converted else frame


def write_table(name: str, frame: pd.DataFrame, path: Path) -> None:
    """Validate ``frame`` as store table ``name`` and write its Parquet file at ``path``.

    What ``StoreWriter.write`` does in the background; also for a table made in another
    process (``StoreWriter.file_for`` and ``adopt``).
    """
    own = _normalise_dtypes(frame).reset_index(drop=True)
    # In place: ``own`` is this function's (copy-on-write keeps the caller's data safe), so
    # pandera need not copy millions of rows first.
    _write_parquet(STORE_SCHEMAS[name].validate(own, inplace=True), path)


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    # Statistics (min and max per row group) of numbers and dates only: those of millions
    # of texts took a fifth of the writing, and the store is read whole, not filtered.
    summed = [f.name for f in table.schema
              if not (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]
    pq.write_table(table, path, compression="zstd", write_statistics=summed)


def check_store_target(path: str | Path) -> Path:
    """``path`` resolved, if a store may be written there: a new or empty folder, or an
    earlier store (nothing in it but store files), which the new store then replaces.

    Raises
    ------
    StoreError
        When ``path`` is a file or a folder holding anything else: replacing it would delete
        files that are not the store's (the export folder, say).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "notes.txt").write_text("keep")
    >>> check_store_target(root / "store") == (root / "store").resolve()
    True
    >>> check_store_target(root)
    Traceback (most recent call last):
    ...
    beyou_analytics.errors.StoreError: cannot write a store into ... (it holds 1 file or \
folder that is not part of a store); nothing was written: choose a new or empty folder, or \
the folder of an earlier store
    """
    target = Path(path).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise StoreError(f"cannot write a store at {target}: it is a file; choose a new or "
                         "empty folder, or the folder of an earlier store")
    if target.is_dir():
        strangers = sum(1 for entry in target.iterdir() if entry.name not in STORE_FILES)
        if strangers:
            things = "file or folder" if strangers == 1 else "files or folders"
            raise StoreError(
                f"cannot write a store into {target} (it holds {strangers} {things} that "
                f"{'is' if strangers == 1 else 'are'} not part of a store); nothing was "
                "written: choose a new or empty folder, or the folder of an earlier store")
    return target


def write_store(
    tables: Mapping[str, pd.DataFrame], quality: Mapping[str, Any], path: str | Path
) -> None:
    """Validate and write every store table and ``quality.json`` to ``path``, atomically.

    The previous store (if any) stays untouched until the new one is complete; then the new
    folder replaces it. Rows are written in the order given (``beyou clean`` hands its tables
    over in store order), so a rerun on the same exports writes the same tables.
    """
    target = Path(path).resolve()
    missing = [name for name in STORE_SCHEMAS if name not in tables]
    if missing:
        raise StoreError(f"cannot write store {target}: tables missing: {', '.join(missing)}")
    with StoreWriter(target) as writer:
        for name in STORE_SCHEMAS:
            writer.write(name, tables[name])
        writer.commit(quality)


class StoreWriter:
    """A store written table by table, as each is ready, then swapped in at once.

    ``write`` validates a table against its schema and writes its Parquet file into a staging
    folder beside ``path`` on background threads (pyarrow writes without holding the GIL),
    so the caller can drop the table and go on computing the next one. ``commit`` waits for
    the files (raising the first failure, a broken schema say), writes ``quality.json`` and
    swaps the folder in; leaving the ``with`` block by an exception or without ``commit`` (or
    ``abort``) removes the staging folder instead, and the previous store stays as it was.
    ``path`` must be a new or empty folder or an earlier store (``check_store_target``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from beyou_analytics.schema import empty_table
    >>> root = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> with StoreWriter(root) as writer:
    ...     for name in STORE_SCHEMAS:
    ...         writer.write(name, empty_table(name))
    ...     writer.commit({"files": []})
    >>> sorted(p.name for p in root.iterdir())[:2]
    ['checkins.parquet', 'episodes.parquet']
    """

    def __init__(self, path: str | Path) -> None:
        self.target = check_store_target(path)
        self._staging = new_staging(self.target)
        self._pool = ThreadPoolExecutor(max_workers=WRITE_THREADS,
                                        thread_name_prefix="store-writer")
        self._pending: dict[str, Future] = {}
        self._committed = False

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is not None or not self._committed:
            self.abort()

    def write(self, name: str, frame: pd.DataFrame) -> None:
        """Validate ``frame`` as store table ``name`` and write its file, in the background.

        Raises
        ------
        pandera.errors.SchemaError
            When a table written before broke its schema; ``commit`` raises it for the last
            ones (nothing of the store is replaced).
        """
        path = self.file_for(name)
        self._raise_failed()
        self._pending[name] = self._pool.submit(write_table, name, frame, path)

    def flush(self) -> None:
        """Wait until every table handed over so far is written (raising the first failure).

        Afterwards no writer thread runs Python code: the moment to fork a process.
        """
        for future in self._pending.values():
            future.result()

    def file_for(self, name: str) -> Path:
        """Where table ``name`` goes: for a table written elsewhere with ``write_table``."""
        if name not in STORE_SCHEMAS:
            raise StoreError(f"unknown store table {name!r}; known tables: "
                             f"{', '.join(STORE_SCHEMAS)}")
        return self._staging / f"{name}.parquet"

    def adopt(self, name: str) -> None:
        """Count table ``name`` as written: its file was written at ``file_for(name)``."""
        file = self.file_for(name)
        if not file.is_file():
            raise StoreError(f"cannot write store {self.target}: {file.name} was not written")
        done: Future = Future()
        done.set_result(None)
        self._pending[name] = done

    def commit(self, quality: Mapping[str, Any]) -> None:
        """Wait for every table's file, write ``quality.json`` and swap the store in."""
        try:
            missing = [name for name in STORE_SCHEMAS if name not in self._pending]
            if missing:
                raise StoreError(f"cannot write store {self.target}: tables missing: "
                                 f"{', '.join(missing)}")
            for future in self._pending.values():
                future.result()
            self._pool.shutdown()
            text = json.dumps(quality, indent=2, ensure_ascii=False, sort_keys=False,
                              default=str)
            (self._staging / QUALITY_FILE).write_text(text + "\n", encoding="utf-8")
            swap_in(self._staging, self.target)
            self._committed = True
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop the staging folder (waiting for a file being written); the store is kept."""
        for future in self._pending.values():
            future.cancel()
        self._pool.shutdown(wait=True)
        shutil.rmtree(self._staging, ignore_errors=True)

    def _raise_failed(self) -> None:
        for future in self._pending.values():
            if future.done() and future.exception() is not None:
                raise future.exception()


def snapshot_hash(path: str | Path) -> str:
    """A short content hash of the store's files: equal stores give equal hashes.

    Reports print it in their provenance footer so a reader can tell which data they show.
    """
    root = Path(path)
    digest = hashlib.sha256()
    for name in [*sorted(f"{t}.parquet" for t in STORE_SCHEMAS), QUALITY_FILE]:
        file = root / name
        digest.update(name.encode())
        if file.exists():
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def load_store(path: str | Path) -> Store:
    """Read every table of the store at ``path``.

    Raises
    ------
    StoreError
        When the folder or one of its tables is missing, with a hint to run ``beyou clean``.
    """
    root = Path(path).expanduser().resolve()
    if not root.is_dir():
        raise StoreError(
            f"no store at {root}: run 'beyou clean EXPORT_DIR --store {root}' first"
        )
    frames: dict[str, pd.DataFrame] = {}
    for name in STORE_SCHEMAS:
        file = root / f"{name}.parquet"
        if not file.exists():
            raise StoreError(
                f"store {root} is incomplete: {file.name} is missing; run 'beyou clean' again"
            )
        frames[name] = _normalise_dtypes(pd.read_parquet(file))
    quality_file = root / QUALITY_FILE
    quality = json.loads(quality_file.read_text(encoding="utf-8")) if quality_file.exists() else {}
    return Store(path=root, quality=quality, snapshot=snapshot_hash(root), **frames)
