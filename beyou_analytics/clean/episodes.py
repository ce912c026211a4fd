"""Treatment episodes: from the practice system's export to the store's ``episodes`` table.

Only the patient number is kept of the identifying columns; the birth date becomes the age in
whole years at episode start and is then dropped (its value is never quarantined). Codes are
mapped to the store's vocabularies (``schema.SEXES``, ``REFERRALS``, ``END_REASONS``; free
text is never kept). ``assign_episodes`` places dated rows (check-ins, questionnaires) in the
patient's episode.

Examples
--------
>>> raw = pd.DataFrame({
...     "_file": 0, "source_row": [2, 3],
...     "patient_id": ["P-012", "13"], "birth_date": ["01-06-1980", "1-1-1990"],
...     "sex": ["vrouw", "M"], "therapist": ["Anna", None],
...     "start_date": ["05-01-2026", "2026-02-01"], "end_date": ["20-03-2026", None],
...     "diagnosis_code": ["3401", "34x"], "referral": ["huisarts", "DTF"],
...     "n_sessions": ["9", "3"], "end_reason": ["Doel bereikt", None],
... })
>>> table, problems = clean_episodes(raw, as_of=pd.Timestamp("2026-10-31"), sources=["e.csv"])
>>> table[["episode_id", "therapist", "age", "sex", "referral", "end_reason"]].values.tolist()
[['12-20260105', 'Anna', 45, 'F', 'gp', 'goal_reached'], \
['13-20260201', 'unknown', 36, 'M', 'direct_access', nan]]
>>> problems[["source_row", "field", "reason_code", "action"]].values.tolist()
[[3, 'therapist', 'missing_required_value', 'cleared_value'], \
[3, 'diagnosis_code', 'invalid_category', 'cleared_value']]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from beyou_analytics.clean import codes
from beyou_analytics.clean import quarantine as q
from beyou_analytics.clean.columns import EPISODES
from beyou_analytics.clean.quarantine import Check
from beyou_analytics.clean.values import (
    END_REASON_KEYWORDS,
    REFERRAL,
    SEX,
    invalid,
    map_keywords,
    map_words,
    parse_dates,
    parse_numbers,
)
from beyou_analytics.errors import Reason
from beyou_analytics.privacy import normalise_patient_id
from beyou_analytics.protocol import EPISODE_GRACE
from beyou_analytics.schema import DATE

UNKNOWN_THERAPIST = "unknown"
AGE_RANGE = (0, 120)
# Sessions in one episode: 1000 is three a day for a year; more is a typing error, and a
# count past 2**63 could not even be stored.
SESSIONS_RANGE = (0, 1000)


def patient_checks(raw: pd.Series, valid: np.ndarray) -> list[Check]:
    """A missing or malformed patient number rejects the row (its text is never shown).

    ``valid`` marks the rows whose text is a patient number.
    """
    given = raw.notna().to_numpy()
    return [
        Check(~given, Reason.MISSING_PATIENT, "patient_id", "no patient number"),
        Check(given & ~valid, Reason.INVALID_PATIENT, "patient_id",
              "not a patient number (expected digits, optionally with a P- prefix)"),
    ]


def date_checks(raw: pd.Series, parsed: pd.Series, field: str) -> list[Check]:
    """A missing or unreadable date rejects the row."""
    return [
        Check(raw.isna().to_numpy(), Reason.MISSING_DATE, field, "no date"),
        Check(invalid(raw, parsed), Reason.INVALID_DATE, field,
              q.got(raw, "a date such as 31-01-2026 or 2026-01-31"), raw),
    ]


def future_check(raw: pd.Series, when: pd.Series, *, as_of: pd.Timestamp, field: str) -> Check:
    """A date after ``as_of`` (the data date) rejects the row."""
    return Check((when.dt.normalize() > as_of).to_numpy(), Reason.FUTURE_DATE, field,
                 q.got(raw, f"a date up to {as_of:%d-%m-%Y}"), raw)


def key_parts(parsed: pd.Series, raw: pd.Series, name: str) -> dict[str, pd.Series]:
    """Identity columns of a value: parsed where valid, else the text as read."""
    return {f"_k_{name}": parsed, f"_k_{name}_raw": raw.where(parsed.isna())}


def clean_episodes(
    raw: pd.DataFrame, *, as_of: pd.Timestamp, sources: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``episodes`` table (plus ``_file``/``source_row``) and the quarantine rows.

    ``raw`` holds the episodes exports' text columns (``clean.columns.EPISODES``) with
    ``_file`` and ``source_row``. The same episode (patient and start date) in several export
    files is kept from the last file, which knows the latest end date; listed twice in one
    file with different details, the last row is kept.
    """
    raw = EPISODES.complete(raw)
    patient = normalise_patient_id(raw["patient_id"])
    start = parse_dates(raw["start_date"]).dt.normalize()
    frame = raw.assign(
        _patient=patient, _start=start,
        **key_parts(patient, raw["patient_id"], "patient"),
        **key_parts(start, raw["start_date"], "start"),
    )
    key = q.frame_codes(frame, ["_k_patient", "_k_patient_raw", "_k_start", "_k_start_raw"])
    files, rows = frame[q.FILE].to_numpy(np.int64), frame[q.ROW].to_numpy(np.int64)
    kept, conflict, found_dup = q.duplicates(
        files, rows, key=key, label="episode", sources=sources, keep_file="last",
        content=lambda at: q.frame_codes(frame.iloc[at], EPISODES.value_columns),
    )
    superseded, found_conflict = q.conflicts(files, rows, key, conflict, keep="last",
                                             label="episode (patient and start date)")
    kept &= ~superseded
    kept_frame, rejected = q.reject(frame.loc[kept], _row_checks(frame.loc[kept], as_of=as_of))
    table, cleared = _values(kept_frame, as_of=as_of)
    return table, q.combine([found_dup, found_conflict, rejected, cleared])


