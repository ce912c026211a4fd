"""What the research page shows: suppressed descriptions, binned baselines, change pairs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from beyou_analytics.practice.suppression import COUNT_MARK, HIDDEN_MARK, VALUE_MARK
from beyou_analytics.research.summary import (
    DESCRIBED,
    binned_baseline,
    change_pairs,
    describe_cohort,
    pair_correlations,
    shown_pairs,
    therapist_caseload,
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


# ------------------------------------------------------------------ the cohort description
def _block(table: pd.DataFrame, variable: str) -> dict[str, object]:
    return table.loc[table["variable"] == variable].set_index("category")["patients"].to_dict()


def test_a_patient_with_two_episodes_counts_once_with_the_first_episode() -> None:
    # p0 came by gp first and by specialist later (listed first): the old table counted p0 in
    # both (gp 6 + specialist 6 against a total of 11)
    eps = pd.DataFrame({
        "pseudonym": ["p0", *[f"p{i}" for i in range(11)]],
        "referral": ["specialist", *["gp"] * 6, *["specialist"] * 5],
        "start_date_shifted": pd.to_datetime(["2026-06-01", *["2026-01-01"] * 11]),
    })
    referral = _block(describe_cohort(eps, variables=("referral",)), "referral")
    assert referral == {"gp": 6, "specialist": 5, "total": 11}
    assert referral["gp"] + referral["specialist"] == referral["total"]


def test_patients_with_one_episode_each_count_as_they_are() -> None:
    eps = pd.DataFrame({"pseudonym": [f"p{i}" for i in range(11)],
                        "referral": ["gp"] * 6 + ["specialist"] * 5})
    table = describe_cohort(eps, variables=("referral",))
    assert _block(table, "referral") == {"gp": 6, "specialist": 5, "total": 11}
    assert table["share"].tolist() == [6 / 11, 5 / 11, 1.0]


def test_a_small_end_reason_is_complemented_and_ongoing_is_its_own_category() -> None:
    # p0-p3 reached their goal and are back (a second, ongoing episode). Counted in both
    # categories: goal 10 + ongoing 10 = the total 20, so "moved <5" read as 0 and nothing
    # was complemented. Once each: 10 + 6 shown of 20, and ongoing is hidden beside moved.
    eps = pd.DataFrame({
        "pseudonym": [f"p{i}" for i in range(20)] + ["p0", "p1", "p2", "p3"],
        "end_reason": ["goal_reached"] * 10 + [None] * 6 + ["moved"] * 4 + [None] * 4,
        "start_date_shifted": pd.to_datetime(["2026-01-01"] * 20 + ["2026-08-01"] * 4),
        "end_date_shifted": pd.to_datetime(["2026-05-01"] * 10 + [None] * 6
                                           + ["2026-05-01"] * 4 + [None] * 4),
    })
    block = _block(describe_cohort(eps, variables=("end_reason",)), "end_reason")
    assert block == {"goal_reached": 10, "moved": COUNT_MARK, "ongoing": HIDDEN_MARK,
                     "total": 20}


def test_an_ended_episode_without_a_reason_is_unknown_not_ongoing() -> None:
    eps = pd.DataFrame({"pseudonym": [f"p{i}" for i in range(16)],
                        "end_reason": ["goal_reached"] * 6 + [None] * 10,
                        "end_date_shifted": pd.to_datetime(
                            ["2026-05-01"] * 6 + [None] * 5 + ["2026-05-01"] * 5)})
    block = _block(describe_cohort(eps, variables=("end_reason",)), "end_reason")
    assert block == {"goal_reached": 6, "ongoing": 5, "unknown": 5, "total": 16}


def test_an_end_reason_block_without_small_cells_hides_nothing() -> None:
    eps = pd.DataFrame({"pseudonym": [f"p{i}" for i in range(12)],
                        "end_reason": ["goal_reached"] * 7 + [None] * 5})
    block = _block(describe_cohort(eps, variables=("end_reason",)), "end_reason")
    assert block == {"goal_reached": 7, "ongoing": 5, "total": 12}


@pytest.mark.parametrize("variable", ["sex", "age_band", "referral", "end_reason"])
def test_every_block_complements_its_small_cell(variable: str) -> None:
    values = ["a"] * 9 + ["b"] * 6 + ["c"] * 3
    eps = pd.DataFrame({"pseudonym": [f"p{i}" for i in range(18)], variable: values})
    block = _block(describe_cohort(eps, variables=(variable,)), variable)
    assert block == {"a": 9, "b": HIDDEN_MARK, "c": COUNT_MARK, "total": 18}


def test_pooled_rare_categories_are_other_and_missing_values_unknown() -> None:
    eps = pd.DataFrame({"pseudonym": [f"p{i}" for i in range(20)],
                        "referral": ["gp"] * 14 + ["other"] * 3 + [None] * 3})
    block = _block(describe_cohort(eps, variables=("referral",)), "referral")
    # the two small cells hold 6 together: open enough without a third hidden cell
    assert block == {"gp": 14, "other": COUNT_MARK, "unknown": COUNT_MARK, "total": 20}


def test_a_block_without_missing_values_has_no_unknown_row() -> None:
    eps = pd.DataFrame({"pseudonym": [f"p{i}" for i in range(12)],
                        "referral": ["gp"] * 7 + ["other"] * 5})
    assert _block(describe_cohort(eps, variables=("referral",)), "referral") == {
        "gp": 7, "other": 5, "total": 12}


def test_therapist_codes_are_not_described_per_code() -> None:
    eps = pd.DataFrame({"pseudonym": [f"p{i}" for i in range(20)],
                        "therapist_code": ["T-a"] * 12 + ["T-b"] * 5 + ["T-c"] * 3})
    assert "therapist_code" not in DESCRIBED
    with pytest.raises(ValueError, match="therapist_code is not described"):
        describe_cohort(eps, variables=("therapist_code",))
    # no lowest or highest: each is one therapist's caseload
    assert therapist_caseload(eps) == {"therapists": 3, "median": 5.0}


def test_therapist_caseload_hides_a_small_median() -> None:
    # p0 saw two therapists: counts for both (the median of 6 and 7)
    eps = pd.DataFrame({"pseudonym": [f"p{i}" for i in range(12)] + ["p0"],
                        "therapist_code": ["T-a"] * 6 + ["T-b"] * 6 + ["T-b"]})
    assert therapist_caseload(eps) == {"therapists": 2, "median": 6.5}
    small = pd.DataFrame({"pseudonym": ["p1", "p2", "p3"], "therapist_code": ["T-a"] * 3})
    assert therapist_caseload(small) == {"therapists": 1, "median": COUNT_MARK}
