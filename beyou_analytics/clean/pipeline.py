"""``clean_exports``: every file of an export folder in, the analysis store out.

The one place that touches files: read each export (sorted by name), clean episodes first
(check-ins and questionnaires are placed in them), score the questionnaire items, account for
every row, and write the store atomically (``io.store.StoreWriter``). A bad file stops the run
with ``BadFileError`` before anything is written, unless ``skip_bad_files``; the previous store
is then untouched. On a large export the check-ins are cleaned and written by a forked process
(``clean.forked``) while the questionnaires are cleaned and scored here: on the 20,000-patient
benchmark export that took 15-20 % off the wall time for about 400 MB more memory at the peak.

Examples
--------
>>> import pathlib, tempfile
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "export").mkdir()
>>> _ = (root / "export" / "episodes.csv").write_text(
...     "Patiëntnummer;Naam;Therapeut;Startdatum;Einddatum\\n12;Jan Jansen;Anna;05-01-2026;\\n")
>>> _ = (root / "export" / "checkins.csv").write_text(
...     "Patiëntnummer;Datum;Pijn nu\\n12;10-01-2026;5\\n12;10-01-2026;5\\n99;10-01-2026;4\\n")
>>> result = clean_exports(root / "export", root / "store", as_of=date(2026, 10, 31))
>>> [(a.file, a.equation, a.balanced) for a in result.files]
[('checkins.csv', '3 = 1 + 1 + 1', True), ('episodes.csv', '1 = 1 + 0 + 0', True)]
>>> result.tables["checkins"], result.quality["reasons"]
(1, {'exact_duplicate': 1, 'patient_not_in_episodes': 1})
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from beyou_analytics.clean import codes, forked
from beyou_analytics.clean import quarantine as q
from beyou_analytics.clean.accounting import FileAccount, Source, account_files, quality_report
from beyou_analytics.clean.checkins import clean_checkins
from beyou_analytics.clean.columns import KINDS
from beyou_analytics.clean.episodes import clean_episodes
from beyou_analytics.clean.questionnaires import clean_questionnaires
from beyou_analytics.errors import BadFileError
from beyou_analytics.io.readers import read_export
from beyou_analytics.io.store import StoreWriter, check_store_target, write_table
from beyou_analytics.schema import STORE_SCHEMAS

LARGE_EXPORT = 20_000_000  # bytes: a progress bar is worth showing from here on
READ_THREADS = 2  # files read at once: each holds its bytes and parsed columns in memory
# Check-in rows from which they are cleaned in a forked process (clean.forked); below, the
# fork and the result's trip back cost more than the other core gives.
FORK_FROM_ROWS = 100_000
JEMALLOC_DECAY_MS = 10_000  # how long freed pages are kept before going back to the system
_SKIPPED_NAMES = (".", "~$")  # hidden files, Excel's lock files


@dataclass(frozen=True)
class CleanResult:
    """What ``clean_exports`` did: the store, the per-file accounting and ``quality.json``."""

    store_dir: Path
    files: tuple[FileAccount, ...]
    skipped: tuple[tuple[str, str], ...]
    tables: Mapping[str, int]
    quality: dict[str, Any] = field(repr=False)

    @property
    def balanced(self) -> bool:
        """Whether the equation holds for every file."""
        return all(account.balanced for account in self.files)


def export_files(export_dir: Path) -> list[Path]:
    """The files of an export folder in name order (hidden and Excel lock files left out)."""
    return sorted(
        (p for p in export_dir.iterdir() if p.is_file() and not p.name.startswith(_SKIPPED_NAMES)),
        key=lambda p: p.name,
    )


def clean_exports(
    export_dir: str | Path,
    store_dir: str | Path,
    *,
    skip_bad_files: bool = False,
    as_of: date | None = None,
    progress: bool | None = None,
    parallel: bool | None = None,
) -> CleanResult:
    """Clean every export in ``export_dir`` into the store at ``store_dir``.

    Parameters
    ----------
    export_dir
        Folder with the practice's exports (CSV or ``.xlsx``; kinds recognised by columns).
    store_dir
        The store to (re)write: a new or empty folder, or an earlier store, which is
        replaced atomically, so a failure leaves the old one.
    skip_bad_files
        List unreadable or unrecognisable files in ``quality.json`` instead of stopping.
    as_of
        The data date: later check-in and questionnaire dates are rejected, later episode end
        dates cleared. Default: today.
    progress
        Show a progress bar on stderr; default: for large exports when stderr is a terminal.
    parallel
        Clean the check-ins in a forked process while the questionnaires are cleaned here;
        default: from ``FORK_FROM_ROWS`` check-ins, where the platform can fork. The store
        is the same either way.

    Raises
    ------
    BadFileError
        For the first file that cannot be read or recognised (unless ``skip_bad_files``), or
        when the folder is missing or holds no readable export.
    StoreError
        When ``store_dir`` is a file or a folder holding anything but an earlier store.
    """
    export_dir = Path(export_dir)
    if not export_dir.is_dir():
        raise BadFileError(str(export_dir), "no such export folder")
    paths = export_files(export_dir)
    if not paths:
        raise BadFileError(str(export_dir), "the export folder holds no files")
    check_store_target(store_dir)  # before the work: the store must not replace other files
    day = pd.Timestamp(as_of or date.today()).normalize()
    show = progress if progress is not None else (
        sum(p.stat().st_size for p in paths) >= LARGE_EXPORT and sys.stderr.isatty())

    with _steps(len(paths) + 4, show) as step, _memory_pool():
        tables, frames, found_read, skipped, ignored = _read_all(paths, step, skip_bad_files)
        if not tables:
            raise BadFileError(str(export_dir), "no readable export in the folder")
        names = [t.source for t in tables]
        # Each table is written (validated and its file written in the background) as soon
        # as it is final, and dropped: the store is swapped in when all are written.
        with StoreWriter(store_dir) as store:
            sizes: dict[str, int] = {}

            def write(name: str, frame: pd.DataFrame) -> None:
                sizes[name] = len(frame)
                store.write(name, frame[list(STORE_SCHEMAS[name].columns)])

            step("episodes")
            episodes, found_e = clean_episodes(_stack(frames, "episodes"), as_of=day,
                                               sources=names)
            write("episodes", _by_patient(episodes, ["start_date"]))
            step("check-ins")
            checkin_parts, frames["checkins"] = frames["checkins"], []
            fork = parallel if parallel is not None else (
                sum(len(part) for part in checkin_parts) >= FORK_FROM_ROWS)
            store.flush()  # no writer thread busy in Python code while forking
            # Check-ins on the other core (clean.forked), questionnaires here meanwhile.
            with forked.start(_checkins_written, checkin_parts, episodes, day, names,
                              store.file_for("checkins"), fork=fork) as checkin_branch:
                del checkin_parts
                step("questionnaires")
                items, stored_q, found_q = clean_questionnaires(
                    _stack(frames, "questionnaires_wide"),
                    _stack(frames, "questionnaires_long"), episodes, as_of=day, sources=names)
                del frames
                # Handed to the writer first: millions of rows, validated and written while
                # the items are scored.
                write("questionnaire_items", items)  # already in store order
                step("scores and writing")
                scores, outcomes = _scored(items)
                del items
                write("scores", scores)
                write("outcomes", outcomes)
                del scores, outcomes
                sizes["checkins"], stored_c, found_c = checkin_branch.result()
            store.adopt("checkins")
            found = q.combine([found_read, found_e, found_c, found_q])
            del found_read, found_e, found_c, found_q
            accounts = account_files(tables, (episodes, stored_c, stored_q), found)
            quarantine = q.finish(found, names, [t.headers for t in tables])
            del found
            write("quarantine", quarantine)
            sizes = {name: sizes[name] for name in STORE_SCHEMAS}  # in store order
            quality = quality_report(accounts, quarantine, sizes, skipped=skipped,
                                     ignored_sheets=ignored)
            store.commit(quality)
    return CleanResult(Path(store_dir).resolve(), tuple(accounts), tuple(skipped), sizes,
                       quality)


def _read_all(paths: list[Path], step, skip_bad_files: bool) -> tuple[
    list[Source], dict[str, list[pd.DataFrame]], pd.DataFrame, list[tuple[str, str]],
    list[tuple[str, str]]
]:
    """Every file read: table descriptions, rows per kind (with ``_file``), the rows the
    reader rejected (quarantine rows), skipped files or sheets, ignored sheets.

    Files are read by a few threads at once (pyarrow parses without holding the GIL) and
    taken in name order, so the first bad file is the one reported. A workbook's bad sheet
    is a bad file of its own: it stops the run, or is skipped while the other sheets are read.
    """
    tables: list[Source] = []
    frames: dict[str, list[pd.DataFrame]] = {kind: [] for kind in KINDS}
    found: list[pd.DataFrame] = []
    skipped, ignored = [], []
    workers = max(1, min(len(paths), os.cpu_count() or 1, READ_THREADS))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = [pool.submit(read_export, path) for path in paths]
        for path, future in zip(paths, pending, strict=True):
            step(path.name)
            try:
                export = future.result()
                if export.bad_sheets and not skip_bad_files:
                    raise BadFileError(*export.bad_sheets[0])
            except BadFileError as exc:
                if not skip_bad_files:
                    for later in pending:
                        later.cancel()
                    raise
                skipped.append((exc.file, exc.problem))
                continue
            skipped.extend(export.bad_sheets)
            for table in export.tables:
                frames[table.kind].append(table.frame.assign(**{q.FILE: len(tables)}))
                if len(table.too_long):
                    found.append(q.too_many_cells(len(tables), table.too_long,
                                                  table.header_cells))
                tables.append(Source.of(table))
            ignored.extend((export.file, sheet) for sheet in export.ignored_sheets)
    return tables, frames, q.combine(found), skipped, ignored


def _checkins_written(parts: list[pd.DataFrame], episodes: pd.DataFrame, day: pd.Timestamp,
                      names: list[str], file: Path) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """Clean the check-in tables, write the store's ``checkins`` file at ``file``.

    Returns what the accounting needs: the number stored, their ``_file``/``source_row``
    and the quarantine rows.
    """
    checkins, found = clean_checkins(_stacked(parts, "checkins"), episodes, as_of=day,
                                     sources=names)
    write_table("checkins", checkins[list(STORE_SCHEMAS["checkins"].columns)], file)
    return len(checkins), checkins[[q.FILE, q.ROW]], found


def _stack(frames: dict[str, list[pd.DataFrame]], kind: str) -> pd.DataFrame:
    """The rows of every table of ``kind`` in one frame (each list is emptied)."""
    parts, frames[kind] = frames[kind], []
    return _stacked(parts, kind)


def _stacked(parts: list[pd.DataFrame], kind: str) -> pd.DataFrame:
    """``parts`` (tables of ``kind``) in one frame, with every column of the kind."""
    if not parts:
        return KINDS[kind].complete(pd.DataFrame({q.FILE: pd.Series(dtype="int64"),
                                                  q.ROW: pd.Series(dtype="int64")}))
    return KINDS[kind].complete(pd.concat(parts, ignore_index=True))


def _by_patient(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Sorted by patient number (as a number), then ``columns``: same rows, same bytes.

    Integer sort keys instead of sorting strings: the scores table has hundreds of
    thousands of rows. Text and dates are ranked (missing first), so the keys pack into one
    64-bit key for a single stable sort (``codes.sort_order``).
    """
    def rank(column: pd.Series) -> np.ndarray:
        if pd.api.types.is_datetime64_dtype(column):
            return pd.factorize(column.to_numpy().view(np.int64), sort=True)[0]
        if pd.api.types.is_string_dtype(column):
            return pd.factorize(column, sort=True)[0]
        return column.to_numpy(dtype=np.float64, na_value=np.nan)

    patient = frame["patient_id"]
    keys = [patient.str.len().to_numpy(), rank(patient), *(rank(frame[c]) for c in columns)]
    if all(key.dtype.kind in "iu" for key in keys):
        order = codes.sort_order(keys)
    else:  # numbers (NaN last) or a missing patient number
        order = np.lexsort(keys[::-1])
    return frame.take(order).reset_index(drop=True)


