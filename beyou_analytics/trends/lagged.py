"""Exploratory within-patient lagged associations: pain against the previous days' sleep
and stress.

"Does this patient hurt more after a poor night or a stressful day?" is asked per person, so
each patient's own mean is taken out first (person-mean centring): differences *between*
patients (some sleep badly and hurt a lot) cannot masquerade as a within-patient link. The
pooled correlation of the centred values is the repeated-measures correlation (rmcorr) of
Bakdash & Marusich. These are associations in observational app data, many are computed at
once, and none is a causal effect: every row is labelled ``exploratory`` and carries its n.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd

from beyou_analytics.schema import MEASURES_BY_COLUMN
from beyou_analytics.trends._frames import AsOf, as_float, days, require, up_to

PREDICTORS = ("sleep_quality", "sleep_hours", "stress")
METHOD = "repeated-measures correlation (person-mean centred)"


def lagged_associations(
    checkins: pd.DataFrame,
    *,
    outcome: str = "pain_now",
    predictors: Sequence[str] = PREDICTORS,
    lags: Sequence[int] = (1, 2, 3),
    min_n: int = 20,
    by: str | None = None,
    as_of: AsOf | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Within-patient correlation of ``outcome`` with each predictor ``lag`` days earlier.

    A pair is the outcome on day *t* and the predictor on calendar day *t − lag* of the same
    patient (both answered). Patients with fewer than 2 pairs add nothing and are left out.

    Parameters
    ----------
    checkins
        The store's ``checkins`` table.
    outcome, predictors
        Check-in columns (default current pain; sleep quality, hours slept, stress).
    lags
        Lags in days (positive: the predictor comes first).
    min_n
        Fewer pairs than this give a row with its n but no estimate.
    by
        ``None`` pools all patients (each centred on their own mean); ``"patient_id"`` gives
        one row per patient and lag and predictor.
    as_of
        Only check-ins on or before this day (default: all).
    level
        Confidence level (default 95 %).

    Returns
    -------
    DataFrame
        (``by``,) ``outcome``, ``predictor``, ``lag_days``, ``n_pairs``, ``n_patients``, ``r``,
        ``ci_low``, ``ci_high``, ``method``, ``label`` (always ``"exploratory"``).

    Notes
    -----
    With ``x̃, ỹ`` the person-mean centred values, ``r = Σx̃ỹ / √(Σx̃² Σỹ²)`` and the error
    degrees of freedom are ``df = N − k − 1`` (N pairs, k patients). The interval is Fisher's
    ``tanh(atanh(r) ± z / √(df − 1))``, i.e. with the effective sample size ``df + 2`` as in
    rmcorr ≥ 0.5.4 (its "confidence interval fix"); for one patient this is the usual Pearson
    interval with ``n − 3``.

    References
    ----------
    Bakdash JZ, Marusich LR. Repeated measures correlation. *Front Psychol* 2017;8:456.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> sleep = rng.normal(6, 2, 60)
    >>> rows = pd.DataFrame({"patient_id": "7", "date": pd.date_range("2026-09-01",
    ...     periods=60), "sleep_quality": sleep,
    ...     "pain_now": np.r_[5, 8 - 0.5 * sleep[:-1]] + rng.normal(0, 0.3, 60)})
    >>> out = lagged_associations(rows, predictors=["sleep_quality"], lags=[1, 2])
    >>> out[["lag_days", "n_pairs", "label"]]
       lag_days  n_pairs        label
    0         1       59  exploratory
    1         2       58  exploratory
    >>> bool(out.loc[0, "r"] < -0.9)
    True
    """
    unknown = [c for c in (outcome, *predictors) if c not in MEASURES_BY_COLUMN]
    if unknown:
        raise ValueError(
            f"lagged_associations: unknown check-in measure(s) {', '.join(unknown)}; "
            f"known: {', '.join(MEASURES_BY_COLUMN)}"
        )
    if by not in (None, "patient_id"):
        raise ValueError(f"lagged_associations: by must be None or 'patient_id', got {by!r}")
    require(checkins, ["patient_id", "date", outcome, *predictors],
            who="lagged_associations", table="checkins")
    frame = up_to(checkins, as_of)
    base = pd.DataFrame(
        {"patient_id": frame["patient_id"], "day": days(frame),
         **{c: as_float(frame[c]) for c in dict.fromkeys((outcome, *predictors))}}
    )
    results = []
    for lag in lags:
        earlier = base[["patient_id", "day", *predictors]].assign(
            day=base["day"] + pd.Timedelta(days=int(lag))
        )
        pairs = base[["patient_id", "day", outcome]].merge(
            earlier, on=["patient_id", "day"], suffixes=("", "_lagged")
        )
        for predictor in predictors:
            column = predictor if predictor != outcome else f"{predictor}_lagged"
            rows = _rmcorr(pairs, pairs[outcome].to_numpy(), pairs[column].to_numpy(), by=by)
            results.append(rows.assign(outcome=outcome, predictor=predictor, lag_days=int(lag)))
    out = pd.concat(results, ignore_index=True) if results else _empty(by)
    out = _estimate(out, min_n=min_n, level=level)
    lead = [by] if by else []
    return out[[*lead, "outcome", "predictor", "lag_days", "n_pairs", "n_patients", "r",
                "ci_low", "ci_high", "method", "label"]].reset_index(drop=True)


