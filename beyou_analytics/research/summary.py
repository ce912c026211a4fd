"""What the research page shows of a cohort: suppressed counts, binned baselines, change pairs.

Everything here is aggregated or de-identified and every count under 5 patients is suppressed
(``practice.suppression``): the cohort description counts each patient once, in the categories
of their first episode, so every block adds up to the number of patients and complementary
suppression against that total (``"x"``) works in every block; baseline histograms hide bins
under 5 (and one more bin when a single hidden bin could be computed from the total), and
correlations are only given from 5 pairs up. Therapists are counted, never described one by
one (``therapist_caseload``).

Examples
--------
>>> eps = pd.DataFrame({"pseudonym": list("abcdefghijklm"), "episode": list("abcdefghijklm"),
...                     "sex": ["F"] * 6 + ["M"] * 5 + ["other"] * 2})
>>> describe_cohort(eps, variables=("sex",))[["category", "patients"]].values.tolist()
[['F', 6], ['M', 'x'], ['other', '<5'], ['total', 13]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from beyou_analytics.instruments import get_instrument
from beyou_analytics.practice.suppression import (
    COUNT_MARK,
    MIN_COUNT,
    suppress,
    suppression_marks,
)

DESCRIBED = ("sex", "age_band", "referral", "end_reason")
# Counts per therapist code rank like the named practice report's counts and so give the
# names away; a therapist is a clustering variable, not a category to describe.
NOT_DESCRIBED = ("therapist_code",)
BASELINE_INSTRUMENTS = ("NPRS", "QBPDS", "TSK17", "PCS", "PSEQ")
PSYCHOLOGICAL = ("TSK17", "PCS", "PSEQ")
DISABILITY = ("QBPDS", "ODI", "RMDQ")  # the first one an episode has is its "function" change
OTHER = "other"
UNKNOWN = "unknown"
ONGOING = "ongoing"
TOTAL = "total"


def category_order(category: str) -> tuple[int, float, str]:
    """Sort key for categories: age bands in age order, ``other``/``unknown``/total last.

    >>> sorted(["70+", "25-29", "<20", "unknown", "other", "gp"], key=category_order)
    ['<20', '25-29', '70+', 'gp', 'other', 'unknown']
    """
    if category.startswith("<") and category[1:].isdigit():
        return (0, float(category[1:]), category)
    if "-" in category and category.split("-")[0].isdigit():
        return (1, float(category.split("-")[0]), category)
    if category.endswith("+") and category[:-1].isdigit():
        return (2, float(category[:-1]), category)
    rank = {OTHER: 4, ONGOING: 4, UNKNOWN: 5}.get(category, 3)
    return (rank, 0.0, category)


def first_episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    """One row per patient: their first episode (earliest ``start_date_shifted``).

    A patient's dates all move by the same number of days, so the shifted order is the real
    one. Without ``start_date_shifted`` the first row of each patient is taken.

    >>> eps = pd.DataFrame({"pseudonym": ["a", "a", "b"], "referral": ["gp", "dtf", "gp"],
    ...     "start_date_shifted": pd.to_datetime(["2026-05-01", "2026-01-01", "2026-02-01"])})
    >>> first_episodes(eps)["referral"].tolist()
    ['dtf', 'gp']
    """
    if "start_date_shifted" in episodes:
        episodes = episodes.sort_values(["pseudonym", "start_date_shifted"], kind="stable")
    return episodes.drop_duplicates("pseudonym").reset_index(drop=True)


def categories(episodes: pd.DataFrame, variable: str) -> pd.Series:
    """The values of ``variable`` as categories: missing is ``"unknown"``, except an
    ``end_reason`` of an episode without an end date, which is ``"ongoing"``.

    Without ``end_date_shifted`` every missing end reason is taken to be an ongoing episode.

    >>> eps = pd.DataFrame({"end_reason": ["moved", None, None],
    ...     "end_date_shifted": pd.to_datetime(["2026-03-01", None, "2026-04-01"])})
    >>> categories(eps, "end_reason").tolist()
    ['moved', 'ongoing', 'unknown']
    """
    values = episodes[variable].astype("str")
    if variable == "end_reason":
        running = (episodes["end_date_shifted"].isna() if "end_date_shifted" in episodes
                   else values.isna())
        values = values.mask(values.isna() & running, ONGOING)
    return values.fillna(UNKNOWN)


def describe_cohort(
    episodes: pd.DataFrame,
    *,
    variables: Sequence[str] = DESCRIBED,
    min_count: int = MIN_COUNT,
) -> pd.DataFrame:
    """Patients per category of each variable, small cells suppressed, with a total per block.

    Each patient counts once, with the values of their first episode (``first_episodes``), so
    every block adds up to its total, the number of patients, and a hidden cell cannot be
    worked out from it: complementary suppression (``"x"``) in every block. Missing values are
    ``"unknown"`` and an ongoing episode's ``end_reason`` is ``"ongoing"`` (``categories``);
    rare categories pooled for privacy are expected as ``"other"``, not missing
    (``Cohort.characteristics``). Therapist codes are refused (``NOT_DESCRIBED``).

    Returns
    -------
    DataFrame
        ``variable``, ``category``, ``patients`` (int, ``"<5"`` or ``"x"``), ``share`` (0-1
        of the block's total, or ``"–"``).

    Examples
    --------
    Patient ``a`` has a second episode by another referral; it counts once, as ``gp``:

    >>> eps = pd.DataFrame({"pseudonym": list("aabcdefghijkl"),
    ...     "referral": ["gp", "dtf"] + ["gp"] * 5 + ["dtf"] * 5 + [None]})
    >>> describe_cohort(eps, variables=("referral",))[["category", "patients"]].values.tolist()
    [['dtf', 'x'], ['gp', 6], ['unknown', '<5'], ['total', 12]]
    """
    refused = sorted(set(variables) & set(NOT_DESCRIBED))
    if refused:
        raise ValueError(f"{', '.join(refused)} is not described per category (see "
                         "therapist_caseload)")
    first = first_episodes(episodes)
    total = len(first)
    blocks = []
    for variable in variables:
        counts = categories(first, variable).value_counts()
        counts = counts.loc[sorted(counts.index, key=category_order)]
        block = pd.DataFrame({"category": [*counts.index, TOTAL],
                              "patients": [*counts.to_numpy(dtype=int), total]})
        block["share"] = block["patients"] / total if total else np.nan
        marks = suppression_marks(block, counts=["patients"], linked={"share": "patients"},
                                  total_row=block.index[-1], min_count=min_count)
        blocks.append(suppress(block, marks).assign(variable=variable))
    if not blocks:
        return pd.DataFrame(columns=["variable", "category", "patients", "share"])
    return pd.concat(blocks, ignore_index=True)[["variable", "category", "patients", "share"]]


def therapist_caseload(
    episodes: pd.DataFrame, *, min_count: int = MIN_COUNT
) -> dict[str, int | float | str]:
    """How many therapists, and the median number of patients per therapist.

    Patients are counted per therapist over all their episodes (a patient seen by two
    therapists counts for both). No lowest or highest count: each is one therapist's caseload,
    which the named practice report gives away. A median under ``min_count`` is ``"<5"``.

    Examples
    --------
    >>> eps = pd.DataFrame({"pseudonym": [f"p{i}" for i in range(20)],
    ...                     "therapist_code": ["T-a"] * 12 + ["T-b"] * 5 + ["T-c"] * 3})
    >>> therapist_caseload(eps)
    {'therapists': 3, 'median': 5.0}
    """
    coded = episodes.dropna(subset=["therapist_code"])
    patients = coded.groupby("therapist_code")["pseudonym"].nunique()
    if patients.empty:
        return {"therapists": 0, "median": np.nan}
    median = float(patients.median())
    return {"therapists": len(patients), "median": COUNT_MARK if median < min_count else median}


def baselines(outcomes: pd.DataFrame, instruments: Sequence[str] = BASELINE_INSTRUMENTS
              ) -> pd.DataFrame:
    """Baseline (intake) score per episode of each instrument's total scale (long form)."""
    rows = outcomes.loc[(outcomes["scale"] == "total")
                        & outcomes["instrument"].isin(list(instruments)),
                        ["pseudonym", "episode", "instrument", "baseline"]]
    return rows.dropna(subset=["baseline"]).reset_index(drop=True)


def binned_baseline(
    outcomes: pd.DataFrame, instrument: str, *, bins: int = 10, min_count: int = MIN_COUNT
) -> pd.DataFrame:
    """Histogram of the baseline of ``instrument`` over its whole range, small bins hidden.

    Returns
    -------
    DataFrame
        ``low``, ``high`` (bin edges; the last bin includes its upper edge), ``n`` (float; NaN
        when suppressed) and ``suppressed``. ``attrs["n_total"]`` is the number of episodes.

    Examples
    --------
    >>> out = pd.DataFrame({"pseudonym": list("abcdefghijklmno"),
    ...     "episode": list("abcdefghijklmno"), "instrument": "NPRS", "scale": "total",
    ...     "baseline": [2.0] + [5.0] * 6 + [7.0] * 7 + [9.0]})
    >>> binned_baseline(out, "NPRS", bins=5)[["low", "n", "suppressed"]].values.tolist()
    [[0.0, nan, True], [2.0, nan, True], [4.0, nan, True], [6.0, 7.0, False], [8.0, nan, True]]

    (The 4-6 bin is hidden with the small ones: 15 - 7 would otherwise show them to hold 2.)
    """
    scale = get_instrument(instrument).scale("total")
    values = baselines(outcomes, (instrument,))["baseline"].to_numpy(dtype=float)
    edges = np.linspace(scale.minimum, scale.maximum, bins + 1)
    counts, _ = np.histogram(values, bins=edges)
    table = pd.DataFrame({"n": [*counts, counts.sum()]})
    hidden = suppression_marks(table, counts=["n"], total_row=table.index[-1],
                               min_count=min_count)["n"].notna().to_numpy()[:-1]
    out = pd.DataFrame({"low": edges[:-1], "high": edges[1:],
                        "n": np.where(hidden, np.nan, counts.astype(float)),
                        "suppressed": hidden})
    out.attrs["n_total"] = int(counts.sum())
    return out


def _first_available(rows: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    rank = rows["instrument"].map({code: i for i, code in enumerate(order)})
    return rows.assign(rank=rank).sort_values(["episode", "rank"]).drop_duplicates(
        "episode").drop(columns="rank")


def change_pairs(
    outcomes: pd.DataFrame,
    *,
    psychological: Sequence[str] = PSYCHOLOGICAL,
    disability: Sequence[str] = DISABILITY,
) -> pd.DataFrame:
    """Per episode and psychological measure: its change against change in pain and function.

    ``pain`` is the NPRS change in points; ``function`` the percent change of the episode's
    disability scale (QBPDS, else ODI, else RMDQ: percent makes the three comparable; negative
    is better for all three). Only episodes with both changes are paired.

    Returns
    -------
    DataFrame
        ``episode``, ``measure`` (TSK17/PCS/PSEQ), ``measure_change``, ``outcome`` (``pain`` or
        ``function``), ``outcome_change``.
    """
    total = outcomes.loc[(outcomes["scale"] == "total") & outcomes["change"].notna()]
    pain = total.loc[total["instrument"] == "NPRS", ["episode", "change"]]
    function = _first_available(total.loc[total["instrument"].isin(list(disability))
                                          & total["pct_change"].notna()], disability)
    outcomes_long = pd.concat([
        pain.rename(columns={"change": "outcome_change"}).assign(outcome="pain"),
        function[["episode", "pct_change"]].rename(columns={"pct_change": "outcome_change"})
        .assign(outcome="function"),
    ], ignore_index=True)
    psych = total.loc[total["instrument"].isin(list(psychological)),
                      ["episode", "instrument", "change"]].rename(
        columns={"instrument": "measure", "change": "measure_change"})
    pairs = psych.merge(outcomes_long, on="episode")
    return pairs[["episode", "measure", "measure_change", "outcome", "outcome_change"]
                 ].reset_index(drop=True)


def shown_pairs(pairs: pd.DataFrame, *, min_count: int = MIN_COUNT) -> pd.DataFrame:
    """The pairs of every measure-outcome panel with at least ``min_count`` episodes.

    >>> pairs = pd.DataFrame({"measure": ["PCS"] * 5 + ["PSEQ"] * 2, "outcome": "pain"})
    >>> shown_pairs(pairs)["measure"].unique().tolist()
    ['PCS']
    """
    size = pairs.groupby(["measure", "outcome"])["measure"].transform("size")
    return pairs.loc[size >= min_count].reset_index(drop=True)


def pair_correlations(pairs: pd.DataFrame, *, min_count: int = MIN_COUNT) -> pd.DataFrame:
    """Spearman's rho (and p) of each measure-outcome pair; NaN from fewer than 5 pairs.

    Returns
    -------
    DataFrame
        ``measure``, ``outcome``, ``n``, ``rho``, ``p_value``.
    """
    rows = []
    order = {m: i for i, m in enumerate(PSYCHOLOGICAL)} | {"pain": 0, "function": 1}
    groups = sorted(pairs.groupby(["measure", "outcome"]),
                    key=lambda item: (order.get(item[0][0], 9), order.get(item[0][1], 9)))
    for (measure, outcome), group in groups:
        n = len(group)
        rho = p = np.nan
        if n >= min_count and group["measure_change"].nunique() > 1 and group[
                "outcome_change"].nunique() > 1:
            result = stats.spearmanr(group["measure_change"], group["outcome_change"])
            rho, p = float(result.statistic), float(result.pvalue)
        rows.append({"measure": measure, "outcome": outcome, "n": n, "rho": rho,
                     "p_value": p})
    return pd.DataFrame(rows, columns=["measure", "outcome", "n", "rho", "p_value"])
