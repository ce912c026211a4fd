"""Tiny store-table builders for unit tests: the store's columns and dtypes, defaults for the rest.

``table(name, rows)`` starts from ``schema.empty_table(name)``, fills the columns a row leaves
out with missing values, casts to the store's dtypes and validates the result against the
table's pandera schema, so a test frame is always one the store could hold.
``workbook_with_a_bad_sheet(path)`` writes an export workbook for the sheet-recognition tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd

from beyou_analytics.schema import DATE, STORE_SCHEMAS, empty_table

DEFAULTS: dict[str, dict[str, Any]] = {
    "episodes": {"therapist": "T1"},
    "scores": {"scale": "total", "n_missing": 0, "valid": True},
}


def table(name: str, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A validated store table ``name`` from row dicts (unknown keys are an error)."""
    template = empty_table(name)
    records = [{**DEFAULTS.get(name, {}), **row} for row in rows]
    extra = {k for r in records for k in r} - set(template.columns)
    if extra:
        raise KeyError(f"{name}: unknown columns {sorted(extra)}")
    frame = pd.DataFrame(records, columns=template.columns)
    columns = {}
    for column, dtype in template.dtypes.items():
        values = frame[column]
        if str(dtype).startswith("datetime64"):
            columns[column] = pd.to_datetime(values).astype(DATE)
        elif pd.api.types.is_string_dtype(dtype):
            columns[column] = values.astype("str")
        elif str(dtype) in {"boolean", "Int64"}:
            columns[column] = pd.array(values.tolist(), dtype=str(dtype))
        elif pd.api.types.is_bool_dtype(dtype):
            columns[column] = values.astype(bool)
        else:
            columns[column] = pd.to_numeric(values).astype(dtype)
    return STORE_SCHEMAS[name].validate(pd.DataFrame(columns))


def episode_id(patient: str, start: str) -> str:
    return f"{patient}-{pd.Timestamp(start):%Y%m%d}"


def episode(patient: str = "7", start: str = "2026-09-01", end: str | None = None,
            therapist: str = "T1") -> dict[str, Any]:
    return {"patient_id": patient, "episode_id": episode_id(patient, start),
            "therapist": therapist, "start_date": start, "end_date": end}


def episodes(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return table("episodes", rows)


def checkins(patient: str, start: str, dates: Iterable[Any], **measures: Any) -> pd.DataFrame:
    """Check-ins of one episode on ``dates``; a measure is a scalar or one value per date."""
    days = pd.to_datetime(list(dates))
    rows = []
    for i, when in enumerate(days):
        row = {"patient_id": patient, "episode_id": episode_id(patient, start), "date": when}
        for column, value in measures.items():
            row[column] = value[i] if isinstance(value, (list, tuple, np.ndarray)) else value
        rows.append(row)
    return table("checkins", rows)


def daily(first: str, n: int) -> pd.DatetimeIndex:
    return pd.date_range(first, periods=n, freq="D")


def score(patient: str, start: str, instrument: str, when: str, value: float,
          **extra: Any) -> dict[str, Any]:
    return {"patient_id": patient, "episode_id": episode_id(patient, start),
            "instrument": instrument, "completed_at": when, "value": value, **extra}


def scores(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return table("scores", rows)


def outcome(patient: str, start: str, instrument: str, baseline: float, latest: float,
            mcid_status: str | None, *, baseline_at: str, latest_at: str, scale: str = "total",
            n: int = 2) -> dict[str, Any]:
    change = latest - baseline
    return {"patient_id": patient, "episode_id": episode_id(patient, start),
            "instrument": instrument, "scale": scale, "n_administrations": n,
            "baseline_at": baseline_at, "baseline": baseline, "latest_at": latest_at,
            "latest": latest, "change": change,
            "pct_change": change / baseline * 100 if baseline else None,
            "mcid_status": mcid_status, "rci": None, "rci_status": None}


def outcomes(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return table("outcomes", rows)


def empty(name: str) -> pd.DataFrame:
    return table(name, [])


def workbook_with_a_bad_sheet(path: Path, *, late_checkins: bool = False) -> Path:
    """An episodes sheet, a sheet with patient numbers that fits no export kind
    (``Checkins2``) and a legend without patient numbers (``Legenda``); with
    ``late_checkins`` also a check-ins sheet whose header sits under 12 title lines."""
    book = openpyxl.Workbook()
    book.active.title = "Episodes"
    book.active.append(["Patiëntnummer", "Startdatum", "Therapeut"])
    book.active.append([12345, "01-01-2026", "Anna"])
    if late_checkins:
        late = book.create_sheet("Checkins")
        for i in range(12):  # a report's title lines above the header
            late.append([f"Rapport regel {i}"])
        late.append(["Patiëntnummer", "Datum", "Pijn nu"])
        late.append([12345, "01-03-2026", 5])
    unknown = book.create_sheet("Checkins2")
    unknown.append(["Patiëntnummer", "Datum", "Pijn (0-10)"])
    unknown.append([12345, "02-03-2026", 5])
    book.create_sheet("Legenda").append(["Pijn nu", "0 = geen pijn"])
    book.save(path)
    return path
