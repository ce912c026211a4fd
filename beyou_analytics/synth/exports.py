"""The export folder's files: which rows go in which file, and each file's layout.

Five files, as the practice's systems produce them on the export date:

- ``behandelepisodes_<as_of>.xlsx``: the practice management system's episodes, with an
  ``Info`` sheet next to the data sheet and an extra ``Locatie`` column;
- two check-in exports of the patient app (Windows-1252, ``;``, decimal commas, CRLF) whose
  months overlap (monthly re-exports): the older one with an ``App-versie`` column and a few
  blank lines, the newer one with header spelling variants and a separator at each line end;
- the survey tool's wide questionnaire export (UTF-8 with BOM, ``,``) made a week earlier,
  and its long-form export (UTF-8, tab) of the last two months, which overlaps the wide one.

Examples
--------
>>> import pandas as pd
>>> split_dates(pd.Timestamp("2026-10-31"))
(Timestamp('2026-06-30 00:00:00'), Timestamp('2026-05-01 00:00:00'))
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from beyou_analytics.synth import render
from beyou_analytics.synth.table import Table
from beyou_analytics.synth.writers import write_csv, write_xlsx

CHECKIN_HEADER_VARIANTS = {  # the newer app version spells its headers differently
    "Patiëntnummer": "patientnummer", "Datum": "datum", "Pijn nu": "Pijn Nu",
    "Pijn ergste 24u": "Pijn ergste 24 u", "Stress": "STRESS", "Slaapkwaliteit": "Slaap kwaliteit",
    "Slaapuren": "Slaap-uren", "Beweegminuten": "Beweeg minuten",
    "Oefeningen gedaan": "Oefeningen Gedaan", "E-mail": "Email",
    "Belastbaarheid": "Belastbaarheid ",
    "Opmerking": "opmerking",
}
WIDE_HEADER_VARIANTS = {"Patiëntnummer": "Patiënt nummer", "Ingevuld op": "Ingevuld Op"}
WIDE_LAG_DAYS = 7  # the wide questionnaire export was made a week before the export date
LONG_DAYS = 61  # the long-form export covers the last two months
BLANK_LINE_RATE = 0.001


@dataclass(frozen=True)
class WrittenFile:
    """A file of the export folder: its name, kind, data rows and size."""

    name: str
    kind: str
    rows: int
    bytes: int


def split_dates(as_of: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Last day of the older check-in export and first day of the newer one (2 months overlap)."""
    month = as_of.normalize().replace(day=1)
    return month - pd.DateOffset(months=3) - pd.Timedelta(days=1), month - pd.DateOffset(months=5)


def _day(ts: pd.Timestamp) -> str:
    return f"{ts:%Y-%m-%d}"


def _rows(table: Table, keep: np.ndarray) -> np.ndarray:
    """Positions of the kept rows in export order (by date-time, stable)."""
    order = np.argsort(table["_when"], kind="stable")
    return order[keep[order]]


def _text(table: Table, rows: np.ndarray, export: str) -> Table:
    needed = [*render.EXPORT_COLUMNS[export], "_when", "_layout"]
    return render.finalise(table.take(rows, needed), export)


def write_checkins(table: Table, out: Path, rng: np.random.Generator, *,
                   first_day: pd.Timestamp, as_of: pd.Timestamp) -> list[WrittenFile]:
    """The two overlapping check-in exports (rows carry ``_in_a`` / ``_in_b``)."""
    a_end, b_start = split_dates(as_of)
    columns = list(render.EXPORT_COLUMNS["checkins"])
    written = []
    old = _text(table, _rows(table, table["_in_a"]), "checkins")
    version = np.where(old["_when"] < np.datetime64(as_of - pd.DateOffset(months=8)),
                       "3.4.1", "3.5.0").astype(object)
    n = old.n_rows
    blanks = rng.choice(n, min(n, max(2, round(BLANK_LINE_RATE * n))), replace=False)
    name = f"app_checkins_{_day(first_day)}_{_day(a_end)}.csv"
    size = write_csv([*old.columns(columns), version], out / name, header=[*columns, "App-versie"],
                     sep=";", encoding="cp1252", newline="\r\n", blank_after=[*blanks, n - 1])
    written.append(WrittenFile(name, "checkins", n, size))
    del old
    new = _text(table, _rows(table, table["_in_b"]), "checkins")
    name = f"app_checkins_{_day(b_start)}_{_day(as_of)}.csv"
    size = write_csv(new.columns(columns), out / name,
                     header=[CHECKIN_HEADER_VARIANTS.get(c, c) for c in columns], sep=";",
                     encoding="cp1252", newline="\r\n", trailing_separator=True)
    written.append(WrittenFile(name, "checkins", new.n_rows, size))
    return written


