"""Measurement completeness against protocol.REQUIRED (window ±14 days), hand-checked."""

from __future__ import annotations

import pandas as pd
from factories import episode, episodes, score, scores

from beyou_analytics.practice import completeness, completeness_trend, measured_at


def _data() -> tuple[pd.DataFrame, pd.DataFrame]:
    eps = episodes(
        episode("1", "2026-10-05", "2026-10-30"),  # everything measured
        episode("2", "2026-10-12"),  # NPRS only, at intake
        episode("3", "2026-10-20"),  # NPRS + PSFS at intake, PSFS 15 days late: outside window
        episode("4", "2026-07-01", "2026-10-10"),  # discharge: NPRS + PSK, no QBPDS, no GPE
    )
    sc = scores(
        score("1", "2026-10-05", "NPRS", "2026-10-05", 6),
        score("1", "2026-10-05", "PSK", "2026-10-06", 7),
        score("1", "2026-10-05", "QBPDS", "2026-10-05", 40),
        score("1", "2026-10-05", "NPRS", "2026-10-30", 2),
        score("1", "2026-10-05", "PSFS", "2026-11-13", 8),  # 14 days after the end: counts
        score("1", "2026-10-05", "ODI", "2026-10-29", 20),
        score("1", "2026-10-05", "GPE", "2026-10-30", 2),
        score("2", "2026-10-12", "NPRS", "2026-09-28", 5),  # 14 days before the start: counts
        score("3", "2026-10-20", "NPRS", "2026-10-20", 5),
        score("3", "2026-10-20", "PSFS", "2026-11-04", 4),  # 15 days after: too late
        score("4", "2026-07-01", "NPRS", "2026-10-10", 3),
        score("4", "2026-07-01", "PSK", "2026-10-10", 3),
        score("4", "2026-07-01", "QBPDS", "2026-10-10", 30, valid=False),  # invalid: no count
    )
    return eps, sc


def _row(table: pd.DataFrame, timepoint: str, measure: str) -> tuple[int, int]:
    row = table.loc[(table["timepoint"] == timepoint) & (table["measure"] == measure)].iloc[0]
    return int(row["n_measured"]), int(row["n_episodes"])


def test_intake_completeness_of_the_episodes_started_in_the_month() -> None:
    table = completeness(*_data(), month="2026-10")
    assert _row(table, "intake", "NPRS") == (3, 3)  # 1, 2 (14 days before), 3
    assert _row(table, "intake", "PSK/PSFS") == (1, 3)  # 1 only: 3's PSFS is a day too late
    assert _row(table, "intake", "core") == (1, 3)
    assert _row(table, "intake", "QBPDS") == (1, 3)
    assert _row(table, "intake", "complete") == (1, 3)
    share = table.loc[(table["timepoint"] == "intake") & (table["measure"] == "NPRS"), "share"]
    assert share.iloc[0] == 1.0


def test_discharge_completeness_of_the_episodes_ended_in_the_month() -> None:
    table = completeness(*_data(), month="2026-10")
    assert _row(table, "discharge", "NPRS") == (2, 2)
    assert _row(table, "discharge", "PSK/PSFS") == (2, 2)  # 1: PSFS 14 days after the end
    assert _row(table, "discharge", "core") == (2, 2)
    assert _row(table, "discharge", "QBPDS") == (1, 2)  # ODI counts for 1; 4's QBPDS invalid
    assert _row(table, "discharge", "GPE") == (1, 2)
    assert _row(table, "discharge", "complete") == (1, 2)


def test_as_of_leaves_out_later_measurements_and_later_ends() -> None:
    eps, sc = _data()
    flags = measured_at(eps, sc, timepoint="discharge", as_of=pd.Timestamp("2026-10-31"))
    one = flags.loc[flags["episode_id"] == "1-20261005"].iloc[0]
    assert not one["PSK/PSFS"]  # the PSFS of Nov 13 is not known on Oct 31
    flags = measured_at(eps, sc, timepoint="discharge", as_of=pd.Timestamp("2026-10-20"))
    assert flags["episode_id"].tolist() == ["4-20260701"]  # 1 had not ended yet


def test_an_empty_cohort_has_no_share() -> None:
    table = completeness(*_data(), month="2026-01")
    assert (table["n_episodes"] == 0).all() and table["share"].isna().all()


def test_trend_counts_by_month_of_the_due_date() -> None:
    trend = completeness_trend(*_data(), month="2026-10", months=2)
    assert trend["month"].tolist() == ["2026-09", "2026-10"]
    assert trend[["intake_n", "intake_measured"]].values.tolist() == [[0, 0], [3, 1]]
    assert trend[["discharge_n", "discharge_measured"]].values.tolist() == [[0, 0], [2, 2]]
    assert pd.isna(trend["intake_share"].iloc[0])
