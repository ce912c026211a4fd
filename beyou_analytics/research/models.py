"""Exploratory mixed-effects model of weekly pain over the weeks of an episode.

Model (statsmodels ``MixedLM``, REML)::

    pain[e, w] = b0 + b1 * week + sum_k c_k * baseline_k[e] + u0[e] + u1[e] * week + eps

``pain`` is the episode's mean check-in pain of week ``w`` (0 = days 0-6 after the start;
``cohort.weekly``), ``baseline_k`` optional baseline scores (TSK-17, PCS, PSEQ) centred on the
cohort mean, so ``b0`` is the week-0 pain of an episode with average baselines. ``u0``/``u1``
are a random intercept and slope per episode (a patient's later episode is a new course of
treatment; most patients have one). When that model does not converge or its random-effects
covariance is singular, the random slope is dropped (random intercept only) and the note says
so, also in the log. Exploratory: weeks are not missing at random (patients stop checking in
when they feel better or give up), so the slope is a description, not an effect.

Examples
--------
>>> weekly = planted_weekly(n_episodes=40, n_weeks=10, slope=-0.2, seed=3)
>>> result = weekly_pain_model(weekly)
>>> result.structure, round(float(result.coefficient("week")), 1), result.n_observations
('random intercept and slope', -0.2, 400)
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

LOG = logging.getLogger("beyou_analytics.research")
BASELINE_COVARIATES = ("TSK17", "PCS", "PSEQ")
STRUCTURES = ("random intercept and slope", "random intercept")


@dataclass(frozen=True)
class MixedModelResult:
    """Coefficients (with 95 % CI), the sample behind them and how the fit went."""

    coefficients: pd.DataFrame
    n_patients: int
    n_episodes: int
    n_observations: int
    structure: str
    converged: bool
    notes: tuple[str, ...] = ()
    random_effects: dict[str, float] = field(default_factory=dict)

    def coefficient(self, term: str) -> float:
        """The estimate of ``term`` (``Intercept``, ``week`` or a covariate)."""
        rows = self.coefficients.loc[self.coefficients["term"] == term, "estimate"]
        return float(rows.iloc[0]) if len(rows) else np.nan

    def predicted(self, weeks: Sequence[int]) -> pd.DataFrame:
        """Fixed-effect prediction for an episode with average baselines, per week."""
        weeks = np.asarray(list(weeks), dtype=float)
        return pd.DataFrame({"week": weeks.astype(int), "pain": self.coefficient("Intercept")
                             + self.coefficient("week") * weeks})


def baseline_covariates(
    outcomes: pd.DataFrame, instruments: Sequence[str] = BASELINE_COVARIATES
) -> pd.DataFrame:
    """One row per episode: the baseline of each instrument's total scale (wide)."""
    rows = outcomes.loc[(outcomes["scale"] == "total")
                        & outcomes["instrument"].isin(list(instruments))]
    wide = rows.pivot_table(index="episode", columns="instrument", values="baseline",
                            aggfunc="first")
    return wide.reindex(columns=list(instruments)).reset_index()


def model_frame(
    weekly: pd.DataFrame,
    *,
    outcome: str = "pain_now",
    covariates: pd.DataFrame | None = None,
    max_week: int = 26,
    min_weeks: int = 2,
) -> pd.DataFrame:
    """The rows the model uses: weeks 0..``max_week`` with an outcome, episodes with at least
    ``min_weeks`` such weeks (and every covariate, when given; covariates centred)."""
    rows = weekly.loc[(weekly["week"] <= max_week) & weekly[outcome].notna(),
                      ["pseudonym", "episode", "week", outcome]].rename(
        columns={outcome: "pain"})
    if covariates is not None and len(covariates.columns) > 1:
        names = [c for c in covariates.columns if c != "episode"]
        rows = rows.merge(covariates, on="episode", how="inner").dropna(subset=names)
        rows = rows.assign(**{n: rows[n] - rows[n].mean() for n in names})
    weeks = rows.groupby("episode")["week"].transform("size")
    return rows.loc[weeks >= min_weeks].reset_index(drop=True)


def weekly_means(model_data: pd.DataFrame, *, min_count: int = 5) -> pd.DataFrame:
    """Mean of the modelled weekly pain per week over episodes; weeks under ``min_count``
    episodes are left out (small cells).

    >>> data = pd.DataFrame({"episode": list("abcdef") + ["a"], "week": [0] * 6 + [1],
    ...                      "pain": [6, 5, 7, 6, 4, 8, 3.0]})
    >>> weekly_means(data).values.tolist()
    [[0.0, 6.0, 6.0]]
    """
    grouped = model_data.groupby("week")
    out = pd.DataFrame({"pain": grouped["pain"].mean(), "n": grouped["episode"].nunique()})
    out = out.loc[out["n"] >= min_count].reset_index()
    return out.astype({"week": "int64", "n": "int64"})[["week", "pain", "n"]]


