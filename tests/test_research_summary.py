"""What the research page shows: suppressed descriptions, binned baselines, change pairs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from beyou_analytics.practice.suppression import COUNT_MARK, HIDDEN_MARK, VALUE_MARK
from beyou_analytics.research.summary import (
    binned_baseline,
    change_pairs,
    describe_cohort,
    pair_correlations,
    shown_pairs,
)


def test_the_cohort_description_suppresses_and_complements() -> None:
    eps = pd.DataFrame({"pseudonym": [f"p{i}" for i in range(14)],
                        "referral": ["gp"] * 7 + ["specialist"] * 5 + [None, None],
                        "sex": ["F"] * 14})
    table = describe_cohort(eps, variables=("referral", "sex"))
    referral = table.loc[table["variable"] == "referral"].set_index("category")
    assert referral["patients"].to_dict() == {"gp": 7, "specialist": HIDDEN_MARK,
                                              "unknown": COUNT_MARK, "total": 14}
    assert referral.loc["gp", "share"] == 0.5 and referral.loc["unknown", "share"] == VALUE_MARK
    sex = table.loc[table["variable"] == "sex"].set_index("category")
    assert sex["patients"].to_dict() == {"F": 14, "total": 14}


def test_baseline_bins_hide_small_bins_and_one_more() -> None:
    values = [1.0] * 6 + [3.0] * 5 + [7.0] * 2 + [9.5] * 8
    out = pd.DataFrame({"instrument": "NPRS", "scale": "total", "baseline": values,
                        "pseudonym": "x", "episode": [f"e{i}" for i in range(len(values))]})
    bins = binned_baseline(out, "NPRS", bins=5)
    # bins 0-2: 6, 2-4: 5, 4-6: 0, 6-8: 2, 8-10: 8 -> 0 and 2 are small, and together 2
    # (21 - 6 - 5 - 8): the smallest bin that opens that up again (5) is hidden too
    assert bins["n"].tolist()[0] == 6.0 and bins["n"].tolist()[4] == 8.0
    assert bins["suppressed"].tolist() == [False, True, True, True, False]
    assert bins.attrs["n_total"] == 21
    empty_two = binned_baseline(out.loc[out["baseline"] != 7.0].assign(
        baseline=lambda f: f["baseline"].where(f["baseline"] != 1.0, 5.0)), "NPRS", bins=5)
    # 2-4: 5, 4-6: 6, 8-10: 8 and the empty bins 0-2, 6-8: that both are empty may show
    assert empty_two["suppressed"].tolist() == [True, False, False, True, False]


def _outcomes() -> pd.DataFrame:
    rows = []
    for i in range(8):
        episode = f"e{i}"
        rows += [(episode, "NPRS", -float(i), np.nan), (episode, "TSK17", -float(i) * 2, np.nan),
                 (episode, "QBPDS", -10.0 * i, -5.0 * i)]
    rows += [("e8", "PCS", 3.0, np.nan), ("e8", "NPRS", 1.0, np.nan),
             ("e9", "ODI", -4.0, -20.0), ("e9", "TSK17", 1.0, np.nan)]
    return pd.DataFrame(rows, columns=["episode", "instrument", "change", "pct_change"]).assign(
        scale="total", pseudonym="x")


def test_change_pairs_take_the_first_disability_scale_in_percent() -> None:
    pairs = change_pairs(_outcomes())
    tsk_function = pairs.loc[(pairs["measure"] == "TSK17") & (pairs["outcome"] == "function")]
    assert len(tsk_function) == 9  # e0-e7 (QBPDS) and e9 (ODI)
    assert tsk_function.set_index("episode").loc["e9", "outcome_change"] == -20.0
    assert tsk_function.set_index("episode").loc["e3", "outcome_change"] == -15.0


def test_correlations_need_five_pairs_and_panels_under_five_are_not_shown() -> None:
    pairs = change_pairs(_outcomes())
    correlations = pair_correlations(pairs).set_index(["measure", "outcome"])
    assert correlations.loc[("TSK17", "pain"), "rho"] == pytest.approx(1.0)
    assert correlations.loc[("TSK17", "pain"), "n"] == 8
    assert np.isnan(correlations.loc[("PCS", "pain"), "rho"])  # one pair
    shown = shown_pairs(pairs)
    assert "PCS" not in set(shown["measure"])
    assert list(pair_correlations(pairs)["measure"].unique()) == ["TSK17", "PCS"]
