"""Container, encoding, delimiter and export kind, from bytes and header rows (io/sniff.py)."""

from __future__ import annotations

import csv

import pytest

from beyou_analytics.clean.columns import match_columns
from beyou_analytics.errors import BadFileError
from beyou_analytics.io.sniff import (
    detect_kind,
    find_header,
    sniff_container,
    sniff_delimiter,
    sniff_encoding,
)

HEADER = "Patiëntnummer;Datum;Pijn nu"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (HEADER.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + HEADER.encode("utf-8"), "utf-8-sig"),
        (HEADER.encode("cp1252"), "cp1252"),
        (b"Patientnummer;Datum", "utf-8"),
    ],
)
def test_encoding(raw: bytes, expected: str) -> None:
    assert sniff_encoding(raw, file="f.csv") == expected


def test_undecodable_bytes_are_a_bad_file() -> None:
    with pytest.raises(BadFileError, match=r"^f\.csv: cannot be decoded"):
        sniff_encoding(b"Patientnummer;\x81\x8d", file="f.csv")


@pytest.mark.parametrize(
    ("head", "problem"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"\xd0\xcf\x11\xe0rest", ".xls"),
        (b"\xff\xfeP\x00a\x00", "UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ],
)
def test_not_a_text_export(head: bytes, problem: str) -> None:
    with pytest.raises(BadFileError, match=problem):
        sniff_container(head, file="x")


def test_a_zip_is_a_workbook() -> None:
    assert sniff_container(b"PK\x03\x04rest", file="x.xlsx") == "xlsx"


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [("a;b;c", ";"), ("a,b,c", ","), ("a\tb\tc", "\t"), ('"x;y",b,c', ","), ("a;b,c", ";")],
)
def test_delimiter(header: str, delimiter: str) -> None:
    assert sniff_delimiter(header) == delimiter


def test_header_after_blank_lines_and_excel_sep_line() -> None:
    found = find_header("\n \nsep=,\nA,B\n1,2\n", file="f.csv")
    assert (found.cells, found.line, found.delimiter, found.offset) == (("A", "B"), 3, ",", 1)
    assert find_header("\n\n", file="f.csv") is None


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (["Patiëntnummer", "Datum", "Pijn nu"], "checkins"),
        (["PATIENTNUMMER ", "datum", "STRESS", "Opmerking"], "checkins"),
        (["Patient nummer", "Vragenlijst", "Ingevuld Op", "V1", "V2"], "questionnaires_wide"),
        (["Patiëntnummer", "Vragenlijst", "Ingevuld op", "Item", "Antwoord"],
         "questionnaires_long"),
        (["Patiëntnummer", "Naam", "BSN", "Startdatum", "Einddatum"], "episodes"),
        (["Patiëntnummer", "Vragenlijst", "Datum", "Ingevuld op", "V1"], "questionnaires_wide"),
    ],
)
def test_kind_by_columns(headers: list[str], kind: str) -> None:
    assert detect_kind(headers, file="f").kind.name == kind


def test_identifier_and_unknown_columns_are_not_read() -> None:
    match = match_columns(["Patiëntnummer", "Naam", "E-mail", "Datum", "Pijn nu", "App-versie"])
    assert dict(match.columns) == {0: "patient_id", 3: "date", 4: "pain_now"}
    assert match.headers["date"] == "Datum"


def test_no_patient_column_is_a_bad_file_without_echoing_headers() -> None:
    with pytest.raises(BadFileError) as info:
        detect_kind(["Jan Jansen", "jan@example.nl"], file="notes.csv")
    message = str(info.value)
    assert message.startswith("notes.csv: not a recognised export: no patient-number column")
    assert "Jansen" not in message and "example" not in message


def test_unrecognised_columns_say_what_each_kind_needs() -> None:
    with pytest.raises(BadFileError, match="check-ins need Patiëntnummer, Datum"):
        detect_kind(["Patiëntnummer", "Kleur"], file="f.csv")


def test_two_columns_meaning_the_same_is_a_bad_file() -> None:
    with pytest.raises(BadFileError, match="columns 2 and 3 both read as 'Datum'"):
        detect_kind(["Patiëntnummer", "Datum", "datum", "Pijn nu"], file="f.csv")


def test_a_lone_carriage_return_ends_a_line() -> None:
    # Classic Mac line ends: the csv module (the fallback reader) counts lines the same way.
    found = find_header("\rPatiëntnummer;Datum;Pijn nu\r12345;01-03-2026;5\r", file="f.csv")
    assert (found.cells, found.line) == (("Patiëntnummer", "Datum", "Pijn nu"), 1)


def test_a_header_the_csv_module_cannot_split_is_a_bad_file() -> None:
    # A field over the csv module's size limit is one of its errors: a message, no traceback.
    previous = csv.field_size_limit(10)
    try:
        with pytest.raises(BadFileError, match=r"^f\.csv: the header row cannot be read as CSV"):
            find_header("Patiëntnummer;" + "x" * 20 + "\n1;2\n", file="f.csv")
    finally:
        csv.field_size_limit(previous)