def _scored(items: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``scores`` and ``outcomes`` tables of the ``questionnaire_items`` table."""
    from beyou_analytics.change import episode_outcomes
    from beyou_analytics.scoring import score_items

    scores = _by_patient(score_items(items), ["instrument", "completed_at", "scale"])
    outcomes = _by_patient(episode_outcomes(scores), ["episode_id", "instrument", "scale"])
    return scores, outcomes


@contextmanager
def _memory_pool() -> Iterator[None]:
    """pyarrow allocates from jemalloc while cleaning, when pyarrow has it.

    Cleaning allocates and frees a few gigabytes of short-lived text and index buffers.
    pyarrow's default allocator (mimalloc) hands freed memory back to the system almost at
    once, so the next buffer faults in fresh pages: measured on the 20,000-patient export
    that cost about a second of system time (1.8-3.3 s against 1.2 s with jemalloc). The
    previous default pool is restored afterwards; buffers remember their own pool.
    """
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow build without jemalloc
        yield
        return
    previous = pa.default_memory_pool()
    # Freed pages kept for reuse for a while instead of handed back at once: the same
    # buffers come and go many times in one run (measured: 0.3-0.5 s less system time on
    # the 20,000-patient export, for about 130 MB more resident). It applies to arenas
    # made from now on, so it counts when set before the pool's first use.
    pa.jemalloc_set_decay_ms(JEMALLOC_DECAY_MS)
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


@contextmanager
def _steps(total: int, show: bool) -> Iterator:
    """A ``step(label)`` callable advancing a tqdm bar on stderr (a no-op when hidden)."""
    if not show:
        yield lambda label: None
        return
    from tqdm import tqdm

    with tqdm(total=total, file=sys.stderr, unit="step", leave=False) as bar:
        def step(label: str) -> None:
            bar.set_description(label[:30])
            bar.update(1)

        yield step