def write_questionnaires(table: Table, out: Path, *, as_of: pd.Timestamp) -> list[WrittenFile]:
    """The wide export (a week old) and the long-form export of the last two months."""
    columns = list(render.EXPORT_COLUMNS["questionnaires"])
    wide = _text(table, _rows(table, table["_in_wide"]), "questionnaires")
    status = np.full(wide.n_rows, "Voltooid", dtype=object)
    wide_day = as_of.normalize() - pd.Timedelta(days=WIDE_LAG_DAYS)
    name = f"vragenlijsten_{_day(wide_day)}.csv"
    size = write_csv([*wide.columns(columns), status], out / name,
                     header=[*(WIDE_HEADER_VARIANTS.get(c, c) for c in columns), "Status"],
                     sep=",", encoding="utf-8-sig", newline="\n", blank_after=[wide.n_rows - 1])
    written = [WrittenFile(name, "questionnaires", wide.n_rows, size)]
    del wide
    keep = table["_in_long"] & (table["_artefact"] != "exact_duplicate")
    long = render.long_form(table.take(_rows(table, keep)))
    columns = list(render.EXPORT_COLUMNS["questionnaires_long"])
    long = render.finalise(long, "questionnaires_long")
    long_start = as_of.normalize() - pd.Timedelta(days=LONG_DAYS - 1)
    name = f"vragenlijsten_lang_{_day(long_start)}_{_day(as_of)}.csv"
    size = write_csv(long.columns(columns), out / name, header=columns, sep="\t",
                     encoding="utf-8", newline="\n")
    written.append(WrittenFile(name, "questionnaires_long", long.n_rows, size))
    return written


def questionnaire_files(when: np.ndarray, as_of: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """Whether each administration is in the wide and in the long export (by completion time)."""
    wide_until = as_of.normalize() - pd.Timedelta(days=WIDE_LAG_DAYS - 1)
    long_from = as_of.normalize() - pd.Timedelta(days=LONG_DAYS - 1)
    return when < np.datetime64(wide_until), when >= np.datetime64(long_from)


def checkin_files(when: np.ndarray, as_of: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """Whether each check-in is in the older and in the newer check-in export."""
    a_end, b_start = split_dates(as_of)
    return when < np.datetime64(a_end + pd.Timedelta(days=1)), when >= np.datetime64(b_start)


def write_episodes(table: Table, out: Path, *, as_of: pd.Timestamp) -> list[WrittenFile]:
    """The episodes workbook: data sheet plus an ``Info`` sheet without recognisable columns."""
    columns = list(render.EXPORT_COLUMNS["episodes"])
    order = np.lexsort((table["_patient"], table["_when"]))
    location = np.where(table["_patient"][order] % 5 == 0, "BeYou Noord", "BeYou Centrum")
    cells = [table[c][order] for c in columns]
    rows = [[*r, str(loc)] for r, loc in zip(zip(*cells, strict=True), location, strict=True)]
    stamp = dt.datetime.combine(as_of.date(), dt.time(18, 0))
    info = [["Praktijk", "Fysiotherapie BeYou"], ["Rapport", "Alle behandelepisodes"],
            ["Aangemaakt op", f"{stamp:%d-%m-%Y %H:%M}"], ["Aantal regels", len(rows)]]
    name = f"behandelepisodes_{_day(as_of)}.xlsx"
    size = write_xlsx(out / name, [("Behandelepisodes", [*columns, "Locatie"], rows),
                                   ("Info", ["Export", "Praktijkmanagementsysteem"], info)],
                      stamp=stamp, creator="Praktijkmanagementsysteem")
    return [WrittenFile(name, "episodes", len(rows), size)]
