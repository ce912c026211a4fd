"""The de-identified export: dataset + codebook, no identifiers, never into the store, atomic."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from factories import checkins, episode, episodes, outcome, outcomes, score, scores

from beyou_analytics.errors import BeyouError
from beyou_analytics.io.store import write_store
from beyou_analytics.research import CohortFilter, build_cohort, codebook_frame, export_cohort
from beyou_analytics.research.cohort import Cohort
from beyou_analytics.schema import STORE_SCHEMAS, empty_table

KEY = bytes(range(32))
PATIENTS = [str(1000 + i) for i in range(6)]


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    eps = episodes(*[episode(p, "2026-02-02", "2026-05-29", therapist="Anne de Vries")
                     | {"age": 40 + i, "sex": "F", "referral": "gp", "n_sessions": 8,
                        "end_reason": "goal_reached", "diagnosis_code": "3438"}
                     for i, p in enumerate(PATIENTS)])
    sc = scores(*[score(p, "2026-02-02", "NPRS", "2026-02-03", 6.0) for p in PATIENTS])
    out = outcomes(*[outcome(p, "2026-02-02", "NPRS", 6, 3, "improved",
                             baseline_at="2026-02-03", latest_at="2026-05-28") for p in PATIENTS])
    chk = pd.concat([checkins(p, "2026-02-02", pd.date_range("2026-02-02", periods=10),
                              pain_now=5.0) for p in PATIENTS], ignore_index=True)
    tables = {name: empty_table(name) for name in STORE_SCHEMAS}
    tables.update(episodes=eps, scores=sc, outcomes=out, checkins=chk)
    write_store(tables, {"files": []}, tmp_path / "store")
    return tmp_path / "store"


def _cohort(store: Path) -> Cohort:
    from beyou_analytics.io.store import load_store

    s = load_store(store)
    return build_cohort(s.episodes, s.scores, s.outcomes, s.checkins, key=KEY,
                        filters=CohortFilter(min_age=18))


def test_export_writes_every_table_twice_plus_codebook_and_manifest(store: Path,
                                                                    tmp_path: Path) -> None:
    cohort = _cohort(store)
    result = export_cohort(cohort, tmp_path / "export", store_path=store)
    names = sorted(p.name for p in result.path.iterdir())
    assert names == sorted([f"{t}.{ext}" for t in cohort.tables() for ext in ("csv", "parquet")]
                           + ["codebook.md", "manifest.json"])
    for table, frame in cohort.tables().items():
        back = pd.read_parquet(result.path / f"{table}.parquet")
        assert list(back.columns) == list(frame.columns) and len(back) == len(frame)
        assert len(pd.read_csv(result.path / f"{table}.csv")) == len(frame)
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["rows"]["episodes"] == 6 and manifest["filters"] == {"min_age": 18}
    assert manifest["key_fingerprint"] == cohort.key_fingerprint
    book = (result.path / "codebook.md").read_text()
    for table, frame in cohort.tables().items():
        assert f"## `{table}`" in book
        for column in frame.columns:
            assert f"| `{column}` |" in book
    assert result.path.stat().st_mode & 0o077 == 0  # a private folder


def test_no_identifier_reaches_any_exported_file(store: Path, tmp_path: Path) -> None:
    result = export_cohort(_cohort(store), tmp_path / "export", store_path=store)
    for file in result.path.iterdir():
        text = file.read_bytes().decode("utf-8", errors="replace")
        for patient in PATIENTS:
            assert patient not in text, (file.name, patient)
        assert "Anne" not in text and "Vries" not in text, file.name
        assert "2026-02-02" not in text, file.name  # the real start date


def test_export_refuses_the_store_folder_and_its_surroundings(store: Path) -> None:
    cohort = _cohort(store)
    for target in (store, store / "research", store.parent):
        with pytest.raises(BeyouError, match="refusing to export into"):
            export_cohort(cohort, target, store_path=store)
    assert sorted(p.name for p in store.iterdir()) == sorted(
        [f"{t}.parquet" for t in STORE_SCHEMAS] + ["quality.json"])


def test_a_folder_of_other_files_is_never_replaced(store: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.docx").write_text("precious")
    with pytest.raises(BeyouError, match="not empty and holds no earlier research export"):
        export_cohort(_cohort(store), target, store_path=store)
    assert (target / "thesis.docx").read_text() == "precious"


def test_an_earlier_export_is_replaced_whole_and_kept_on_failure(store: Path, tmp_path: Path,
                                                                 monkeypatch) -> None:
    cohort = _cohort(store)
    target = tmp_path / "export"
    export_cohort(cohort, target, store_path=store)
    (target / "stale.csv").write_text("old")
    export_cohort(cohort, target, store_path=store)
    assert not (target / "stale.csv").exists()
    before = (target / "manifest.json").read_text()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", broken)
    with pytest.raises(OSError, match="disk full"):
        export_cohort(cohort, target, store_path=store)
    assert (target / "manifest.json").read_text() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export.")]


def test_a_column_without_a_codebook_entry_stops_the_export(store: Path) -> None:
    cohort = _cohort(store)
    odd = Cohort(cohort.episodes.assign(mystery=1), cohort.scores, cohort.outcomes,
                 cohort.weekly)
    with pytest.raises(BeyouError, match=r"episodes\.mystery has no codebook entry"):
        codebook_frame(odd)
