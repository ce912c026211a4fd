"""Figures of the patient page and the caseload sparkline: content, ranges, language, lean JSON."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from beyou_analytics.plots.caseload import sparkline_svg
from beyou_analytics.plots.patient import (
    Panel,
    activity_figure,
    baseline_band,
    confidence_panel,
    instrument_panel,
    load_figure,
    pain_figure,
    panels_figure,
    stress_sleep_figure,
    with_gaps,
)
from beyou_analytics.trends import weekly_checkins
from beyou_analytics.views.episode import daily_pain


def checkins(days: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    dates = pd.date_range("2026-09-01", periods=days, freq="D")
    pain = np.clip(np.round(np.linspace(7, 4, days) + rng.normal(0, 0.7, days)), 0, 10)
    frame = pd.DataFrame({
        "patient_id": "7", "episode_id": "7-20260901", "date": dates,
        "pain_now": pain, "pain_worst_24h": np.clip(pain + 2, 0, 10),
        "stress": 5.0, "sleep_quality": 6.0, "sleep_hours": 7.25, "active_minutes": 30.0,
        "exercises_done": pd.array([True, False] * (days // 2), dtype="boolean"),
        "confidence": np.linspace(3, 7, days), "load": 6.0,
        "load_capacity": np.where(np.arange(days) % 10 < 3, 4.0, 7.0),
    })
    return frame.drop(index=range(20, 30)).reset_index(drop=True)  # ten days without data


def scores() -> pd.DataFrame:
    return pd.DataFrame({
        "instrument": ["NPRS", "NPRS", "PCS", "PCS", "CSI", "ODI", "PSK"], "scale": "total",
        "completed_at": pd.to_datetime(["2026-09-01 10:12", "2026-10-20 09:00"] * 2
                                       + ["2026-09-01 11:00"] * 3),
        "timepoint": ["intake", "interim"] * 2 + ["intake"] * 3,
        "value": [7.0, 4.0, 36.0, 20.0, 44.0, 42.0, 6.4],
    })


def outcomes() -> pd.DataFrame:
    return pd.DataFrame({"instrument": ["NPRS", "PCS", "CSI", "ODI", "PSK"], "scale": "total",
                         "baseline": [7.0, 36.0, 44.0, 42.0, 6.4]})


MOMENTS = pd.DataFrame({"date": pd.to_datetime(["2026-09-01", "2026-10-20"]),
                        "timepoint": ["intake", "interim"]})


def lean(fig) -> dict:
    """The figure's JSON; checks the habits that keep reports small."""
    text = fig.to_json()
    assert "bdata" not in text  # plain lists, no binary arrays
    assert "customdata" not in text
    assert "T00:00:00" not in text  # dates as YYYY-MM-DD
    assert len(text) < 20_000
    return json.loads(text)


def test_baseline_band_uses_the_registry_mcid():
    assert baseline_band(outcomes(), "NPRS") == (7.0, 2.0)
    assert baseline_band(outcomes(), "PCS") == (36.0, 11.0)  # catastrophisers: 11 [30]
    assert baseline_band(outcomes(), "PSK") is None  # no published MCID
    assert baseline_band(outcomes(), "TSK17") is None  # not measured


