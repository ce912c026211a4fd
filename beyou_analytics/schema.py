"""The store's tables as data: columns, dtypes and checks (data contract §4).

One pandera schema per store table; ``CHECKIN_MEASURES`` maps the patient app's export columns
to store columns with their ranges and direction. Every module that writes or reads the store
uses these definitions instead of repeating column names.

Examples
--------
>>> [m.column for m in CHECKIN_MEASURES][:3]
['pain_now', 'pain_worst_24h', 'stress']
>>> sorted(STORE_SCHEMAS)[:3]
['checkins', 'episodes', 'outcomes']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc
from pandera.engines import pandas_engine

DATE = np.dtype("datetime64[us]")
TIMEPOINTS = ("intake", "interim", "discharge")
CHANGE_STATUSES = ("improved", "unchanged", "deteriorated")
SEXES = ("M", "F", "X")  # X: other or not stated
REFERRALS = ("gp", "specialist", "direct_access", "other")
END_REASONS = ("goal_reached", "own_initiative", "referred", "no_show", "moved", "other")


@dataclass(frozen=True)
class CheckinMeasure:
    """One measure of the patient app's daily check-in.

    ``export`` is the column header as the app exports it; ``higher_is_worse`` is ``None`` for
    measures without a clinical direction (hours slept, active minutes).
    """

    column: str
    export: str
    minimum: float
    maximum: float
    higher_is_worse: bool | None
    label_nl: str
    label_en: str
    kind: str = "score"  # score (0-10), quantity, or yes_no


CHECKIN_MEASURES: tuple[CheckinMeasure, ...] = (
    CheckinMeasure("pain_now", "Pijn nu", 0, 10, True, "Pijn nu", "Current pain"),
    CheckinMeasure(
        "pain_worst_24h", "Pijn ergste 24u", 0, 10, True,
        "Ergste pijn (24 uur)", "Worst pain (24 h)",
    ),
    CheckinMeasure("stress", "Stress", 0, 10, True, "Stress", "Stress"),
    CheckinMeasure(
        "sleep_quality", "Slaapkwaliteit", 0, 10, False, "Slaapkwaliteit", "Sleep quality"
    ),
    CheckinMeasure(
        "sleep_hours", "Slaapuren", 0, 16, None, "Uren slaap", "Hours slept", "quantity"
    ),
    CheckinMeasure(
        "active_minutes", "Beweegminuten", 0, 1440, None,
        "Beweegminuten", "Active minutes", "quantity",
    ),
    CheckinMeasure(
        "exercises_done", "Oefeningen gedaan", 0, 1, False,
        "Oefeningen gedaan", "Exercises done", "yes_no",
    ),
    CheckinMeasure(
        "confidence", "Vertrouwen", 0, 10, False,
        "Vertrouwen (ik heb invloed op mijn klachten)",
        "Confidence (I can influence my complaints)",
    ),
    CheckinMeasure("load", "Belasting", 0, 10, None, "Belasting", "Load"),
    CheckinMeasure(
        "load_capacity", "Belastbaarheid", 0, 10, False, "Belastbaarheid", "Load capacity"
    ),
)
MEASURES_BY_COLUMN = {m.column: m for m in CHECKIN_MEASURES}


class _Text(pandas_engine.STRING):
    """pandera's ``str`` column type, answering for the whole column when its dtype is
    ``str``: pandera's own check answers per value, then looks through millions of rows for
    ones that fail, which cannot exist. Any other dtype is judged as pandera does.

    Examples
    --------
    >>> _Text().check(pandas_engine.Engine.dtype(pd.StringDtype(na_value=np.nan)),
    ...               pd.Series(["a"], dtype="str"))
    True
    """

    def check(self, pandera_dtype, data_container=None):
        try:
            same = pandas_engine.Engine.dtype(pandera_dtype).type == self.type
        except TypeError:
            same = False
        return True if same else super().check(pandera_dtype, data_container)


TEXT = _Text()


def _text(nullable: bool = False, isin: tuple[str, ...] | None = None) -> pa.Column:
    checks = [pa.Check.isin(list(isin))] if isin else []
    return pa.Column(TEXT, checks=checks, nullable=nullable)


def _date(nullable: bool = False) -> pa.Column:
    return pa.Column(DATE, nullable=nullable)


def _number(lo: float | None = None, hi: float | None = None, nullable: bool = True) -> pa.Column:
    checks = [pa.Check.in_range(lo, hi)] if lo is not None and hi is not None else []
    return pa.Column(float, checks=checks, nullable=nullable)


def _runs(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The value of each run of equal neighbours, and the length of each run.

    Store tables are sorted by patient, so an id column of millions of rows has only as
    many runs as episodes or patients: checks of the values run once per run.

    Examples
    --------
    >>> runs, lengths = _runs(pd.Series(["7", "7", "12", None, None, "7"], dtype="str"))
    >>> runs.tolist(), lengths.tolist()
    (['7', '12', nan, '7'], [2, 1, 2, 1])
    """
    if not len(values):
        return values.reset_index(drop=True), np.zeros(0, dtype=np.int64)
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        text = pyarrow.array(values.array)
        if isinstance(text, pyarrow.ChunkedArray):
            text = text.combine_chunks()
        encoded = pc.run_end_encode(text)
        ends = encoded.run_ends.to_numpy().astype(np.int64)
        runs = pd.Series(encoded.values.to_pandas(), dtype=values.dtype)
    else:
        change = pd.Series(values.to_numpy()).ne(pd.Series(values.to_numpy()).shift())
        both_missing = values.isna().to_numpy() & np.r_[False, values.isna().to_numpy()[:-1]]
        starts = np.flatnonzero(change.to_numpy() & ~both_missing)
        ends = np.r_[starts[1:], len(values)]
        runs = values.iloc[starts].reset_index(drop=True)
    return runs, np.diff(ends, prepend=0)