def _fit(data: pd.DataFrame, formula: str, slope: bool):
    from statsmodels.regression.mixed_linear_model import MixedLM
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = MixedLM.from_formula(formula, data, groups=data["episode"],
                                     re_formula="~week" if slope else "~1")
        result = model.fit(reml=True, method=["lbfgs", "powell"])
    trouble = [str(w.message).split("\n")[0] for w in caught
               if issubclass(w.category, ConvergenceWarning | RuntimeWarning | UserWarning)]
    cov = np.asarray(result.cov_re, dtype=float)
    singular = cov.size > 1 and (np.linalg.eigvalsh(cov).min() <= 1e-8 * max(cov.max(), 1e-12))
    ok = bool(result.converged) and not singular and not any(
        "converge" in t or "singular" in t or "boundary" in t for t in trouble)
    return result, ok, trouble


def weekly_pain_model(
    weekly: pd.DataFrame,
    *,
    outcome: str = "pain_now",
    covariates: pd.DataFrame | None = None,
    max_week: int = 26,
    min_weeks: int = 2,
) -> MixedModelResult:
    """Fit the model of the module docstring to ``cohort.weekly`` (optionally ``covariates``).

    Parameters
    ----------
    weekly
        ``Cohort.weekly``: ``pseudonym``, ``episode``, ``week`` and the weekly means.
    outcome
        The weekly measure modelled (default ``pain_now``).
    covariates
        ``baseline_covariates(cohort.outcomes)``: episodes without every covariate are left
        out (complete cases).
    max_week, min_weeks
        Weeks after ``max_week`` are left out (few episodes reach them); episodes need at
        least ``min_weeks`` weeks with the outcome.

    Returns
    -------
    MixedModelResult
        ``coefficients`` has ``term``, ``estimate``, ``ci_low``, ``ci_high``, ``p_value``.
    """
    data = model_frame(weekly, outcome=outcome, covariates=covariates, max_week=max_week,
                       min_weeks=min_weeks)
    names = [] if covariates is None else [c for c in covariates.columns if c != "episode"]
    n_episodes = int(data["episode"].nunique())
    if n_episodes < 5:
        empty = pd.DataFrame(columns=["term", "estimate", "ci_low", "ci_high", "p_value"])
        return MixedModelResult(empty, int(data["pseudonym"].nunique()), n_episodes, len(data),
                                STRUCTURES[1], False, ("fewer than 5 episodes: not fitted",))
    formula = "pain ~ week" + "".join(f" + {n}" for n in names)
    notes: list[str] = []
    result, ok, trouble = _fit(data, formula, slope=True)
    structure = STRUCTURES[0]
    if not ok:
        note = ("random slope dropped: the random intercept and slope model did not converge "
                "cleanly"
                + (f" ({trouble[0]})" if trouble else " (singular random-effects covariance)"))
        LOG.info("weekly pain model: %s", note)
        notes.append(note)
        result, ok, trouble = _fit(data, formula, slope=False)
        structure = STRUCTURES[1]
        if not ok:
            notes.append("the random intercept model did not converge cleanly either"
                         + (f" ({trouble[0]})" if trouble else ""))
    ci = result.conf_int().loc[result.fe_params.index]
    coefficients = pd.DataFrame({
        "term": list(result.fe_params.index),
        "estimate": result.fe_params.to_numpy(dtype=float),
        "ci_low": ci.iloc[:, 0].to_numpy(dtype=float),
        "ci_high": ci.iloc[:, 1].to_numpy(dtype=float),
        "p_value": result.pvalues.loc[result.fe_params.index].to_numpy(dtype=float),
    })
    cov = pd.DataFrame(result.cov_re)
    random_effects = {"sd_intercept": float(np.sqrt(max(cov.iloc[0, 0], 0.0))),
                      "sd_residual": float(np.sqrt(result.scale))}
    if cov.shape[0] > 1:
        random_effects["sd_week"] = float(np.sqrt(max(cov.iloc[1, 1], 0.0)))
    return MixedModelResult(
        coefficients=coefficients,
        n_patients=int(data["pseudonym"].nunique()),
        n_episodes=n_episodes,
        n_observations=len(data),
        structure=structure,
        converged=ok,
        notes=tuple(notes),
        random_effects=random_effects,
    )


def planted_weekly(
    *,
    n_episodes: int = 60,
    n_weeks: int = 12,
    intercept: float = 6.0,
    slope: float = -0.15,
    sd_intercept: float = 1.0,
    sd_slope: float = 0.1,
    sd_noise: float = 0.6,
    seed: int = 0,
) -> pd.DataFrame:
    """Synthetic ``Cohort.weekly`` rows with a known slope, for tests and the doctest."""
    rng = np.random.default_rng(seed)
    episodes = np.repeat(np.arange(n_episodes), n_weeks)
    weeks = np.tile(np.arange(n_weeks), n_episodes)
    u0 = rng.normal(0, sd_intercept, n_episodes)[episodes]
    u1 = rng.normal(0, sd_slope, n_episodes)[episodes]
    pain = intercept + u0 + (slope + u1) * weeks + rng.normal(0, sd_noise, len(weeks))
    ids = pd.Series([f"p{e:03d}" for e in episodes], dtype="str")
    return pd.DataFrame({"pseudonym": ids, "episode": ids + "-1", "week": weeks,
                         "n_checkins": 5, "pain_now": np.clip(pain, 0, 10)})
