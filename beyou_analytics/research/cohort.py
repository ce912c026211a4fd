"""The pseudonymised research cohort: filters, then de-identified tables keyed by pseudonym.

``build_cohort`` selects episodes with a ``CohortFilter`` (start-date range, therapist, age
range; never a synthetic archetype or any other ground truth) and builds four tables:

``episodes``
    ``pseudonym``, ``episode`` (pseudonym + sequence number: the store's episode id holds
    the patient number and start date), ``therapist_code``, ``age_band`` (5-year bands,
    ``<20`` and ``80+`` at the ends, moved inwards while an end holds under 5 patients),
    ``sex``, ``diagnosis_code``, ``referral``, ``n_sessions``, ``end_reason``,
    ``start_date_shifted``, ``end_date_shifted``, ``duration_days``.
``scores``
    valid scores: ``pseudonym``, ``episode``, ``instrument``, ``scale``, ``timepoint``,
    ``date_shifted``, ``days_since_start``, ``value``, ``band``, ``n_missing``.
``outcomes``
    change per episode, instrument and scale (the store's ``outcomes`` without its dates, with
    ``baseline_day`` and ``latest_day`` counted from the episode start).
``weekly``
    check-ins per episode week: ``week`` (0 = days 0-6 after the start), ``n_checkins``, the
    weekly mean of every check-in measure and ``adherence`` (share of "exercises done").

Dates are shifted per patient (``pseudonym.shift_dates``); no patient number, real date, birth
date or therapist name is in any table. The record-level tables cannot suppress cells, so the
episode characteristics that could single a patient out (``QUASI_IDENTIFIERS``: age band, sex,
diagnosis code, referral, therapist code) are generalised instead: a category held by fewer
than 5 patients of the cohort becomes ``other``, or missing when ``other`` would still hold
under 5 (``generalise_rare``, ``cohort_age_bands``).

``Cohort.characteristics`` (never exported) holds the same characteristics for aggregated
tables, which suppress their own small cells: there a rare category stays ``other`` even under
5 patients, so a table can tell it from a value that was never registered (missing).

Examples
--------
>>> age_band(pd.Series([17, 20, 44, 80, 93, None], dtype="Int64")).tolist()
['<20', '20-24', '40-44', '80+', '80+', nan]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from beyou_analytics.errors import BeyouError, NotFoundError
from beyou_analytics.practice.suppression import MIN_COUNT
from beyou_analytics.research.pseudonym import (
    MAX_SHIFT_DAYS,
    date_shift_days,
    key_fingerprint,
    pseudonymise,
    shift_dates,
    therapist_codes,
)
from beyou_analytics.schema import CHECKIN_MEASURES, DATE

DAY = pd.Timedelta(days=1)
WEEKLY_MEASURES = tuple(m.column for m in CHECKIN_MEASURES if m.kind != "yes_no")
QUASI_IDENTIFIERS = ("sex", "diagnosis_code", "referral", "therapist_code")
DESCRIBED_QUASI_IDENTIFIERS = ("sex", "diagnosis_code", "referral")
CHARACTERISTICS = ("pseudonym", "episode", "start_date_shifted", "end_date_shifted",
                   "age_band", *DESCRIBED_QUASI_IDENTIFIERS, "end_reason", "therapist_code")
OTHER = "other"


def _day(text: str | None, name: str) -> pd.Timestamp | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        return pd.Timestamp(str(text).strip()).normalize()
    except ValueError:
        raise BeyouError(f"{name} {text!r} is not a date YYYY-MM-DD") from None


@dataclass(frozen=True)
class CohortFilter:
    """Which episodes enter the cohort; empty fields do not filter.

    ``start_from``/``start_to`` bound the (real) start date, both inclusive; ``min_age`` and
    ``max_age`` the age at the start, both inclusive; ``therapist`` is a name as in the store.
    """

    start_from: str = ""
    start_to: str = ""
    therapist: str = ""
    min_age: int | None = None
    max_age: int | None = None

    def __post_init__(self) -> None:
        lo, hi = _day(self.start_from, "start_from"), _day(self.start_to, "start_to")
        if lo is not None and hi is not None and lo > hi:
            raise BeyouError(f"start_from {self.start_from} is after start_to {self.start_to}")
        if (self.min_age is not None and self.max_age is not None
                and self.min_age > self.max_age):
            raise BeyouError(f"min_age {self.min_age} is above max_age {self.max_age}")

    def apply(self, episodes: pd.DataFrame) -> pd.DataFrame:
        """The episodes that pass every filter (an unknown therapist is a ``NotFoundError``).

        >>> eps = pd.DataFrame({"therapist": ["A", "B"], "age": pd.array([30, 60], "Int64"),
        ...                     "start_date": pd.to_datetime(["2026-01-05", "2026-03-01"])})
        >>> CohortFilter(start_from="2026-02-01").apply(eps)["therapist"].tolist()
        ['B']
        >>> CohortFilter(max_age=40).apply(eps)["therapist"].tolist()
        ['A']
        """
        keep = pd.Series(True, index=episodes.index)
        start = episodes["start_date"].astype(DATE).dt.normalize()
        lo, hi = _day(self.start_from, "start_from"), _day(self.start_to, "start_to")
        if lo is not None:
            keep &= start >= lo
        if hi is not None:
            keep &= start <= hi
        if self.therapist:
            if not (episodes["therapist"] == self.therapist).any():
                raise NotFoundError(f"therapist {self.therapist!r} has no episodes in the store")
            keep &= episodes["therapist"] == self.therapist
        age = episodes["age"].astype("Float64")
        if self.min_age is not None:
            keep &= (age >= self.min_age).fillna(False)
        if self.max_age is not None:
            keep &= (age <= self.max_age).fillna(False)
        return episodes.loc[keep.to_numpy(bool)]

    def describe(self) -> dict[str, Any]:
        """The filters that are set, for the page and the export's manifest."""
        return {k: v for k, v in asdict(self).items() if v not in ("", None)}


