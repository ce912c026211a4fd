"""Monthly activity: intakes, discharges, open episodes, sessions per episode (hand-checked)."""

from __future__ import annotations

import pandas as pd
import pytest
from factories import episode, episodes

from beyou_analytics.errors import BeyouError
from beyou_analytics.practice import activity_trend, monthly_activity
from beyou_analytics.practice.periods import latest_complete_month, store_months, to_month


def _eps() -> pd.DataFrame:
    # October 2026. 1: open since September. 2: opened and closed in October (4 sessions).
    # 3: starts in November. 4: ran Jan-Sep. 5: started Oct 31. 6: ended Oct 1 (10 sessions).
    # 7: ended Oct 31 (7 sessions), 8: ended Oct 15 (sessions unknown).
    rows = [
        episode("1", "2026-09-01"),
        episode("2", "2026-10-15", "2026-10-20") | {"n_sessions": 4},
        episode("3", "2026-11-01"),
        episode("4", "2026-01-01", "2026-09-30") | {"n_sessions": 20},
        episode("5", "2026-10-31"),
        episode("6", "2026-06-01", "2026-10-01") | {"n_sessions": 10},
        episode("7", "2026-05-01", "2026-10-31") | {"n_sessions": 7},
        episode("8", "2026-05-01", "2026-10-15"),
    ]
    return episodes(*rows)


def test_counts_of_one_month_are_the_hand_counted_ones() -> None:
    row = monthly_activity(_eps(), month="2026-10").iloc[0]
    assert row["intakes"] == 2  # 2, 5
    assert row["discharges"] == 4  # 2, 6, 7, 8
    assert row["open_at_end"] == 2  # 1, 5 (7 ended on the last day: not open)
    assert row["in_treatment"] == 6  # 1, 2, 5, 6, 7, 8
    # sessions of the discharged episodes with a known count: 4, 10, 7
    assert row["n_sessions"] == 3
    assert row["median_sessions"] == 7.0
    assert (row["sessions_q1"], row["sessions_q3"]) == (5.5, 8.5)


def test_as_of_hides_what_had_not_happened_yet() -> None:
    row = monthly_activity(_eps(), month="2026-10", as_of=pd.Timestamp("2026-10-16")).iloc[0]
    assert row["intakes"] == 1  # 5 starts on the 31st
    assert row["discharges"] == 2  # 6 and 8; 2 and 7 end later
    assert row["open_at_end"] == 3  # counted on the 16th: 1, 2, 7


def test_counts_per_therapist_add_up_to_the_practice() -> None:
    eps = _eps().assign(therapist=["A", "B", "A", "B", "A", "B", "A", "B"])
    per = monthly_activity(eps, month="2026-10", by="therapist")
    total = monthly_activity(eps, month="2026-10")
    assert per["therapist"].tolist() == ["A", "B"]
    for column in ("intakes", "discharges", "open_at_end"):
        assert per[column].sum() == total[column].iloc[0]


def test_trend_has_one_row_per_month_oldest_first() -> None:
    trend = activity_trend(_eps(), month="2026-10", months=3)
    assert trend["month"].tolist() == ["2026-08", "2026-09", "2026-10"]
    assert trend["discharges"].tolist() == [0, 1, 4]
    # end of Aug: 4, 6, 7, 8; end of Sep: 1, 6, 7, 8 (4 ended on the 30th); end of Oct: 1, 5
    assert trend["open_at_end"].tolist() == [4, 4, 2]


def test_an_empty_month_gives_zeros_and_no_median() -> None:
    row = monthly_activity(_eps(), month="2025-01").iloc[0]
    assert (row["intakes"], row["discharges"], row["open_at_end"]) == (0, 0, 0)
    assert pd.isna(row["median_sessions"]) and row["n_sessions"] == 0


def test_months_of_the_store_and_the_last_complete_month() -> None:
    assert store_months(_eps(), pd.Timestamp("2026-03-02"))[:2] == ["2026-03", "2026-02"]
    assert store_months(_eps(), pd.Timestamp("2026-03-02"))[-1] == "2026-01"
    assert latest_complete_month(pd.Timestamp("2026-03-02")) == "2026-02"


@pytest.mark.parametrize("bad", ["2026-13", "10-2026", "2026-1", ""])
def test_a_malformed_month_is_one_clear_line(bad: str) -> None:
    with pytest.raises(BeyouError, match="is not a month YYYY-MM"):
        to_month(bad)