def _rmcorr(pairs: pd.DataFrame, y: np.ndarray, x: np.ndarray, *, by: str | None) -> pd.DataFrame:
    """Centred sums per output group (all pairs, or one patient)."""
    keep = ~np.isnan(x) & ~np.isnan(y)
    work = pd.DataFrame({"patient_id": pairs["patient_id"].to_numpy()[keep],
                         "x": x[keep], "y": y[keep]})
    size = work.groupby("patient_id")["x"].transform("size")
    work = work.loc[size >= 2]
    grouped = work.groupby("patient_id")
    dx = work["x"] - grouped["x"].transform("mean")
    dy = work["y"] - grouped["y"].transform("mean")
    work = work.assign(sxy=dx * dy, sxx=dx * dx, syy=dy * dy,
                       group=work["patient_id"] if by else "all")
    sums = work.groupby("group", sort=True).agg(
        n_pairs=("x", "size"), n_patients=("patient_id", "nunique"), sxy=("sxy", "sum"),
        sxx=("sxx", "sum"), syy=("syy", "sum"),
    )
    if sums.empty:
        sums = pd.DataFrame({"n_pairs": [0], "n_patients": [0], "sxy": [np.nan],
                             "sxx": [np.nan], "syy": [np.nan]}, index=["all"])
        if by:
            return sums.iloc[:0].reset_index(names=by)
    out = sums.reset_index(names=by or "group")
    return out if by else out.drop(columns="group")


def _estimate(sums: pd.DataFrame, *, min_n: int, level: float) -> pd.DataFrame:
    """Correlation and Fisher-z interval from the centred sums."""
    n = sums["n_pairs"].to_numpy(dtype=float)
    df = n - sums["n_patients"].to_numpy(dtype=float) - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        r = sums["sxy"].to_numpy(dtype=float) / np.sqrt(
            sums["sxx"].to_numpy(dtype=float) * sums["syy"].to_numpy(dtype=float)
        )
        r = np.clip(r, -1.0, 1.0)
        half = NormalDist().inv_cdf(0.5 + level / 2) / np.sqrt(df - 1)
        z = np.arctanh(r)
    usable = (n >= min_n) & (df > 1) & np.isfinite(r)
    return sums.assign(
        n_pairs=sums["n_pairs"].astype("int64"), n_patients=sums["n_patients"].astype("int64"),
        r=np.where(usable, r, np.nan),
        ci_low=np.where(usable, np.tanh(z - half), np.nan),
        ci_high=np.where(usable, np.tanh(z + half), np.nan),
        method=METHOD, label="exploratory",
    )


def _empty(by: str | None) -> pd.DataFrame:
    columns = {"n_pairs": "int64", "n_patients": "int64", "sxy": float, "sxx": float,
               "syy": float, "outcome": "str", "predictor": "str", "lag_days": "int64"}
    if by:
        columns = {by: "str", **columns}
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
