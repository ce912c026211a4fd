"""Reading export files (io/readers.py): whitelisted text columns, spreadsheet row numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from factories import workbook_with_a_bad_sheet

from beyou_analytics.errors import BadFileError
from beyou_analytics.io import readers
from beyou_analytics.io.readers import read_export

HEADER = "Patiëntnummer;Naam;Datum;Pijn nu;Opmerking"


def write(tmp_path: Path, text: str, *, name: str = "c.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def table(path: Path):
    (only,) = read_export(path).tables
    return only


def test_only_whitelisted_columns_are_read(tmp_path: Path) -> None:
    t = table(write(tmp_path, f"{HEADER};Extra\n12;Jan Jansen;01-03-2026;5;geheim;x\n"))
    assert list(t.frame.columns) == ["source_row", "patient_id", "date", "pain_now"]
    assert "Jan Jansen" not in t.frame.to_string() and "geheim" not in t.frame.to_string()


def test_blank_lines_count_for_numbering_but_are_not_rows(tmp_path: Path) -> None:
    text = f"{HEADER}\n12;a;01-03-2026;5;\n\n;;;;\n13;b;02-03-2026;6;\n\n"
    t = table(write(tmp_path, text))
    assert t.frame["source_row"].tolist() == [2, 5]
    assert (t.rows_in, t.blank_lines) == (2, 3)


def test_crlf_and_bom(tmp_path: Path) -> None:
    text = "\ufeff" + f"{HEADER}\r\n12;a;01-03-2026;5;\r\n\r\n13;b;02-03-2026;6;\r\n"
    t = table(write(tmp_path, text))
    assert (t.encoding, t.frame["source_row"].tolist()) == ("utf-8-sig", [2, 4])
    assert t.frame["patient_id"].tolist() == ["12", "13"]


def test_windows_1252_accents(tmp_path: Path) -> None:
    t = table(write(tmp_path, f"{HEADER}\n12;Renée;01-03-2026;5;\n", encoding="cp1252"))
    assert (t.encoding, t.kind, t.headers["patient_id"]) == ("cp1252", "checkins", "Patiëntnummer")


def test_values_are_stripped_and_empty_is_missing(tmp_path: Path) -> None:
    t = table(write(tmp_path, f"{HEADER}\n 12 ;a; 01-03-2026 ;  ;\n"))
    assert t.frame.loc[0, "patient_id"] == "12" and t.frame.loc[0, "date"] == "01-03-2026"
    assert t.frame["pain_now"].isna().all()


RAGGED = f"{HEADER}\n12;a;01-03-2026;5;;\n13;b;02-03-2026;6\n"  # trailing / missing fields
QUOTED = f'{HEADER}\n12;a;01-03-2026;5;"two\nlines"\n\n13;b;02-03-2026;6;\n'
WHITESPACE = f"{HEADER}\n12;a;01-03-2026;5;\n   \n13;b;02-03-2026;6;\n"


@pytest.mark.parametrize(
    ("text", "rows", "blank"),
    [(RAGGED, [2, 3], 0), (QUOTED, [2, 4], 1), (WHITESPACE, [2, 4], 1)],
    ids=["trailing_separators", "line_break_in_quotes", "whitespace_line"],
)
def test_files_pyarrow_cannot_take_as_they_are(
    tmp_path: Path, text: str, rows: list[int], blank: int
) -> None:
    t = table(write(tmp_path, text))
    assert t.frame["source_row"].tolist() == rows
    assert t.frame["patient_id"].tolist() == ["12", "13"]
    assert t.blank_lines == blank


def test_both_csv_paths_read_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"{HEADER}\n\n12;a;01-03-2026;5,5;x\n;;;;\n13;b;2026-03-02 08:00;;\n\n14;c;x;1;\n"
    path = write(tmp_path, text)
    fast = table(path)
    monkeypatch.setattr(readers, "_parse_with_arrow", lambda *a: None)
    slow = table(path)
    assert fast.frame.equals(slow.frame)
    assert fast.blank_lines == slow.blank_lines == 3


def test_excel_sep_line_is_not_a_row(tmp_path: Path) -> None:
    t = table(write(tmp_path, "sep=,\nPatiëntnummer,Datum,Pijn nu\n12,01-03-2026,5\n"))
    assert (t.delimiter, t.frame["source_row"].tolist()) == (",", [2])


def test_header_only_file_has_no_rows(tmp_path: Path) -> None:
    t = table(write(tmp_path, HEADER + "\n"))
    assert (t.rows_in, t.blank_lines) == (0, 0)


def test_workbook_every_recognisable_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Check-ins"
    sheet.append(["Toelichting bij deze export"])  # a title line above the header
    sheet.append([])
    sheet.append(["Patiëntnummer", "Naam", "Datum", "Pijn nu", "Oefeningen gedaan"])
    sheet.append([12.0, "Jan", dt.datetime(2026, 3, 1, 8, 5), 5.5, True])
    sheet.append([None, None, None, None, None])
    sheet.append(["P-0013", "Els", dt.date(2026, 3, 2), 7, "nee"])
    notes = book.create_sheet("Uitleg")
    notes["A1"] = "Deze export bevat ..."
    episodes = book.create_sheet("Episodes")
    episodes.append(["Patiëntnummer", "Startdatum", "Therapeut"])
    episodes.append([12, dt.date(2026, 1, 5), "Anna"])
    path = tmp_path / "export.xlsx"
    book.save(path)

    read = read_export(path)
    assert read.ignored_sheets == ("Uitleg",)
    checkins, eps = read.tables
    assert (checkins.kind, checkins.source) == ("checkins", "export.xlsx [Check-ins]")
    # The title line above the header is not a data row; rows keep the sheet's numbers.
    assert checkins.frame.to_dict("list") == {
        "source_row": [4, 6], "patient_id": ["12", "P-0013"],
        "date": ["2026-03-01 08:05:00", "2026-03-02"], "pain_now": ["5.5", "7"],
        "exercises_done": ["1", "nee"],
    }
    assert checkins.blank_lines == 1
    assert eps.frame["start_date"].tolist() == ["2026-01-05"]


def test_workbook_without_export_sheets_is_a_bad_file(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "Naam"
    book.active["B1"] = "Adres"
    path = tmp_path / "adressen.xlsx"
    book.save(path)
    with pytest.raises(BadFileError, match=r"adressen\.xlsx: no sheet is a recognised export"):
        read_export(path)


def test_a_broken_workbook_is_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(BadFileError, match=r"kapot\.xlsx: cannot be read as an Excel workbook"):
        read_export(path)


# --- line ends, rows too long ----------------------------------------------------------------


def test_classic_mac_line_ends(tmp_path: Path) -> None:
    text = f"{HEADER}\r12;a;01-03-2026;5;\r\r13;b;02-03-2026;6,5;\r"
    t = table(write(tmp_path, text, encoding="cp1252"))
    assert t.frame.to_dict("list") == {"source_row": [2, 4], "patient_id": ["12", "13"],
                                       "date": ["01-03-2026", "02-03-2026"],
                                       "pain_now": ["5", "6,5"]}
    assert t.blank_lines == 1


def test_a_lone_carriage_return_splitting_the_header_is_a_bad_file(tmp_path: Path) -> None:
    path = write(tmp_path, "Patiëntnummer;Datum\r;Pijn nu\n12345;01-03-2026;5\n")
    with pytest.raises(BadFileError, match=r"^c\.csv: not a recognised export.*carriage return"):
        read_export(path)


def test_a_row_with_more_cells_than_the_header_is_not_read(tmp_path: Path) -> None:
    # An unquoted decimal comma in a comma-separated file shifts every later value.
    text = ("Patiëntnummer,Datum,Slaapuren,Pijn nu,Stress\n12345,02-03-2026,6,5,4,3\n"
            "12345,03-03-2026,7,5,4,,\n12345,04-03-2026,7,5,4\n")
    t = table(write(tmp_path, text))
    assert t.frame["source_row"].tolist() == [3, 4]  # trailing separators are harmless
    assert t.too_long.to_dict("list") == {"source_row": [2], "cells": [6]}
    assert (t.rows_in, t.header_cells) == (3, 5)


def test_workbook_sheets_with_a_patient_column_but_no_kind_are_bad(tmp_path: Path) -> None:
    path = workbook_with_a_bad_sheet(tmp_path / "all.xlsx", late_checkins=True)

    read = read_export(path)
    assert [t.source for t in read.tables] == ["all.xlsx [Episodes]", "all.xlsx [Checkins]"]
    assert read.tables[1].frame["source_row"].tolist() == [14]
    assert read.ignored_sheets == ("Legenda",)
    ((source, problem),) = read.bad_sheets
    assert source == "all.xlsx [Checkins2]"
    assert problem.startswith("not a recognised export: its columns fit no known export")


def test_a_workbook_of_bad_sheets_only_is_a_bad_file(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.active.append(["Patiëntnummer", "Kleur"])
    path = tmp_path / "kleuren.xlsx"
    book.save(path)
    with pytest.raises(BadFileError, match=r"^kleuren\.xlsx \[Data\]: not a recognised export"):
        read_export(path)
