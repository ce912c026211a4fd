"""The patient progress page rendered in-process (static and dashboard mode) on a small store.

Displayed output is captured by replacing the page module's ``display`` and the page's
``show_figure``; each test reads the HTML and figures a notebook would show.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from factories import checkins, episode, episodes, score, scores, table

from beyou_analytics.change import episode_outcomes
from beyou_analytics.errors import NotFoundError
from beyou_analytics.instruments import get_instrument
from beyou_analytics.io.store import write_store
from beyou_analytics.schema import STORE_SCHEMAS, empty_table
from beyou_analytics.views import page as page_module
from beyou_analytics.views import patient
from beyou_analytics.views.page import Page

AS_OF = "2026-10-31"
THERAPIST = "Anne de Vries"
OTHER = "Bram Bakker"
EMPTY = "Carla Claes"
DIAGNOSIS = "1411"
SECTIONS = ("header", "summary", "pain", "function", "psychosocial", "stress_sleep", "load",
            "activity", "change", "flags", "footer")


def _scores(patient_id: str, start: str, when: str, timepoint: str, **values: float) -> list:
    rows = []
    for code, value in values.items():
        band = get_instrument(code).scale("total").band_for(value)
        rows.append(score(patient_id, start, code, when, value, timepoint=timepoint, band=band))
    return rows


def build_store(path: Path) -> Path:
    """A small practice: therapist Anne (two open, one ended), Bram (one open), Carla (ended).

    Patient 70101 has an earlier episode (2025) and an open one since 03-08-2026 with daily
    check-ins (pain 7 -> 4, confidence 3 -> 7) and an intake and interim measurement; 70102 has
    an intake only and no check-ins; 70104's episode ended without a discharge measurement.
    """
    extra = {"n_sessions": 9, "diagnosis_code": DIAGNOSIS, "age": 58, "sex": "F",
             "referral": "gp"}
    eps = episodes(
        {**episode("70101", "2025-01-06", "2025-04-01", THERAPIST), **extra},
        {**episode("70101", "2026-08-03", None, THERAPIST), **extra},
        {**episode("70102", "2026-10-01", None, THERAPIST), **extra},
        {**episode("70103", "2026-09-01", None, OTHER), **extra},
        {**episode("70104", "2026-06-01", "2026-09-15", THERAPIST), **extra},
        {**episode("70105", "2024-01-08", "2024-03-01", EMPTY), **extra},
    )
    days = pd.date_range("2026-08-03", AS_OF, freq="D")
    n = len(days)
    ramp = np.linspace(0, 1, n)
    main = checkins(
        "70101", "2026-08-03", days,
        pain_now=np.round(7 - 3 * ramp), pain_worst_24h=np.round(8.5 - 3 * ramp),
        stress=np.round(6 - 2 * ramp), sleep_quality=np.round(4 + 2 * ramp), sleep_hours=6.75,
        active_minutes=np.round(20 + 30 * ramp), exercises_done=[i % 3 != 0 for i in range(n)],
        confidence=np.round(3 + 4 * ramp), load=6.0,
        load_capacity=np.where(np.arange(n) >= n - 7, 5.0, 7.0),
    )
    earlier = checkins("70101", "2025-01-06", pd.date_range("2025-01-07", periods=20),
                       pain_now=9.0)
    other = checkins("70103", "2026-09-01", pd.date_range("2026-10-20", periods=10),
                     pain_now=5.0)
    ended = checkins("70104", "2026-06-01", pd.date_range("2026-06-02", periods=60),
                     pain_now=4.0)
    score_rows = [
        *_scores("70101", "2026-08-03", "2026-08-04 10:00", "intake", NPRS=7, QBPDS=50, PSK=7.0,
                 TSK17=44, PCS=32, PSEQ=20, CSI=45),
        *_scores("70101", "2026-08-03", "2026-10-26 10:00", "interim", NPRS=4, QBPDS=28,
                 PSK=4.0, TSK17=36, PCS=18, PSEQ=34, CSI=38),
        *_scores("70101", "2025-01-06", "2025-01-07 10:00", "intake", NPRS=9),
        *_scores("70102", "2026-10-01", "2026-10-02 10:00", "intake", NPRS=6),
        *_scores("70103", "2026-09-01", "2026-09-02 10:00", "intake", NPRS=5),
        *_scores("70104", "2026-06-01", "2026-06-02 10:00", "intake", NPRS=5, QBPDS=30, PSK=5.0),
    ]
    tables = {name: empty_table(name) for name in STORE_SCHEMAS}
    tables["episodes"] = eps
    tables["checkins"] = table("checkins", pd.concat([main, earlier, other, ended]).to_dict(
        "records"))
    tables["scores"] = scores(*score_rows)
    tables["outcomes"] = episode_outcomes(tables["scores"])
    write_store(tables, {"files": []}, path)
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_store(tmp_path_factory.mktemp("practice") / "store"))


class Shown(list):
    """What a page displayed: HTML strings, plotly figures and widgets, in order.

    In dashboard mode a section's HTML lands in its ``Output`` widget (``outputs`` bundles).
    """

    @property
    def html(self) -> str:
        parts = []
        for item in self:
            if isinstance(item, str):
                parts.append(item)
            for bundle in getattr(item, "outputs", ()):
                parts.append(bundle.get("data", {}).get("text/html", ""))
        return "\n".join(parts)

    @property
    def figures(self) -> list:
        return [item for item in self if hasattr(item, "to_json")]

    @property
    def widgets(self) -> list[str]:
        return [type(item).__name__ for item in self
                if not isinstance(item, str) and not hasattr(item, "to_json")]

    def headings(self) -> list[str]:
        return re.findall(r"<h[12]>(.*?)</h[12]>", self.html)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    items = Shown()

    def capture(obj, *args, **kwargs):
        items.append(obj.data if isinstance(getattr(obj, "data", None), str) else obj)

    monkeypatch.setattr(page_module, "display", capture)
    monkeypatch.setattr(Page, "show_figure", lambda self, fig: items.append(fig))
    monkeypatch.setenv("BEYOU_STRICT", "1")
    monkeypatch.delenv("BEYOU_DASHBOARD", raising=False)
    return items


def render(store: str, patient_id: str, *, language: str = "nl", as_of: str = AS_OF):
    page = patient.open_page(store=store, patient_id=patient_id, as_of=as_of, language=language)
    for name in SECTIONS:
        getattr(page, name)()
    return page


def test_sections_in_order_with_dutch_headings(store, shown):
    page = render(store, "70101")
    assert not page.failures
    assert shown.headings() == [
        "Voortgang van patiënt 70101", "Wat is er veranderd?", "Pijn", "Functioneren",
        "Bewegingsangst, catastroferen, vertrouwen en sensitisatie",
        "Stress en slaap naast pijn", "Belasting en belastbaarheid", "Beweging en oefentrouw",
        "Verandering sinds de start", "Signalen", "Verantwoording",
    ]
    assert len(shown.figures) == 6


def test_english_headings_numbers_and_dates(store, shown):
    render(store, "70101", language="en")
    text = shown.html
    assert shown.headings()[:3] == ["Progress of patient 70101", "What has changed?", "Pain"]
    assert "2026-08-03" in text and "03-08-2026" not in text
    assert "−3.0" in text and "−3,0" not in text
    assert all(fig.layout.separators == ".," for fig in shown.figures)


def test_header_facts_and_earlier_episodes(store, shown):
    render(store, "70101")
    facts = dict(re.findall(r"<div><span>(.*?)</span>(.*?)</div>", shown.html))
    assert facts == {"Patiëntnummer": "70101", "Therapeut": THERAPIST,
                     "Start behandeling": "03-08-2026", "Weken in zorg": "12",
                     "Sessies": "9", "Status": "lopend", "Stand op": "31-10-2026"}
    assert "Eerdere behandelingen: 06-01-2025 tot 01-04-2025 (Anne de Vries)." in shown.html


def test_an_earlier_date_shows_the_episode_open_then(store, shown):
    render(store, "70101", as_of="2025-03-01")
    facts = dict(re.findall(r"<div><span>(.*?)</span>(.*?)</div>", shown.html))
    assert facts["Start behandeling"] == "06-01-2025" and facts["Status"] == "lopend"
    assert "Eerdere behandelingen" not in shown.html
    nprs = next(t for t in shown.figures[0].data if t.name == "NPRS (vragenlijst)")
    assert list(nprs.y) == [9.0]


def test_ended_episode_says_so(store, shown):
    render(store, "70104")
    facts = dict(re.findall(r"<div><span>(.*?)</span>(.*?)</div>", shown.html))
    assert facts["Status"] == "afgerond op 15-09-2026"
    assert "<li>Je behandeling is afgerond.</li>" in shown.html


def test_patient_summary_is_plain_and_led_by_function(store, shown):
    render(store, "70101")
    summary = re.search(r'<div class="beyou-summary" lang="nl"><ul>(.*?)</ul>', shown.html)
    items = re.findall(r"<li>(.*?)</li>", summary.group(1))
    assert items[0] == "Je kunt je dagelijkse activiteiten beter doen dan bij de start."
    assert items[1] == "Je hebt meer vertrouwen dat je dingen kunt doen, ook met pijn."  # PSEQ
    assert "Je pijn is minder geworden (van 7 naar 4, op een schaal van 0 tot 10)." in items
    assert not re.search(r"MCID|RCI|NPRS|QBPDS|TSK|PCS", summary.group(1))


def test_change_table_has_both_lenses_and_sources(store, shown):
    render(store, "70101")
    change = shown.html.split("<h2>Verandering sinds de start</h2>")[1].split("<h2>")[0]
    for header in ("Start (datum)", "Laatste (datum)", "Verandering", "% verandering",
                   "MCID-oordeel", "RCI", "RCI-oordeel"):
        assert f">{header}</th>" in change
    nprs = re.search(r"<tr><td>NPRS</td>(.*?)</tr>", change).group(1)
    cells = re.sub(r"<[^>]+>", "|", nprs).split("|")
    values = [c for c in cells if c.strip()]
    assert values == ["Pijn (gemiddeld, 24 uur)", "lager = beter", "7,0", "04-08-2026", "4,0",
                      "26-10-2026", "−3,0", "−42,9%", "verbeterd", "−2,08", "verbeterd"]
    assert "[1] Ostelo et al. 2008" in change and "SEM 1,02 ([2] Childs et al. 2005)" in change
    assert "PSK: geen gepubliceerde MCID of SEM" in change


def test_flags_show_message_and_rule_in_the_page_language(store, shown):
    render(store, "70104")
    flags = shown.html.split("<h2>Signalen</h2>")[1]
    assert "Eindmeting ontbreekt" in flags
    assert "Eindmeting van 15-09-2026 (ontbreekt: NPRS, PSK/PSFS, QBPDS/ODI/RMDQ, GPE)" in flags
    assert "behandeling in de laatste 90 dagen beëindigd" in flags
    shown.clear()
    render(store, "70104", language="en")
    flags = shown.html.split("<h2>Flags</h2>")[1]
    assert "Discharge measurement missing" in flags and "(rule:" not in flags


def test_sections_without_data_say_so(store, shown):
    render(store, "70102")
    text = shown.html
    assert "Nog geen vragenlijst over functioneren ingevuld." in text
    assert "Nog geen check-ins in deze behandeling." in text
    assert "Nog geen check-ins met belasting en belastbaarheid." in text
    assert len(shown.figures) == 1  # the pain figure (NPRS intake)


def test_unknown_patient_is_one_clear_line(store, shown):
    with pytest.raises(NotFoundError) as caught:
        patient.open_page(store=store, patient_id="99999", as_of=AS_OF)
    message = str(caught.value)
    assert "99999" in message and "\n" not in message


def test_patient_without_an_episode_by_the_date_is_one_clear_line(store, shown):
    with pytest.raises(NotFoundError, match=r"patient 70102 has no episode .* 2026-01-31"):
        patient.open_page(store=store, patient_id="70102", as_of="2026-01-31")


def test_patient_number_is_normalised(store, shown):
    page = patient.open_page(store=store, patient_id=" P-0070101", as_of=AS_OF)
    assert page.selection == "70101"


def test_only_expected_fields_and_only_this_patient(store, shown):
    render(store, "70101")
    body = shown.html.split('<footer class="beyou-provenance">')[0]
    figures = "".join(fig.to_json() for fig in shown.figures)
    for text in (body, figures):
        assert DIAGNOSIS not in text  # diagnosis code, age, sex, referral are not shown
        for other in ("70102", "70103", "70104", "70105", OTHER, EMPTY):
            assert other not in text
    assert not re.search(r">\s*(58|F|gp|huisarts)\s*<", body)


def test_report_stays_small(store, shown):
    render(store, "70101")
    size = len(shown.html.encode()) + sum(len(fig.to_json()) for fig in shown.figures)
    assert size < 150_000  # the exported report adds the template; budget 300 KB
    assert all("bdata" not in fig.to_json() for fig in shown.figures)


def test_dashboard_mode_reads_the_address_and_never_raises(store, shown, monkeypatch):
    monkeypatch.setenv("BEYOU_DASHBOARD", "1")
    monkeypatch.setenv("QUERY_STRING", "patient_id=70102&as_of=2026-01-31&language=en")
    page = patient.open_page(store=store)
    for name in SECTIONS:
        getattr(page, name)()
    assert page.selection == "70102" and not page.failures
    assert shown.widgets[:2] == ["Dropdown", "Output"]
    # no episode by that date: every section says so, in the visitor's language
    assert shown.html.count("This patient had no episode yet on 2026-01-31.") == 1
    assert shown.headings() == ["Progress of patient 70102", "Provenance"]
    assert ("70101", "70101") not in page.options() and ("70101 · Anne de Vries", "70101") in (
        page.options())
    monkeypatch.setenv("QUERY_STRING", "patient_id=123%3Cscript%3E")
    page = patient.open_page(store=store)
    assert page.selection is None


def test_strings_exist_in_both_languages():
    from beyou_analytics.views import caseload

    for strings in (patient.STRINGS, caseload.STRINGS):
        assert set(strings["nl"]) == set(strings["en"])


def test_change_table_shows_the_gpe_answer_without_a_baseline():
    outcomes = pd.DataFrame({
        "instrument": ["GPE", "NPRS"], "scale": "total", "n_administrations": [1, 1],
        "baseline_at": pd.to_datetime(["2026-10-20", "2026-09-01"]), "baseline": [2.0, 6.0],
        "latest_at": pd.to_datetime(["2026-10-20", "2026-09-01"]), "latest": [2.0, 6.0],
        "change": np.nan, "pct_change": np.nan, "mcid_status": ["improved", None],
        "rci": np.nan, "rci_status": None,
    })
    frame = patient.change_table(outcomes, language="en")
    assert frame["instrument"].tolist() == ["NPRS", "GPE"]  # pain first
    nprs, gpe = frame.to_dict("records")
    assert (nprs["baseline"], nprs["latest"]) == ("6.0", "–") and pd.isna(nprs["mcid"])
    assert (gpe["baseline"], gpe["latest"], gpe["mcid"]) == ("–", "2.0", "improved")


def test_dashboard_normalises_the_patient_number_in_the_address(store, shown, monkeypatch):
    monkeypatch.setenv("BEYOU_DASHBOARD", "1")
    for given, expected in (("P-0070101", "70101"), ("0070102", "70102"), ("p70103", "70103"),
                            ("%2070104%20", "70104")):
        monkeypatch.setenv("QUERY_STRING", f"patient_id={given}&as_of={AS_OF}")
        page = patient.open_page(store=store)
        assert page.selection == expected, given
        assert page._picker.value == expected
    shown.clear()
    monkeypatch.setenv("QUERY_STRING", "patient_id=P-0099999")  # well-formed, not in the store
    page = patient.open_page(store=store)
    assert page.selection is None
    assert "Deze patiënt staat niet in de gegevens" in shown.html
    assert "99999" not in shown.html


def test_an_empty_patient_id_outside_a_dashboard_shows_an_example(store, shown):
    page = patient.open_page(store=store, patient_id="", as_of=AS_OF)
    page.header()
    assert page.selection == "70101"  # the first patient of the dashboard's picker
    assert "Geen patiënt gekozen: voorbeeld 70101" in shown.html
    shown.clear()
    early = patient.open_page(store=store, patient_id="", as_of="2024-06-01", language="en")
    early.header()
    assert early.selection == "70105"  # the only patient with an episode by then
    assert "No patient chosen: example 70105" in shown.html
    shown.clear()
    chosen = patient.open_page(store=store, patient_id="70102", as_of=AS_OF)
    chosen.header()
    assert "voorbeeld" not in shown.html


def test_the_report_cli_still_requires_a_patient():
    from beyou_analytics.reports.registry import ReportParameterError, get_report

    for empty in ("", "  "):
        with pytest.raises(ReportParameterError):
            get_report("patient").validate({"store": "/s", "patient_id": empty})


def test_a_questionnaire_measured_once_is_a_table_row_not_a_panel(store, shown):
    render(store, "70104")  # intake only: NPRS, QBPDS, PSK
    function = shown.html.split("<h2>Functioneren</h2>")[1].split("<h2>")[0]
    assert "Eén meting, dus (nog) geen verloop" in function
    qbpds = re.search(r"<tr><td>Beperkingen \(QBPDS\)</td>(.*?)</tr>", function).group(1)
    cells = [c for c in re.sub(r"<[^>]+>", "|", qbpds).split("|") if c.strip()]
    assert cells == ["lager = beter", "30", "02-06-2026 · intake", "–", "21–39 (MCID 9)"]
    # 30 % of 30 (9) is met before the 20 points: the band is what the change table judges
    assert "–" in re.search(r"<tr><td>Moeite met activiteiten.*?</tr>", function).group(0)
    names = {trace.name for fig in shown.figures for trace in fig.data}
    assert names and not names & {"QBPDS", "PSK"}  # no panel with a single dot


def test_flags_are_the_same_with_the_kernels_whole_store_flags(store):
    from beyou_analytics.views import runtime
    from beyou_analytics.views.caseload import load_caseload
    from beyou_analytics.views.episode import load_patient

    loaded = runtime.cached_store(store)
    compared = 0
    for as_of in (pd.Timestamp(AS_OF), pd.Timestamp("2025-03-01")):
        for patient_id in loaded.episodes["patient_id"].unique():
            runtime._FLAGS.clear()
            alone = load_patient(loaded, patient_id, as_of=as_of).flags
            assert runtime.store_flags(loaded, as_of=as_of, now=True) is not None
            shared = load_patient(loaded, patient_id, as_of=as_of).flags
            pd.testing.assert_frame_equal(alone, shared)
            compared += len(alone)
        for therapist in loaded.episodes["therapist"].unique():
            runtime._FLAGS.clear()
            alone = load_caseload(loaded, therapist, as_of=as_of).flags
            runtime.store_flags(loaded, as_of=as_of, now=True)
            shared = load_caseload(loaded, therapist, as_of=as_of).flags
            pd.testing.assert_frame_equal(alone, shared)
    runtime._FLAGS.clear()
    assert compared >= 3  # the check compares real flags


def test_a_kernel_evaluates_the_whole_store_from_its_second_page_on(store):
    from beyou_analytics.views import runtime

    loaded = runtime.cached_store(store)
    runtime._FLAGS.clear()
    assert runtime.store_flags(loaded, as_of=pd.Timestamp(AS_OF)) is None  # one report: own rows
    flags = runtime.store_flags(loaded, as_of=pd.Timestamp(AS_OF))
    assert flags is not None and runtime.store_flags(loaded, as_of=pd.Timestamp(AS_OF)) is flags
    runtime._FLAGS.clear()


def test_the_start_band_stays_within_the_scale():
    from beyou_analytics.views.patient.tables import single_measurements

    scores = pd.DataFrame({"instrument": ["PCS"], "scale": ["total"], "value": [2.0],
                           "completed_at": pd.to_datetime(["2026-10-01"]),
                           "timepoint": ["intake"]})
    outcomes = pd.DataFrame({"instrument": ["PCS"], "scale": ["total"], "baseline": [2.0]})
    [band] = single_measurements(scores, outcomes, ["PCS"])["band"]
    assert band == "0–10 (MCID 8)"  # 2 ± 8 on a 0-52 scale, not −6–10
    [whole] = single_measurements(scores.assign(value=28.000000000000004), outcomes,
                                  ["PCS"])["value"]
    assert whole == "28"
