"""The caseload page rendered in-process (static and dashboard mode) on a small store."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from test_views_patient import AS_OF, EMPTY, OTHER, THERAPIST, Shown, build_store

from beyou_analytics.errors import NotFoundError
from beyou_analytics.views import caseload
from beyou_analytics.views import page as page_module
from beyou_analytics.views.caseload import weekly_pain_bins
from beyou_analytics.views.page import Page

SECTIONS = ("header", "attention", "episodes", "footer")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_store(tmp_path_factory.mktemp("caseload") / "store"))


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    items = Shown()
    monkeypatch.setattr(page_module, "display", lambda obj, *a, **k: items.append(
        obj.data if isinstance(getattr(obj, "data", None), str) else obj))
    monkeypatch.setattr(Page, "show_figure", lambda self, fig: items.append(fig))
    monkeypatch.setenv("BEYOU_STRICT", "1")
    monkeypatch.delenv("BEYOU_DASHBOARD", raising=False)
    return items


def render(store: str, therapist: str, *, language: str = "nl"):
    page = caseload.open_page(store=store, therapist=therapist, as_of=AS_OF, language=language)
    for name in SECTIONS:
        getattr(page, name)()
    return page


def section(html: str, heading: str) -> str:
    return html.split(f"<h2>{heading}</h2>")[1].split("<h2>")[0].split("<footer")[0]


def test_sections_and_counts(store, shown):
    page = render(store, THERAPIST)
    assert not page.failures
    assert shown.headings() == ["Caseload van Anne de Vries", "Wie heeft deze week aandacht nodig?",
                                "Alle open behandelingen", "Verantwoording"]
    facts = dict(re.findall(r"<div><span>(.*?)</span>(.*?)</div>", shown.html))
    assert facts["Open behandelingen"] == "2" and facts["Stand op"] == "31-10-2026"
    assert not shown.figures  # sparklines are inline SVG, no plotly


def test_attention_is_grouped_by_severity_with_links_and_rules(store, shown):
    render(store, THERAPIST)
    attention = section(shown.html, "Wie heeft deze week aandacht nodig?")
    groups = re.findall(r'beyou-sev-(\w+)"[^>]*>(\w+)</span>', attention)
    order = [g[0] for g in groups]
    assert order == sorted(order, key=("high", "medium", "low").index)
    assert '<a href="patient-70102.html">70102</a>' in attention  # no check-in yet
    assert "Geen recente check-ins" in attention
    assert "≥ 14 dagen zonder check-in in een lopende behandeling" in attention  # the rule
    # an ended episode's missing discharge measurement is this week's work too, marked as such
    assert re.search(r'patient-70104.html">70104</a> <span class="beyou-same">\(afgerond\)',
                     attention)
    assert "70103" not in attention  # another therapist's patient


def test_episode_table_lists_open_episodes_with_sparklines(store, shown):
    render(store, THERAPIST)
    table = section(shown.html, "Alle open behandelingen")
    rows = re.findall(r"<tr><td>(.*?)</tr>", table)
    patients = [re.search(r">(\d+)</a>", row).group(1) for row in rows]
    assert patients == ["70101", "70102"]  # open only, longest in care first
    assert table.count("<svg") == 2
    first = re.sub(r"<title>.*?</title>", "", rows[0])
    cells = [c.strip() for c in re.sub(r"<svg.*?</svg>|<[^>]+>", "|", first).split("|")
             if c.strip()]
    assert cells[:5] == ["70101", "12", "9", "0", "4,0"]  # weeks, sessions, days, pain
    assert 'title="gestart op 03-08-2026"' in rows[0]
    assert "7 → 4" in cells and "↑ beter" in cells  # NPRS, MCID verdict
    assert "PSK 7 → 4" in cells and "MCID onbekend" in cells
    assert "QBPDS 50 → 28" in cells
    second = rows[1]
    assert "nog geen" in second and "alleen start" in second


def test_links_point_to_the_patient_dashboard_in_dashboard_mode(store, shown, monkeypatch):
    monkeypatch.setenv("BEYOU_DASHBOARD", "1")
    monkeypatch.setenv("QUERY_STRING", "therapist=Anne%20de%20Vries")
    page = caseload.open_page(store=store, as_of=AS_OF)
    for name in SECTIONS:
        getattr(page, name)()
    assert page.selection == THERAPIST and not page.failures
    assert '<a href="patient.ipynb?patient_id=70101">70101</a>' in shown.html
    assert [label for label, _ in page.options()] == [THERAPIST, OTHER, EMPTY]


def test_empty_states_read_well(store, shown):
    render(store, EMPTY)
    assert "Geen open behandelingen op 31-10-2026." in shown.html
    assert "Geen signalen op 31-10-2026: niemand vraagt deze week extra aandacht." in shown.html


def test_english(store, shown):
    render(store, OTHER, language="en")
    assert shown.headings()[:3] == ["Caseload of Bram Bakker", "Who needs attention this week?",
                                    "All open episodes"]
    assert "2026-09-01" in shown.html and "01-09-2026" not in shown.html


def test_unknown_therapist_is_one_clear_line(store, shown):
    with pytest.raises(NotFoundError) as caught:
        caseload.open_page(store=store, therapist="Nobody", as_of=AS_OF)
    assert "Nobody" in str(caught.value) and "\n" not in str(caught.value)


def test_weekly_pain_bins_count_back_from_the_report_date():
    rows = pd.DataFrame({"episode_id": ["a"] * 4 + ["b"],
                         "date": pd.to_datetime(["2026-10-31", "2026-10-25", "2026-10-24",
                                                 "2026-08-01", "2026-10-30"]),
                         "pain_now": [4.0, 6.0, 8.0, 9.0, None]})
    bins = weekly_pain_bins(rows, as_of=pd.Timestamp(AS_OF), weeks=3)
    assert bins["a"][1:] == [8.0, 5.0]  # 24-10 is 7 days back: the previous bin
    assert all(pd.isna(v) for v in bins["b"])


def test_an_empty_therapist_outside_a_dashboard_shows_an_example(store, shown):
    page = caseload.open_page(store=store, therapist=" ", as_of=AS_OF)
    page.header()
    assert page.selection == THERAPIST  # the first therapist of the dashboard's picker
    assert "Geen therapeut gekozen: voorbeeld Anne de Vries" in shown.html


def test_the_dashboard_accepts_a_therapist_with_spaces_around(store, shown, monkeypatch):
    monkeypatch.setenv("BEYOU_DASHBOARD", "1")
    monkeypatch.setenv("QUERY_STRING", "therapist=%20Bram%20Bakker%20")
    page = caseload.open_page(store=store, as_of=AS_OF)
    assert page.selection == OTHER


def test_the_dashboard_accepts_a_therapist_typed_in_lower_case(store, shown, monkeypatch):
    monkeypatch.setenv("BEYOU_DASHBOARD", "1")
    monkeypatch.setenv("QUERY_STRING", "therapist=bram%20%20bakker")
    page = caseload.open_page(store=store, as_of=AS_OF)
    assert page.selection == OTHER