def _matches(pattern: str) -> pa.Check:
    """pandera's ``str_matches(pattern)``, evaluated once per run of equal values.

    Examples
    --------
    >>> check = _matches(r"^[1-9][0-9]*$")
    >>> check(pd.Series(["12", "12", "012"], dtype="str")).check_output.tolist()
    [True, True, False]
    """
    def check(values: pd.Series) -> bool | pd.Series:
        runs, lengths = _runs(values)
        fits = runs.str.match(pattern).fillna(True).to_numpy(dtype=bool)
        if fits.all():
            return True
        return pd.Series(np.repeat(fits, lengths), index=values.index)

    return pa.Check(check, element_wise=False, name="str_matches",
                    error=f"str_matches('{pattern}')")


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _value_codes(values: pd.Series) -> np.ndarray:
    """A 64-bit code per value: equal values get equal codes (different ones may share)."""
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return values.to_numpy().view(np.int64).astype(np.uint64)
    if pd.api.types.is_integer_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        missing = np.iinfo(np.int64).min
        return values.to_numpy(dtype=np.int64, na_value=missing).astype(np.uint64)
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        runs, lengths = _runs(values)
        return np.repeat(pd.factorize(runs)[0].astype(np.uint64), lengths)
    return pd.factorize(values)[0].astype(np.uint64)


def _order_codes(values: pd.Series) -> np.ndarray | None:
    """Integers ordered as the values are (text: code points; missing first), or ``None``."""
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return values.to_numpy().view(np.int64)
    if pd.api.types.is_integer_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=np.int64, na_value=np.iinfo(np.int64).min)
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        runs, lengths = _runs(values)
        return np.repeat(pd.factorize(runs, sort=True)[0].astype(np.int64), lengths)
    return None


def _strictly_increasing(frame: pd.DataFrame, columns: list[str]) -> bool:
    """Whether every row comes after the one before it in one fixed order of the key tuples,
    which proves the tuples distinct without hashing them (store tables come sorted).

    The first column is ordered by first appearance, which the rows follow when each of its
    values forms one run; later columns by value.
    """
    if len(frame) < 2:
        return True
    runs, lengths = _runs(frame[columns[0]])
    if len(pd.unique(runs)) != len(runs):
        return False
    keys = [np.repeat(np.arange(len(runs), dtype=np.int64), lengths)]
    for column in columns[1:]:
        codes = _order_codes(frame[column])
        if codes is None:
            return False
        keys.append(codes)
    after = np.zeros(len(frame) - 1, dtype=bool)
    tied = np.ones(len(frame) - 1, dtype=bool)
    for codes in keys:
        after |= tied & (codes[1:] > codes[:-1])
        tied &= codes[1:] == codes[:-1]
    return bool(after.all())


def _unique_rows(columns: list[str]) -> pa.Check:
    """No two rows share their values in ``columns`` (pandera's ``unique=columns``).

    Sorted tables pass after one comparison of neighbouring rows. Otherwise rows are hashed
    to one 64-bit key and only rows whose keys collide are compared in full, so a table of
    millions of rows is checked without grouping on its text columns. Every row of a
    duplicated group fails, as with pandera's ``report_duplicates="all"``.

    Examples
    --------
    >>> frame = pd.DataFrame({"a": ["1", "1", "2"], "b": [1, 2, 1]})
    >>> _unique_rows(["a", "b"])(frame).check_passed
    True
    >>> _unique_rows(["a"])(frame).check_output.tolist()
    [False, False, True]
    """
    def check(frame: pd.DataFrame) -> bool | pd.Series:
        if _strictly_increasing(frame, columns):
            return True
        key = np.zeros(len(frame), dtype=np.uint64)
        for column in columns:
            key = key * _MIX + _value_codes(frame[column])
        candidates = np.flatnonzero(pd.Series(key).duplicated(keep=False).to_numpy())
        if not len(candidates):
            return True
        repeated = frame.iloc[candidates][columns].duplicated(keep=False).to_numpy()
        if not repeated.any():
            return True
        unique = np.ones(len(frame), dtype=bool)
        unique[candidates[repeated]] = False
        return pd.Series(unique, index=frame.index)

    return pa.Check(check, element_wise=False, ignore_na=False, name="unique",
                    error=f"rows not unique on columns {tuple(columns)}")


