"""Identifiers never reach the store or the command's output (data contract §3, AVG/GDPR).

The leak tests collect every value of the identifier columns (Naam, E-mail, Telefoon, BSN,
Adres, Opmerking, Geboortedatum) straight from the raw export files, clean the export through
the CLI, and look for each value in every string of every store file, in ``quality.json`` and
in the printed summary.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from beyou_analytics.clean.columns import KINDS
from beyou_analytics.clean.quarantine import WITHHELD, got_sentence, may_show, shown
from beyou_analytics.cli import main
from beyou_analytics.io.sniff import find_header, sniff_container, sniff_encoding
from beyou_analytics.privacy import (
    IDENTIFIER_COLUMNS,
    IDENTIFIER_HEADERS,
    fold_header,
    is_identifier_header,
    normalise_patient_id,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data_samples" / "export"
FIXTURE = ROOT / "tests" / "fixtures" / "exports" / "practice"
MIN_LENGTH = 5  # shorter values ("ok", "06") could match innocent text by chance


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" P-0012345", "12345"), ("p0012345", "12345"), ("P 12 345", "12345"),
        ("0000123", "123"), ("12345.0", "12345"), ("p-7", "7"), ("\u00a012\u00a0", "12"),
    ],
)
def test_patient_numbers_are_normalised(raw: str, expected: str) -> None:
    assert normalise_patient_id(pd.Series([raw])).tolist() == [expected]


@pytest.mark.parametrize("raw", ["", "0", "P-", "Jansen", "12a", "1e3", "12.5", "-12", None])
def test_anything_else_is_not_a_patient_number(raw: str | None) -> None:
    assert normalise_patient_id(pd.Series([raw], dtype="str")).isna().all()


def test_normalising_keeps_index_and_dtype() -> None:
    values = pd.Series(["P-01", "x"], index=[10, 20])
    result = normalise_patient_id(values)
    assert result.index.tolist() == [10, 20]
    assert pd.api.types.is_string_dtype(result)


def test_identifier_headers_are_recognised_in_any_spelling() -> None:
    for header in [*IDENTIFIER_COLUMNS, "E-mail adres", "TELEFOONNUMMER", " opmerkingen "]:
        assert is_identifier_header(header), header
    assert not is_identifier_header("Pijn nu")


def test_no_export_kind_reads_an_identifier_column() -> None:
    """The whitelists exclude every identifier spelling; only the episodes export reads the
    birth date (for the age), and it is marked sensitive."""
    identifiers = {h for headers in IDENTIFIER_HEADERS.values() for h in headers}
    birth = set(IDENTIFIER_HEADERS["birth_date"])
    for kind in KINDS.values():
        for column in kind.columns:
            overlap = column.spellings & identifiers
            if column.name == "birth_date":
                assert kind.name == "episodes" and column.sensitive and overlap <= birth
            else:
                assert not overlap, (kind.name, column.name, overlap)


def test_fold_header_is_stable() -> None:
    assert fold_header("Patiëntnummer") == fold_header(" patientNUMMER ") == "patientnummer"


# --- leak tests ----------------------------------------------------------------------------


def _raw_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    if sniff_container(raw[:65536], file=path.name) == "xlsx":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        rows = []
        for name in book.sheet_names:
            cells = book.get_sheet_by_name(name).to_python()
            if cells:
                header = [str(c) for c in cells[0]]
                rows += [dict(zip(header, map(str, r), strict=False)) for r in cells[1:]]
        return rows
    encoding = sniff_encoding(raw, file=path.name)
    header = find_header(raw.decode(encoding), file=path.name)
    reader = csv.reader(io.StringIO(raw.decode(encoding), newline=""), delimiter=header.delimiter)
    records = list(reader)[header.line:]
    names = [c.strip() for c in records[0]]
    return [dict(zip(names, r, strict=False)) for r in records[1:]]


def identifier_values(export: Path) -> set[str]:
    """Every value of an identifier column in the raw files (as typed, stripped)."""
    values = set()
    for path in sorted(export.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            for row in _raw_rows(path):
                for header, value in row.items():
                    text = str(value).strip()
                    if is_identifier_header(header) and len(text) >= MIN_LENGTH:
                        values.add(text)
    return values


def store_text(store: Path) -> str:
    """Every string in the store: all text cells, column names, metadata and quality.json."""
    parts = [(store / "quality.json").read_text(encoding="utf-8")]
    for file in sorted(store.glob("*.parquet")):
        table = pq.read_table(file)
        parts.append(json.dumps({k.decode(errors="replace"): v.decode(errors="replace")
                                 for k, v in (table.schema.metadata or {}).items()}))
        frame = table.to_pandas()
        parts.append(" ".join(frame.columns))
        for column in frame.columns:
            if pd.api.types.is_string_dtype(frame[column]):
                parts.append("\n".join(frame[column].dropna().unique().tolist()))
    return "\n".join(parts)


def leaks(values: set[str], text: str) -> list[str]:
    return sorted(v for v in values if v in text)


def _clean_with_cli(export: Path, store: Path, capsys: pytest.CaptureFixture) -> str:
    try:
        main(["clean", str(export), "--store", str(store), "--as-of", "2026-10-31"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.mark.parametrize("export", [FIXTURE, SAMPLES], ids=["fixture", "sample_export"])
def test_no_identifier_reaches_the_store_or_the_output(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert export.is_dir(), f"{export} is missing (the sample export is made by 'make samples')"
    values = identifier_values(export)
    assert len(values) >= 10, "the export should carry identifiers for this test to mean much"
    # The search itself works: the raw export contains what we look for.
    raw_text = "\n".join(p.read_bytes().decode("utf-8", "replace") for p in export.iterdir()
                         if p.is_file() and p.suffix == ".csv")
    assert leaks(values, raw_text) or not raw_text

    store = tmp_path / "store"
    output = _clean_with_cli(export, store, capsys)
    assert "Store" in output
    assert leaks(values, store_text(store)) == []
    assert leaks(values, output) == []


def test_the_leak_search_would_find_a_leak(tmp_path: Path) -> None:
    """Guard against a test that cannot fail: a planted name is found."""
    values = identifier_values(FIXTURE)
    name = "Johanna de Vries"
    assert name in values
    frame = pd.DataFrame({"reason": [f"got '{name}', expected a number"]})
    frame.to_parquet(tmp_path / "quarantine.parquet")
    (tmp_path / "quality.json").write_text("{}")
    assert leaks(values, store_text(tmp_path)) == [name]


def test_identifiers_typed_into_value_cells_are_withheld_from_the_quarantine(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    # The contract lists a cleared value in the quarantine; a name, e-mail, phone number,
    # address or free text typed where a measure, date or answer belongs must not be.
    typed = ["Piet Pietersen", "piet@example.nl", "06-12345678", "Dorpsstraat 12",
             "belde over de oefeningen van gisteren"]
    export = tmp_path / "export"
    export.mkdir()
    (export / "episodes.csv").write_text(
        "Patiëntnummer;Therapeut;Startdatum;Einddatum\n12;Anna;05-01-2026;\n", encoding="utf-8")
    rows = [f"12;{10 + i:02d}-01-2026;{value};3;{value}" for i, value in enumerate(typed)]
    (export / "checkins.csv").write_text(
        "Patiëntnummer;Datum;Pijn nu;Stress;Oefeningen gedaan\n" + "\n".join(rows) + "\n"
        "12;Jan de Vries;4;3;ja\n12;20-01-2026;n.v.t.;3;misschien\n", encoding="utf-8")
    store = tmp_path / "store"
    output = _clean_with_cli(export, store, capsys)
    assert leaks({*typed, "Jan de Vries"}, store_text(store) + output) == []
    quarantine = pd.read_parquet(store / "quarantine.parquet")
    assert (quarantine["value"] == WITHHELD).sum() == 2 * len(typed) + 1
    # Values that are plainly values stay shown: they tell the practice what to fix.
    assert {"n.v.t.", "misschien"} <= set(quarantine["value"].dropna())


# --- what the quarantine shows of a bad value (a whitelist) --------------------------------

# Typed where a measure, date, code or answer belongs: each could identify a person.
IDENTIFYING = [
    "JANSEN", "Gerrit Özdemir", "1234 AB Amsterdam", "123.456.782", "123456782", "123 456 782",
    "jan de vries", "Jansen", "Jan", "de Vries", "J. Jansen", "Mw. Jansen", "Émile Dubois",
    "Markt 5", "Utrecht", "belde over knie", "pijn was erg", "Kees", "Piet", "1234AB",
    "06-12345678", "+31 6 12345678", "0612345678", "piet@example.nl", "Dorpsstraat 12",
    "Piet Pietersen", "Иван", "Min", "HADS", "NDI", "99999999999999999999",
]
# Values that cannot identify anyone: shown, because they tell the practice what to fix.
HARMLESS = [
    "11", "4,5", "-1", "6.5", "12,5-13,5", "?", "—", "-", "n.v.t.", "N.V.T.", "nvt", "n/a",
    "ja", "Nee", "yes", "J", "onbekend", "geen", "x", "misschien", "weet ik niet",
    "01-11-2026 21:34", "2026-03-05T10:00", "31-02-2026", "6 uur", "30 min", "2/3", "4 en 5",
    "V3", "46097", "Tampa", "TSK-17", "Pijnscore", "Tampa Schaal voor Kinesiofobie",
]


@pytest.mark.parametrize("value", IDENTIFYING)
def test_a_value_that_may_identify_a_person_is_withheld(value: str) -> None:
    assert not may_show(value)
    assert shown(pd.Series([value])).tolist() == [WITHHELD]
    sentence = got_sentence(pd.Series([value]), "a number from 0 to 10")[0]
    assert sentence == "expected a number from 0 to 10 (value withheld: may identify a person)"


@pytest.mark.parametrize("value", HARMLESS)
def test_a_value_that_cannot_identify_anyone_is_shown(value: str) -> None:
    assert may_show(value)
    assert shown(pd.Series([value])).tolist() == [value]
    assert got_sentence(pd.Series([value]), "x")[0] == f"got '{value}', expected x"


def test_identifiers_in_every_kind_of_value_cell_are_withheld(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """Each identifying value typed into each kind of cell: a measure, a yes/no, a date, a
    category, a count, an instrument, an item and an answer (wide and long form)."""
    export = tmp_path / "export"
    export.mkdir()
    names = IDENTIFYING[:20]
    (export / "episodes.csv").write_bytes((
        "Patiëntnummer;Geslacht;Therapeut;Startdatum;Einddatum;Diagnosecode;"
        "Aantal behandelingen\n"
        + "".join(f"{100 + i};{v};Anna;01-01-2026;{v};{v};{v}\n" for i, v in enumerate(names))
        + "12345;V;Anna;01-01-2026;;;\n").encode("cp1252"))
    (export / "checkins.csv").write_text(
        "Patiëntnummer;Datum;Pijn nu;Slaapuren;Oefeningen gedaan\n"
        + "".join(f"12345;{i + 1:02d}-03-2026;{v};{v};{v}\n" for i, v in enumerate(names))
        + "".join(f"12345;{v};1;1;ja\n" for v in names)
        + "12345;01-11-2026 21:34;1;1;ja\n", encoding="utf-8")
    (export / "wide.csv").write_text(
        "Patiëntnummer;Vragenlijst;Meetmoment;Ingevuld op;V1;V2\n"
        + "".join(f"12345;{v};intake;02-04-2026;1;1\n" for v in names)
        + "".join(f"12345;NPRS;{v};{i + 1:02d}-05-2026;{v};\n" for i, v in enumerate(names)),
        encoding="utf-8")
    (export / "long.csv").write_text(
        "Patiëntnummer;Vragenlijst;Ingevuld op;Item;Antwoord\n"
        + "".join(f"12345;ODI;{i + 1:02d}-06-2026;1;{v}\n" for i, v in enumerate(names))
        + "".join(f"12345;ODI;{i + 1:02d}-07-2026;{v};1\n" for i, v in enumerate(names)),
        encoding="utf-8")
    store = tmp_path / "store"
    output = _clean_with_cli(export, store, capsys)
    assert leaks(set(names), store_text(store) + output) == []
    quarantine = pd.read_parquet(store / "quarantine.parquet")
    shown_values = set(quarantine["value"].dropna())
    assert shown_values == {WITHHELD, "01-11-2026 21:34"}
    future = quarantine.loc[quarantine["value"] == "01-11-2026 21:34", "reason"]
    assert future.tolist() == ["got '01-11-2026 21:34', expected a date up to 31-10-2026"]
    assert quarantine.loc[quarantine["value"] == WITHHELD, "reason"].str.endswith(
        "(value withheld: may identify a person)").all()
