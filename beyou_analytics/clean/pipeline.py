"""``clean_exports``: every file of an export folder in, the analysis store out.

The one place that touches files: read each export (sorted by name), clean episodes first
(check-ins and questionnaires are placed in them), score the questionnaire items, account for
every row, and write the store atomically (``io.store.write_store``). A bad file stops the run
with ``BadFileError`` before anything is written, unless ``skip_bad_files``; the previous store
is then untouched.

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

import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from beyou_analytics.clean import quarantine as q
from beyou_analytics.clean.accounting import FileAccount, Source, account_files, quality_report
from beyou_analytics.clean.checkins import clean_checkins
from beyou_analytics.clean.columns import KINDS
from beyou_analytics.clean.episodes import clean_episodes
from beyou_analytics.clean.questionnaires import clean_questionnaires
from beyou_analytics.errors import BadFileError
from beyou_analytics.io.readers import read_export
from beyou_analytics.io.store import write_store
from beyou_analytics.schema import STORE_SCHEMAS

LARGE_EXPORT = 20_000_000  # bytes: a progress bar is worth showing from here on
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
) -> CleanResult:
    """Clean every export in ``export_dir`` into the store at ``store_dir``.

    Parameters
    ----------
    export_dir
        Folder with the practice's exports (CSV or ``.xlsx``; kinds recognised by columns).
    store_dir
        The store to (re)write; replaced atomically, so a failure leaves the old one.
    skip_bad_files
        List unreadable or unrecognisable files in ``quality.json`` instead of stopping.
    as_of
        The data date: later check-in and questionnaire dates are rejected, later episode end
        dates cleared. Default: today.
    progress
        Show a progress bar on stderr; default: for large exports when stderr is a terminal.

    Raises
    ------
    BadFileError
        For the first file that cannot be read or recognised (unless ``skip_bad_files``), or
        when the folder is missing or holds no readable export.
    """
    export_dir = Path(export_dir)
    if not export_dir.is_dir():
        raise BadFileError(str(export_dir), "no such export folder")
    paths = export_files(export_dir)
    if not paths:
        raise BadFileError(str(export_dir), "the export folder holds no files")
    day = pd.Timestamp(as_of or date.today()).normalize()
    show = progress if progress is not None else (
        sum(p.stat().st_size for p in paths) >= LARGE_EXPORT and sys.stderr.isatty())

    with _steps(len(paths) + 4, show) as step:
        tables, frames, skipped, ignored = _read_all(paths, step, skip_bad_files)
        if not tables:
            raise BadFileError(str(export_dir), "no readable export in the folder")
        names = [t.source for t in tables]

        step("episodes")
        episodes, found_e = clean_episodes(_stack(frames, "episodes"), as_of=day, sources=names)
        step("check-ins")
        checkins, found_c = clean_checkins(_stack(frames, "checkins"), episodes, as_of=day,
                                           sources=names)
        step("questionnaires")
        items, found_q = clean_questionnaires(
            _stack(frames, "questionnaires_wide"), _stack(frames, "questionnaires_long"),
            episodes, as_of=day, sources=names)
        del frames
        step("scores and writing")
        found = q.combine([found_e, found_c, found_q])
        del found_e, found_c, found_q
        accounts = account_files(tables, (episodes, checkins, items), found)
        store = _store_tables(episodes, checkins, items)
        del episodes, checkins, items
        store["quarantine"] = q.finish(found, names, [t.headers for t in tables])
        del found
        quality = quality_report(accounts, store["quarantine"], store, skipped=skipped,
                                 ignored_sheets=ignored)
        write_store(store, quality, store_dir)
    return CleanResult(Path(store_dir).resolve(), tuple(accounts), tuple(skipped),
                       {name: len(frame) for name, frame in store.items()}, quality)


def _read_all(paths: list[Path], step, skip_bad_files: bool) -> tuple[
    list[Source], dict[str, list[pd.DataFrame]], list[tuple[str, str]], list[tuple[str, str]]
]:
    """Every file read: table descriptions, rows per kind (with ``_file``), skipped, ignored."""
    tables: list[Source] = []
    frames: dict[str, list[pd.DataFrame]] = {kind: [] for kind in KINDS}
    skipped, ignored = [], []
    for path in paths:
        step(path.name)
        try:
            export = read_export(path)
        except BadFileError as exc:
            if not skip_bad_files:
                raise
            skipped.append((exc.file, exc.problem))
            continue
        for table in export.tables:
            frames[table.kind].append(table.frame.assign(**{q.FILE: len(tables)}))
            tables.append(Source.of(table))
        ignored.extend((export.file, sheet) for sheet in export.ignored_sheets)
    return tables, frames, skipped, ignored


def _stack(frames: dict[str, list[pd.DataFrame]], kind: str) -> pd.DataFrame:
    """The rows of every table of ``kind`` in one frame (each list is emptied)."""
    parts, frames[kind] = frames[kind], []
    if not parts:
        return KINDS[kind].complete(pd.DataFrame({q.FILE: pd.Series(dtype="int64"),
                                                  q.ROW: pd.Series(dtype="int64")}))
    return _contiguous(KINDS[kind].complete(pd.concat(parts, ignore_index=True)))


def _contiguous(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as one contiguous Arrow array each.

    The CSV reader delivers a chunk per block of the file (about a hundred for a large
    export); every later ``take``, ``factorize`` and compute kernel pays per chunk.
    """
    combined = {
        name: pd.Series(pd.arrays.ArrowStringArray(column.array._pa_array.combine_chunks()),
                        index=frame.index, dtype=column.dtype)
        for name, column in frame.items()
        if isinstance(column.array, pd.arrays.ArrowStringArray)
        and column.array._pa_array.num_chunks > 1
    }
    return frame.assign(**combined) if combined else frame


def _by_patient(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Sorted by patient number (as a number), then ``columns``: same rows, same bytes.

    Integer sort keys (``np.lexsort``) instead of sorting strings: the scores table has
    hundreds of thousands of rows.
    """
    def rank(column: pd.Series) -> np.ndarray:
        if pd.api.types.is_datetime64_dtype(column):
            return column.to_numpy().view(np.int64)
        if pd.api.types.is_string_dtype(column):
            return pd.factorize(column, sort=True)[0]
        return column.to_numpy(dtype=np.float64, na_value=np.nan)

    patient = frame["patient_id"]
    keys = [rank(frame[c]) for c in reversed(columns)]
    order = np.lexsort([*keys, rank(patient), patient.str.len().to_numpy()])
    return frame.take(order).reset_index(drop=True)


def _store_tables(
    episodes: pd.DataFrame, checkins: pd.DataFrame, items: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    from beyou_analytics.change import episode_outcomes
    from beyou_analytics.scoring import score_items

    def columns(frame: pd.DataFrame, name: str) -> pd.DataFrame:
        return frame[list(STORE_SCHEMAS[name].columns)]

    items = columns(items, "questionnaire_items")  # already in store order (millions of rows)
    scores = _by_patient(score_items(items), ["instrument", "completed_at", "scale"])
    outcomes = _by_patient(episode_outcomes(scores), ["episode_id", "instrument", "scale"])
    return {
        "episodes": _by_patient(columns(episodes, "episodes"), ["start_date"]),
        "checkins": columns(checkins, "checkins"),  # already in store order
        "questionnaire_items": items,
        "scores": scores,
        "outcomes": outcomes,
    }


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
