"""The monthly batch: the plan from the episodes, parallel rendering, index, idempotent reruns,
and a report opened from disk in headless Chromium with the network off."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
from test_reports_support import fixture_notebooks, tiny_store

from beyou_analytics.reports.batch import (
    BatchResult,
    Job,
    _unique_names,
    open_in_month,
    plan_month,
    render,
    resolve_month,
)
from beyou_analytics.reports.registry import ReportParameterError

NOW = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "today", "month"),
    [
        ("last", date(2026, 11, 1), "2026-10"),
        ("last", date(2027, 1, 31), "2026-12"),
        ("LAST", date(2026, 3, 31), "2026-02"),
        (" 2026-10 ", date(2026, 3, 1), "2026-10"),
    ],
)
def test_resolve_month(text: str, today: date, month: str) -> None:
    assert resolve_month(text, today=today) == month


@pytest.mark.parametrize("bad", ["2026-13", "10-2026", "oktober", "2026-1", ""])
def test_a_bad_month_is_one_line(bad: str) -> None:
    with pytest.raises(ReportParameterError, match=r"YYYY-MM .* or 'last'"):
        resolve_month(bad, today=date(2026, 11, 1))


def test_open_in_month_includes_episodes_touching_either_end() -> None:
    episodes = pd.DataFrame({
        "patient_id": ["a", "b", "c", "d", "e"],
        "start_date": pd.to_datetime(["2026-10-31", "2026-09-01", "2026-11-01", "2025-01-01",
                                      "2026-10-01"]),
        "end_date": pd.to_datetime([None, "2026-10-01", None, "2026-09-30", "2026-10-01"]),
    })
    assert open_in_month(episodes, "2026-10")["patient_id"].tolist() == ["a", "b", "e"]


def test_plan_for_a_month(tmp_path: Path) -> None:
    store = tiny_store(tmp_path / "store")
    notebooks = fixture_notebooks(tmp_path / "notebooks")
    jobs = plan_month(store, "last", today=date(2026, 11, 5), notebooks_dir=notebooks)
    assert [j.name for j in jobs] == [
        "monthly-2026-10",
        "caseload-anne-de-vries", "caseload-bram-jansen",
        "patient-101", "patient-102", "patient-105",
    ]
    assert dict(jobs[0].parameters) == {"store": str(store), "month": "2026-10", "language": "nl"}
    assert dict(jobs[3].parameters) == {
        "store": str(store), "patient_id": "101", "as_of": "2026-10-31", "language": "nl",
    }
    assert jobs[1].parameters["therapist"] == "Anne de Vries"
    assert all(Path(j.notebook).parent == notebooks for j in jobs)


def test_a_month_not_over_yet_reports_up_to_the_data(tmp_path: Path) -> None:
    store = tiny_store(tmp_path / "store")  # last data: 2026-11-01
    jobs = plan_month(store, "2026-11", notebooks_dir=fixture_notebooks(tmp_path / "nb"))
    assert {j.parameters.get("as_of") for j in jobs[1:]} == {"2026-11-01"}


def test_equal_file_names_get_a_suffix() -> None:
    job = Job("caseload", "caseload-anne", "t", "caseloads", "/nb.ipynb", {})
    assert [j.name for j in _unique_names([job, job, job])] == [
        "caseload-anne", "caseload-anne-2", "caseload-anne-3",
    ]


# --- real runs (fixture notebooks, two worker processes) ------------------------------------


@pytest.fixture(scope="module")
def month_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Job], BatchResult]:
    root = tmp_path_factory.mktemp("batch")
    store = tiny_store(root / "store")
    notebooks = fixture_notebooks(root / "notebooks", fail_for_patient="102")
    jobs = plan_month(store, "2026-10", notebooks_dir=notebooks)
    result = render(jobs, root / "out", workers=2, timeout=120, progress=False,
                    heading="2026-10", now=NOW)
    return jobs, result


@pytest.mark.e2e
def test_batch_writes_reports_notebooks_one_plotly_js_and_collects_failures(
    month_run: tuple[list[Job], BatchResult],
) -> None:
    jobs, result = month_run
    out = result.out_dir
    assert [o.job.name for o in result.outcomes] == [j.name for j in jobs]
    assert not result.ok
    [failure] = result.failures
    assert failure.report == "patient-102"
    assert failure.cell.startswith("5: check_patient")
    assert failure.message == "ZeroDivisionError: division by zero"
    html = sorted(p.name for p in out.glob("*.html"))
    rendered = [f"{j.name}.html" for j in jobs if j.name != "patient-102"]
    assert html == sorted(["index.html", *rendered])
    assert sorted(p.name for p in (out / "notebooks").iterdir()) == sorted(
        f"{j.name}.ipynb" for j in jobs
    )  # the failed one too: it holds the traceback
    assert [p.name for p in out.glob("*.js")] == ["plotly.min.js"]
    for outcome in result.outcomes:
        if outcome.failure is None:
            text = outcome.html.read_text(encoding="utf-8")
            assert 0 < outcome.html_bytes <= 300_000
            assert "source-code-must-not-reach-the-html" not in text
            assert "NARRATIVE-MARKER" not in text and "STDERR-MARKER" not in text
            assert 'class="beyou-provenance"' in text


@pytest.mark.e2e
def test_index_groups_and_links_the_reports(month_run: tuple[list[Job], BatchResult]) -> None:
    _, result = month_run
    index = result.index.read_text(encoding="utf-8")
    monthly, caseloads, patients = (
        index.index(f'<section class="{g}">') for g in ("monthly", "caseloads", "patients")
    )
    assert monthly < caseloads < patients
    assert '<a href="patient-101.html">Patiënt 101</a>' in index
    assert '<a href="caseload-anne-de-vries.html">Caseload Anne de Vries</a>' in index
    assert '<li class="failed">Patiënt 102 (mislukt)</li>' in index
    assert "5 van 6 rapporten gelukt" in index
    assert "01-11-2026 06:00 (UTC)" in index
    assert "http" not in index


@pytest.mark.e2e
def test_a_rerun_is_idempotent(month_run: tuple[list[Job], BatchResult]) -> None:
    jobs, first = month_run
    out = first.out_dir
    files_before = sorted(p.relative_to(out) for p in out.rglob("*"))
    index_before = first.index.read_text()
    again = render(jobs, out, workers=1, timeout=120, progress=False, heading="2026-10", now=NOW)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == files_before  # no temp files
    assert again.index.read_text() == index_before
    assert [f.report for f in again.failures] == ["patient-102"]


@pytest.mark.e2e
def test_a_report_opens_offline_in_chromium_with_its_figures_drawn(
    month_run: tuple[list[Job], BatchResult], chromium_path: str
) -> None:
    from conftest import open_offline

    _, result = month_run
    shown = open_offline(chromium_path, result.out_dir / "patient-101.html", timeout=15_000)
    drawn, traces, code = shown["drawn"], shown["traces"], shown["code"]
    outside, errors = shown["outside"], shown["errors"]
    assert drawn >= 2 and traces == 2
    assert code == 0
    assert outside == [] and errors == []


@pytest.mark.e2e
def test_an_export_failure_is_a_failure_of_that_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from beyou_analytics.reports import export

    def broken(self: object, nb: object, **kwargs: object) -> str:
        raise ValueError("template exploded")

    monkeypatch.setattr(export.Exporter, "to_html", broken)
    store = tiny_store(tmp_path / "store")
    jobs = plan_month(store, "2026-10", notebooks_dir=fixture_notebooks(tmp_path / "nb"))[:1]
    result = render(jobs, tmp_path / "out", workers=1, progress=False, index=False)
    [failure] = result.failures
    assert (failure.cell, failure.message) == ("export", "ValueError: template exploded")
    assert not (tmp_path / "out" / "monthly-2026-10.html").exists()
    assert (tmp_path / "out" / "notebooks" / "monthly-2026-10.ipynb").is_file()
