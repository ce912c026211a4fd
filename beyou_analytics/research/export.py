"""Write the de-identified cohort as CSV + Parquet with a Markdown codebook, atomically.

``export_cohort(cohort, export_dir, store_path=...)`` writes into ``export_dir``:

- ``<table>.csv`` and ``<table>.parquet`` for each table of ``Cohort.tables()``;
- ``codebook.md``: every exported column with its type and meaning, how the data was made
  (store snapshot, key fingerprint, filters) and the privacy measures;
- ``manifest.json``: the same facts as data (tables, rows, files).

The whole folder is written next to its destination and swapped in at once, so a reader never
sees half an export. It refuses a destination inside the store folder (or a store folder inside
it), and a non-empty folder that is not an earlier export (it would be replaced).

Examples
--------
>>> sorted(CODEBOOK)[:3]
['active_minutes', 'adherence', 'age_band']
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from beyou_analytics import __version__
from beyou_analytics.errors import BeyouError
from beyou_analytics.io.atomic import staged_directory
from beyou_analytics.io.store import snapshot_hash
from beyou_analytics.research.cohort import Cohort
from beyou_analytics.schema import MEASURES_BY_COLUMN

MANIFEST = "manifest.json"
CODEBOOK_FILE = "codebook.md"
MARKER = "beyou-research-export"

CODEBOOK: dict[str, str] = {
    "pseudonym": "Keyed pseudonym of the patient (HMAC-SHA256 with the practice's key, 16 hex "
                 "digits); the same patient has the same pseudonym in every export made with "
                 "the same key.",
    "episode": "Treatment episode: pseudonym, a hyphen and the episode's number for this "
               "patient (1 = first).",
    "therapist_code": "Keyed code of the treating therapist (T- and 6 hex digits).",
    "age_band": "Age at the episode start in 5-year bands; the end bands are pooled (e.g. "
                "'<20', '80+') until they hold at least 5 patients; missing for a rare band.",
    "sex": "Sex as registered: F, M, or X (other/not stated); 'other' or missing when rare.",
    "diagnosis_code": "DCSPH diagnosis code (4 digits); 'other' when rare.",
    "referral": "Referral: gp, specialist, direct_access or other.",
    "n_sessions": "Number of treatment sessions (so far, for an ongoing episode).",
    "end_reason": "Why the episode ended (goal_reached, own_initiative, referred, no_show, "
                  "moved, other); missing while ongoing.",
    "start_date_shifted": "Episode start date, shifted by the patient's date shift.",
    "end_date_shifted": "Episode end date, shifted by the patient's date shift; missing while "
                        "ongoing.",
    "duration_days": "Days from start to end (exact: shifting keeps intervals).",
    "instrument": "Questionnaire (registry code, e.g. NPRS, QBPDS, TSK17, PCS, PSEQ).",
    "scale": "Scale of the instrument: total, or a subscale (PCS rumination, magnification, "
             "helplessness; SBST psychosocial).",
    "timepoint": "Measurement moment as exported: intake, interim, discharge, or missing.",
    "date_shifted": "Completion date, shifted by the patient's date shift.",
    "days_since_start": "Days from the episode start to the completion date (may be negative "
                        "for an intake just before the start).",
    "value": "Score, unrounded, as published for the instrument.",
    "band": "Published category of the score (e.g. ODI severity), where one exists.",
    "n_missing": "Items left unanswered (pro-rated within the instrument's rule).",
    "n_administrations": "Valid administrations of the scale in the episode.",
    "baseline": "Baseline score: the intake administration, else the first.",
    "latest": "Latest valid score of the episode.",
    "change": "latest - baseline (sign as the scale; check the instrument's direction).",
    "pct_change": "change as a percentage of |baseline| (missing when the baseline is 0).",
    "mcid_status": "Minimal clinically important difference met: improved, unchanged or "
                   "deteriorated (absolute or percentage threshold); GPE: its answer.",
    "rci": "Jacobson-Truax reliable change index with the published SEM.",
    "rci_status": "Reliable change: improved, unchanged or deteriorated (|RCI| > 1.96).",
    "baseline_day": "Days from the episode start to the baseline administration.",
    "latest_day": "Days from the episode start to the latest administration.",
    "week": "Week of the episode: 0 = days 0-6 after the start date, 1 = days 7-13, ...",
    "n_checkins": "App check-ins in that week.",
    "adherence": "Share of the week's check-ins answering 'home exercises done' with yes "
                 "(0-1).",
    **{m.column: f"Weekly mean of the check-in item '{m.label_en}' "
                 f"({m.minimum:g}-{m.maximum:g})." for m in MEASURES_BY_COLUMN.values()
       if m.kind != "yes_no"},
}
"""Meaning of every column an export can hold; a column without an entry stops the export."""


@dataclass(frozen=True)
class ExportResult:
    """Where the export went and what it holds."""

    path: Path
    files: tuple[str, ...]
    rows: Mapping[str, int]


def codebook_frame(cohort: Cohort) -> pd.DataFrame:
    """``table``, ``column``, ``type``, ``description`` of every exported column.

    Raises ``BeyouError`` when a column has no description (nothing undocumented leaves).
    """
    rows = []
    for table, frame in cohort.tables().items():
        for column in frame.columns:
            if column not in CODEBOOK:
                raise BeyouError(f"export column {table}.{column} has no codebook entry")
            rows.append({"table": table, "column": column, "type": _type(frame[column]),
                         "description": CODEBOOK[column]})
    return pd.DataFrame(rows)


def _type(series: pd.Series) -> str:
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "text"


def codebook_markdown(cohort: Cohort, facts: Mapping[str, Any]) -> str:
    """The codebook as Markdown: provenance, privacy measures, one table per data table."""
    book = codebook_frame(cohort)
    lines = [
        "# BeYou research export: codebook", "",
        f"Made {facts['made']} by beyou-analytics {facts['version']} from store snapshot "
        f"`{facts['snapshot']}` with key `{facts['key_fingerprint']}` (fingerprint, not the "
        "key).", "",
        f"Cohort filters: {_filters(facts['filters'])}. "
        f"{facts['n_patients']} patients, {facts['n_episodes']} episodes.", "",
        "## Privacy", "",
        "- Patient numbers are replaced by keyed pseudonyms; therapist names by keyed codes.",
        "- Every date of a patient is shifted by the same number of days (within ±180): "
        "intervals are exact, calendar dates are not. Times of day are removed.",
        "- Birth dates are reduced to 5-year age bands; rare categories of age, sex, "
        "diagnosis, referral and therapist are pooled or removed (fewer than 5 patients).",
        "- This is pseudonymised, record-level health data: it is still personal data under "
        "the AVG/GDPR. Keep it within the approved research project.", "",
    ]
    for table, group in book.groupby("table", sort=False):
        lines += [f"## `{table}` ({facts['rows'][table]} rows)", "",
                  "| column | type | description |", "|---|---|---|"]
        lines += [f"| `{r.column}` | {r.type} | {r.description} |"
                  for r in group.itertuples(index=False)]
        lines.append("")
    return "\n".join(lines)


def _filters(filters: Mapping[str, Any]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in filters.items()) or "none (all episodes)"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_destination(target: Path, store: Path) -> None:
    if _inside(target, store) or _inside(store, target):
        raise BeyouError(f"refusing to export into {target}: it is (in) the store folder "
                         f"{store}; choose a folder outside the store")
    if target.exists() and not target.is_dir():
        raise BeyouError(f"export folder {target} is a file")
    if target.is_dir() and any(target.iterdir()):
        manifest = target / MANIFEST
        try:
            earlier = json.loads(manifest.read_text(encoding="utf-8")).get("kind") == MARKER
        except (OSError, ValueError, AttributeError):
            earlier = False
        if not earlier:
            raise BeyouError(f"export folder {target} is not empty and holds no earlier "
                             "research export; choose an empty or new folder")


def export_cohort(
    cohort: Cohort,
    export_dir: str | os.PathLike[str],
    *,
    store_path: str | os.PathLike[str],
    now: datetime | None = None,
) -> ExportResult:
    """Write the cohort's tables, ``codebook.md`` and ``manifest.json`` into ``export_dir``.

    An earlier export in ``export_dir`` is replaced as a whole; a failure leaves it as it was.
    """
    target = Path(export_dir).expanduser().resolve()
    store = Path(store_path).expanduser().resolve()
    _check_destination(target, store)
    tables = cohort.tables()
    facts = {
        "kind": MARKER,
        "made": (now or datetime.now().astimezone()).isoformat(timespec="seconds"),
        "version": __version__,
        "snapshot": snapshot_hash(store),
        "key_fingerprint": cohort.key_fingerprint,
        "filters": cohort.filters.describe(),
        "n_patients": cohort.n_patients,
        "n_episodes": len(cohort.episodes),
        "rows": {name: len(frame) for name, frame in tables.items()},
    }
    with staged_directory(target) as staging:
        files = []
        for name, frame in tables.items():
            frame.to_csv(staging / f"{name}.csv", index=False, date_format="%Y-%m-%d")
            frame.to_parquet(staging / f"{name}.parquet", index=False)
            files += [f"{name}.csv", f"{name}.parquet"]
        (staging / CODEBOOK_FILE).write_text(codebook_markdown(cohort, facts) + "\n",
                                             encoding="utf-8")
        files.append(CODEBOOK_FILE)
        facts["files"] = [*files, MANIFEST]
        (staging / MANIFEST).write_text(json.dumps(facts, indent=2, default=str) + "\n",
                                        encoding="utf-8")
    return ExportResult(path=target, files=tuple(facts["files"]), rows=facts["rows"])

