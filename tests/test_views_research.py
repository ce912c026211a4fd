"""The research page: pseudonymised output only, small cells hidden, key required."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from IPython.display import HTML

from beyou_analytics.errors import KeyFileError
from beyou_analytics.research import write_key_file
from beyou_analytics.views import page as page_module
from beyou_analytics.views import research as view

SECTIONS = ("header", "cohort", "distributions", "change", "model", "export", "footer")


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from beyou_analytics.clean import clean_exports
    from beyou_analytics.synth import write_exports

    root = tmp_path_factory.mktemp("research")
    write_exports(root / "export", patients=80, seed=9, as_of="2026-10-31")
    clean_exports(root / "export", root / "store", as_of=date(2026, 10, 31))
    return root / "store"


@pytest.fixture(scope="module")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_key_file(tmp_path_factory.mktemp("key") / "practice.key")


@pytest.fixture()
def captured(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    seen: dict[str, list[Any]] = {"html": [], "figures": [], "widgets": []}

    def display(obj: Any, *args: Any, **kwargs: Any) -> None:
        seen["html" if isinstance(obj, HTML) else "widgets"].append(
            obj.data if isinstance(obj, HTML) else obj)

    monkeypatch.setattr(page_module, "display", display)
    monkeypatch.setattr(page_module.Page, "show_figure",
                        lambda self, fig: seen["figures"].append(fig))
    monkeypatch.setenv("BEYOU_STRICT", "1")
    monkeypatch.delenv("BEYOU_DASHBOARD", raising=False)
    monkeypatch.delenv("BEYOU_KEY_FILE", raising=False)
    return seen


def _render(store: Path, key: Path, language: str, **params: Any) -> view.ResearchPage:
    page = view.open_page(store=str(store), key_file=str(key), language=language, **params)
    for name in SECTIONS:
        getattr(page, name)()
    return page


def _patient_dates(store: Path) -> set[str]:
    from beyou_analytics.io.store import load_store

    s = load_store(store)
    days = pd.concat([s.episodes["start_date"], s.episodes["end_date"], s.checkins["date"],
                      s.scores["completed_at"]]).dropna().dt.normalize().unique()
    return {f"{d:%d-%m-%Y}" for d in days} | {f"{d:%Y-%m-%d}" for d in days}


@pytest.mark.parametrize(
    ("language", "words"),
    [("nl", ["Onderzoeksverkenning", "Het cohort", "Scores bij intake", "Verkennend",
             "Export geschreven naar", "Codeboek", "geen terugval van het cohort"]),
     ("en", ["Research exploration", "The cohort", "Scores at intake", "Exploratory",
             "Export written to", "Codebook", "not a relapse of the cohort"])],
)
def test_the_page_renders_in_both_languages_and_writes_the_export(
    synth_store: Path, key_file: Path, captured: dict, tmp_path: Path, language: str,
    words: list[str],
) -> None:
    page = _render(synth_store, key_file, language, export_dir=str(tmp_path / "export"))
    text = "\n".join(captured["html"])
    assert page.failures == []
    for word in words:
        assert word in text, word
    assert (tmp_path / "export" / "codebook.md").is_file()
    assert len(captured["figures"]) == 3  # distributions, change scatter, weekly pain


def test_no_patient_number_real_date_or_name_is_shown(synth_store: Path, key_file: Path,
                                                       captured: dict) -> None:
    from beyou_analytics.io.store import load_store

    page = _render(synth_store, key_file, "nl")
    footer = captured["html"][-1]
    body = "\n".join(captured["html"][:-1])
    figures = "\n".join(fig.to_json() for fig in captured["figures"])
    store = load_store(synth_store)
    for patient in store.episodes["patient_id"].unique():
        assert not re.search(rf"\b{patient}\b", body + figures), patient
    for therapist in store.episodes["therapist"].unique():
        assert therapist not in body + figures
    shown_dates = set(re.findall(r"\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2}", body + figures))
    assert not shown_dates & _patient_dates(synth_store)
    assert page.dataset.episodes["pseudonym"].iloc[0] not in body + figures
    assert "Verantwoording" in footer


def test_every_count_shown_in_the_cohort_table_is_at_least_five(
    synth_store: Path, key_file: Path, captured: dict
) -> None:
    _render(synth_store, key_file, "en")
    table = next(h for h in captured["html"] if "Characteristic</th>" in h)
    counts = re.findall(r'<tr><td>[^<]*</td><td>[^<]*</td><td class="num">([^<]*)</td>', table)
    assert counts
    for count in counts:
        assert count in ("&lt;5", "x") or int(count) >= 5


def test_a_filtered_cohort_of_under_five_patients_shows_nothing(
    synth_store: Path, key_file: Path, captured: dict
) -> None:
    _render(synth_store, key_file, "en", min_age=84, max_age=86)
    text = "\n".join(captured["html"])
    assert "Too few patients" in text or "The cohort is empty" in text
    assert captured["figures"] == []


def test_a_missing_key_is_a_clear_error_in_a_report(synth_store: Path, captured: dict,
                                                     tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="does not exist; create one with 'beyou keygen"):
        view.open_page(store=str(synth_store), key_file=str(tmp_path / "missing.key"))


def test_the_dashboard_without_a_key_shows_only_a_notice(
    synth_store: Path, captured: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEYOU_DASHBOARD", "1")
    monkeypatch.setenv("QUERY_STRING", "language=en")
    page = view.open_page(store=str(synth_store), key_file="/ignored/in/a/dashboard")
    page.header()
    page.cohort()
    # the page draws into its widgets or displays directly, depending on where it runs
    outputs = " ".join([*captured["html"], *(str(getattr(w, "outputs", ""))
                                             for w in captured["widgets"])])
    assert "only available with the practice" in outputs and "pseudonymisation key" in outputs
    assert page.dataset is None and page.failures == []


def test_the_dashboard_with_a_key_never_exports(
    synth_store: Path, key_file: Path, captured: dict, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("BEYOU_DASHBOARD", "1")
    monkeypatch.setenv("BEYOU_KEY_FILE", str(key_file))
    monkeypatch.setenv("QUERY_STRING", "")
    page = view.open_page(store=str(synth_store), export_dir=str(tmp_path / "x"))
    page.export()
    assert page.dataset is not None and not (tmp_path / "x").exists()


def _cohort_blocks(html: str) -> dict[str, list[tuple[str, str]]]:
    """The cohort table's blocks: {characteristic: [(category, patients), ...]}."""
    rows = re.findall(r'<tr><td>([^<]*)</td><td>([^<]*)</td><td class="num">([^<]*)</td>',
                      html)
    blocks: dict[str, list[tuple[str, str]]] = {}
    name = ""
    for variable, category, patients in rows:
        name = variable or name
        blocks.setdefault(name, []).append((category, patients.replace("&lt;", "<")))
    return blocks


