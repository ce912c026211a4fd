"""The real report notebooks (notebooks/*.ipynb) on the store cleaned from data_samples/.

Each notebook runs through papermill in the batch machinery; its HTML shows no code, none of
the sample export's identifiers (names, e-mail, phone, BSN, address, free text, birth date)
and ends with the provenance (store snapshot, package version); the research report shows no
patient number at all; a patient report opens offline in Chromium with its figures drawn.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import papermill
import pytest
from conftest import SAMPLES, open_offline

from beyou_analytics import __version__
from beyou_analytics.io.store import load_store
from beyou_analytics.privacy import IDENTIFIER_HEADERS, fold_header
from beyou_analytics.reports.batch import BatchResult, make_job, plan_month, render
from beyou_analytics.reports.registry import iter_reports
from beyou_analytics.research import write_key_file

pytestmark = pytest.mark.e2e
IDENTIFYING = {h for kind, headers in IDENTIFIER_HEADERS.items() for h in headers}
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)


def _export_frames() -> list[pd.DataFrame]:
    frames = []
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix.lower() == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            for sheet in book.worksheets:
                rows = list(sheet.iter_rows(values_only=True))
                if rows:
                    frames.append(pd.DataFrame(rows[1:], columns=[str(c) for c in rows[0]]))
        elif path.suffix.lower() in {".csv", ".txt"}:
            raw = path.read_bytes()
            text = raw.decode("utf-8-sig") if _is_utf8(raw) else raw.decode("cp1252")
            from io import StringIO

            frames.append(pd.read_csv(StringIO(text), sep=None, engine="python", dtype=str))
    return frames


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sample_identifiers(exclude: set[str]) -> set[str]:
    """Every identifying value of the sample exports (long enough to be unambiguous)."""
    values: set[str] = set()
    for frame in _export_frames():
        for column in frame.columns:
            if fold_header(column) not in IDENTIFYING:
                continue
            for value in frame[column].dropna():
                if isinstance(value, pd.Timestamp | date):
                    stamp = pd.Timestamp(value)
                    values |= {stamp.strftime("%Y-%m-%d"), stamp.strftime("%d-%m-%Y")}
                elif len(str(value).strip()) >= 6:
                    values.add(str(value).strip())
    return values - exclude


def _phrases(markdown: str) -> list[str]:
    """Runs of plain text (>= 30 characters) of a markdown cell, as they would be rendered."""
    return [part.strip() for part in re.split(r"[`*_\[\]()#<>\n]", markdown)
            if len(part.strip()) >= 30]


@pytest.fixture(scope="module")
def rendered(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> BatchResult:
    """A monthly report, a caseload, two patients and the research report, on two workers."""
    root = tmp_path_factory.mktemp("real")
    store = load_store(sample_store)
    month = store.data_date.strftime("%Y-%m")
    plan = plan_month(sample_store, month)
    jobs = [
        plan[0],
        next(j for j in plan if j.kind == "caseload"),
        *[j for j in plan if j.kind == "patient"][:2],
    ]
    key = write_key_file(root / "practice.key")
    jobs.append(make_job("research", {"store": sample_store, "key_file": key,
                                      "export_dir": root / "research-export"}))
    return render(jobs, root / "out", workers=2, timeout=300, progress=False, heading=month)


def test_the_registry_declares_each_notebooks_parameters() -> None:
    for spec in iter_reports():
        declared = papermill.inspect_notebook(str(spec.notebook_path()))
        assert set(declared) == {p.name for p in spec.params}, spec.notebook


def test_every_notebook_runs_through_papermill(rendered: BatchResult) -> None:
    assert rendered.failures == []
    assert {o.job.kind for o in rendered.outcomes} == {"monthly", "caseload", "patient", "research"}
    for outcome in rendered.outcomes:
        assert outcome.html is not None and outcome.html.is_file()
        assert outcome.html_bytes <= 300_000, (outcome.job.name, outcome.html_bytes)


def test_html_has_no_code_no_narrative_and_ends_with_provenance(
    rendered: BatchResult, sample_store: Path
) -> None:
    snapshot = load_store(sample_store).snapshot
    for outcome in rendered.outcomes:
        page = outcome.html.read_text(encoding="utf-8")
        source = papermill.iorw.load_notebook_node(outcome.job.notebook)
        text = SCRIPT.sub("", page)
        assert "jp-InputArea" not in page and "highlight" not in text
        for cell in source.cells:
            if cell.cell_type == "code":
                for line in cell.source.splitlines():
                    code = line.strip()
                    if code and not code.startswith("#"):
                        assert code not in text, (outcome.job.name, code)
            elif "narrative" in cell.metadata.get("tags", []):
                for phrase in _phrases(cell.source):
                    assert phrase not in text, (outcome.job.name, phrase)
        assert snapshot in page and __version__ in page, outcome.job.name
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)


def test_html_shows_none_of_the_sample_identifiers(
    rendered: BatchResult, sample_store: Path
) -> None:
    therapists = set(load_store(sample_store).episodes["therapist"].dropna())
    identifiers = sample_identifiers(exclude=therapists)
    assert len(identifiers) > 100  # the check looks at something
    for outcome in rendered.outcomes:
        page = outcome.html.read_text(encoding="utf-8")
        found = sorted(v for v in identifiers if v in page)
        assert found == [], (outcome.job.name, len(found))


def test_the_research_report_shows_no_patient_number(
    rendered: BatchResult, sample_store: Path
) -> None:
    [research] = [o for o in rendered.outcomes if o.job.kind == "research"]
    text = SCRIPT.sub("", research.html.read_text(encoding="utf-8"))
    numbers = set(load_store(sample_store).episodes["patient_id"])
    shown = {n for n in numbers if re.search(rf"(?<![\w.]){n}(?![\w.])", text)}
    assert shown == set()


def test_a_patient_report_opens_offline_with_its_figures(
    rendered: BatchResult, chromium_path: str
) -> None:
    report = next(o.html for o in rendered.outcomes if o.job.kind == "patient")
    shown = open_offline(chromium_path, report)
    figures, drawn = shown["figures"], shown["drawn"]
    outside, errors = shown["outside"], shown["errors"]
    assert figures >= 1 and drawn >= figures
    assert outside == [] and errors == []
    assert shown["modebar"] > 0 and shown["share"] == 0  # no "Share chart" to Plotly Cloud


def test_every_patient_a_caseload_links_to_is_in_the_months_plan(sample_store: Path) -> None:
    from beyou_analytics.views.caseload.data import load_caseload

    store = load_store(sample_store)
    month = store.data_date.strftime("%Y-%m")
    plan = plan_month(sample_store, month)
    planned = {j.parameters["patient_id"] for j in plan if j.kind == "patient"}
    linked_to_ended = set()
    for job in (j for j in plan if j.kind == "caseload"):
        caseload = load_caseload(store, job.parameters["therapist"],
                                 as_of=pd.Timestamp(job.parameters["as_of"]))
        linked = set(caseload.rows["patient_id"]) | set(caseload.flags["patient_id"])
        assert linked <= planned, (job.name, sorted(linked - planned))
        linked_to_ended |= set(caseload.flags.loc[caseload.flags["ended"], "patient_id"])
    assert linked_to_ended, "the sample month should show flags of ended episodes"
