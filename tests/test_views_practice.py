"""The monthly report page: renders in static mode in nl and en, dashboard picker, privacy."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from IPython.display import HTML

from beyou_analytics.errors import NotFoundError
from beyou_analytics.practice.periods import latest_complete_month
from beyou_analytics.views import page as page_module
from beyou_analytics.views import practice as view

SECTIONS = ("header", "headline", "completeness", "outcomes", "funnel", "therapists", "trends",
            "footer")


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from beyou_analytics.clean import clean_exports
    from beyou_analytics.synth import write_exports

    root = tmp_path_factory.mktemp("practice")
    write_exports(root / "export", patients=80, seed=4, as_of="2026-10-31")
    clean_exports(root / "export", root / "store", as_of=date(2026, 10, 31))
    return root / "store"


class Captured:
    """What a page displayed: HTML fragments and figures."""

    def __init__(self) -> None:
        self.html: list[str] = []
        self.figures: list[Any] = []
        self.widgets: list[Any] = []

    @property
    def text(self) -> str:
        return "\n".join(self.html)


@pytest.fixture()
def captured(monkeypatch: pytest.MonkeyPatch) -> Captured:
    seen = Captured()

    def display(obj: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(obj, HTML):
            seen.html.append(obj.data)
        else:
            seen.widgets.append(obj)

    monkeypatch.setattr(page_module, "display", display)
    monkeypatch.setattr(page_module.Page, "show_figure", lambda self, fig: seen.figures.append(fig))
    monkeypatch.setenv("BEYOU_STRICT", "1")  # a failing section raises instead of a notice
    monkeypatch.delenv("BEYOU_DASHBOARD", raising=False)
    return seen


def _render(store: Path, language: str, month: str = "2026-10") -> view.PracticePage:
    page = view.open_page(store=str(store), month=month, language=language)
    for name in SECTIONS:
        getattr(page, name)()
    return page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", ["Maandrapport oktober 2026", "Kerncijfers", "Volledigheid van de metingen",
                "Uitval in de loop van de behandeling", "Per therapeut", "Verantwoording",
                " van "]),
        ("en", ["Monthly report October 2026", "Key numbers", "Measurement completeness",
                "Attrition during treatment", "Per therapist", "Provenance", " of "]),
    ],
)
def test_the_report_renders_every_section_in_both_languages(
    synth_store: Path, captured: Captured, language: str, words: list[str]
) -> None:
    page = _render(synth_store, language)
    assert page.failures == []
    for word in words:
        assert word in captured.text, word
    assert len(captured.figures) == 5  # funnel, activity, completeness, outcomes, sessions
    for fig in captured.figures:
        assert len(fig.to_json()) < 20_000  # lean figures keep the report under 300 KB
        assert fig.layout.separators == (",." if language == "nl" else ".,")
    for fig in captured.figures[1:]:  # the trends say what their y axis counts
        assert fig.layout.yaxis.title.text, fig.layout.title.text
    assert "Traceback" not in captured.text


def test_dutch_numbers_use_a_decimal_comma(synth_store: Path, captured: Captured) -> None:
    _render(synth_store, "nl")
    numbers = re.findall(r'<td class="num">([-−]?\d+[.,]\d)</td>', captured.text)
    assert numbers and all("," in n for n in numbers)


def test_the_headline_matches_the_library(synth_store: Path, captured: Captured) -> None:
    from beyou_analytics.io.store import load_store
    from beyou_analytics.practice import monthly_activity

    store = load_store(synth_store)
    row = monthly_activity(store.episodes, month="2026-10", as_of=store.data_date).iloc[0]
    _render(synth_store, "en")
    values = re.findall(r'<div class="value">([^<]+)</div>', captured.text)
    assert values[:3] == [str(row["intakes"]), str(row["discharges"]), str(row["open_at_end"])]


def test_the_therapist_table_never_shows_a_count_under_five(synth_store: Path,
                                                            captured: Captured) -> None:
    _render(synth_store, "nl")
    table = next(h for h in captured.html if "Therapeut</th>" in h)
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1]):
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
        counts = [cells[i] for i in (1, 2, 3, 4, 7, 9, 11)]
        for cell in counts:
            assert cell in ("&lt;5", "x") or int(cell) >= 5, row


def test_an_unknown_month_is_a_clear_error(synth_store: Path, captured: Captured) -> None:
    with pytest.raises(NotFoundError, match="month '2019-01' is not in the store"):
        view.open_page(store=str(synth_store), month="2019-01")


def test_the_dashboard_offers_the_store_months_and_ignores_foreign_picks(
    synth_store: Path, captured: Captured, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEYOU_DASHBOARD", "1")
    monkeypatch.setenv("QUERY_STRING", "language=en")
    page = view.open_page(store=str(synth_store))
    months = [value for _, value in page.options()]
    data_date = page.store.data_date
    assert months[0] == f"{data_date:%Y-%m}" and months == sorted(months, reverse=True)
    assert page.selection == latest_complete_month(data_date)
    picker = captured.widgets[0]
    assert ("October 2026", "2026-10") in picker.options and picker.value == page.selection
    page.header()
    page._on_pick({"new": "2026-09"})
    assert page.selection == "2026-09" and page.numbers.month == "2026-09"
    page._on_pick({"new": "2099-01"})
    page._on_pick({"new": {"__class__": "x"}})
    assert page.selection == "2026-09" and page.failures == []


def test_an_unknown_month_in_the_address_is_a_friendly_message(
    synth_store: Path, captured: Captured, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEYOU_DASHBOARD", "1")
    monkeypatch.setenv("QUERY_STRING", "month=<script>")
    page = view.open_page(store=str(synth_store))
    assert page.selection is None
    # the page draws into its widgets or displays directly, depending on where it runs
    status = captured.text + " ".join(str(getattr(w, "outputs", "")) for w in captured.widgets)
    assert "Voor deze maand zijn geen gegevens" in status
    assert "<script>" not in status and "<script>" not in captured.text


def test_figure_json_is_plain_data(synth_store: Path, captured: Captured) -> None:
    _render(synth_store, "en")
    for fig in captured.figures:
        json.loads(fig.to_json())


def test_the_outcomes_note_gives_the_registry_mcid_of_every_instrument_in_the_table() -> None:
    import re

    from beyou_analytics.instruments import get_instrument
    from beyou_analytics.views.practice.strings import STRINGS as PRACTICE

    for language in ("nl", "en"):
        note = PRACTICE[language]["practice.outcomes.note"]
        for code in ("NPRS", "QBPDS", "ODI", "RMDQ"):
            scale = get_instrument(code).scale("total")
            found = re.search(rf"{code} (\d+)", note)
            assert found and float(found.group(1)) == scale.mcid_abs.value, (language, code)
            assert f"{scale.mcid_pct.value:g}%" in note
