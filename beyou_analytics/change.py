"""Clinical change per episode: baseline, latest, MCID and reliable change, direction-aware.

``episode_outcomes`` reduces the ``scores`` table to the ``outcomes`` table: per episode,
instrument and scale the baseline (the first valid administration of the episode with timepoint
``intake`` if there is one, else the first valid one), the latest valid administration, the
change, the percent change, whether the minimal clinically important difference was met
(``mcid_status``) and the Jacobson-Truax reliable change index (``rci``, ``rci_status``). The
small pure functions below do the arithmetic and are what the tests pin to the worked examples
of ``../shared/instruments.md`` (§0 and §1-12).

Rules (binding decisions of instruments.md):

- MCID met when EITHER the absolute OR the percentage threshold is met; deterioration is
  symmetric. PCS uses 11 points instead of 8 when the baseline is above 30 [30].
- RCI uses the published SEM of the registry, never the sample SD; no published SEM: RCI NaN
  and ``rci_status`` null.
- GPE (``change_method="transition"``) is itself the change: no numbers; ``mcid_status`` from the
  latest answer (1-2 improved, 5-7 deteriorated, else unchanged); ``rci_status`` null.
- Screening tools (``change_method="none"``: SBST, OMPSQ10): change numbers, null statuses.

Choosing an alternative: the registry lists alternatives per scale
(``Scale.alternatives``, e.g. QBPDS SEM 4.33 or MCID 6 points). Pass them by instrument code
(``"QBPDS"`` means its ``total`` scale; ``"PCS.rumination"`` names another scale):

>>> from beyou_analytics.instruments import get_instrument
>>> [ref.value for ref in get_instrument("QBPDS").scale("total").alternatives_for("sem")]
[4.33, 7.0]
>>> # episode_outcomes(scores, sem={"QBPDS": 4.33}, mcid={"QBPDS": 6}, mcid_pct={"QBPDS": 18})

A value of NaN switches a criterion off (``sem={"NPRS": float("nan")}`` gives no RCI).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from beyou_analytics.instruments import Reference, Scale, get_instrument
from beyou_analytics.schema import DATE, OUTCOMES, empty_table

RCI_CRITICAL = 1.96  # two-sided 95 % [0]
GPE_IMPROVED = (1, 2)  # completely recovered, much improved [DECISION, §12]
GPE_DETERIORATED = (5, 6, 7)
_TOLERANCE = 1e-9  # a change exactly at a threshold meets it despite float noise (30 % of 7)

GROUP_KEYS = ["episode_id", "instrument", "scale"]


def _out(result: np.ndarray):
    """A scalar for scalar input, else the array."""
    return result.item() if result.ndim == 0 else result


def _status(improved: np.ndarray, deteriorated: np.ndarray, known: np.ndarray) -> np.ndarray:
    status = np.where(improved, "improved", np.where(deteriorated, "deteriorated", "unchanged"))
    return np.where(known, status.astype(object), None)


def percent_change(baseline, latest):
    """``(latest - baseline) / |baseline| x 100``, signed like the change; NaN when baseline is 0.

    Examples
    --------
    >>> round(percent_change(7, 4), 1)
    -42.9
    >>> percent_change(0, 3)
    nan
    """
    baseline = np.asarray(baseline, dtype=float)
    latest = np.asarray(latest, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(baseline == 0, np.nan, (latest - baseline) / np.abs(baseline) * 100)
    return _out(pct)


def reliable_change_index(baseline, latest, sem):
    """Jacobson-Truax RCI ``(latest - baseline) / (sqrt(2) x SEM)``; NaN without a SEM.

    Reliable when ``|RCI| > 1.96``. The SEM is the published one (instruments.md §15), never
    the sample SD.

    Examples
    --------
    >>> round(reliable_change_index(7, 4, 1.02), 2)        # NPRS, §1
    -2.08
    >>> round(reliable_change_index(28, 41, 4.57), 2)      # PSEQ, §8
    2.01
    >>> reliable_change_index(7, 4, None)
    nan
    """
    sem = np.nan if sem is None else sem
    sem = np.asarray(sem, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rci = np.where(
            sem > 0,
            (np.asarray(latest, dtype=float) - np.asarray(baseline, dtype=float))
            / (np.sqrt(2) * sem),
            np.nan,
        )
    return _out(rci)


def classify_rci(rci, *, higher_is_worse: bool):
    """``improved`` / ``unchanged`` / ``deteriorated`` from the RCI; None when it is NaN.

    Examples
    --------
    >>> classify_rci(-2.08, higher_is_worse=True), classify_rci(-1.79, higher_is_worse=True)
    ('improved', 'unchanged')
    >>> classify_rci(2.01, higher_is_worse=False), classify_rci(2.01, higher_is_worse=True)
    ('improved', 'deteriorated')
    """
    rci = np.asarray(rci, dtype=float)
    better = -rci if higher_is_worse else rci
    return _out(_status(better > RCI_CRITICAL, better < -RCI_CRITICAL, ~np.isnan(rci)))


def classify_mcid(baseline, latest, *, higher_is_worse: bool, mcid_abs=None, mcid_pct=None):
    """Whether the change meets the MCID: absolute OR percentage threshold, both directions.

    ``mcid_abs`` is in scale points, ``mcid_pct`` in percent of the baseline; either may be
    None (or NaN) when not published. Without any threshold, or without both values, None.
    Deterioration uses the same thresholds the other way round.

    Examples
    --------
    >>> classify_mcid(10, 5, higher_is_worse=True, mcid_abs=5, mcid_pct=30)   # RMDQ, §3
    'improved'
    >>> classify_mcid(49, 31, higher_is_worse=True, mcid_abs=20, mcid_pct=30) # QBPDS: 36.7 %
    'improved'
    >>> classify_mcid(49, 31, higher_is_worse=True, mcid_abs=20)
    'unchanged'
    >>> classify_mcid(28, 22, higher_is_worse=False, mcid_abs=5.5)            # PSEQ worse
    'deteriorated'
    >>> classify_mcid(4, 4, higher_is_worse=True) is None
    True
    """
    baseline = np.asarray(baseline, dtype=float)
    latest = np.asarray(latest, dtype=float)
    abs_t = np.asarray(np.nan if mcid_abs is None else mcid_abs, dtype=float)
    pct_t = np.asarray(np.nan if mcid_pct is None else mcid_pct, dtype=float)
    gain = (baseline - latest) if higher_is_worse else (latest - baseline)
    with np.errstate(divide="ignore", invalid="ignore"):
        gain_pct = np.where(baseline == 0, np.nan, gain / np.abs(baseline) * 100)
    improved = (gain >= abs_t - _TOLERANCE) | (gain_pct >= pct_t - _TOLERANCE)
    deteriorated = (-gain >= abs_t - _TOLERANCE) | (-gain_pct >= pct_t - _TOLERANCE)
    known = ~np.isnan(gain) & ~(np.isnan(abs_t) & np.isnan(pct_t))
    return _out(_status(improved, deteriorated, known))


def classify_transition(answer):
    """GPE answer (1 completely recovered ... 7 worse than ever) as a change status.

    Examples
    --------
    >>> [classify_transition(a) for a in (1, 2, 3, 4, 5, 7)]
    ['improved', 'improved', 'unchanged', 'unchanged', 'deteriorated', 'deteriorated']
    """
    answer = np.asarray(answer, dtype=float)
    return _out(
        _status(np.isin(answer, GPE_IMPROVED), np.isin(answer, GPE_DETERIORATED), ~np.isnan(answer))
    )


def scale_mcid(scale: Scale, baseline) -> np.ndarray:
    """The scale's absolute MCID for each baseline (PCS: 11 above 30, else 8) [30].

    Examples
    --------
    >>> scale_mcid(get_instrument("PCS").scale("total"), [24, 30, 36]).tolist()
    [8.0, 8.0, 11.0]
    """
    baseline = np.asarray(baseline, dtype=float)
    mcid = np.full(
        baseline.shape, np.nan if scale.mcid_abs is None else scale.mcid_abs.value, dtype=float
    )
    if scale.mcid_high_baseline is not None:
        above, ref = scale.mcid_high_baseline
        mcid = np.where(baseline > above, ref.value, mcid)
    return mcid


def mcid_margin(scale: Scale, baseline) -> np.ndarray:
    """The smallest change that meets the MCID from each baseline, as ``classify_mcid`` judges.

    Either threshold suffices, so the margin is the smaller of the absolute MCID
    (``scale_mcid``) and the percentage of the baseline; NaN without a published MCID. A
    baseline of 0 has no percentage threshold.

    Examples
    --------
    >>> qbpds = get_instrument("QBPDS").scale("total")       # 20 points or 30 %
    >>> mcid_margin(qbpds, [26, 80]).round(1).tolist()
    [7.8, 20.0]
    >>> mcid_margin(get_instrument("NPRS").scale("total"), [0, 5, 8]).tolist()
    [2.0, 1.5, 2.0]
    >>> bool(np.isnan(mcid_margin(get_instrument("PSK").scale("total"), [7])[0]))
    True
    """
    baseline = np.asarray(baseline, dtype=float)
    absolute = scale_mcid(scale, baseline)
    if scale.mcid_pct is None:
        return absolute
    with np.errstate(invalid="ignore"):
        relative = np.where(baseline == 0, np.nan, np.abs(baseline) * scale.mcid_pct.value / 100)
    return np.fmin(absolute, relative)


def _override(override: Mapping[str, float] | None, code: str, scale: str) -> float | None:
    """The caller's value for ``code``/``scale`` (NaN = switched off), or None when not given."""
    for key in (f"{code}.{scale}", code if scale == "total" else None):
        if override and key is not None and key in override:
            value = override[key]
            return np.nan if value is None else float(value)
    return None


