"""``beyou report ...``: where to open the result, the failure table, exit statuses 0/1/2."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_reports_support import fixture_notebooks, tiny_store

from beyou_analytics.cli import main


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tiny_store(tmp_path / "store")
    notebooks = fixture_notebooks(tmp_path / "nb", fail_for_patient="102")
    monkeypatch.setenv("BEYOU_NOTEBOOKS", str(notebooks))
    monkeypatch.setenv("BEYOU_STORE", str(tmp_path / "store"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as info:
        main(argv)
    return info.value.code


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "batch", "--month", "2026-13"], "the month must be YYYY-MM"),
        (["report", "patient", "--patient-id", "999"], "patient 999 is not in the store"),
        (["report", "patient", "--patient-id", "Jansen"], "'patient_id' parameter"),
        (["report", "caseload", "--therapist", "Nobody"], "therapist 'Nobody' has no episodes"),
        (["report", "monthly", "--month", "2026-10", "--store", "missing"], "no store at"),
        (["report", "research", "--key-file", "no-key"], "key file"),
        (["report", "patient", "--patient-id", "101", "--language", "de"], "nl or en"),
    ],
)
def test_user_mistakes_are_one_line_with_status_2(
    setup: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.e2e
def test_one_patient_report(setup: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["report", "patient", "--patient-id", "P-0101", "--out", "one"]) == 0
    out = capsys.readouterr().out
    assert f"Report: open {setup / 'one' / 'patient-101.html'} in a browser." in out
    assert (setup / "one" / "plotly.min.js").is_file()
    assert (setup / "one" / "notebooks" / "patient-101.ipynb").is_file()
    assert not (setup / "one" / "index.html").exists()


@pytest.mark.e2e
def test_batch_prints_the_index_and_a_failure_table_and_exits_1(
    setup: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run(["report", "batch", "--month", "2026-10", "--out", "reports/{month}",
                 "--jobs", "2", "--no-progress"])
    captured = capsys.readouterr()
    assert code == 1
    assert "5 of 6 reports for 2026-10" in captured.out
    assert f"open {setup / 'reports' / '2026-10' / 'index.html'}" in captured.out
    table = captured.err
    assert "1 report(s) failed" in table
    assert "patient-102" in table and "ZeroDivisionError: division by zero" in table
    assert "5: check_patient" in table
    assert "Traceback" not in table
