"""The report registry: parameters as data, one-sentence errors, output names, store checks."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from beyou_analytics.errors import KeyFileError, NotFoundError
from beyou_analytics.reports.registry import (
    ReportParameterError,
    check_against_store,
    get_report,
    iter_reports,
    notebooks_home,
    slug,
)

EPISODES = pd.DataFrame({"patient_id": ["101", "102"], "therapist": ["Anne de Vries", "Bram"],
                         "start_date": pd.to_datetime(["2026-01-05", "2026-03-02"])})


def test_every_kind_is_registered_with_its_notebook() -> None:
    kinds = {spec.kind: spec.notebook for spec in iter_reports()}
    assert kinds == {
        "patient": "patient_progress.ipynb",
        "caseload": "caseload.ipynb",
        "monthly": "monthly_report.ipynb",
        "research": "research_exploration.ipynb",
    }


def test_unknown_kind_is_one_sentence_naming_it() -> None:
    with pytest.raises(NotFoundError) as info:
        get_report("weekly")
    message = str(info.value)
    assert "'weekly'" in message and "patient, caseload, monthly, research" in message
    assert "\n" not in message


@pytest.mark.parametrize("given", ["123", " 0123", "P-0123", "p123"])
def test_patient_numbers_are_normalised_like_the_store(given: str) -> None:
    params = get_report("patient").validate({"store": "/s", "patient_id": given})
    assert params["patient_id"] == "123"


@pytest.mark.parametrize(
    ("kind", "values", "fragment"),
    [
        ("patient", {"store": "/s", "patient_id": "Jansen"}, "'patient_id' parameter"),
        ("patient", {"store": "/s", "patient_id": "12", "as_of": "31-10-2026"}, "YYYY-MM-DD"),
        ("patient", {"store": "/s", "patient_id": "12", "as_of": "2026-02-30"}, "YYYY-MM-DD"),
        ("patient", {"store": "/s", "patient_id": "12", "language": "de"}, "nl or en"),
        ("patient", {"store": "/s"}, "needs the parameter 'patient_id'"),
        ("monthly", {"store": "/s", "month": "2026-13"}, "a month YYYY-MM"),
        ("caseload", {"store": "/s", "therapist": "  "}, "needs the parameter 'therapist'"),
        ("research", {"store": "/s", "key_file": "/k", "min_age": "old"}, "whole number"),
        ("patient", {"store": "/s", "patient_id": "1", "month": "2026-10"}, "no parameter 'month'"),
    ],
)
def test_bad_parameters_give_one_line_naming_the_parameter(
    kind: str, values: dict, fragment: str
) -> None:
    with pytest.raises(ReportParameterError) as info:
        get_report(kind).validate(values)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)
    assert info.value.exit_code == 2


def test_defaults_are_filled_and_paths_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    params = get_report("research").validate({"store": "store", "key_file": "key.txt"})
    assert params == {
        "store": str(tmp_path / "store"),
        "key_file": str(tmp_path / "key.txt"),
        "start_from": "",
        "start_to": "",
        "therapist": "",
        "min_age": None,
        "max_age": None,
        "export_dir": "",
        "language": "nl",
    }


def test_store_comes_from_the_environment_when_not_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEYOU_STORE", str(tmp_path / "env-store"))
    params = get_report("monthly").validate({"month": "2026-10"})
    assert params["store"] == str(tmp_path / "env-store")
    monkeypatch.delenv("BEYOU_STORE")
    with pytest.raises(ReportParameterError, match="'store' parameter"):
        get_report("monthly").validate({"month": "2026-10"})


def test_output_names_and_titles() -> None:
    caseload = get_report("caseload")
    params = caseload.validate({"store": "/s", "therapist": "Noëlle van den Berg"})
    assert caseload.output_name(params) == "caseload-noelle-van-den-berg"
    assert caseload.title(params, "en") == "Caseload Noëlle van den Berg"
    monthly = get_report("monthly")
    params = monthly.validate({"store": "/s", "month": "2026-10", "language": "en"})
    assert monthly.output_name(params) == "monthly-2026-10"
    assert monthly.title(params, "nl") == "Maandrapport oktober 2026"
    assert monthly.title(params, "en") == "Monthly report October 2026"


def test_slug_is_file_name_safe() -> None:
    assert slug("Anne-Marie  de Vries") == "anne-marie-de-vries"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("!!!") == "unnamed"


def test_store_checks_reject_unknown_patient_therapist_and_month(tmp_path: Path) -> None:
    store = SimpleNamespace(episodes=EPISODES, data_date=pd.Timestamp("2026-10-31"))
    patient = get_report("patient")
    check_against_store(patient, {"patient_id": "101"}, store)
    with pytest.raises(NotFoundError, match="patient 999 is not in the store"):
        check_against_store(patient, {"patient_id": "999"}, store)
    with pytest.raises(NotFoundError, match="therapist 'Nobody'"):
        check_against_store(get_report("caseload"), {"therapist": "Nobody"}, store)
    monthly = get_report("monthly")
    check_against_store(monthly, {"month": "2026-10"}, store)
    with pytest.raises(NotFoundError, match=r"no data of 2026-11: .* clean a newer export"):
        check_against_store(monthly, {"month": "2026-11"}, store)
    with pytest.raises(KeyFileError, match="does not exist"):
        check_against_store(get_report("research"), {"key_file": str(tmp_path / "k")}, store)
    (tmp_path / "short.key").write_text("abcd")
    with pytest.raises(KeyFileError, match="at least 32 are needed"):
        check_against_store(get_report("research"), {"key_file": str(tmp_path / "short.key")},
                            store)


def test_notebooks_are_found_in_the_repo_or_through_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BEYOU_NOTEBOOKS", raising=False)
    assert notebooks_home() == Path(__file__).resolve().parents[1] / "notebooks"
    monkeypatch.setenv("BEYOU_NOTEBOOKS", str(tmp_path))
    assert notebooks_home() == tmp_path
    with pytest.raises(NotFoundError, match="BEYOU_NOTEBOOKS"):
        get_report("patient").notebook_path()
    (tmp_path / "patient_progress.ipynb").write_text("{}")
    assert get_report("patient").notebook_path() == tmp_path / "patient_progress.ipynb"