def test_pain_figure_shows_checkins_mean_nprs_band_and_moments():
    frame = checkins()
    fig = pain_figure(daily_pain(frame), scores().query("instrument == 'NPRS'"), band=(7.0, 2.0),
                      moments=MOMENTS, language="nl", x_range=["2026-08-29", "2026-11-03"])
    data = lean(fig)
    names = [t["name"] for t in data["data"]]
    assert names == ["Ergste pijn 24 uur (check-in)", "Pijn nu (check-in)",
                     "Pijn nu, 7-daags gemiddelde", "NPRS (vragenlijst)", "Start ± MCID (2)"]
    nprs = data["data"][3]
    assert nprs["x"] == ["2026-09-01", "2026-10-20"] and nprs["y"] == [7.0, 4.0]
    mean = data["data"][2]["y"]
    assert None in mean  # the line breaks over the ten days without check-ins
    band = [s for s in data["layout"]["shapes"] if s["type"] == "rect"]
    assert [(b["y0"], b["y1"]) for b in band] == [(5.0, 9.0)]
    swatch = data["data"][-1]  # the band's legend entry: an empty trace, not a shape legend
    assert swatch["name"] == "Start ± MCID (2)" and swatch["y"] == [None]
    assert not any("showlegend" in s for s in data["layout"]["shapes"])
    verticals = [s for s in data["layout"]["shapes"] if s["type"] == "line"]
    assert sorted(s["x0"] for s in verticals) == ["2026-09-01", "2026-10-20"]
    labels = [a["text"] for a in data["layout"]["annotations"]]
    assert labels == ["intake", "tussentijds"]
    layout = data["layout"]
    assert layout["separators"] == ",." and layout["xaxis"]["tickformat"] == "%d-%m-%Y"
    assert layout["yaxis"]["title"]["text"] == "Pijn (0–10)"
    assert layout["xaxis"]["title"]["text"] == "Datum"
    low, high = layout["yaxis"]["range"]
    assert low < 0 < 10 < high < 10.5  # fixed to the scale, not to the data


def test_english_axis_labels_and_iso_dates():
    fig = pain_figure(daily_pain(checkins()), scores().iloc[:0], language="en")
    layout = lean(fig)["layout"]
    assert layout["separators"] == ".,"
    assert layout["xaxis"]["tickformat"] == "%Y-%m-%d"
    assert layout["yaxis"]["title"]["text"] == "Pain (0–10)"
    assert layout["xaxis"]["title"]["text"] == "Date"


@pytest.mark.parametrize(
    ("code", "title", "y_range", "main"),
    [
        ("TSK17", "Bewegingsangst (TSK-17) · lager = beter", (17.0, 68.0), [(37.0, "> 37 hoog")]),
        ("PCS", "Catastroferen (PCS) · lager = beter", (0.0, 52.0),
         [(30.0, "≥ 30 klinisch relevant")]),
        ("CSI", "Centrale sensitisatie (CSI) · lager = beter", (0.0, 100.0), [(40.0, "≥ 40")]),
        ("ODI", "Beperkingen (ODI, %) · lager = beter", (0.0, 100.0), []),
        ("PSEQ", "Vertrouwen ondanks pijn (PSEQ) · hoger = beter", (0.0, 60.0), []),
    ],
)
def test_instrument_panels_carry_direction_range_and_cutoffs(code, title, y_range, main):
    panel = instrument_panel(scores(), outcomes(), code, language="nl")
    assert panel.title == title
    assert panel.y_range == y_range
    assert [(value, label) for value, label, is_main in panel.cutoffs if is_main] == main


def test_csi_and_odi_show_their_bands_as_faint_lines():
    csi = instrument_panel(scores(), outcomes(), "CSI")
    assert [v for v, _, _ in csi.cutoffs] == [30.0, 40.0, 50.0, 60.0]
    odi = instrument_panel(scores(), outcomes(), "ODI")
    assert [v for v, _, _ in odi.cutoffs] == [20.0, 40.0, 60.0, 80.0]


def test_panels_figure_has_one_subplot_per_panel_and_a_shared_range():
    panels = [instrument_panel(scores(), outcomes(), c, language="en")
              for c in ("NPRS", "PCS", "CSI")]
    x_range = ["2026-08-29", "2026-11-03"]
    data = lean(panels_figure(panels, language="en", x_range=x_range, moments=MOMENTS))
    axes = sorted(k for k in data["layout"] if k.startswith("xaxis"))
    assert len(axes) == 3  # no empty fourth cell
    assert all(data["layout"][a]["range"] == x_range for a in axes)
    titles = [a["text"] for a in data["layout"]["annotations"]][:3]
    assert titles[0] == "Pain (average, 24 h) · lower = better"
    bands = [s for s in data["layout"]["shapes"] if s["type"] == "rect"]
    assert len(bands) == 2  # NPRS and PCS; the CSI has no published MCID
    assert [t["name"] for t in data["data"]].count("Baseline ± MCID") == 1  # one legend entry
    assert data["layout"]["yaxis2"]["range"][1] > 52  # PCS range 0-52, padded


