"""Golden values for every instrument (instruments.md worked examples §1-12, plus our own),
band boundaries on both sides, missing-item rules exactly at the limit and one beyond, and the
frame-level engine (``score_items``) on small hand-made frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from beyou_analytics.errors import UnknownInstrumentError
from beyou_analytics.instruments import get_instrument
from beyou_analytics.schema import SCORES
from beyou_analytics.scoring import band_labels, score_items, score_responses


def answers(values) -> dict[int, float | None]:
    """Item numbers 1.. for a list of raw answers (None = not answered)."""
    return dict(enumerate(values, start=1))


def total(code, values, **options):
    return score_responses(code, answers(values), **options)["total"]


def answers_for_total(code: str, target: int) -> dict[int, float]:
    """Raw answers of a ``sum`` instrument whose scored total is ``target``."""
    inst = get_instrument(code)
    scored = {i: inst.item_range(i)[0] for i in inst.items}
    remaining = target - sum(scored.values())
    for i in inst.items:
        step = min(remaining, inst.item_range(i)[1] - scored[i])
        scored[i] += step
        remaining -= step
    assert remaining == 0
    return {
        i: (sum(inst.item_range(i)) - v if i in inst.reversed_items else v)
        for i, v in scored.items()
    }


# --- §1 NPRS ---------------------------------------------------------------------------------

def test_nprs_is_the_single_answer():
    assert total("NPRS", [7]).value == 7
    assert total("NPRS", [4]).value == 4
    assert total("NPRS", [0]).value == 0


def test_nprs_without_answer_has_no_score():
    score = total("NPRS", [None])
    assert not score.valid and np.isnan(score.value) and score.n_missing == 1
    assert score.invalid_reason == "the item is not answered"


# --- §2 ODI ----------------------------------------------------------------------------------

ODI_A = [3, 2, 4, 2, 3, 2, 2, 1, 2, 3]
ODI_B = [3, 2, 4, 2, 3, 2, 2, None, 2, 3]
ODI_C = [3, 2, 4, 2, 3, 2, 2, None, 2, None]
ODI_B_FOLLOW_UP = [2, 1, 2, 1, 2, 1, 1, None, 1, 2]


def test_odi_example_a_complete():
    score = total("ODI", ODI_A)
    assert (score.value, score.band, score.n_missing) == (48.0, "severe", 0)


def test_odi_example_b_one_section_missing():
    score = total("ODI", ODI_B)
    assert score.value == pytest.approx(51.111111, abs=1e-5)
    assert (score.band, score.n_missing, score.valid) == ("severe", 1, True)
    # mean imputation gives the same (instruments.md §2)
    assert score.value == pytest.approx((23 + 23 / 9) / 50 * 100)


def test_odi_example_c_two_sections_missing_default_and_strict():
    score = total("ODI", ODI_C)
    assert (score.value, score.band, score.n_missing, score.valid) == (50.0, "severe", 2, True)
    strict = total("ODI", ODI_C, odi_min_answered=9)
    assert not strict.valid and np.isnan(strict.value) and strict.band is None
    assert strict.invalid_reason == (
        "2 of 10 sections missing; at least 9 of 10 must be answered (ODI rule)"
    )
    assert total("ODI", ODI_B, odi_min_answered=9).valid


def test_odi_follow_up_of_b():
    score = total("ODI", ODI_B_FOLLOW_UP)
    assert score.value == pytest.approx(28.888889, abs=1e-5)
    assert score.band == "moderate"


def test_odi_limits_exactly_at_and_beyond():
    eight = [1] * 8 + [None] * 2
    seven = [1] * 7 + [None] * 3
    assert total("ODI", eight).valid and total("ODI", eight).value == 20.0
    assert not total("ODI", seven).valid
    assert total("ODI", seven).invalid_reason == (
        "3 of 10 sections missing; at least 8 of 10 must be answered (ODI rule)"
    )


@pytest.mark.parametrize(("value", "band"), [
    (0, "minimal"), (20, "minimal"), (20.000001, "moderate"), (40, "moderate"),
    (40.000001, "severe"), (60, "severe"), (60.000001, "crippled"), (80, "crippled"),
    (80.000001, "bed_bound"), (100, "bed_bound"),
])
def test_odi_band_boundaries_on_unrounded_scores(value, band):
    assert band_labels(get_instrument("ODI").scale("total").bands, np.array([value]))[0] == band


def test_odi_exact_boundary_from_answers():
    # 10 of 50 points = 20 % (minimal); 11 of 50 = 22 % (moderate)
    assert total("ODI", [1] * 10).band == "minimal"
    assert total("ODI", [2] + [1] * 9).band == "moderate"


# --- §3 RMDQ ---------------------------------------------------------------------------------

def test_rmdq_counts_ticked_statements():
    ticked = {2, 3, 6, 7, 9, 11, 14, 15, 18, 21}
    score = score_responses("RMDQ", {i: int(i in ticked) for i in range(1, 25)})["total"]
    assert (score.value, score.n_missing) == (10, 0)


def test_rmdq_pro_rates_up_to_two_missing():
    two_missing = [1] * 11 + [0] * 11 + [None, None]  # 11 of 22 ticked
    assert total("RMDQ", two_missing).value == pytest.approx(11 / 22 * 24)
    three_missing = [1] * 11 + [0] * 10 + [None] * 3
    score = total("RMDQ", three_missing)
    assert not score.valid
    assert score.invalid_reason == (
        "3 of 24 items missing; at most 2 may be missing (pro-rating rule)"
    )


# --- §4 QBPDS --------------------------------------------------------------------------------

QBPDS_BASE = [2, 3, 1, 2, 3, 3, 2, 2, 4, 2, 1, 4, 1, 2, 2, 3, 2, 3, 3, 4]
QBPDS_FOLLOW_UP = [1, 2, 1, 1, 2, 2, 1, 1, 3, 1, 1, 3, 0, 1, 1, 2, 1, 2, 2, 3]


def test_qbpds_example():
    assert total("QBPDS", QBPDS_BASE).value == 49
    assert total("QBPDS", QBPDS_FOLLOW_UP).value == 31


def test_qbpds_missing_limit():
    two = [*QBPDS_BASE[:18], None, None]
    assert total("QBPDS", two).value == pytest.approx(sum(QBPDS_BASE[:18]) / 18 * 20)
    assert total("QBPDS", two).n_missing == 2
    assert not total("QBPDS", QBPDS_BASE[:17] + [None] * 3).valid


# --- §5 PSFS and PSK -------------------------------------------------------------------------

def test_psfs_mean_of_rated_activities():
    assert total("PSFS", [3, 4, 2]).value == 3.0
    assert total("PSFS", [6, 7, 5]).value == 6.0
    assert total("PSFS", [7]).value == 7.0  # one activity is enough


def test_psk_mean_of_rated_activities():
    assert total("PSK", [7, 6, 8]).value == 7.0
    assert total("PSK", [4, 3, 5]).value == 4.0
    score = total("PSK", [4, None, 5, None, None])
    assert (score.value, score.n_missing, score.valid) == (4.5, 3, True)


def test_activity_scales_need_one_rated_activity():
    score = total("PSFS", [None] * 5)
    assert not score.valid
    assert score.invalid_reason == "0 of 5 activities rated; at least 1 must be rated"


# --- §6 TSK ----------------------------------------------------------------------------------

TSK17_RAW = [3, 3, 2, 2, 3, 2, 3, 1, 3, 2, 3, 2, 2, 3, 3, 1, 2]


def test_tsk17_reverses_items_4_8_12_16():
    score = total("TSK17", TSK17_RAW)
    assert (score.value, score.band) == (48, "high")
    assert score.value != 40  # the sum without reversal (bug check)


def test_tsk11_example():
    tsk11 = [TSK17_RAW[i - 1] for i in (1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17)]
    assert tsk11 == [3, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2]
    score = total("TSK11", tsk11)
    assert (score.value, score.band) == (28, None)


def test_tsk17_reversal_comes_before_pro_rating():
    # item 8 (raw 1, scored 4) missing: 44 over 16 answered items, times 17
    raw = list(TSK17_RAW)
    raw[7] = None
    score = total("TSK17", raw)
    assert score.value == pytest.approx(44 / 16 * 17)
    assert score.n_missing == 1
    raw[11] = None
    assert not total("TSK17", raw).valid  # 2 of 17 missing: one beyond the limit


@pytest.mark.parametrize(("target", "band"), [(37, "not_high"), (38, "high"), (17, "not_high")])
def test_tsk17_band_boundary(target, band):
    score = score_responses("TSK17", answers_for_total("TSK17", target))["total"]
    assert (score.value, score.band) == (target, band)


def test_tsk11_missing_limit():
    assert total("TSK11", [2] * 10 + [None]).value == 22
    assert not total("TSK11", [2] * 9 + [None] * 2).valid


# --- §7 PCS ----------------------------------------------------------------------------------

PCS_RAW = [3, 2, 3, 2, 3, 2, 3, 4, 3, 4, 3, 2, 2]


def test_pcs_subscales_and_total():
    scores = score_responses("PCS", answers(PCS_RAW))
    got = {name: s.value for name, s in scores.items()}
    assert got == {"total": 36, "rumination": 14, "magnification": 7, "helplessness": 15}
    assert scores["total"].band == "clinically_relevant"


@pytest.mark.parametrize(("target", "band"), [(29, "below_threshold"), (30, "clinically_relevant")])
def test_pcs_band_boundary(target, band):
    score = score_responses("PCS", answers_for_total("PCS", target))["total"]
    assert (score.value, score.band) == (target, band)


def test_pcs_subscale_needs_all_its_items_while_total_pro_rates_one():
    raw = list(PCS_RAW)
    raw[12] = None  # item 13: magnification
    scores = score_responses("PCS", answers(raw))
    assert scores["total"].value == pytest.approx(34 / 12 * 13)
    assert not scores["magnification"].valid
    assert scores["magnification"].invalid_reason == (
        "1 of 3 items missing; every item must be answered"
    )
    assert scores["rumination"].value == 14 and scores["helplessness"].value == 15
    raw[0] = None
    assert not score_responses("PCS", answers(raw))["total"].valid


# --- §8 PSEQ ---------------------------------------------------------------------------------

PSEQ_BASE = [4, 3, 2, 3, 2, 3, 2, 3, 2, 4]
PSEQ_FOLLOW_UP = [5, 4, 4, 4, 4, 4, 3, 4, 4, 5]


def test_pseq_and_pseq2_examples():
    assert total("PSEQ", PSEQ_BASE).value == 28
    assert total("PSEQ", PSEQ_FOLLOW_UP).value == 41
    # PSEQ-2 = PSEQ items 5 and 9, given as its own 2-item form
    assert total("PSEQ2", [PSEQ_BASE[4], PSEQ_BASE[8]]).value == 4
    assert total("PSEQ2", [PSEQ_FOLLOW_UP[4], PSEQ_FOLLOW_UP[8]]).value == 8


def test_pseq_missing_limits():
    assert total("PSEQ", [*PSEQ_BASE[:9], None]).value == pytest.approx(24 / 9 * 10)
    assert not total("PSEQ", [*PSEQ_BASE[:8], None, None]).valid
    assert not total("PSEQ2", [3, None]).valid  # floor(10 % of 2) = 0


# --- §9 CSI ----------------------------------------------------------------------------------

CSI_RAW = [2, 1, 2, 3, 1, 2, 2, 1, 2, 2, 1, 2, 2, 3, 1, 2, 1, 2, 2, 1, 2, 1, 2, 1, 2]


def test_csi_example():
    score = total("CSI", CSI_RAW)
    assert (score.value, score.band) == (43, "moderate")


@pytest.mark.parametrize(("target", "band"), [
    (0, "subclinical"), (29, "subclinical"), (30, "mild"), (39, "mild"), (40, "moderate"),
    (49, "moderate"), (50, "severe"), (59, "severe"), (60, "extreme"), (100, "extreme"),
])
def test_csi_band_boundaries(target, band):
    score = score_responses("CSI", answers_for_total("CSI", target))["total"]
    assert (score.value, score.band) == (target, band)


def test_csi_pro_rated_value_is_banded_unrounded():
    # 29.5 after pro-rating stays subclinical (< 30); no rounding before banding
    assert band_labels(get_instrument("CSI").scale("total").bands, np.array([29.5]))[0] == (
        "subclinical"
    )
    two = [*CSI_RAW[:23], None, None]
    assert total("CSI", two).value == pytest.approx(sum(CSI_RAW[:23]) / 23 * 25)
    assert not total("CSI", CSI_RAW[:22] + [None] * 3).valid


# --- §10 SBST --------------------------------------------------------------------------------

@pytest.mark.parametrize(("items_1_8", "item_9", "expected"), [
    ([1, 1, 1, 0, 0, 1, 0, 0], 2, (4, 1, "medium")),  # item 9 "moderately" -> 0
    ([0, 0, 1, 0, 1, 1, 1, 1], 3, (6, 5, "high")),    # "very much" -> 1
    ([0, 0, 0, 0, 1, 1, 0, 0], 4, (3, 3, "low")),     # "extremely" -> 1; total <= 3 decides
])
def test_sbst_worked_examples(items_1_8, item_9, expected):
    scores = score_responses("SBST", answers([*items_1_8, item_9]))
    assert (scores["total"].value, scores["psychosocial"].value, scores["total"].band) == expected
    assert scores["psychosocial"].band is None


def test_sbst_item_9_positive_only_from_very_much():
    base = [1, 1, 0, 0, 1, 1, 1, 0]  # total 5, psychosocial 3 before item 9
    assert [total("SBST", [*base, a]).value for a in range(5)] == [5, 5, 5, 6, 6]
    assert total("SBST", [*base, 2]).band == "medium"  # "moderately": psychosocial stays 3
    assert total("SBST", [*base, 3]).band == "high"  # "very much": psychosocial 4


def test_sbst_needs_every_item():
    score = total("SBST", [1, 1, 1, 0, 0, 1, 0, None, 2])
    assert not score.valid and score.band is None
    assert score.invalid_reason == "1 of 9 items missing; every item must be answered"


def test_sbst_psychosocial_is_not_scored_from_an_incomplete_form():
    # instruments.md: "SBST: no score/category if any item is missing"; items 5-9 complete.
    scores = score_responses("SBST", answers([1, None, 0, 0, 1, 1, 1, 1, 4]))
    assert [scores[s].valid for s in ("total", "psychosocial")] == [False, False]
    assert scores["total"].band is None
    assert scores["psychosocial"].invalid_reason == (
        "1 of 9 items of the form missing; SBST is scored only when every item is answered")


# --- §11 ÖMPSQ-10 ----------------------------------------------------------------------------

OMPSQ_RAW = [7, 6, 4, 5, 7, 6, 8, 6, 3, 4]


def test_ompsq_example_reverses_three_items():
    score = total("OMPSQ10", OMPSQ_RAW)
    assert (score.value, score.band) == (60, "elevated_risk")
    assert score.value != 56  # without reversal (bug check)


@pytest.mark.parametrize(("target", "band"), [(49, "low_risk"), (50, "elevated_risk")])
def test_ompsq_band_boundary(target, band):
    score = score_responses("OMPSQ10", answers_for_total("OMPSQ10", target))["total"]
    assert (score.value, score.band) == (target, band)


def test_ompsq_needs_every_item_and_item_1_starts_at_1():
    assert not total("OMPSQ10", [*OMPSQ_RAW[:9], None]).valid
    score = total("OMPSQ10", [0, *OMPSQ_RAW[1:]])
    assert not score.valid
    assert score.invalid_reason == "item 1 answered 0; allowed are whole numbers 1-10"


# --- §12 GPE ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("answer", "band"), [
    (1, "improved"), (2, "improved"), (3, "slightly_improved"), (4, "no_change"),
    (5, "deteriorated"), (7, "deteriorated"),
])
def test_gpe_bands(answer, band):
    assert total("GPE", [answer]).band == band


# --- score_responses input checks --------------------------------------------------------------

def test_out_of_range_and_fractional_answers_make_the_administration_invalid():
    raw = list(TSK17_RAW)
    raw[3] = 5
    score = total("TSK17", raw)
    assert not score.valid and score.band is None
    assert score.invalid_reason == "item 4 answered 5; allowed are whole numbers 1-4"
    assert total("NPRS", [6.5]).invalid_reason == (
        "item 1 answered 6.5; allowed are whole numbers 0-10"
    )


def test_score_responses_rejects_unknown_items_and_codes():
    with pytest.raises(ValueError, match="PSEQ2 has items 1-2; got item"):
        score_responses("PSEQ2", {1: 3, 2: 4, 3: 5})
    with pytest.raises(UnknownInstrumentError):
        score_responses("HADS", {1: 1})


# --- score_items: the frame engine -------------------------------------------------------------

def items_frame(*administrations) -> pd.DataFrame:
    """QUESTIONNAIRE_ITEMS rows: (patient, instrument, date, timepoint, raw answers list)."""
    rows = []
    for patient, code, date, timepoint, raw in administrations:
        for item, response in enumerate(raw, start=1):
            if response is not None:
                rows.append({
                    "patient_id": patient, "episode_id": f"{patient}-20260105",
                    "instrument": code, "completed_at": pd.Timestamp(date),
                    "timepoint": timepoint, "item": item, "response": float(response),
                })
    frame = pd.DataFrame(rows)
    return frame.astype({"item": "Int64", "timepoint": "str", "completed_at": "datetime64[us]"})


def test_score_items_returns_the_scores_table():
    items = items_frame(
        ("12", "PCS", "2026-01-05", "intake", PCS_RAW),
        ("12", "TSK17", "2026-01-05", "intake", TSK17_RAW),
        ("12", "ODI", "2026-01-05 10:00", None, ODI_C),
        ("34", "SBST", "2026-01-06", "intake", [0, 0, 1, 0, 1, 1, 1, 1, 3]),
        ("34", "NPRS", "2026-01-06", "intake", [7]),
    )
    scores = score_items(items)
    SCORES.validate(scores)
    assert list(scores.columns) == list(SCORES.columns)
    got = {(r.patient_id, r.instrument, r.scale): (r.value, r.band) for r in scores.itertuples()}
    assert got[("12", "PCS", "total")] == (36, "clinically_relevant")
    assert got[("12", "PCS", "magnification")][0] == 7
    assert got[("12", "TSK17", "total")] == (48, "high")
    assert got[("12", "ODI", "total")] == (50.0, "severe")
    assert got[("34", "SBST", "total")] == (6, "high")
    assert got[("34", "SBST", "psychosocial")][0] == 5
    assert got[("34", "NPRS", "total")][0] == 7
    assert pd.isna(got[("34", "NPRS", "total")][1])  # the NPRS has no bands
    assert len(scores) == 4 + 1 + 1 + 2 + 1
    # all scales of one administration are adjacent, in registry order
    pcs = scores[scores["instrument"] == "PCS"]["scale"].tolist()
    assert pcs == ["total", "rumination", "magnification", "helplessness"]


def test_score_items_strict_odi_option_and_invalid_rows_kept():
    items = items_frame(("12", "ODI", "2026-01-05", "intake", ODI_C))
    default = score_items(items).iloc[0]
    strict = score_items(items, odi_min_answered=9).iloc[0]
    assert default["valid"] and default["value"] == 50.0
    assert not strict["valid"] and np.isnan(strict["value"]) and pd.isna(strict["band"])
    assert strict["n_missing"] == 2
    assert strict["invalid_reason"].startswith("2 of 10 sections missing")


def test_score_items_separates_administrations_by_patient_instrument_and_time():
    items = items_frame(
        ("12", "NPRS", "2026-01-05 09:00", "intake", [7]),
        ("12", "NPRS", "2026-01-05 17:00", None, [6]),
        ("13", "NPRS", "2026-01-05 09:00", "intake", [2]),
        ("12", "PSK", "2026-01-05 09:00", "intake", [7, 6, 8]),
    )
    scores = score_items(items.sample(frac=1, random_state=3))  # row order must not matter
    got = sorted(zip(scores["patient_id"], scores["instrument"], scores["value"], strict=True))
    assert got == [("12", "NPRS", 6.0), ("12", "NPRS", 7.0), ("12", "PSK", 7.0),
                   ("13", "NPRS", 2.0)]


def test_score_items_flags_unknown_items_and_bad_answers():
    items = items_frame(
        ("12", "PSEQ2", "2026-01-05", "intake", [3, 4, 5]),
        ("13", "TSK11", "2026-01-05", "intake", [2] * 10 + [9]),
        ("14", "TSK11", "2026-01-05", "intake", [2] * 11),
    )
    scores = score_items(items).set_index("patient_id")
    assert scores.loc["12", "invalid_reason"] == "item 3 is not an item of PSEQ2 (items 1-2)"
    assert scores.loc["13", "invalid_reason"] == (
        "item 11 answered 9; allowed are whole numbers 1-4"
    )
    assert not scores.loc["12", "valid"] and not scores.loc["13", "valid"]
    assert scores.loc["14", "valid"] and scores.loc["14", "value"] == 22


def test_score_items_does_not_mutate_and_handles_empty_input():
    items = items_frame(("12", "TSK17", "2026-01-05", "intake", TSK17_RAW))
    before = items.copy()
    score_items(items)
    pd.testing.assert_frame_equal(items, before)
    empty = score_items(items.iloc[:0])
    assert empty.empty and list(empty.columns) == list(SCORES.columns)
    SCORES.validate(empty)


def test_score_items_rejects_frames_without_the_item_columns():
    with pytest.raises(ValueError, match="lack column"):
        score_items(pd.DataFrame({"patient_id": ["1"]}))


def test_score_items_matches_score_responses_for_every_instrument():
    rng = np.random.default_rng(7)
    administrations, expected = [], {}
    for n, inst in enumerate(get_instrument(c) for c in (
        "NPRS", "ODI", "RMDQ", "QBPDS", "PSFS", "PSK", "TSK17", "TSK11", "PCS", "PSEQ",
        "PSEQ2", "CSI", "SBST", "OMPSQ10", "GPE",
    )):
        raw = [float(rng.integers(*inst.item_range(i), endpoint=True)) for i in inst.items]
        raw[0] = raw[0] if n % 3 else None  # some administrations miss their first item
        administrations.append((str(100 + n), inst.code, "2026-02-01", "interim", raw))
        expected.update({
            (inst.code, name): s for name, s in score_responses(inst.code, answers(raw)).items()
        })
    scores = score_items(items_frame(*administrations))
    SCORES.validate(scores)
    for row in scores.itertuples():
        want = expected[(row.instrument, row.scale)]
        assert row.valid == want.valid
        assert (np.isnan(row.value) and np.isnan(want.value)) or row.value == want.value
        assert (pd.isna(row.band) and want.band is None) or row.band == want.band
        assert row.n_missing == want.n_missing
