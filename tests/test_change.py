"""Change statistics: the worked RCI/MCID examples of instruments.md, both directions of
change on higher-is-worse and higher-is-better scales, baseline selection and edge cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from beyou_analytics.change import (
    classify_mcid,
    classify_rci,
    classify_transition,
    episode_outcomes,
    percent_change,
    reliable_change_index,
)
from beyou_analytics.instruments import get_instrument
from beyou_analytics.schema import OUTCOMES


def scores_frame(*rows) -> pd.DataFrame:
    """SCORES rows: (episode, instrument, scale, date, timepoint, value[, valid])."""
    records = []
    for row in rows:
        episode, code, scale, date, timepoint, value, *rest = row
        valid = rest[0] if rest else not np.isnan(value)
        records.append({
            "patient_id": episode.split("-")[0], "episode_id": episode, "instrument": code,
            "completed_at": pd.Timestamp(date), "timepoint": timepoint, "scale": scale,
            "value": float(value) if valid else np.nan, "band": None,
            "n_missing": 0, "valid": valid,
            "invalid_reason": None if valid else "2 of 17 items missing",
        })
    frame = pd.DataFrame(records)
    return frame.astype({
        "completed_at": "datetime64[us]", "timepoint": "str", "band": "str",
        "n_missing": "Int64", "invalid_reason": "str",
    })


def outcome(code, baseline, latest, scale="total", **options) -> pd.Series:
    frame = scores_frame(
        ("5-20260105", code, scale, "2026-01-05", "intake", baseline),
        ("5-20260105", code, scale, "2026-03-02", "discharge", latest),
    )
    result = episode_outcomes(frame, **options)
    OUTCOMES.validate(result)
    assert len(result) == 1
    return result.iloc[0]


# --- worked examples -----------------------------------------------------------------------

def test_nprs_example_reliable_and_clinically_important():  # §1
    out = outcome("NPRS", 7, 4)
    assert out["change"] == -3
    assert out["pct_change"] == pytest.approx(-42.857, abs=1e-3)
    assert round(out["rci"], 2) == -2.08
    assert (out["mcid_status"], out["rci_status"]) == ("improved", "improved")


def test_odi_b_to_follow_up():  # §2
    out = outcome("ODI", 23 / 45 * 100, 13 / 45 * 100)
    assert out["change"] == pytest.approx(-22.22, abs=0.01)
    assert out["pct_change"] == pytest.approx(-43.5, abs=0.05)
    assert round(out["rci"], 2) == -3.19
    assert (out["mcid_status"], out["rci_status"]) == ("improved", "improved")
    alt = get_instrument("ODI").scale("total").alternatives_for("sem")[0]
    assert alt.value == 6.0
    assert round(outcome("ODI", 23 / 45 * 100, 13 / 45 * 100, sem={"ODI": alt.value})["rci"], 2) \
        == -2.62


def test_rmdq_mcid_met_but_not_reliable():  # §3
    out = outcome("RMDQ", 10, 5)
    assert round(out["rci"], 2) == -0.96
    assert (out["mcid_status"], out["rci_status"]) == ("improved", "unchanged")


def test_qbpds_sem_choice_changes_the_verdict():  # §4
    out = outcome("QBPDS", 49, 31)
    assert round(out["rci"], 2) == -1.59 and out["rci_status"] == "unchanged"
    assert out["mcid_status"] == "improved"  # 18 < 20 points, but 36.7 % >= 30 %
    sem = get_instrument("QBPDS").scale("total").alternatives_for("sem")[0]
    assert sem.value == 4.33
    alt = outcome("QBPDS", 49, 31, sem={"QBPDS": sem.value})
    assert round(alt["rci"], 2) == -2.94 and alt["rci_status"] == "improved"
    no_pct = outcome("QBPDS", 49, 31, mcid_pct={"QBPDS": np.nan})
    assert no_pct["mcid_status"] == "unchanged"  # the absolute 20 points alone are not met
    empirical = outcome("QBPDS", 49, 31, mcid={"QBPDS": 6}, mcid_pct={"QBPDS": np.nan})
    assert empirical["mcid_status"] == "improved"


def test_tsk17_mcid_met_not_reliable():  # §6
    out = outcome("TSK17", 48, 40)
    assert round(out["rci"], 2) == -1.79
    assert (out["mcid_status"], out["rci_status"]) == ("improved", "unchanged")


def test_pcs_mcid_11_above_30_and_rci():  # §7
    out = outcome("PCS", 36, 24)
    assert round(out["rci"], 2) == -1.84
    assert (out["mcid_status"], out["rci_status"]) == ("improved", "unchanged")
    # baseline above 30: 8 points are not enough (and 25.8 % has no percentage MCID)
    assert outcome("PCS", 31, 23)["mcid_status"] == "unchanged"
    assert outcome("PCS", 31, 20)["mcid_status"] == "improved"
    # baseline 30 is not above 30: 8 points suffice
    assert outcome("PCS", 30, 22)["mcid_status"] == "improved"


def test_pseq_higher_is_better():  # §8
    out = outcome("PSEQ", 28, 41)
    assert round(out["rci"], 2) == 2.01
    assert (out["mcid_status"], out["rci_status"]) == ("improved", "improved")
    two = outcome("PSEQ2", 4, 8)
    assert two["mcid_status"] == "improved"
    assert np.isnan(two["rci"]) and pd.isna(two["rci_status"])  # no published SEM


# --- both directions on both kinds of scale ------------------------------------------------

@pytest.mark.parametrize(("code", "baseline", "latest", "mcid", "rci"), [
    ("NPRS", 3, 6, "deteriorated", "deteriorated"),      # higher = worse, got worse
    ("NPRS", 6, 3, "improved", "improved"),              # higher = worse, got better
    ("PSEQ", 41, 28, "deteriorated", "deteriorated"),    # higher = better, got worse
    ("PSEQ", 28, 41, "improved", "improved"),            # higher = better, got better
    ("TSK17", 40, 41, "unchanged", "unchanged"),
    ("ODI", 30, 21, "improved", "unchanged"),            # exactly 30 % better
    ("ODI", 30, 39, "deteriorated", "unchanged"),        # exactly 30 % worse (symmetric)
    ("ODI", 30, 21.5, "unchanged", "unchanged"),         # 8.5 points and 28.3 %
])
def test_change_classification_in_both_directions(code, baseline, latest, mcid, rci):
    out = outcome(code, baseline, latest)
    assert (out["mcid_status"], out["rci_status"]) == (mcid, rci)
    assert np.sign(out["change"]) == np.sign(latest - baseline)


def test_pure_functions_are_direction_aware():
    assert classify_mcid(6, 3, higher_is_worse=True, mcid_abs=2) == "improved"
    assert classify_mcid(6, 3, higher_is_worse=False, mcid_abs=2) == "deteriorated"
    assert classify_rci(-2.5, higher_is_worse=False) == "deteriorated"
    assert classify_rci(1.96, higher_is_worse=True) == "unchanged"  # not strictly above
    assert classify_rci(np.nan, higher_is_worse=True) is None
    assert classify_mcid(np.nan, 3, higher_is_worse=True, mcid_abs=2) is None
    statuses = classify_mcid(
        np.array([10, 10, 10]), np.array([5, 8, 14]), higher_is_worse=True, mcid_abs=5
    )
    assert statuses.tolist() == ["improved", "unchanged", "unchanged"]


def test_rci_uses_the_published_sem_never_the_sample_sd():
    assert reliable_change_index(7, 4, 1.02) == pytest.approx(-3 / (np.sqrt(2) * 1.02))
    assert np.isnan(reliable_change_index(7, 4, None))
    assert np.isnan(reliable_change_index(7, 4, 0))
    # PSK has no published SEM or MCID: the change is reported, never classified
    out = outcome("PSK", 7, 4)
    assert out["change"] == -3 and np.isnan(out["rci"])
    assert pd.isna(out["mcid_status"]) and pd.isna(out["rci_status"])
    # switching a published SEM off
    off = outcome("NPRS", 7, 4, sem={"NPRS": np.nan})
    assert np.isnan(off["rci"]) and pd.isna(off["rci_status"])


# --- percent change --------------------------------------------------------------------------

def test_percent_change_with_baseline_zero_is_null():
    assert np.isnan(percent_change(0, 3))
    assert percent_change(10, 5) == -50
    out = outcome("NPRS", 0, 3)
    assert out["change"] == 3 and np.isnan(out["pct_change"])
    assert out["mcid_status"] == "deteriorated"  # the absolute threshold still applies
    assert outcome("NPRS", 0, 1)["mcid_status"] == "unchanged"


# --- baseline and latest selection -------------------------------------------------------------

def test_baseline_prefers_the_intake_and_skips_invalid_administrations():
    ep = "8-20260105"
    frame = scores_frame(
        (ep, "NPRS", "total", "2026-01-02", None, 9),             # earlier, not intake
        (ep, "NPRS", "total", "2026-01-03", "intake", np.nan, False),   # invalid intake
        (ep, "NPRS", "total", "2026-01-05", "intake", 7),         # the baseline
        (ep, "NPRS", "total", "2026-02-01", "interim", 5),
        (ep, "NPRS", "total", "2026-03-02", "discharge", 4),      # the latest valid
        (ep, "NPRS", "total", "2026-03-09", "discharge", np.nan, False),
    )
    out = episode_outcomes(frame.sample(frac=1, random_state=1)).iloc[0]
    assert (out["baseline"], out["latest"], out["n_administrations"]) == (7, 4, 4)
    assert out["baseline_at"] == pd.Timestamp("2026-01-05")
    assert out["latest_at"] == pd.Timestamp("2026-03-02")


def test_baseline_is_the_first_valid_without_an_intake():
    ep = "8-20260105"
    frame = scores_frame(
        (ep, "NPRS", "total", "2026-01-02", None, np.nan, False),
        (ep, "NPRS", "total", "2026-01-09", "interim", 8),
        (ep, "NPRS", "total", "2026-02-01", None, 5),
    )
    out = episode_outcomes(frame).iloc[0]
    assert (out["baseline"], out["latest"], out["change"]) == (8, 5, -3)


def test_one_valid_administration_gives_no_change():
    frame = scores_frame(("8-20260105", "NPRS", "total", "2026-01-05", "intake", 7))
    out = episode_outcomes(frame).iloc[0]
    assert out["n_administrations"] == 1 and out["baseline"] == out["latest"] == 7
    assert np.isnan(out["change"]) and np.isnan(out["pct_change"]) and np.isnan(out["rci"])
    assert pd.isna(out["mcid_status"]) and pd.isna(out["rci_status"])


def test_episodes_instruments_and_scales_are_kept_apart():
    frame = scores_frame(
        ("8-20260105", "PCS", "total", "2026-01-05", "intake", 36),
        ("8-20260105", "PCS", "rumination", "2026-01-05", "intake", 14),
        ("8-20260105", "PCS", "total", "2026-03-05", "discharge", 24),
        ("8-20260105", "PCS", "rumination", "2026-03-05", "discharge", 8),
        ("8-20260601", "PCS", "total", "2026-06-01", "intake", 20),
        ("9-20260105", "NPRS", "total", "2026-01-05", "intake", 5),
    )
    out = episode_outcomes(frame)
    OUTCOMES.validate(out)
    got = {(r.episode_id, r.scale): (r.change, r.mcid_status) for r in out.itertuples()}
    assert got[("8-20260105", "total")] == (-12, "improved")
    change, status = got[("8-20260105", "rumination")]
    assert change == -6 and pd.isna(status)  # subscales have no published MCID
    assert np.isnan(got[("8-20260601", "total")][0])
    assert len(out) == 4
    sem = episode_outcomes(frame, sem={"PCS.rumination": 2.0})
    rumination = sem[sem["scale"] == "rumination"].iloc[0]
    assert rumination["rci"] == pytest.approx(-6 / (np.sqrt(2) * 2.0))
    assert rumination["rci_status"] == "improved"


# --- GPE and screening tools -----------------------------------------------------------------

@pytest.mark.parametrize(("answers", "status"), [
    ([4, 2], "improved"), ([1], "improved"), ([2, 3], "unchanged"), ([4], "unchanged"),
    ([3, 5], "deteriorated"), ([7], "deteriorated"),
])
def test_gpe_status_comes_from_the_latest_answer(answers, status):
    dates = ["2026-02-01", "2026-03-02"][-len(answers):]
    frame = scores_frame(*[
        ("8-20260105", "GPE", "total", d, None, a) for d, a in zip(dates, answers, strict=True)
    ])
    out = episode_outcomes(frame).iloc[0]
    assert out["mcid_status"] == status
    assert np.isnan(out["change"]) and np.isnan(out["pct_change"]) and np.isnan(out["rci"])
    assert pd.isna(out["rci_status"])
    assert classify_transition(answers[-1]) == status


def test_screening_tools_report_numbers_without_statuses():
    out = outcome("SBST", 6, 2)
    assert out["change"] == -4 and out["pct_change"] == pytest.approx(-66.667, abs=1e-3)
    assert pd.isna(out["mcid_status"]) and pd.isna(out["rci_status"]) and np.isnan(out["rci"])
    assert outcome("OMPSQ10", 60, 40)["change"] == -20


# --- table contract ---------------------------------------------------------------------------

def test_empty_and_all_invalid_inputs_give_an_empty_outcomes_table():
    frame = scores_frame(("8-20260105", "NPRS", "total", "2026-01-05", "intake", np.nan, False))
    for scores in (frame, frame.iloc[:0]):
        out = episode_outcomes(scores)
        assert out.empty and list(out.columns) == list(OUTCOMES.columns)
        OUTCOMES.validate(out)


def test_episode_outcomes_does_not_mutate_its_input():
    frame = scores_frame(
        ("8-20260105", "NPRS", "total", "2026-03-05", "discharge", 3),
        ("8-20260105", "NPRS", "total", "2026-01-05", "intake", 7),
    )
    before = frame.copy()
    episode_outcomes(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_a_change_exactly_at_the_percentage_threshold_meets_it_despite_float_noise():
    # ODI 9 of 45 (9 sections) -> 7 of 50: 6 points (< 10) and 30 % computed as 29.999999999999993
    baseline, latest = 9 / 45 * 100, 7 / 50 * 100
    assert (baseline - latest) / baseline * 100 < 30
    assert outcome("ODI", baseline, latest)["mcid_status"] == "improved"
    assert outcome("ODI", latest, baseline)["mcid_status"] == "deteriorated"  # +42.9 %


def test_a_point_on_the_mcid_margin_is_what_classify_mcid_calls_improved():
    from beyou_analytics.change import classify_mcid, mcid_margin
    from beyou_analytics.instruments import get_instrument

    for code, baselines in {"QBPDS": [26, 49, 80], "NPRS": [3, 5, 8], "PCS": [24, 36],
                            "ODI": [12, 40], "PSEQ": [20, 40]}.items():
        instrument = get_instrument(code)
        scale = instrument.scale("total")
        pct = None if scale.mcid_pct is None else scale.mcid_pct.value
        margins = mcid_margin(scale, baselines)
        sign = -1 if instrument.higher_is_worse else 1
        for baseline, margin in zip(baselines, margins, strict=True):
            kwargs = dict(higher_is_worse=instrument.higher_is_worse,
                          mcid_abs=scale_abs(scale, baseline),
                          mcid_pct=pct)
            assert classify_mcid(baseline, baseline + sign * margin, **kwargs) == "improved"
            assert classify_mcid(baseline, baseline + sign * (margin - 0.01),
                                 **kwargs) == "unchanged"


def scale_abs(scale, baseline):
    from beyou_analytics.change import scale_mcid

    return float(scale_mcid(scale, [baseline])[0])
