"""The exploratory mixed model of weekly pain: planted slopes come back, fallbacks are noted."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from beyou_analytics.research.models import (
    STRUCTURES,
    baseline_covariates,
    model_frame,
    planted_weekly,
    weekly_means,
    weekly_pain_model,
)


def test_a_planted_slope_is_recovered_with_a_ci_around_it() -> None:
    weekly = planted_weekly(n_episodes=80, n_weeks=12, slope=-0.25, sd_slope=0.1, seed=11)
    result = weekly_pain_model(weekly)
    week = result.coefficients.set_index("term").loc["week"]
    assert week["estimate"] == pytest.approx(-0.25, abs=0.04)
    assert week["ci_low"] < -0.25 < week["ci_high"]
    assert result.coefficient("Intercept") == pytest.approx(6.0, abs=0.4)
    assert result.structure == STRUCTURES[0] and result.converged
    assert (result.n_patients, result.n_episodes, result.n_observations) == (80, 80, 960)
    assert result.random_effects["sd_week"] == pytest.approx(0.1, abs=0.05)


def test_a_flat_course_gives_a_slope_near_zero() -> None:
    result = weekly_pain_model(planted_weekly(n_episodes=60, slope=0.0, sd_slope=0.05, seed=5))
    assert abs(result.coefficient("week")) < 0.03


def test_without_random_slope_variation_the_model_falls_back_and_says_so(caplog) -> None:
    weekly = planted_weekly(n_episodes=40, n_weeks=8, slope=-0.2, sd_slope=0.0, seed=3)
    with caplog.at_level(logging.INFO, logger="beyou_analytics.research"):
        result = weekly_pain_model(weekly)
    assert result.structure == STRUCTURES[1]
    assert result.notes and "random slope dropped" in result.notes[0]
    assert "random slope dropped" in caplog.text
    assert result.coefficient("week") == pytest.approx(-0.2, abs=0.03)


def test_baseline_covariates_enter_centred() -> None:
    weekly = planted_weekly(n_episodes=60, n_weeks=10, seed=2)
    episodes = weekly["episode"].unique()
    rng = np.random.default_rng(0)
    tsk = rng.normal(40, 6, len(episodes))
    shift = dict(zip(episodes, 0.1 * (tsk - tsk.mean()), strict=True))
    weekly = weekly.assign(pain_now=weekly["pain_now"] + weekly["episode"].map(shift))
    outcomes = pd.DataFrame({"episode": episodes, "instrument": "TSK17", "scale": "total",
                             "baseline": tsk})
    covariates = baseline_covariates(outcomes, ("TSK17",))
    result = weekly_pain_model(weekly, covariates=covariates)
    assert result.coefficient("TSK17") == pytest.approx(0.1, abs=0.05)
    frame = model_frame(weekly, covariates=covariates)
    assert abs(frame.drop_duplicates("episode")["TSK17"].mean()) < 1e-9


def test_too_few_episodes_are_not_fitted() -> None:
    result = weekly_pain_model(planted_weekly(n_episodes=4, seed=1))
    assert result.coefficients.empty and not result.converged
    assert "fewer than 5" in result.notes[0]


def test_weekly_means_leave_out_weeks_with_fewer_than_five_episodes() -> None:
    frame = model_frame(planted_weekly(n_episodes=6, n_weeks=3, seed=1))
    means = weekly_means(frame.loc[~((frame["week"] == 2) & (frame["episode"] != "p000-1"))])
    assert means["week"].tolist() == [0, 1] and means["n"].tolist() == [6, 6]
