"""The attrition funnel: cohort of episodes ended in the window, cumulative stages."""

from __future__ import annotations

import pandas as pd
import pytest
from factories import checkins, episode, episodes, score, scores

from beyou_analytics.practice import STAGES, attrition_funnel, funnel_episodes

S = "2026-03-02"  # every episode starts here
DAY = pd.Timedelta(days=1)


def _on(days: list[int]) -> list[pd.Timestamp]:
    return [pd.Timestamp(S) + d * DAY for d in days]


def _data() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    end = "2026-07-31"
    ends = {"1": end, "2": end, "3": end, "4": end, "5": end, "6": end,
            "7": "2026-04-01",  # 30 days: shorter than 6 weeks
            "8": None}  # still open: not in the cohort
    reasons = {"5": "own_initiative"}
    eps = episodes(
        *(episode(p, S, e) | {"end_reason": None if e is None else reasons.get(p, "goal_reached")}
          for p, e in ends.items()),
        episode("9", "2025-01-06", "2025-10-15") | {"end_reason": "goal_reached"},  # too early
    )
    intake = [score(p, S, code, S, 5) for p in ("1", "3", "4", "5", "6", "7", "8")
              for code in ("NPRS", "PSK")] + [score("2", S, "NPRS", S, 5)]
    discharge = [score(p, S, code, ends[p], 3) for p in ("1", "7") for code in ("NPRS", "PSFS")]
    sc = scores(*intake, *discharge, score("6", S, "NPRS", ends["6"], 3))
    days = {"1": [2, 36], "2": [1, 40], "3": [8, 38], "4": [0, 20], "5": [6, 41],
            "6": [3, 35], "7": [1, 27], "8": [1, 36]}
    chk = pd.concat([checkins(p, S, _on(d), pain_now=5.0) for p, d in days.items()],
                    ignore_index=True)
    return eps, chk, sc


def test_each_stage_drops_the_hand_picked_episode() -> None:
    funnel = attrition_funnel(*_data(), month="2026-10")
    assert funnel["stage"].tolist() == list(STAGES)
    # 2 misses PSK at intake, 3 misses week 1, 4 stops before week 6, 5 left on own
    # initiative, 6 has no PSK/PSFS at discharge; 1 and 7 (short episode) pass everything.
    assert funnel["n"].tolist() == [7, 6, 5, 4, 3, 2]
    assert funnel["share_of_start"].round(3).tolist() == [1.0, 0.857, 0.714, 0.571, 0.429,
                                                          0.286]
    assert funnel["share_of_previous"].iloc[-1] == pytest.approx(2 / 3)


def test_stage_flags_are_per_episode_and_not_cumulative() -> None:
    flags = funnel_episodes(*_data(), month="2026-10").set_index("episode_id")
    assert sorted(flags.index) == [f"{p}-20260302" for p in "1234567"]
    # 2 fails the intake but did check in during weeks 1 and 6
    assert not flags.loc["2-20260302", "intake_complete"]
    assert flags.loc["2-20260302", ["checkin_week1", "checkin_week6"]].all()
    assert flags.loc["7-20260302", "checkin_week6"]  # last 7 days of a 30-day episode


def test_the_window_and_as_of_bound_the_cohort() -> None:
    assert attrition_funnel(*_data(), month="2026-10", months=2)["n"].iloc[0] == 0
    funnel = attrition_funnel(*_data(), month="2026-10", as_of=pd.Timestamp("2026-05-01"))
    assert funnel["n"].iloc[0] == 1  # only 7 had ended by then
    assert funnel["share_of_start"].iloc[0] == 1.0


def test_an_empty_cohort_gives_zeros_and_no_shares() -> None:
    funnel = attrition_funnel(*_data(), month="2024-01")
    assert (funnel["n"] == 0).all() and funnel["share_of_start"].isna().all()