def test_confidence_panel_is_the_weekly_checkin_on_0_to_10():
    panel = confidence_panel(weekly_checkins(checkins()), language="nl")
    assert panel.y_range == (0.0, 10.0)
    assert panel.title.startswith("Vertrouwen (check-in, weekgemiddelde)")
    assert all(0 <= v <= 10 for v in panel.y if v is not None)
    assert None in panel.y  # the week without check-ins breaks the line


def test_load_figure_shades_only_where_load_is_above_capacity():
    frame = checkins()
    data = lean(load_figure(frame, language="nl"))
    over, capacity, load = data["data"]
    assert over["type"] == "bar" and over["name"] == "Belasting boven belastbaarheid"
    above = frame.loc[frame["load"] > frame["load_capacity"]]
    assert over["x"] == [d.strftime("%Y-%m-%d") for d in above["date"]]
    assert over["base"] == above["load_capacity"].tolist()
    assert [b + h for b, h in zip(over["base"], over["y"], strict=True)] == above["load"].tolist()
    assert capacity["name"] == "Belastbaarheid" and load["name"] == "Belasting"
    assert None in load["y"]  # the line breaks over the days without check-ins


def test_weekly_figures_are_labelled_and_bounded():
    weekly = weekly_checkins(checkins())
    stress = lean(stress_sleep_figure(weekly, language="nl"))
    names = [t["name"] for t in stress["data"]]
    assert names == ["Pijn nu (hoger = slechter)", "Stress (hoger = slechter)",
                     "Slaapkwaliteit (hoger = beter)", "Uren slaap"]
    assert stress["layout"]["yaxis2"]["title"]["text"] == "Uren"
    activity = lean(activity_figure(weekly, language="en"))
    adherence = activity["data"][1]["y"]
    assert all(0 <= v <= 100 for v in adherence)
    assert activity["layout"]["yaxis2"]["range"] == [0, 105]


def test_with_gaps_only_breaks_long_gaps():
    frame = pd.DataFrame({"date": pd.to_datetime(["2026-10-01", "2026-10-04", "2026-10-12"]),
                          "v": [1.0, 2.0, 3.0]})
    assert with_gaps(frame)["v"].isna().tolist() == [False, False, True, False]


def test_panel_values_are_rounded():
    panel = Panel("t", "n", ["2026-10-01"], [1.23456], (0.0, 10.0))
    data = lean(panels_figure([panel]))
    assert data["data"][0]["y"] == [1.23456]  # a Panel is used as given ...
    built = instrument_panel(scores().assign(value=6.4444), outcomes(), "PSK")
    assert built.y == [6.44]  # ... builders round to 2 decimals


def test_sparkline_is_small_fixed_scale_and_escaped():
    svg = sparkline_svg([2.0, 12.0, None, float("nan"), 5.0], title='<b>"x"</b>')
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<title>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</title>" in svg
    assert len(svg) < 700
    line = svg.split('points="')[1].split('"')[0]
    ys = [float(point.split(",")[1]) for point in line.split()]
    assert ys == [16.1, 2.5]  # 2 on the 0-10 scale, and 12 clipped to the top (y = pad)
    assert svg.count("<circle") == 1  # the last value, marked once
    empty = sparkline_svg([None] * 8)
    assert 'width="96"' in empty and "<polyline" not in empty and "<circle" not in empty
