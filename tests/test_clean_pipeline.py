"""``clean_exports`` and ``beyou clean``: the equation, quality.json, idempotency, overlapping
exports, atomic replacement of the store and the command's output."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from factories import workbook_with_a_bad_sheet

from beyou_analytics.clean import clean_exports
from beyou_analytics.cli import main
from beyou_analytics.errors import BadFileError, StoreError
from beyou_analytics.io import store as store_module
from beyou_analytics.io.store import load_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "exports" / "practice"
AS_OF = dt.date(2026, 10, 31)


def store_bytes(store: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.iterdir())}


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory):
    store = tmp_path_factory.mktemp("fixture") / "store"
    return clean_exports(FIXTURE, store, as_of=AS_OF), store


def test_every_row_is_accounted_for(fixture_store) -> None:
    result, store = fixture_store
    quarantine = load_store(store).quarantine
    for account in result.files:
        assert account.balanced, account
        rows = quarantine[quarantine["source_file"] == account.file]
        assert (rows["action"] == "rejected_row").sum() == account.rows_rejected
        assert (rows["action"] == "removed_duplicate").sum() == account.duplicates_removed
        assert (rows["action"] == "cleared_value").sum() == account.values_cleared
    assert [(a.file, a.equation) for a in result.files] == [
        ("app_checkins.csv", "11 = 6 + 4 + 1"), ("behandelepisodes.csv", "4 = 4 + 0 + 0"),
        ("vragenlijsten.csv", "7 = 6 + 1 + 0"), ("vragenlijsten_lang.csv", "6 = 4 + 1 + 1")]


def test_quality_json(fixture_store) -> None:
    result, store = fixture_store
    quality = json.loads((store / "quality.json").read_text(encoding="utf-8"))
    assert quality == result.quality
    entry = quality["files"][0]
    assert set(entry) == {"file", "kind", "encoding", "delimiter", "rows_in", "rows_stored",
                          "rows_rejected", "duplicates_removed", "values_cleared",
                          "blank_lines", "balanced"}
    assert (entry["kind"], entry["encoding"], entry["delimiter"]) == ("checkins", "cp1252", ";")
    assert quality["totals"]["balanced"] is True
    assert quality["tables"] == {name: len(load_store(store).table(name))
                                 for name in quality["tables"]}
    assert sum(quality["reasons"].values()) == len(load_store(store).quarantine)
    assert "2026" not in json.dumps({k: v for k, v in quality.items() if k != "files"})


def test_quarantine_rows_say_where_and_why(fixture_store) -> None:
    _, store = fixture_store
    quarantine = load_store(store).quarantine
    row = quarantine[quarantine["reason_code"] == "out_of_range"].iloc[0]
    assert (row["source_file"], row["source_row"], row["field"], row["value"]) == (
        "app_checkins.csv", 5, "Pijn nu", "11")
    assert row["reason"] == "got '11', expected a number from 0 to 10"
    assert quarantine["reason"].notna().all()


def test_cleaning_twice_gives_the_same_bytes(tmp_path: Path, fixture_store) -> None:
    _, first = fixture_store
    again = tmp_path / "again"
    clean_exports(FIXTURE, again, as_of=AS_OF)
    assert store_bytes(again) == store_bytes(first)
    clean_exports(FIXTURE, again, as_of=AS_OF)  # over an existing store
    assert store_bytes(again) == store_bytes(first)


def test_an_overlapping_export_does_not_double_count(tmp_path: Path, fixture_store) -> None:
    _, first = fixture_store
    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    shutil.copy(export / "app_checkins.csv", export / "app_checkins_reexport.csv")
    shutil.copy(export / "vragenlijsten.csv", export / "vragenlijsten_reexport.csv")
    result = clean_exports(export, tmp_path / "store", as_of=AS_OF)
    before, after = load_store(first), load_store(tmp_path / "store")
    for table in ("episodes", "checkins", "questionnaire_items", "scores", "outcomes"):
        pd.testing.assert_frame_equal(before.table(table), after.table(table))
    copy = next(a for a in result.files if a.file == "app_checkins_reexport.csv")
    assert copy.rows_stored == 0 and copy.balanced
    reasons = after.quarantine[after.quarantine["source_file"] == "app_checkins_reexport.csv"]
    assert set(reasons["reason_code"]) == {"already_in_another_file", "exact_duplicate"}


def test_a_failed_write_leaves_the_previous_store(
    tmp_path: Path, fixture_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, first = fixture_store
    store = tmp_path / "store"
    shutil.copytree(first, store)
    before = store_bytes(store)
    written = []

    def failing_write(frame: pd.DataFrame, path: Path) -> None:
        if len(written) == 2:
            raise OSError("disk full")
        written.append(path.name)
        real_write(frame, path)

    real_write = store_module._write_parquet
    monkeypatch.setattr(store_module, "_write_parquet", failing_write)
    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    (export / "app_checkins.csv").unlink()  # the new store would differ
    with pytest.raises(OSError, match="disk full"):
        clean_exports(export, store, as_of=AS_OF)
    assert written == ["episodes.parquet", "checkins.parquet"]  # it did fail mid-way
    assert store_bytes(store) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "store"]


def test_a_bad_file_leaves_the_previous_store(tmp_path: Path, fixture_store) -> None:
    _, first = fixture_store
    store = tmp_path / "store"
    shutil.copytree(first, store)
    before = store_bytes(store)
    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    (export / "zz_notes.txt").write_text("Bel Johanna de Vries terug\n")
    with pytest.raises(BadFileError, match=r"zz_notes\.txt: not a recognised export"):
        clean_exports(export, store, as_of=AS_OF)
    assert store_bytes(store) == before


@pytest.mark.parametrize("where", ["folder with notes", "the export folder",
                                   "the export's parent", "a file"])
def test_the_store_never_replaces_anything_but_a_store(where: str, tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "important.txt").write_text("keep")
    (tmp_path / "file.txt").write_text("keep")
    target = {"folder with notes": notes, "the export folder": export,
              "the export's parent": tmp_path, "a file": tmp_path / "file.txt"}[where]
    before = {p: p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file()}
    with pytest.raises(StoreError, match=r"cannot write a store .*(is a file|not part of "
                                         r"a store)"):
        clean_exports(export, target, as_of=AS_OF)
    assert {p: p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "file.txt", "notes"]


def test_an_empty_folder_or_an_earlier_store_takes_the_store(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    clean_exports(FIXTURE, tmp_path / "store", as_of=AS_OF)
    first = store_bytes(tmp_path / "store")
    clean_exports(FIXTURE, tmp_path / "store", as_of=AS_OF)
    assert store_bytes(tmp_path / "store") == first


def test_missing_or_empty_export_folder(tmp_path: Path) -> None:
    with pytest.raises(BadFileError, match="no such export folder"):
        clean_exports(tmp_path / "nope", tmp_path / "store")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BadFileError, match="holds no files"):
        clean_exports(tmp_path / "empty", tmp_path / "store")


def test_progress_bar_on_request(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    clean_exports(FIXTURE, tmp_path / "store", as_of=AS_OF, progress=True)
    assert "step" in capsys.readouterr().err


def test_sample_export_balances(sample_store: Path) -> None:
    quality = load_store(sample_store).quality
    assert quality["totals"]["balanced"] and quality["files"]
    assert all(entry["balanced"] for entry in quality["files"])


# --- the command ---------------------------------------------------------------------------


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_prints_the_equation_per_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(["clean", str(FIXTURE), "--store", str(tmp_path / "s"),
                          "--as-of", "2026-10-31"], capsys)
    assert code == 0 and err == ""
    assert "app_checkins.csv" in out and "11 = 6 + 4 + 1" in out and "✓" in out
    assert "28 = 20 + 6 + 2" in out  # the total
    assert "out_of_range" in out and "already_in_another_file" in out


def test_cli_bad_file_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    (export / "leeg.csv").write_bytes(b"")
    code, out, err = run(["clean", str(export), "--store", str(tmp_path / "s")], capsys)
    assert code == 2 and out == ""
    assert err == "error: leeg.csv: the file is empty\n"
    code, out, err = run(["clean", str(export), "--store", str(tmp_path / "s"),
                          "--skip-bad-files", "--as-of", "2026-10-31"], capsys)
    assert code == 0 and "skipped leeg.csv: the file is empty" in out


def test_cli_refuses_a_store_folder_holding_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "notes.txt").write_text("keep")
    code, out, err = run(["clean", str(FIXTURE), "--store", str(tmp_path)], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"error: cannot write a store into {tmp_path.resolve()} (it holds 1 "
                          "file or folder that is not part of a store); nothing was written")
    assert (tmp_path / "notes.txt").read_text() == "keep"


def test_cli_a_workbook_sheet_fitting_no_kind_is_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    export = tmp_path / "export"
    export.mkdir()
    workbook_with_a_bad_sheet(export / "all.xlsx")
    code, out, err = run(["clean", str(export), "--store", str(tmp_path / "s")], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("error: all.xlsx [Checkins2]: not a recognised export")
    assert not (tmp_path / "s").exists()
    # Skipped, the sheet is listed and the other sheets are read; the legend is named.
    code, out, err = run(["clean", str(export), "--store", str(tmp_path / "s"),
                          "--skip-bad-files", "--as-of", "2026-10-31"], capsys)
    assert code == 0 and err == ""
    assert "skipped all.xlsx [Checkins2]: not a recognised export" in out
    assert "ignored sheet Legenda of all.xlsx: no patient-number column" in out
    quality = load_store(tmp_path / "s").quality
    assert quality["skipped_files"][0]["file"] == "all.xlsx [Checkins2]"
    assert quality["ignored_sheets"] == [{"file": "all.xlsx", "sheet": "Legenda"}]
    assert quality["tables"]["episodes"] == 1


def test_cli_carriage_returns_never_give_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    (export / "mac.csv").write_bytes(
        "Patiëntnummer;Datum;Pijn nu\r12;10-03-2026;5\r".encode("cp1252"))
    (export / "split.csv").write_bytes(b"Patientnummer;Datum\r;Pijn nu\n12;11-03-2026;5\n")
    code, out, err = run(["clean", str(export), "--store", str(tmp_path / "s"),
                          "--as-of", "2026-10-31"], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("error: split.csv: not a recognised export")
    code, out, err = run(["clean", str(export), "--store", str(tmp_path / "s"),
                          "--as-of", "2026-10-31", "--skip-bad-files"], capsys)
    assert code == 0 and err == "" and "skipped split.csv" in out
    mac = next(f for f in load_store(tmp_path / "s").quality["files"] if f["file"] == "mac.csv")
    assert (mac["rows_in"], mac["balanced"]) == (1, True)


def test_cli_file_names_are_printed_as_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    # Square brackets in a name are not the terminal's markup: the name is printed whole.
    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    (export / "app_checkins.csv").rename(export / "app_checkins [oud].csv")
    (export / "notes [bold].txt").write_text("Gebeld over de afspraak\n")
    code, out, err = run(["clean", str(export), "--store", str(tmp_path / "s"),
                          "--as-of", "2026-10-31", "--skip-bad-files"], capsys)
    assert code == 0 and err == ""
    assert "app_checkins [oud].csv" in out and "skipped notes [bold].txt" in out
