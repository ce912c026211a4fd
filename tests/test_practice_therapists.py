"""The per-therapist table: numbers per therapist, the practice total, suppression."""

from __future__ import annotations

import pandas as pd
from factories import empty, episode, episodes, outcome, outcomes, score, scores

from beyou_analytics.practice import TOTAL, therapist_metrics, therapist_table
from beyou_analytics.practice.suppression import COUNT_MARK, HIDDEN_MARK, VALUE_MARK


def _data() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rows = []
    # Anne: 7 episodes started in October (open), 6 ended in September with 10 sessions each
    rows += [episode(f"1{i}", "2026-10-02", therapist="Anne") for i in range(7)]
    rows += [episode(f"2{i}", "2026-05-04", "2026-09-15", therapist="Anne")
             | {"n_sessions": 10} for i in range(6)]
    # Bram: 5 open since August; 2 ended in October (8 and 12 sessions)
    rows += [episode(f"3{i}", "2026-08-03", therapist="Bram") for i in range(5)]
    rows += [episode(f"4{i}", "2026-06-01", "2026-10-20", therapist="Bram")
             | {"n_sessions": s} for i, s in enumerate([8, 12])]
    # Chris: 1 open episode; Dirk: only an episode that ended two years ago (not listed)
    rows += [episode("50", "2026-09-07", therapist="Chris")]
    rows += [episode("60", "2024-01-08", "2024-03-01", therapist="Dirk")]
    eps = episodes(*rows)
    sc = scores(*[score(f"1{i}", "2026-10-02", code, "2026-10-02", 5)
                  for i in range(5) for code in ("NPRS", "PSK")])
    out = outcomes(*[outcome(f"2{i}", "2026-05-04", "NPRS", 7, 3 if i < 4 else 6,
                             "improved" if i < 4 else "unchanged", baseline_at="2026-05-04",
                             latest_at="2026-09-15") for i in range(6)])
    return eps, sc, out


def test_metrics_per_therapist_and_total_are_hand_counted() -> None:
    metrics = therapist_metrics(*_data(), month="2026-10").set_index("therapist")
    assert metrics.index.tolist() == ["Anne", "Bram", "Chris", "Dirk", TOTAL]
    anne, bram, total = metrics.loc["Anne"], metrics.loc["Bram"], metrics.loc[TOTAL]
    assert (anne["open_at_end"], anne["intakes"], anne["discharges"]) == (7, 7, 0)
    assert (bram["open_at_end"], bram["intakes"], bram["discharges"]) == (5, 0, 2)
    assert anne["discharges_12m"] == 6 and anne["median_sessions_12m"] == 10.0
    assert bram["median_sessions_12m"] == 10.0  # 8 and 12
    # intake complete: Anne's 7 October starts, 5 with NPRS + PSK (and 6 May starts without)
    assert anne["intake_core_n_12m"] == 13 and round(anne["intake_core_share_12m"], 3) == round(
        5 / 13, 3)
    assert (anne["nprs_mcid_n_12m"], anne["nprs_mcid_share_12m"]) == (6, 4 / 6)
    assert total["open_at_end"] == 13 and total["discharges_12m"] == 8
    for column in ("open_at_end", "intakes", "discharges", "discharges_12m"):
        assert metrics[column].drop(TOTAL).sum() == total[column]


def test_the_table_suppresses_small_cells_and_their_complement() -> None:
    table = therapist_table(*_data(), month="2026-10").set_index("therapist")
    assert table.index.tolist() == ["Anne", "Bram", "Chris", TOTAL]  # Dirk: nothing recent
    # open: 7, 5, 1 -> Chris's 1 is small, the next smallest (Bram 5) hides with it
    assert table["open_at_end"].tolist() == [7, HIDDEN_MARK, COUNT_MARK, 13]
    # 7 intakes, all Anne's: the others are empty, which may show
    assert table["intakes"].tolist() == [7, COUNT_MARK, COUNT_MARK, 7]
    assert table.loc["Bram", "median_sessions_12m"] == VALUE_MARK  # 2 discharges
    # Discharges in 12 months: Anne 6, Bram 2, Chris 0, total 8: Anne's 6 is hidden too (else
    # Bram and Chris add up to 2), and so is the median resting on it.
    assert table["discharges_12m"].tolist() == [HIDDEN_MARK, COUNT_MARK, COUNT_MARK, 8]
    assert table.loc["Anne", "median_sessions_12m"] == VALUE_MARK
    assert table.loc[TOTAL, "median_sessions_12m"] == 10.0
    assert table.loc["Anne", "nprs_mcid_share_12m"] == 4 / 6
    assert table.loc[TOTAL, "nprs_mcid_n_12m"] == 6


def test_an_empty_store_gives_only_a_suppressed_total() -> None:
    table = therapist_table(empty("episodes"), empty("scores"), empty("outcomes"),
                            month="2026-10")
    assert table["therapist"].tolist() == [TOTAL]
    assert table["intakes"].tolist() == [COUNT_MARK]
