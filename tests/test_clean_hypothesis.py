"""Random corruption of valid export rows never raises and never breaks the equation.

Hypothesis (seeded, a bounded number of examples) overwrites random cells of a small valid
export with junk: wrong types, out-of-range numbers, impossible dates, delimiters, quotes and
line breaks inside values, long text. ``clean_exports`` must still finish, every file must
balance (rows in = stored + rejected + duplicates), every written row must be read (as a data
row or, when the junk blanked it, as a blank line), and the store must pass its schemas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beyou_analytics.clean import clean_exports
from beyou_analytics.io.store import load_store

EPISODES = [
    ["Patiëntnummer", "Naam", "Geboortedatum", "Geslacht", "Therapeut", "Startdatum",
     "Einddatum", "Diagnosecode", "Verwijzer", "Aantal behandelingen", "Reden einde"],
    ["12", "Jan Jansen", "15-06-1980", "M", "Anna", "05-01-2026", "", "3401", "huisarts", "3", ""],
    ["13", "Els de Wit", "01-01-1990", "V", "Bram", "01-02-2026", "30-04-2026", "3402", "DTF",
     "8", "Doel bereikt"],
    ["14", "Kees Mol", "02-02-1975", "X", "Anna", "2026-03-01", "", "3401", "specialist", "1",
     ""],
]
CHECKINS = [
    ["Patiëntnummer", "Naam", "Datum", "Pijn nu", "Pijn ergste 24u", "Stress", "Slaapuren",
     "Beweegminuten", "Oefeningen gedaan", "Opmerking"],
    *[[p, "X", f"{d:02d}-03-2026 08:00", "5", "6", "4", "6,5", "30", "ja", ""]
      for p in ("12", "13", "14") for d in (2, 3, 4)],
]
WIDE = [
    ["Patiëntnummer", "Vragenlijst", "Meetmoment", "Ingevuld op",
     *[f"V{i}" for i in range(1, 11)]],
    ["12", "ODI", "intake", "05-01-2026 09:00", "3", "2", "4", "2", "3", "2", "2", "1", "2", "3"],
    ["13", "NPRS", "intake", "01-02-2026 09:00", "6", *[""] * 9],
    ["14", "RMDQ", "intake", "01-03-2026 10:00", "ja", "nee", "ja", "ja", "nee", "nee", "ja",
     "nee", "nee", "nee"],
]
LONG = [
    ["Patiëntnummer", "Vragenlijst", "Ingevuld op", "Item", "Antwoord"],
    *[["13", "PSK", "01-02-2026 09:05", str(i), str(i + 3)] for i in (1, 2, 3)],
    ["12", "GPE", "2026-03-01 10:00", "1", "2"],
]
FILES = {"episodes.csv": (EPISODES, "utf-8"), "checkins.csv": (CHECKINS, "cp1252"),
         "wide.csv": (WIDE, "utf-8-sig"), "long.csv": (LONG, "utf-8")}

JUNK = st.one_of(
    st.sampled_from(["", " ", "n.v.t.", "?", "—", "11", "-1", "6,5,5", "31-02-2026",
                     "2026-13-01", "5-3-26", "P-", "P-0012", "0", "2/3", "ja", "x" * 80,
                     "01-01-2030", "12;13", '"quoted"', "line\nbreak", "99", "SF-36", "V1"]),
    st.text(alphabet=st.sampled_from(list("09-/:;,.\"' \n\tabcPjaéë—")), max_size=12),
)


def corrupted(rows: list[list[str]], edits: list[tuple[int, int, str]]) -> list[list[str]]:
    body = [list(r) for r in rows[1:]]
    for row, column, value in edits:
        body[row % len(body)][column % len(rows[0])] = value
    return [rows[0], *body]


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))


EDITS = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 20), JUNK), max_size=8)


@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.fixed_dictionaries({name: EDITS for name in FILES}))
def test_corruption_never_raises_and_keeps_the_equation(edits) -> None:
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export"
        export.mkdir()
        written = {}
        for name, (rows, encoding) in FILES.items():
            rows = corrupted(rows, edits[name])
            write_csv(export / name, rows, encoding)
            written[name] = len(rows) - 1
        result = clean_exports(export, Path(folder) / "store", as_of=dt.date(2026, 10, 31))
        load_store(Path(folder) / "store")  # every table passed its schema on the way in
    assert result.balanced
    for account in result.files:
        assert account.rows_in + account.blank_lines == written[account.file], account
