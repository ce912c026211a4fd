"""``clean.codes``: integer codes for text columns and tuples, and sorting by them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from beyou_analytics.clean import codes


def _reference_combine(parts: list[np.ndarray]) -> np.ndarray:
    """Tuples numbered in order of first appearance, by a dictionary of Python tuples."""
    seen: dict[tuple[int, ...], int] = {}
    return np.array([seen.setdefault(t, len(seen)) for t in zip(*parts, strict=True)],
                    dtype=np.int64)


def _same_grouping(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(pd.factorize(a)[0], pd.factorize(b)[0]))


@pytest.mark.parametrize("width", [3, 50_000, 3_000_000_000])
def test_combine_groups_equal_tuples_whatever_their_range(width: int) -> None:
    # small ranges are numbered directly, wide ones exactly in 64 bits, wider ones hashed
    rng = np.random.default_rng(7)
    parts = [rng.integers(-1, width, 5_000) for _ in range(3)]
    parts[1][::3] = parts[1][0]  # many repeated tuples
    parts[0][::3] = parts[0][0]
    parts[2][::3] = parts[2][0]
    key = codes.combine(parts)
    assert _same_grouping(key, _reference_combine(parts))
    assert key.min() >= 0 and key.max() < max(4 * len(key), 1 << 16)


def test_combine_numbers_wide_tuples_in_order_of_first_appearance() -> None:
    parts = [np.array([9, 4, 9, 4, 7]) * 10**6, np.array([5, 6, 5, 6, 5]) * 10**6]
    assert codes.combine(parts).tolist() == [0, 1, 0, 1, 2]


@seed(20261031)
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-1, 4), st.integers(-1, 10**9), st.integers(-1, 10**7)),
                min_size=1, max_size=40))
def test_combine_matches_a_dictionary_of_tuples(rows: list[tuple[int, int, int]]) -> None:
    parts = [np.array(column, dtype=np.int64) for column in zip(*rows, strict=True)]
    assert _same_grouping(codes.combine(parts), _reference_combine(parts))


def test_encode_all_is_encode_of_each_column() -> None:
    columns = [pd.Series(["b", None, "a", "b"], dtype="str"),
               pd.Series(["x", "x", None, "y"], dtype="str"),
               pd.Series([], dtype="str")]
    for (got, got_texts), column in zip(codes.encode_all(columns), columns, strict=True):
        want, want_texts = codes.encode(column)
        assert got.tolist() == want.tolist()
        assert got_texts.tolist() == want_texts.tolist()


@pytest.mark.parametrize("scale", [1, 10**12])
def test_sort_order_is_a_stable_lexsort(scale: int) -> None:
    # small keys are packed into one sort key; keys too wide for 64 bits use lexsort
    rng = np.random.default_rng(3)
    keys = [rng.integers(0, 4, 2_000), rng.integers(-5, 5, 2_000) * scale,
            rng.integers(0, 3, 2_000)]
    assert codes.sort_order(keys).tolist() == np.lexsort(keys[::-1]).tolist()
    assert codes.sort_order([np.zeros(0, dtype=np.int64)]).tolist() == []