_PATIENT = pa.Column(TEXT, _matches(r"^[1-9][0-9]*$"), nullable=False)
_EPISODE = pa.Column(TEXT, _matches(r"^[1-9][0-9]*-[0-9]{8}$"), nullable=False)

EPISODES = pa.DataFrameSchema(
    {
        "patient_id": _PATIENT,
        "episode_id": _EPISODE,
        "therapist": _text(),
        "start_date": _date(),
        "end_date": _date(nullable=True),
        "age": pa.Column("Int64", pa.Check.in_range(0, 120), nullable=True),
        "sex": _text(nullable=True, isin=SEXES),
        "diagnosis_code": pa.Column(TEXT, _matches(r"^[0-9]{4}$"), nullable=True),
        "referral": _text(nullable=True, isin=REFERRALS),
        "n_sessions": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "end_reason": _text(nullable=True, isin=END_REASONS),
    },
    strict=True,
    checks=[_unique_rows(["episode_id"])],
    name="episodes",
)

CHECKINS = pa.DataFrameSchema(
    {
        "patient_id": _PATIENT,
        "episode_id": _EPISODE,
        "date": _date(),
        **{
            m.column: (
                pa.Column("boolean", nullable=True)
                if m.kind == "yes_no"
                else _number(m.minimum, m.maximum)
            )
            for m in CHECKIN_MEASURES
        },
    },
    strict=True,
    checks=[_unique_rows(["patient_id", "date"])],
    name="checkins",
)

QUESTIONNAIRE_ITEMS = pa.DataFrameSchema(
    {
        "patient_id": _PATIENT,
        "episode_id": _EPISODE,
        "instrument": _text(),
        "completed_at": _date(),
        "timepoint": _text(nullable=True, isin=TIMEPOINTS),
        "item": pa.Column("Int64", pa.Check.in_range(1, 25)),
        "response": _number(nullable=False),
    },
    strict=True,
    checks=[_unique_rows(["patient_id", "instrument", "completed_at", "item"])],
    name="questionnaire_items",
)

SCORES = pa.DataFrameSchema(
    {
        "patient_id": _PATIENT,
        "episode_id": _EPISODE,
        "instrument": _text(),
        "completed_at": _date(),
        "timepoint": _text(nullable=True, isin=TIMEPOINTS),
        "scale": _text(),
        "value": _number(),
        "band": _text(nullable=True),
        "n_missing": pa.Column("Int64", pa.Check.ge(0)),
        "valid": pa.Column(bool),
        "invalid_reason": _text(nullable=True),
    },
    strict=True,
    checks=[_unique_rows(["patient_id", "instrument", "completed_at", "scale"])],
    name="scores",
)

_STATUS = _text(nullable=True, isin=CHANGE_STATUSES)
OUTCOMES = pa.DataFrameSchema(
    {
        "patient_id": _PATIENT,
        "episode_id": _EPISODE,
        "instrument": _text(),
        "scale": _text(),
        "n_administrations": pa.Column("Int64", pa.Check.ge(1)),
        "baseline_at": _date(),
        "baseline": _number(),
        "latest_at": _date(),
        "latest": _number(),
        "change": _number(),
        "pct_change": _number(),
        "mcid_status": _STATUS,
        "rci": _number(),
        "rci_status": _STATUS,
    },
    strict=True,
    checks=[_unique_rows(["episode_id", "instrument", "scale"])],
    name="outcomes",
)

QUARANTINE = pa.DataFrameSchema(
    {
        "source_file": _text(),
        "source_row": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "field": _text(nullable=True),
        "value": _text(nullable=True),
        "reason_code": _text(),
        "reason": _text(),
        "action": _text(isin=("rejected_row", "cleared_value", "removed_duplicate")),
    },
    strict=True,
    name="quarantine",
)

STORE_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "episodes": EPISODES,
    "checkins": CHECKINS,
    "questionnaire_items": QUESTIONNAIRE_ITEMS,
    "scores": SCORES,
    "outcomes": OUTCOMES,
    "quarantine": QUARANTINE,
}
"""Every table of the store, in the order ``beyou clean`` writes them."""


def empty_table(name: str) -> pd.DataFrame:
    """An empty frame with the columns and dtypes of store table ``name``.

    Examples
    --------
    >>> empty_table("checkins").columns[:3].tolist()
    ['patient_id', 'episode_id', 'date']
    >>> str(empty_table("checkins")["date"].dtype)
    'datetime64[us]'
    """
    schema = STORE_SCHEMAS[name]
    return pd.DataFrame(
        {col: pd.Series(dtype=_pandas_dtype(spec.dtype)) for col, spec in schema.columns.items()}
    )


def _pandas_dtype(dtype: object) -> object:
    text = str(dtype)
    if text.startswith("datetime64"):
        return DATE
    if text.startswith(("str", "string")):  # pandera reports str columns as string[pyarrow]
        return "str"
    if text == "bool":
        return bool
    return text
