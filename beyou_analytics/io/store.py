"""The analysis store: Parquet tables plus ``quality.json``, written atomically.

``write_store`` validates every table against ``schema.STORE_SCHEMAS``, writes the new store
into a sibling temporary folder and swaps it in only when everything is written, so a failure
leaves the previous store as it was. ``load_store`` reads it back into a frozen ``Store``.

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
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from beyou_analytics.errors import StoreError
from beyou_analytics.schema import DATE, STORE_SCHEMAS

QUALITY_FILE = "quality.json"


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


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path, compression="zstd", write_statistics=True)


def write_store(
    tables: Mapping[str, pd.DataFrame], quality: Mapping[str, Any], path: str | Path
) -> None:
    """Validate and write every store table and ``quality.json`` to ``path``, atomically.

    The previous store (if any) stays untouched until the new one is complete; then the new
    folder replaces it. Tables are sorted by their schema's unique key so a rerun on the same
    exports writes byte-identical files.
    """
    target = Path(path).resolve()
    missing = [name for name in STORE_SCHEMAS if name not in tables]
    if missing:
        raise StoreError(f"cannot write store {target}: tables missing: {', '.join(missing)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        for name, schema in STORE_SCHEMAS.items():
            frame = schema.validate(_normalise_dtypes(tables[name]).reset_index(drop=True))
            _write_parquet(frame, staging / f"{name}.parquet")
        text = json.dumps(quality, indent=2, ensure_ascii=False, sort_keys=False, default=str)
        (staging / QUALITY_FILE).write_text(text + "\n", encoding="utf-8")
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging``; on failure the old store is put back."""
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