def _sorted_groups(valid: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The rows of ``valid`` sorted stably by ``GROUP_KEYS`` and time (missing values last,
    as ``sort_values`` puts them), and where each group starts in that order.

    Text keys are sorted as integer codes (the distinct values sorted once), so hundreds of
    thousands of scores need no text sort. A missing key value starts a group of its own.
    """
    keys, missing = [], np.zeros(len(valid), dtype=bool)
    for column in GROUP_KEYS:
        codes, uniques = pd.factorize(valid[column], sort=True)
        missing_here = codes < 0
        keys.append(np.where(missing_here, len(uniques), codes))
        missing |= missing_here
    when = valid["completed_at"].to_numpy().astype(DATE).view(np.int64).copy()
    when[when == np.iinfo(np.int64).min] = np.iinfo(np.int64).max  # NaT last
    order = np.lexsort((when, *reversed(keys)))
    new_group = np.zeros(len(valid), dtype=bool)
    new_group[0] = True
    for codes in keys:
        codes = codes[order]
        new_group[1:] |= codes[1:] != codes[:-1]
    missing = missing[order]  # a missing value equals nothing, not even the one before
    new_group[1:] |= missing[1:] | missing[:-1]
    return order, np.flatnonzero(new_group)


def _select_rows(
    starts: np.ndarray, intake: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per group of the sorted valid scores (starting at ``starts``): baseline row, latest
    row, number of rows; ``intake`` marks the sorted rows with timepoint ``intake``."""
    sizes = np.diff(np.r_[starts, len(intake)])
    latest = starts + sizes - 1
    positions = np.arange(len(intake), dtype=np.int64)
    first_intake = np.minimum.reduceat(np.where(intake, positions, len(intake)), starts)
    baseline = np.where(first_intake <= latest, first_intake, starts)
    return baseline, latest, sizes


def episode_outcomes(
    scores: pd.DataFrame,
    *,
    sem: Mapping[str, float] | None = None,
    mcid: Mapping[str, float] | None = None,
    mcid_pct: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The ``outcomes`` table: change per episode, instrument and scale from valid scores.

    Parameters
    ----------
    scores
        The ``scores`` table (``schema.SCORES``); only ``valid`` rows count.
    sem, mcid, mcid_pct
        Overrides of the registry's SEM, absolute MCID and percentage MCID, keyed by instrument
        code (its ``total`` scale) or ``"CODE.scale"``; NaN switches a criterion off. Use the
        alternatives listed in the registry (``Scale.alternatives_for``). An ``mcid`` override
        replaces PCS's baseline-dependent MCID as well.

    Returns
    -------
    pandas.DataFrame
        ``schema.OUTCOMES``. With one valid administration (or when the latest is the baseline)
        change, pct_change and rci are NaN and the statuses null.

    Examples
    --------
    >>> scores = pd.DataFrame({
    ...     "patient_id": "7", "episode_id": "7-20260105", "instrument": "NPRS",
    ...     "completed_at": pd.to_datetime(["2026-01-05", "2026-03-02"]),
    ...     "timepoint": ["intake", "discharge"], "scale": "total", "value": [7.0, 4.0],
    ...     "valid": True,
    ... })
    >>> out = episode_outcomes(scores)
    >>> out[["baseline", "latest", "change", "mcid_status", "rci_status"]].to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'baseline': 7.0, 'latest': 4.0, 'change': -3.0, 'mcid_status': 'improved',
      'rci_status': 'improved'}]
    >>> round(float(out.loc[0, "rci"]), 2), round(float(out.loc[0, "pct_change"]), 1)
    (-2.08, -42.9)
    """
    columns = ["patient_id", *GROUP_KEYS, "completed_at", "timepoint", "value"]
    valid = scores.loc[scores["valid"].to_numpy(dtype=bool), columns]
    if valid.empty:
        return empty_table("outcomes")
    order, starts = _sorted_groups(valid)
    intake = (valid["timepoint"] == "intake").fillna(False).to_numpy(dtype=bool)[order]
    base_row, last_row, sizes = _select_rows(starts, intake)
    base_row, last_row = order[base_row], order[last_row]
    when = valid["completed_at"].to_numpy().astype(DATE)
    value = valid["value"].to_numpy(dtype=float)
    b, x = value[base_row], value[last_row]
    base_at, last_at = when[base_row], when[last_row]
    has_followup = last_at > base_at
    base = {column: valid[column].take(base_row).astype("str").array
            for column in ("patient_id", *GROUP_KEYS)}

    n = len(base_row)
    change = np.full(n, np.nan)
    pct = np.full(n, np.nan)
    rci = np.full(n, np.nan)
    mcid_status = np.full(n, None, dtype=object)
    rci_status = np.full(n, None, dtype=object)
    inst_codes, inst_names = pd.factorize(base["instrument"])
    scale_codes, scale_names = pd.factorize(base["scale"])
    pair = inst_codes.astype(np.int64) * len(scale_names) + scale_codes
    for pair_code in np.unique(pair):
        code = inst_names[pair_code // len(scale_names)]
        scale_name = scale_names[pair_code % len(scale_names)]
        instrument = get_instrument(code)
        scale = instrument.scale(scale_name)
        rows = pair == pair_code
        if instrument.change_method == "transition":
            mcid_status[rows] = classify_transition(x[rows])
            continue
        todo = rows & has_followup
        if not todo.any():
            continue
        change[todo] = x[todo] - b[todo]
        pct[todo] = percent_change(b[todo], x[todo])
        if instrument.change_method != "difference":
            continue
        hiw = instrument.higher_is_worse
        abs_t = _override(mcid, code, scale_name)
        abs_t = scale_mcid(scale, b[todo]) if abs_t is None else abs_t
        pct_t = _override(mcid_pct, code, scale_name)
        pct_t = _value(scale.mcid_pct) if pct_t is None else pct_t
        sem_t = _override(sem, code, scale_name)
        sem_t = _value(scale.sem) if sem_t is None else sem_t
        mcid_status[todo] = classify_mcid(
            b[todo], x[todo], higher_is_worse=hiw, mcid_abs=abs_t, mcid_pct=pct_t
        )
        rci[todo] = reliable_change_index(b[todo], x[todo], sem_t)
        rci_status[todo] = classify_rci(rci[todo], higher_is_worse=hiw)

    outcomes = pd.DataFrame({
        "patient_id": base["patient_id"],
        "episode_id": base["episode_id"],
        "instrument": base["instrument"],
        "scale": base["scale"],
        "n_administrations": pd.array(sizes, dtype="Int64"),
        "baseline_at": base_at,
        "baseline": b,
        "latest_at": last_at,
        "latest": x,
        "change": change,
        "pct_change": pct,
        "mcid_status": _text(mcid_status),
        "rci": rci,
        "rci_status": _text(rci_status),
    })
    return outcomes[list(OUTCOMES.columns)]


def _text(values: np.ndarray) -> pd.Series:
    """Python strings (and None) as a ``str`` Series, each distinct text converted once."""
    found, distinct = pd.factorize(values)
    table = pa.array(np.asarray(distinct, dtype=object), type=pa.large_string())
    taken = table.take(pa.array(found, mask=found < 0, type=pa.int64()))
    return pd.Series(pd.arrays.ArrowStringArray(taken), dtype="str")


def _value(ref: Reference | None) -> float | None:
    return None if ref is None else ref.value