def test_every_block_of_the_cohort_table_adds_up_to_its_total(
    synth_store: Path, key_file: Path, captured: dict
) -> None:
    page = _render(synth_store, key_file, "en")
    table = next(h for h in captured["html"] if "Characteristic</th>" in h)
    assert "Patients (first episode)</th>" in table
    blocks = _cohort_blocks(table)
    assert set(blocks) == {"Sex", "Age at start", "Referral", "End reason"}
    for name, cells in blocks.items():
        *body, (label, total) = cells
        assert label == "total" and int(total) == page.dataset.n_patients, name
        shown = sum(int(n) for _, n in body if n not in ("<5", "x"))
        hidden = [n for _, n in body if n in ("<5", "x")]
        if not hidden:
            assert shown == int(total), name
        else:  # the hidden cells hold 5 or more together and are never a lone cell
            assert int(total) - shown >= 5 and len(hidden) >= 2, (name, cells)


@pytest.mark.parametrize(("language", "words"),
                         [("nl", ["Therapeuten: ", "mediaan"]),
                          ("en", ["Therapists: ", "median"])])
def test_therapists_are_counted_never_listed_by_code(
    synth_store: Path, key_file: Path, captured: dict, language: str, words: list[str]
) -> None:
    page = _render(synth_store, key_file, language)
    text = "\n".join(captured["html"])
    for code in page.dataset.characteristics["therapist_code"].dropna().unique():
        assert code not in text
    for word in words:
        assert word in text
    n = page.dataset.characteristics["therapist_code"].nunique()
    assert re.search(rf"{words[0]}{n};", text)
