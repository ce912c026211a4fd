"""Small-cell suppression: primary, linked and complementary, with the marks a reader sees."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from beyou_analytics.practice.suppression import (
    COUNT_MARK,
    HIDDEN_MARK,
    VALUE_MARK,
    suppress,
    suppress_table,
    suppression_marks,
    suppression_mask,
)


def _table(counts: list[int]) -> pd.DataFrame:
    body = pd.DataFrame({"n": counts}, index=[f"t{i}" for i in range(len(counts))])
    return pd.concat([body, pd.DataFrame({"n": [sum(counts)]}, index=["total"])])


def test_counts_under_five_including_zero_are_marked() -> None:
    shown = suppress_table(pd.DataFrame({"n": [0, 1, 4, 5, 120]}), counts=["n"])
    assert shown["n"].tolist() == [COUNT_MARK, COUNT_MARK, COUNT_MARK, 5, 120]


def test_a_single_small_cell_takes_the_smallest_other_cell_with_it() -> None:
    table = _table([20, 3, 9, 7])
    shown = suppress_table(table, counts=["n"], total_row="total")
    # 3 alone would be total - 20 - 9 - 7; the smallest other shown cell (7) is hidden too
    assert shown["n"].tolist() == [20, COUNT_MARK, 9, HIDDEN_MARK, 39]


def test_small_cells_that_the_total_pins_down_take_another_cell_with_them() -> None:
    # The monthly report's open episodes: 48 - 40 = 8 for two cells under 5 -> both 4.
    table = _table([5, 4, 4, 9, 14, 12])
    shown = suppress_table(table, counts=["n"], total_row="total")
    assert shown["n"].tolist() == [HIDDEN_MARK, COUNT_MARK, COUNT_MARK, 9, 14, 12, 48]
    # 1 + 2 = 3: the two together are a group under 5, so another cell goes too.
    shown = suppress_table(_table([20, 1, 2, 7]), counts=["n"], total_row="total")
    assert shown["n"].tolist() == [20, COUNT_MARK, COUNT_MARK, HIDDEN_MARK, 30]


def test_two_small_cells_that_could_be_several_counts_need_no_complement() -> None:
    shown = suppress_table(_table([20, 3, 2, 7]), counts=["n"], total_row="total")
    assert shown["n"].tolist() == [20, COUNT_MARK, COUNT_MARK, 7, 32]  # 1+4, 2+3, 3+2, 4+1


def test_with_a_single_other_row_the_total_is_hidden() -> None:
    shown = suppress_table(_table([3]), counts=["n"], total_row="total")
    assert shown["n"].tolist() == [COUNT_MARK, COUNT_MARK]  # the total (3) is small itself
    table = pd.DataFrame({"n": [3, 8]}, index=["a", "total"])  # total is not the sum here
    assert suppress_table(table, counts=["n"], total_row="total")["n"].tolist() == [
        COUNT_MARK, HIDDEN_MARK]


def test_without_a_total_row_there_is_no_complement() -> None:
    shown = suppress_table(pd.DataFrame({"n": [20, 3, 9]}), counts=["n"])
    assert shown["n"].tolist() == [20, COUNT_MARK, 9]


def test_shares_and_medians_follow_their_n() -> None:
    table = pd.DataFrame({
        "n": [12, 3, 8, 23], "share": [0.5, 1.0, 0.25, 0.43],
        "median": [11.0, 9.0, 12.5, 11.0], "n_sessions": [12, 3, 4, 19],
    }, index=["a", "b", "c", "total"])
    marks = suppression_marks(table, counts=["n"], total_row="total",
                              linked={"share": "n", "median": ("n", "n_sessions")})
    shown = suppress(table, marks)
    assert shown["share"].tolist() == [0.5, VALUE_MARK, VALUE_MARK, 0.43]  # c: n hidden (x)
    # c's median also rests on only 4 sessions; the n_sessions column itself is not a count
    assert shown["median"].tolist() == [11.0, VALUE_MARK, VALUE_MARK, 11.0]
    assert shown["n_sessions"].tolist() == [12, 3, 4, 19]


def test_counts_can_be_judged_on_the_patients_behind_them() -> None:
    table = pd.DataFrame({"episodes": [6, 9], "patients": [4, 9]})
    marks = suppression_marks(table, counts=["episodes"], basis={"episodes": "patients"})
    assert suppress(table, marks)["episodes"].tolist() == [COUNT_MARK, 9]


def test_the_mask_is_the_marks_being_set() -> None:
    table = _table([20, 3, 9, 7])
    mask = suppression_mask(table, counts=["n"], total_row="total")
    assert mask["n"].tolist() == [False, True, False, True, False]


def test_suppress_never_changes_its_input() -> None:
    table = _table([20, 3, 9, 7])
    before = table.copy()
    suppress_table(table, counts=["n"], total_row="total")
    pd.testing.assert_frame_equal(table, before)


def _possible_counts(marks: pd.Series, values: np.ndarray, index: int) -> range:
    """What a reader can work out about hidden body cell ``index`` from the shown cells and
    the shown total: "<5" cells hold 0-4, "x" cells 5 or more, and the body adds up."""
    body = marks.to_numpy()[:-1]
    hidden = pd.notna(body)
    rest = values[-1] - values[:-1][~hidden].sum()
    low = {COUNT_MARK: 0, HIDDEN_MARK: 5}
    high = {COUNT_MARK: 4, HIDDEN_MARK: rest}
    others = [j for j in np.flatnonzero(hidden) if j != index]
    lowest = max(low[body[index]], rest - sum(high[body[j]] for j in others))
    highest = min(high[body[index]], rest - sum(low[body[j]] for j in others))
    return range(int(lowest), int(highest) + 1)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8))
def test_no_suppressed_cell_can_be_worked_out_from_the_total(counts: list[int]) -> None:
    table = _table(counts)
    marks = suppression_marks(table, counts=["n"], total_row="total")["n"]
    values = table["n"].to_numpy()
    hidden = marks.notna().to_numpy()
    assert not (~hidden & (values < 5)).any()  # every small count is hidden
    assert all(values[i] < 5 for i in np.flatnonzero(marks.to_numpy() == COUNT_MARK))
    if hidden[-1]:
        return  # no total to reason from
    at = np.flatnonzero(hidden[:-1])
    if not values[at].sum() and (marks.iloc[at] == COUNT_MARK).all():
        return  # all hidden cells empty: no patient behind any of them
    if len(at):
        assert values[at].sum() >= 5  # no group under 5 by subtraction
    for i in at:
        possible = _possible_counts(marks, values, i)
        assert values[i] in possible and len(possible) > 1, (counts, i, possible)
