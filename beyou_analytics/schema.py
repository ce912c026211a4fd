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
        "load_capacity", "Belastbaarheid", 0, 10, None, "Belastbaarheid", "Load capacity"
    ),
)
MEASURES_BY_COLUMN = {m.column: m for m in CHECKIN_MEASURES}


def _text(nullable: bool = False, isin: tuple[str, ...] | None = None) -> pa.Column:
    checks = [pa.Check.isin(list(isin))] if isin else []
    return pa.Column(str, checks=checks, nullable=nullable)


def _date(nullable: bool = False) -> pa.Column:
    return pa.Column(DATE, nullable=nullable)


def _number(lo: float | None = None, hi: float | None = None, nullable: bool = True) -> pa.Column:
    checks = [pa.Check.in_range(lo, hi)] if lo is not None and hi is not None else []
    return pa.Column(float, checks=checks, nullable=nullable)


_PATIENT = pa.Column(str, pa.Check.str_matches(r"^[1-9][0-9]*$"), nullable=False)
_EPISODE = pa.Column(str, pa.Check.str_matches(r"^[1-9][0-9]*-[0-9]{8}$"), nullable=False)

EPISODES = pa.DataFrameSchema(
    {
        "patient_id": _PATIENT,
        "episode_id": _EPISODE,
        "therapist": _text(),
        "start_date": _date(),
        "end_date": _date(nullable=True),
        "age": pa.Column("Int64", pa.Check.in_range(0, 120), nullable=True),
        "sex": _text(nullable=True, isin=SEXES),
        "diagnosis_code": pa.Column(str, pa.Check.str_matches(r"^[0-9]{4}$"), nullable=True),
        "referral": _text(nullable=True, isin=REFERRALS),
        "n_sessions": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "end_reason": _text(nullable=True, isin=END_REASONS),
    },
    strict=True,
    unique=["episode_id"],
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
    unique=["patient_id", "date"],
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
    unique=["patient_id", "instrument", "completed_at", "item"],
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
    unique=["patient_id", "instrument", "completed_at", "scale"],
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
    unique=["episode_id", "instrument", "scale"],
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