def _row_checks(frame: pd.DataFrame, *, as_of: pd.Timestamp) -> list[Check]:
    # An episode that starts after the data date has no data yet and cannot be placed.
    return [
        *patient_checks(frame["patient_id"], frame["_patient"].notna().to_numpy()),
        *date_checks(frame["start_date"], frame["_start"], "start_date"),
        future_check(frame["start_date"], frame["_start"], as_of=as_of, field="start_date"),
    ]


def _values(frame: pd.DataFrame, *, as_of: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    start = frame["_start"]
    end = parse_dates(frame["end_date"]).dt.normalize()
    birth = parse_dates(frame["birth_date"])
    age = _whole_years(birth, start)
    sessions = parse_numbers(frame["n_sessions"])
    sex = map_words(frame["sex"], SEX)
    code = frame["diagnosis_code"].str.replace(r"\s+", "", regex=True)
    code = code.where(~code.str.fullmatch(r"[0-9]{1,3}").fillna(False), code.str.zfill(4))
    good_code = code.str.fullmatch(r"[0-9]{4}").fillna(False).to_numpy()
    table = pd.DataFrame({
        q.FILE: frame[q.FILE], q.ROW: frame[q.ROW],
        "patient_id": frame["_patient"],
        "episode_id": frame["_patient"] + "-" + start.dt.strftime("%Y%m%d"),
        "therapist": frame["therapist"].str.replace(r"\s+", " ", regex=True)
        .fillna(UNKNOWN_THERAPIST),
        "start_date": start.astype(DATE),
        "end_date": end.astype(DATE),
        "age": age,
        "sex": sex.where(frame["sex"].notna(), "X"),  # not stated: X (schema.SEXES)
        "diagnosis_code": code.where(good_code),
        "referral": map_words(frame["referral"], REFERRAL, default="other"),
        "n_sessions": sessions,
        "end_reason": map_keywords(frame["end_reason"], END_REASON_KEYWORDS, default="other"),
    })
    # An endless count (a hundred typed nines) is out of range, not "not a number".
    whole = sessions.notna() & ((sessions % 1 == 0) | np.isinf(sessions))
    sessions_outside = whole & ~sessions.between(*SESSIONS_RANGE)
    bad_end = invalid(frame["end_date"], end)
    checks = [
        ("therapist", Check(frame["therapist"].isna().to_numpy(), Reason.MISSING_VALUE, None,
                            f"no therapist; stored as '{UNKNOWN_THERAPIST}'")),
        ("end_date", Check(bad_end, Reason.INVALID_DATE, None,
                           q.got(frame["end_date"], "a date such as 31-01-2026"),
                           frame["end_date"])),
        ("end_date", Check((end > as_of).to_numpy(), Reason.FUTURE_DATE, None,
                           q.got(frame["end_date"], f"a date up to {as_of:%d-%m-%Y}; "
                                 "the episode is kept open"), frame["end_date"])),
        ("end_date", Check((end < start).to_numpy(), Reason.INCONSISTENT_EPISODE, None,
                           q.got(frame["end_date"], "an end date on or after the start date"),
                           frame["end_date"])),
        ("age", Check(invalid(frame["birth_date"], birth), Reason.INVALID_DATE, "birth_date",
                      "the birth date is not a date; age left empty")),
        ("age", Check((age.notna() & ~age.between(*AGE_RANGE)).to_numpy(), Reason.OUT_OF_RANGE,
                      "birth_date", f"the age at episode start is not within "
                      f"{AGE_RANGE[0]}-{AGE_RANGE[1]} years; age left empty")),
        ("sex", Check((frame["sex"].notna() & sex.isna()).to_numpy(), Reason.INVALID_CATEGORY,
                      None, q.got(frame["sex"], "M, V, X, man or vrouw"), frame["sex"])),
        ("diagnosis_code", Check((frame["diagnosis_code"].notna().to_numpy() & ~good_code),
                                 Reason.INVALID_CATEGORY, None,
                                 q.got(frame["diagnosis_code"], "a 4-digit DCSPH code"),
                                 frame["diagnosis_code"])),
        ("n_sessions", Check((frame["n_sessions"].notna() & ~whole).to_numpy(),
                             Reason.NOT_A_NUMBER, None,
                             q.got(frame["n_sessions"], "a whole number of 0 or more"),
                             frame["n_sessions"])),
        ("n_sessions", Check(sessions_outside.to_numpy(), Reason.OUT_OF_RANGE, None,
                             q.got(frame["n_sessions"], "a whole number from "
                                   f"{SESSIONS_RANGE[0]} to {SESSIONS_RANGE[1]}"),
                             frame["n_sessions"])),
    ]
    found = []
    for column, check in checks:
        field = check.field or column
        check = Check(check.mask, check.reason, field, check.sentence, check.value)
        if column == "therapist":
            found.append(q.problems(frame.loc[check.mask], q.Action.CLEARED_VALUE, check))
            continue
        table, problems = q.clear(table, column, check)
        found.append(problems)
    table = table.assign(
        age=table["age"].astype("Int64"),
        n_sessions=table["n_sessions"].astype("Int64"),
    )
    return table, q.combine(found)


def _whole_years(birth: pd.Series, start: pd.Series) -> pd.Series:
    """Completed years from ``birth`` to ``start`` (float, NaN when either is missing)."""
    before_birthday = (start.dt.month * 100 + start.dt.day) < (birth.dt.month * 100 + birth.dt.day)
    return (start.dt.year - birth.dt.year - before_birthday.astype(float)).astype(float)


@dataclass(frozen=True)
class PatientColumn:
    """A patient-number column as read: codes of its texts, and each row's patient rank."""

    raw: np.ndarray  # codes into the distinct texts (codes.MISSING: empty)
    rank: np.ndarray  # position in ``patient_numbers``' order; -1: missing or not a number


def patient_numbers(*columns: pd.Series) -> tuple[pd.Series, list[PatientColumn]]:
    """The normalised patient numbers of ``columns`` sorted as numbers, and each column coded.

    Each distinct spelling is normalised once (``privacy.normalise_patient_id``). A row's
    rank is its patient's position in the sorted numbers, so ordering rows by rank orders
    them by patient number.

    Examples
    --------
    >>> numbers, (col,) = patient_numbers(pd.Series(["P-012", "9", "x", None, "12"]))
    >>> numbers.tolist(), col.rank.tolist()
    (['9', '12'], [1, 0, -1, -1, 1])
    """
    encoded = codes.encode_all(columns)
    normal = [normalise_patient_id(texts) for _, texts in encoded]
    distinct = pd.Series(pd.unique(pd.concat(normal, ignore_index=True).dropna()), dtype="str")
    order = np.lexsort((distinct.to_numpy(dtype=object), distinct.str.len().to_numpy()))
    numbers = distinct.take(order).reset_index(drop=True)
    position = pd.Index(numbers)
    coded = [
        PatientColumn(raw, codes.per_value(raw, position.get_indexer(texts), missing=-1))
        for (raw, _), texts in zip(encoded, normal, strict=True)
    ]
    return numbers, coded


def episode_positions(
    rank: np.ndarray, numbers: pd.Series, when: np.ndarray, episodes: pd.DataFrame, *,
    as_of: pd.Timestamp,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.DataFrame]:
    """``assign_episodes`` for coded rows: patient ranks into ``numbers`` (-1: none) and
    date-times (``datetime64``, NaT: none). Returns each row's position in the returned
    episodes (sorted by patient and start; -1 where none), and the masks of unknown patients
    and of dates outside every episode of a known patient."""
    day = np.asarray(when).astype("datetime64[D]").astype(np.int64)
    eps = episodes.sort_values(["patient_id", "start_date"], kind="stable")
    owners = pd.Index(eps["patient_id"].drop_duplicates())
    code = codes.per_value(rank, owners.get_indexer(numbers), missing=-1)
    eps_code = owners.get_indexer(eps["patient_id"])
    count = np.bincount(eps_code, minlength=len(owners))
    first = np.concatenate(([0], np.cumsum(count)[:-1]))
    start = eps["start_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    end = eps["end_date"].fillna(as_of).to_numpy().astype("datetime64[D]").astype(np.int64)
    grace = EPISODE_GRACE.days
    known = code >= 0
    dated = known & ~np.isnat(np.asarray(when))
    best = np.full(len(rank), -1)
    best_score = np.full(len(rank), -1)
    # Patients have a few episodes: compare each row with its patient's k-th episode, for
    # every k, and keep the best (holds the date itself first, then the latest start).
    for k in range(int(count.max()) if len(count) else 0):
        rows = np.flatnonzero(dated & (count[np.maximum(code, 0)] > k))
        episode = first[code[rows]] + k
        d = day[rows]
        inside = (d >= start[episode] - grace) & (d <= end[episode] + grace)
        core = (d >= start[episode]) & (d <= end[episode])
        score = np.where(inside, core * 10_000_000 + start[episode] + 1_000_000, -1)
        better = score > best_score[rows]
        best[rows[better]] = episode[better]
        best_score[rows[better]] = score[better]
    return best, ~known & (rank >= 0), dated & (best < 0), eps.reset_index(drop=True)


def assign_episodes(
    patient: pd.Series, when: pd.Series, episodes: pd.DataFrame, *, as_of: pd.Timestamp
) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """The episode of each (patient, date): the one whose window holds the date.

    An episode's window runs from 14 days before its start to 14 days after its end
    (``protocol.EPISODE_GRACE``); an open episode runs to ``as_of``. When windows overlap,
    an episode that holds the date itself wins, then the latest start. Returns the episode
    ids (missing where none) and masks of unknown patients and of dates outside every
    episode of a known patient.

    Examples
    --------
    >>> eps = pd.DataFrame({"patient_id": ["1", "1"], "episode_id": ["1-20260105", "1-20260601"],
    ...     "start_date": pd.to_datetime(["2026-01-05", "2026-06-01"]),
    ...     "end_date": pd.to_datetime(["2026-03-01", None])})
    >>> ids, unknown, outside = assign_episodes(pd.Series(["1", "1", "1", "2"]),
    ...     pd.to_datetime(pd.Series(["2026-03-10", "2026-04-01", "2026-05-25", "2026-01-05"])),
    ...     eps, as_of=pd.Timestamp("2026-10-31"))
    >>> ids.tolist()
    ['1-20260105', nan, '1-20260601', nan]
    >>> unknown.tolist(), outside.tolist()
    ([False, False, False, True], [False, True, False, False])
    """
    rank, numbers = pd.factorize(patient)
    best, unknown, outside, eps = episode_positions(
        rank, pd.Series(numbers, dtype="str"), when.to_numpy(dtype="datetime64[us]"), episodes,
        as_of=as_of)
    ids = codes.text_of(best, eps["episode_id"]).set_axis(patient.index)
    return ids, unknown, outside