def age_band(age: pd.Series, *, width: int = 5, bottom: int = 20, top: int = 80) -> pd.Series:
    """Ages as ``width``-year bands, with everything under ``bottom``/from ``top`` pooled."""
    values = age.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    labels = [
        None if v != v else f"<{bottom}" if v < bottom else f"{top}+" if v >= top
        else f"{int(v // width * width)}-{int(v // width * width) + width - 1}"
        for v in values
    ]
    return pd.Series(labels, index=age.index, dtype="str", name="age_band")


def generalise_rare(
    episodes: pd.DataFrame,
    *,
    columns: tuple[str, ...] = QUASI_IDENTIFIERS,
    min_count: int = MIN_COUNT,
    withhold: bool = True,
) -> pd.DataFrame:
    """Categories held by fewer than ``min_count`` patients are pooled as ``"other"``.

    When the pooled ``"other"`` itself stays under ``min_count`` patients it would still single
    them out, so those values are removed instead (missing: local suppression), unless
    ``withhold`` is False: then they stay ``"other"``, for a table that suppresses its own small
    cells and must not count them as never registered. Age bands are handled by
    ``cohort_age_bands`` before this (pooling keeps their order there).

    >>> eps = pd.DataFrame({"pseudonym": list("abcdefghijklm"),
    ...                     "referral": ["gp"] * 8 + ["dtf"] * 3 + ["x", "y"],
    ...                     "sex": ["F"] * 6 + ["M"] * 6 + ["X"]})
    >>> out = generalise_rare(eps, columns=("referral", "sex"))
    >>> out["referral"].value_counts().to_dict(), int(out["sex"].isna().sum())
    ({'gp': 8, 'other': 5}, 1)
    >>> generalise_rare(eps, columns=("sex",), withhold=False)["sex"].tolist()[-1]
    'other'
    """
    out = episodes.copy()
    for column in columns:
        values = out[column].astype("str")
        patients = (pd.DataFrame({"v": values, "p": out["pseudonym"]}).dropna()
                    .groupby("v")["p"].nunique())
        rare = values.isin(list(patients.index[patients < min_count]))
        pooled = out.loc[rare.to_numpy(bool), "pseudonym"].nunique()
        replacement = OTHER if pooled >= min_count or not withhold else np.nan
        out[column] = values.where(~rare, replacement)
    return out


def cohort_age_bands(
    age: pd.Series,
    pseudonyms: pd.Series,
    *,
    width: int = 5,
    min_count: int = MIN_COUNT,
    withhold: bool = True,
) -> pd.Series:
    """``age_band`` with the bottom and top codes moved inwards until each end band holds at
    least ``min_count`` patients; a band still under ``min_count`` is left out (missing), or is
    ``"other"`` when ``withhold`` is False (as in ``generalise_rare``).

    >>> ages = pd.Series([18, 19, 23, 24, 25, 30, 31, 33, 34, 36, 80, 62] + [45] * 6)
    >>> bands = cohort_age_bands(ages, pd.Series(range(18)).astype(str))
    >>> bands.value_counts().sort_index().to_dict(), int(bands.isna().sum())
    ({'45+': 8, '<30': 5}, 5)
    """
    def patients(mask: pd.Series) -> int:
        return int(pseudonyms[mask.to_numpy(bool)].nunique())

    values = age.astype("Float64")
    bottom, top = 20, 80
    while bottom < top - width and patients((values < bottom).fillna(False)) < min_count:
        bottom += width
    while top > bottom + width and patients((values >= top).fillna(False)) < min_count:
        top -= width
    bands = age_band(age, width=width, bottom=bottom, top=top)
    counts = pd.DataFrame({"b": bands, "p": pseudonyms}).dropna().groupby("b")["p"].nunique()
    rare = bands.isin(list(counts.index[counts < min_count]))
    return bands.where(~rare, np.nan if withhold else OTHER)


