"""Check-in analytics (``beyou_analytics.trends``) on small hand-made frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from factories import checkins, daily, empty, episode, episodes

from beyou_analytics.schema import CHECKIN_MEASURES
from beyou_analytics.trends import (
    NUMERIC_MEASURES,
    adherence,
    checkin_summary,
    days_since_last_checkin,
    lagged_associations,
    load_balance,
    pain_since_start,
    recent_trend,
    stress_sleep_pain,
    weekly_checkins,
)

START = "2026-08-03"
AS_OF = pd.Timestamp("2026-10-31")


# --- weekly aggregates -------------------------------------------------------------------

def test_weekly_checkins_hand_checked():
    # Sun 4 Oct belongs to the week of Mon 28 Sep; Mon 5 Oct starts a new week.
    frame = checkins(
        "7", START, ["2026-09-28", "2026-10-04", "2026-10-05", "2026-10-07", "2026-10-12"],
        pain_now=[6, 4, 5, 3, 2], sleep_hours=[6.5, None, 7, 8, 8],
        exercises_done=[True, True, None, False, True], load=[6, 4, 5, 5, 5],
        load_capacity=[4, 4, 6, 8, 5],
    )
    out = weekly_checkins(frame, as_of="2026-10-11")
    assert out["week_start"].astype(str).tolist() == ["2026-09-28", "2026-10-05"]
    assert str(out["week_start"].dtype) == "datetime64[us]"
    assert out["n_checkins"].tolist() == [2, 2]
    assert out["pain_now"].tolist() == [5.0, 4.0]
    assert out["sleep_hours"].tolist() == [6.5, 7.5]  # the missing answer is skipped
    assert out["adherence"].tolist() == [1.0, 0.0]  # unanswered check-in not counted
    assert out["load_minus_capacity"].tolist() == [1.0, -2.0]
    assert out["stress"].isna().all()


def test_weekly_checkins_covers_every_numeric_measure():
    out = weekly_checkins(empty("checkins"))
    expected = [m.column for m in CHECKIN_MEASURES if m.kind != "yes_no"]
    assert list(NUMERIC_MEASURES) == expected
    assert set(expected) <= set(out.columns)
    assert "exercises_done" not in out.columns and out.empty


def test_weekly_checkins_does_not_mutate_input():
    frame = checkins("7", START, daily("2026-10-01", 3), pain_now=[1, 2, 3])
    before = frame.copy()
    weekly_checkins(frame)
    pd.testing.assert_frame_equal(frame, before)


# --- recent trend ------------------------------------------------------------------------

def _linear(slope_per_week: float, noise: float, seed: int, measure: str = "pain_now",
            patient: str = "7") -> pd.DataFrame:
    dates = daily("2026-09-20", 42)  # ends on AS_OF
    rng = np.random.default_rng(seed)
    x_weeks = np.arange(42) / 7
    values = np.clip(5 + slope_per_week * (x_weeks - 3) + rng.normal(0, noise, 42), 0, 10)
    return checkins(patient, START, dates, **{measure: values})


def test_known_linear_series_gives_its_slope_with_ci():
    out = recent_trend(_linear(0.4, 0.5, seed=3), as_of=AS_OF).iloc[0]
    assert out["ci_low"] <= 0.4 <= out["ci_high"]
    assert out["slope_per_week"] == pytest.approx(0.4, abs=0.15)
    assert (out["n"], out["n_weeks"]) == (42, 6)
    assert out["verdict"] == "rising" and out["meaning"] == "worsening"
    assert str(out["window_start"].date()) == "2026-09-20"


def test_slope_interval_matches_statsmodels():
    frame = _linear(-0.3, 1.2, seed=11)
    out = recent_trend(frame, as_of=AS_OF).iloc[0]
    x = ((frame["date"] - pd.Timestamp("2026-09-20")) / pd.Timedelta(weeks=1)).to_numpy()
    fit = sm.OLS(frame["pain_now"].to_numpy(), sm.add_constant(x)).fit()
    low, high = fit.conf_int(0.05)[1]
    assert out["slope_per_week"] == pytest.approx(fit.params[1], rel=1e-9)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((low, high), rel=1e-9)


def test_noisy_flat_series_is_flat():
    out = recent_trend(_linear(0.0, 1.5, seed=5), as_of=AS_OF).iloc[0]
    assert out["ci_low"] < 0 < out["ci_high"]
    assert out["verdict"] == "flat" and out["meaning"] == "stable"


def test_direction_comes_from_the_measure():
    # Sleep quality: higher is better, so falling sleep quality is worsening.
    out = recent_trend(_linear(-0.6, 0.3, seed=2, measure="sleep_quality"),
                       measure="sleep_quality", as_of=AS_OF).iloc[0]
    assert out["verdict"] == "falling" and out["meaning"] == "worsening"
    # Hours slept has no direction: a verdict but no clinical meaning.
    hours = recent_trend(_linear(0.6, 0.3, seed=2, measure="sleep_hours"),
                         measure="sleep_hours", as_of=AS_OF).iloc[0]
    assert hours["verdict"] == "rising" and pd.isna(hours["meaning"])
    # instruments.md: load capacity (belastbaarheid) is higher = better; load has no direction.
    capacity = recent_trend(_linear(0.6, 0.3, seed=2, measure="load_capacity"),
                            measure="load_capacity", as_of=AS_OF).iloc[0]
    assert capacity["verdict"] == "rising" and capacity["meaning"] == "improving"
    load = recent_trend(_linear(0.6, 0.3, seed=2, measure="load"), measure="load",
                        as_of=AS_OF).iloc[0]
    assert load["verdict"] == "rising" and pd.isna(load["meaning"])


def test_too_few_weeks_is_insufficient_data():
    frame = checkins("7", START, daily("2026-10-12", 20), pain_now=np.linspace(2, 8, 20))
    out = recent_trend(frame, as_of=AS_OF).iloc[0]
    assert out["n_weeks"] == 3 and out["verdict"] == "insufficient_data"
    assert pd.isna(out["slope_per_week"]) and pd.isna(out["meaning"])
    assert recent_trend(frame, as_of=AS_OF, min_weeks=3).iloc[0]["verdict"] == "rising"


def test_trend_ignores_checkins_after_as_of():
    later = checkins("7", START, daily("2026-11-01", 10), pain_now=10.0)
    frame = pd.concat([_linear(0.0, 0.0, seed=0), later], ignore_index=True)
    out = recent_trend(frame, as_of=AS_OF).iloc[0]
    assert out["n"] == 42 and out["slope_per_week"] == pytest.approx(0.0, abs=1e-12)
    assert out["verdict"] == "flat"  # a perfect line: zero-width interval containing 0


def test_grouped_trend_equals_one_episode_at_a_time():
    frames = [_linear(s, 0.8, seed=i, patient=str(10 + i)) for i, s in enumerate([0.5, -0.5, 0])]
    together = recent_trend(pd.concat(frames, ignore_index=True), as_of=AS_OF)
    alone = pd.concat([recent_trend(f, as_of=AS_OF) for f in frames], ignore_index=True)
    pd.testing.assert_frame_equal(together, alone)


def test_recent_trend_rejects_unknown_measure():
    with pytest.raises(ValueError, match="not a numeric check-in measure"):
        recent_trend(empty("checkins"), measure="exercises_done", as_of=AS_OF)


# --- adherence, days since, load ---------------------------------------------------------

def test_adherence_compares_two_windows():
    done = [True] * 14 + [True, False, None, False] * 3 + [True, True]
    frame = checkins("7", START, daily("2026-10-04", 28), exercises_done=done)
    out = adherence(frame, as_of=AS_OF).iloc[0]
    # current window 18-31 Oct: 14 check-ins, 3 unanswered -> 5 done of 11
    assert (out["n_current"], out["n_previous"]) == (11, 14)
    assert out["adherence_current"] == pytest.approx(5 / 11)
    assert out["adherence_previous"] == 1.0
    assert out["change"] == pytest.approx(5 / 11 - 1)


def test_days_since_last_checkin_respects_as_of_and_open():
    eps = episodes(episode("7", START), episode("8", "2026-10-20"),
                   episode("9", START, end="2026-10-15"))
    frame = pd.concat([checkins("7", START, ["2026-10-13", "2026-11-03"]),
                       checkins("9", START, ["2026-10-10"])], ignore_index=True)
    out = days_since_last_checkin(frame, eps, as_of=AS_OF).set_index("patient_id")
    assert out.loc["7", "days_since"] == 18 and out.loc["7", "n_checkins"] == 1
    assert pd.isna(out.loc["8", "days_since"]) and out.loc["8", "days_without_checkin"] == 11
    assert out["open"].to_dict() == {"7": True, "8": True, "9": False}


def test_load_balance_uses_the_last_seven():
    frame = checkins("7", START, daily("2026-10-21", 9), load=[9, 9, 7, 7, 7, 7, 7, 3, 3],
                     load_capacity=5.0)
    out = load_balance(frame, as_of=AS_OF).iloc[0]
    assert (out["n"], out["n_over_capacity"]) == (7, 5)
    assert out["mean_difference"] == pytest.approx((5 * 2 - 2 * 2) / 7)
    assert str(out["first_date"].date()) == "2026-10-23"
    assert load_balance(frame, as_of=AS_OF, within_days=5).iloc[0]["n"] == 3  # 27-29 Oct


def test_stress_sleep_pain_is_tidy_and_ordered():
    frame = checkins("7", START, daily("2026-10-01", 2), pain_now=[5, 6], stress=[3, None],
                     sleep_quality=[7, 8], sleep_hours=[6.5, 7.0])
    out = stress_sleep_pain(frame)
    assert out["measure"].tolist() == ["pain_now", "stress", "sleep_quality", "sleep_hours",
                                       "pain_now", "sleep_quality", "sleep_hours"]
    assert out["higher_is_worse"].tolist()[:4] == [True, True, False, pd.NA]
    assert out.loc[0, "label_nl"] == "Pijn nu"


# --- lagged associations -----------------------------------------------------------------

def _planted(n_patients: int = 8, days: int = 60, effect: float = -0.6, seed: int = 42):
    """Pain follows the previous night's sleep within a patient; between patients, those
    who sleep better hurt *more* (a confound that only person-mean centring removes)."""
    rng = np.random.default_rng(seed)
    frames = []
    for i in range(n_patients):
        mean_sleep = 3 + i * 0.6
        sleep = np.clip(mean_sleep + rng.normal(0, 1.2, days), 0, 10)
        pain = np.clip(1 + 0.9 * mean_sleep + effect * np.r_[mean_sleep, sleep[:-1] - mean_sleep]
                       + rng.normal(0, 0.4, days), 0, 10)
        frames.append(checkins(str(20 + i), START, daily("2026-08-10", days),
                               sleep_quality=sleep, pain_now=pain, stress=rng.normal(5, 1, days)))
    return pd.concat(frames, ignore_index=True)


def test_lagged_association_recovers_planted_within_patient_effect():
    frame = _planted()
    out = lagged_associations(frame, predictors=["sleep_quality", "stress"], lags=[1, 2])
    row = out.set_index(["predictor", "lag_days"])
    lag1 = row.loc[("sleep_quality", 1)]
    assert lag1["ci_high"] < -0.5 and lag1["r"] < -0.7
    assert (lag1["n_pairs"], lag1["n_patients"]) == (8 * 59, 8)
    assert row.loc[("sleep_quality", 2), "n_pairs"] == 8 * 58
    assert row.loc[("stress", 1), "ci_low"] < 0 < row.loc[("stress", 1), "ci_high"]
    assert set(out["label"]) == {"exploratory"}
    # Without centring the between-patient confound flips the sign.
    pairs = frame.assign(prev=frame.groupby("patient_id")["sleep_quality"].shift(1))
    assert pairs["pain_now"].corr(pairs["prev"]) > 0


def test_lagged_r_matches_a_fixed_effects_regression():
    frame = _planted(n_patients=4, days=30, effect=-0.3, seed=7)
    out = lagged_associations(frame, predictors=["sleep_quality"], lags=[1]).iloc[0]
    data = frame.assign(prev=frame.groupby("patient_id")["sleep_quality"].shift(1)).dropna(
        subset=["prev"])
    dummies = pd.get_dummies(data["patient_id"], dtype=float)
    fit = sm.OLS(data["pain_now"], pd.concat([data["prev"], dummies], axis=1)).fit()
    reduced = sm.OLS(data["pain_now"], dummies).fit()
    partial_r2 = (reduced.ssr - fit.ssr) / reduced.ssr
    assert out["r"] == pytest.approx(np.sign(fit.params["prev"]) * np.sqrt(partial_r2))
    df = out["n_pairs"] - out["n_patients"] - 1
    half = 1.959963984540054 / np.sqrt(df - 1)
    assert out["ci_low"] == pytest.approx(np.tanh(np.arctanh(out["r"]) - half))


def test_lagged_associations_per_patient_and_min_n():
    frame = _planted(n_patients=2, days=15)
    out = lagged_associations(frame, predictors=["sleep_quality"], lags=[1], by="patient_id")
    assert out["patient_id"].tolist() == ["20", "21"]
    assert out["n_pairs"].tolist() == [14, 14] and out["r"].isna().all()  # below min_n = 20
    enough = lagged_associations(frame, predictors=["sleep_quality"], lags=[1], by="patient_id",
                                 min_n=10)
    assert enough["r"].notna().all()


def test_lagged_pairs_use_calendar_days_not_rows():
    frame = checkins("7", START, ["2026-10-01", "2026-10-03", "2026-10-04", "2026-10-05"],
                     sleep_quality=[1, 2, 3, 5], pain_now=[4, 5, 6, 4])
    out = lagged_associations(frame, predictors=["sleep_quality"], lags=[1, 2], min_n=1)
    # lag 1: 4<-3 and 5<-4 Oct; lag 2: 3<-1 and 5<-3 Oct (row order would pair 3<-1 at lag 1)
    assert out["n_pairs"].tolist() == [2, 2]


# --- summary -----------------------------------------------------------------------------

def test_checkin_summary_one_row_per_episode():
    eps = episodes(episode("7", START), episode("8", "2026-10-20"))
    frame = checkins("7", START, daily("2026-10-25", 7), pain_now=[4, 4, 4, 5, 5, 5, 4],
                     exercises_done=True, load=6.0, load_capacity=5.0)
    out = checkin_summary(frame, eps, as_of=AS_OF).set_index("patient_id")
    assert len(out) == 2
    assert out.loc["7", "pain_mean_7d"] == pytest.approx(31 / 7)
    assert out.loc["7", "load_n_over_capacity"] == 7 and out.loc["8", "load_n"] == 0
    assert out.loc["8", "pain_trend"] == "insufficient_data"
    assert out.loc["7", "adherence_current"] == 1.0


def test_pain_since_start_compares_the_first_and_last_fortnight():
    eps = episodes(episode("1", START), episode("2", "2026-10-10"))
    rows = pd.concat([
        checkins("1", START, daily(START, 14).append(daily("2026-10-18", 14)),
                 pain_now=[4.0] * 14 + [6.0] * 13 + [None]),
        checkins("2", "2026-10-10", daily("2026-10-10", 22), pain_now=5.0),
    ], ignore_index=True)
    out = pain_since_start(rows, eps, as_of=AS_OF)
    # Episode 2 is 22 days old: its windows would overlap, so it is not judged.
    assert out["episode_id"].tolist() == ["1-20260803"]
    row = out.iloc[0]
    assert (row["n_start"], row["pain_start"], row["n_recent"], row["pain_recent"]) == (
        14, 4.0, 13, 6.0)
    assert row["change"] == 2.0 and row["mcid_status"] == "deteriorated"
    few = pain_since_start(rows, eps, as_of=AS_OF, min_checkins=14)
    assert few["mcid_status"].isna().all() and few["n_recent"].tolist() == [13]
