"""Outcomes of the month's discharges: median change, MCID reached, GPE improved."""

from __future__ import annotations

import pandas as pd
from factories import episode, episodes, outcome, outcomes, score, scores

from beyou_analytics.practice import discharge_outcomes, gpe_summary, outcome_trend

START = "2026-06-01"


def _eps() -> pd.DataFrame:
    return episodes(*(episode(str(p), START, end) for p, end in [
        (1, "2026-10-05"), (2, "2026-10-10"), (3, "2026-10-20"), (4, "2026-10-31"),
        (5, "2026-10-15"), (6, "2026-09-30"),
    ]))


def _outcomes() -> pd.DataFrame:
    def nprs(p: int, base: float, last: float, status: str | None, latest_at: str) -> dict:
        return outcome(str(p), START, "NPRS", base, last, status, baseline_at=START,
                       latest_at=latest_at)

    return outcomes(
        nprs(1, 7, 3, "improved", "2026-10-05"),
        nprs(2, 6, 5, "unchanged", "2026-10-11"),
        nprs(3, 8, 2, "improved", "2026-10-25"),
        nprs(4, 5, 7, "deteriorated", "2026-11-02"),
        nprs(5, 6, 2, "improved", "2026-08-01"),  # last measured long before the end: left out
        nprs(6, 7, 1, "improved", "2026-09-30"),  # ended in September
        outcome("1", START, "PSK", 7, 4, None, baseline_at=START, latest_at="2026-10-05"),
        outcome("2", START, "PSK", 6, 5, None, baseline_at=START, latest_at="2026-10-10"),
        outcome("1", START, "QBPDS", 50, 20, "improved", baseline_at=START,
                latest_at="2026-10-05"),
        outcome("1", START, "PCS", 30, 10, "improved", baseline_at=START,
                latest_at="2026-10-05", scale="rumination"),  # not a total: never counted
    )


def _row(table: pd.DataFrame, code: str) -> pd.Series:
    return table.set_index("instrument").loc[code]


def test_nprs_change_and_mcid_of_the_month_hand_checked() -> None:
    table = discharge_outcomes(_eps(), _outcomes(), month="2026-10")
    nprs = _row(table, "NPRS")
    # episodes 1-4: changes -4, -1, -6, +2 -> median -2.5; baselines 7, 6, 8, 5 -> 6.5
    assert nprs["n"] == 4
    assert nprs["median_change"] == -2.5
    assert nprs["median_baseline"] == 6.5
    assert nprs["median_latest"] == 4.0  # 3, 5, 2, 7
    assert (nprs["n_classified"], nprs["n_improved"], nprs["n_deteriorated"]) == (4, 2, 1)
    assert nprs["share_improved"] == 0.5 and nprs["share_deteriorated"] == 0.25
    assert bool(nprs["higher_is_worse"]) and bool(nprs["has_mcid"])


def test_instruments_without_a_published_mcid_have_no_share() -> None:
    table = discharge_outcomes(_eps(), _outcomes(), month="2026-10")
    psk = _row(table, "PSK")
    assert psk["n"] == 2 and psk["median_change"] == -2.0
    assert not psk["has_mcid"] and psk["n_classified"] == 0 and pd.isna(psk["share_improved"])
    assert _row(table, "ODI")["n"] == 0 and pd.isna(_row(table, "ODI")["median_change"])


def test_without_the_discharge_window_the_last_measurement_counts() -> None:
    table = discharge_outcomes(_eps(), _outcomes(), month="2026-10", at_discharge_only=False)
    assert _row(table, "NPRS")["n"] == 5  # episode 5 too


def test_gpe_improved_is_the_latest_answer_in_the_discharge_window() -> None:
    sc = scores(
        score("1", START, "GPE", "2026-10-05", 2),
        score("2", START, "GPE", "2026-08-01", 1),  # interim, far from the end: ignored
        score("2", START, "GPE", "2026-10-09", 4),
        score("3", START, "GPE", "2026-10-18", 5),
        score("3", START, "GPE", "2026-10-22", 1),  # latest in the window wins
        score("4", START, "GPE", "2026-11-01", 6),
        score("6", START, "GPE", "2026-09-30", 1),  # September
    )
    row = gpe_summary(_eps(), sc, month="2026-10").iloc[0]
    assert (row["n"], row["n_improved"], row["n_deteriorated"]) == (4, 2, 1)
    assert row["share_improved"] == 0.5


def test_trend_per_month_of_discharge() -> None:
    sc = scores(score("6", START, "GPE", "2026-09-30", 1), score("1", START, "GPE",
                                                                 "2026-10-05", 3))
    trend = outcome_trend(_eps(), _outcomes(), sc, month="2026-10", months=2)
    assert trend[["mcid_n", "mcid_improved", "gpe_n", "gpe_improved"]].values.tolist() == [
        [1, 1, 1, 1], [4, 2, 1, 0]]