@dataclass(frozen=True)
class Cohort:
    """The de-identified cohort tables (see the module docstring) and how they were made.

    ``characteristics`` is for aggregated, suppressed tables only and is never exported (not in
    ``tables()``): ``pseudonym``, ``episode``, the shifted dates and ``end_reason`` as in
    ``episodes``; ``age_band``, ``sex``, ``diagnosis_code`` and ``referral`` with every rare
    category ``other``, also where ``episodes`` had to leave it out; ``therapist_code`` as
    coded, not pooled (for the number of therapists, never for counts per code). Empty when
    the cohort was put together by hand.
    """

    episodes: pd.DataFrame
    scores: pd.DataFrame
    outcomes: pd.DataFrame
    weekly: pd.DataFrame
    filters: CohortFilter = field(default_factory=CohortFilter)
    key_fingerprint: str = ""
    characteristics: pd.DataFrame = field(default_factory=pd.DataFrame)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The exported tables by name."""
        return {"episodes": self.episodes, "scores": self.scores, "outcomes": self.outcomes,
                "weekly_checkins": self.weekly}

    @property
    def n_patients(self) -> int:
        """Distinct patients (pseudonyms) in the cohort."""
        return int(self.episodes["pseudonym"].nunique())


def _keys(episodes: pd.DataFrame, key: bytes, max_days: int) -> pd.DataFrame:
    """episode_id -> pseudonym, episode code, shift and real start (used, never exported)."""
    frame = episodes[["patient_id", "episode_id", "start_date"]].sort_values(
        ["patient_id", "start_date"], kind="stable")
    frame = frame.assign(
        pseudonym=pseudonymise(frame["patient_id"], key),
        shift=date_shift_days(frame["patient_id"], key, max_days=max_days),
        sequence=frame.groupby("patient_id").cumcount() + 1,
        start=frame["start_date"].astype(DATE).dt.normalize(),
    )
    return frame.assign(episode=frame["pseudonym"] + "-" + frame["sequence"].astype("str"))[
        ["episode_id", "pseudonym", "episode", "shift", "start"]]


def build_cohort(
    episodes: pd.DataFrame,
    scores: pd.DataFrame,
    outcomes: pd.DataFrame,
    checkins: pd.DataFrame,
    *,
    key: bytes,
    filters: CohortFilter | None = None,
    max_shift_days: int = MAX_SHIFT_DAYS,
    min_count: int = MIN_COUNT,
) -> Cohort:
    """The pseudonymised cohort of the episodes passing ``filters`` (store tables in).

    ``min_count`` is the smallest number of patients a category of a quasi-identifier may
    hold (``generalise_rare``).
    """
    filters = filters or CohortFilter()
    chosen = filters.apply(episodes)
    keys = _keys(chosen, key, max_shift_days).set_index("episode_id")
    ids = chosen["episode_id"]
    pseudonyms = pd.Series(keys.loc[ids, "pseudonym"].to_numpy(), index=chosen.index)
    shift = pd.Series(keys.loc[ids, "shift"].to_numpy(), index=chosen.index)
    start = chosen["start_date"].astype(DATE)
    end = chosen["end_date"].astype(DATE)
    table = pd.DataFrame({
        "pseudonym": pseudonyms.to_numpy(),
        "episode": keys.loc[ids, "episode"].to_numpy(),
        "therapist_code": therapist_codes(chosen["therapist"], key).to_numpy(),
        "age_band": cohort_age_bands(chosen["age"], pseudonyms, min_count=min_count).to_numpy(),
        "sex": chosen["sex"].to_numpy(),
        "diagnosis_code": chosen["diagnosis_code"].to_numpy(),
        "referral": chosen["referral"].to_numpy(),
        "n_sessions": chosen["n_sessions"].to_numpy(),
        "end_reason": chosen["end_reason"].to_numpy(),
        "start_date_shifted": shift_dates(start, shift).to_numpy(),
        "end_date_shifted": shift_dates(end, shift).to_numpy(),
        "duration_days": ((end.dt.normalize() - start.dt.normalize()) / DAY).to_numpy(),
    }).astype({"pseudonym": "str", "episode": "str", "therapist_code": "str",
               "age_band": "str", "sex": "str", "diagnosis_code": "str", "referral": "str",
               "end_reason": "str", "n_sessions": "Int64", "duration_days": "Int64"})
    cohort_episodes = generalise_rare(table, min_count=min_count).sort_values(
        "episode", kind="stable").reset_index(drop=True)
    pooled_ages = cohort_age_bands(chosen["age"], pseudonyms, min_count=min_count,
                                   withhold=False).to_numpy()
    # Therapist codes stay as coded: tables count therapists, they never show one's patients.
    characteristics = generalise_rare(
        table.assign(age_band=pd.Series(pooled_ages, index=table.index, dtype="str")),
        columns=DESCRIBED_QUASI_IDENTIFIERS, min_count=min_count, withhold=False,
    ).sort_values("episode", kind="stable").reset_index(drop=True)
    return Cohort(
        episodes=cohort_episodes,
        scores=_scores(scores, keys),
        outcomes=_outcomes(outcomes, keys),
        weekly=_weekly(checkins, keys),
        filters=filters,
        key_fingerprint=key_fingerprint(key),
        characteristics=characteristics[list(CHARACTERISTICS)],
    )


def _scores(scores: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    rows = scores.loc[scores["valid"].astype(bool) & scores["episode_id"].isin(keys.index)]
    k = keys.loc[rows["episode_id"]]
    day = rows["completed_at"].astype(DATE).dt.normalize()
    out = pd.DataFrame({
        "pseudonym": k["pseudonym"].to_numpy(), "episode": k["episode"].to_numpy(),
        "instrument": rows["instrument"].to_numpy(), "scale": rows["scale"].to_numpy(),
        "timepoint": rows["timepoint"].to_numpy(),
        "date_shifted": shift_dates(day, pd.Series(k["shift"].to_numpy(), index=day.index)
                                    ).to_numpy(),
        "days_since_start": (day.to_numpy() - k["start"].to_numpy()) / DAY,
        "value": rows["value"].to_numpy(dtype=float), "band": rows["band"].to_numpy(),
        "n_missing": rows["n_missing"].to_numpy(),
    }).astype({"pseudonym": "str", "episode": "str", "instrument": "str", "scale": "str",
               "timepoint": "str", "band": "str", "days_since_start": "Int64",
               "n_missing": "Int64"})
    return out.sort_values(["episode", "instrument", "scale", "days_since_start"],
                           kind="stable").reset_index(drop=True)


def _outcomes(outcomes: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    rows = outcomes.loc[outcomes["episode_id"].isin(keys.index)]
    k = keys.loc[rows["episode_id"]]
    start = k["start"].to_numpy()
    baseline_day = (rows["baseline_at"].astype(DATE).dt.normalize().to_numpy() - start) / DAY
    latest_day = (rows["latest_at"].astype(DATE).dt.normalize().to_numpy() - start) / DAY
    kept = ["instrument", "scale", "n_administrations", "baseline", "latest", "change",
            "pct_change", "mcid_status", "rci", "rci_status"]
    out = pd.concat([
        pd.DataFrame({"pseudonym": k["pseudonym"].to_numpy(),
                      "episode": k["episode"].to_numpy()}, dtype="str"),
        rows[kept].reset_index(drop=True),
        pd.DataFrame({"baseline_day": baseline_day, "latest_day": latest_day}).astype("Int64"),
    ], axis=1)
    return out.sort_values(["episode", "instrument", "scale"], kind="stable").reset_index(
        drop=True)


def _weekly(checkins: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    rows = checkins.loc[checkins["episode_id"].isin(keys.index)]
    k = keys.loc[rows["episode_id"]]
    days = (rows["date"].astype(DATE).dt.normalize().to_numpy() - k["start"].to_numpy()) / DAY
    work = pd.DataFrame({
        "pseudonym": k["pseudonym"].to_numpy(), "episode": k["episode"].to_numpy(),
        "week": np.floor(np.asarray(days, dtype=float) / 7),
        **{m: rows[m].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
           for m in WEEKLY_MEASURES},
        "adherence": rows["exercises_done"].astype("Float64").to_numpy(
            dtype=float, na_value=np.nan),
    })
    work = work.loc[work["week"] >= 0]  # check-ins in the grace days before the start
    grouped = work.groupby(["pseudonym", "episode", "week"], sort=True)
    out = grouped[[*WEEKLY_MEASURES, "adherence"]].mean().assign(
        n_checkins=grouped.size()).reset_index()
    out = out.astype({"pseudonym": "str", "episode": "str", "week": "int64",
                      "n_checkins": "int64"})
    return out[["pseudonym", "episode", "week", "n_checkins", *WEEKLY_MEASURES, "adherence"]]
