"""Check-ins: from the patient app's export to the store's ``checkins`` table.

A check-in needs a valid patient number known to the episodes export, a date that is not in
the future, and an episode around that date; otherwise the row is rejected. A bad measure
(``11`` on a 0-10 scale, ``n.v.t.``, ``misschien`` for exercises done) is cleared and the row
kept. One check-in per patient per day is stored: the last by time, then by file order.

Examples
--------
>>> episodes = pd.DataFrame({"patient_id": ["12"], "episode_id": ["12-20260105"],
...     "start_date": pd.to_datetime(["2026-01-05"]), "end_date": pd.NaT})
>>> raw = pd.DataFrame({"_file": 0, "source_row": [2, 3, 4, 5],
...     "patient_id": ["P-012", "12", "12", "99"],
...     "date": ["01-03-2026 08:00", "01-03-2026 20:15", "02-03-2026", "02-03-2026"],
...     "pain_now": ["5", "6", "11", "3"], "sleep_hours": ["6,5", "7", "n.v.t.", "8"],
...     "exercises_done": ["ja", "nee", "Waar", "nee"]})
>>> table, problems = clean_checkins(raw, episodes, as_of=pd.Timestamp("2026-10-31"),
...                                  sources=["c.csv"])
>>> columns = ["source_row", "date", "pain_now", "sleep_hours", "exercises_done"]
>>> table[columns].astype(str).values.tolist()
[['3', '2026-03-01', '6.0', '7.0', 'False'], ['4', '2026-03-02', nan, nan, 'True']]
>>> problems[["source_row", "field", "reason_code"]].values.tolist()
[[5, 'patient_id', 'patient_not_in_episodes'], [2, nan, 'same_day_checkin'], \
[4, 'pain_now', 'out_of_range'], [4, 'sleep_hours', 'not_a_number']]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from beyou_analytics.clean import quarantine as q
from beyou_analytics.clean.columns import CHECKINS
from beyou_analytics.clean.episodes import assign_episodes, date_checks, key_parts, patient_checks
from beyou_analytics.clean.quarantine import Check
from beyou_analytics.clean.values import invalid, parse_dates, parse_numbers, parse_yes_no
from beyou_analytics.errors import Action, Reason
from beyou_analytics.privacy import normalise_patient_id
from beyou_analytics.schema import CHECKIN_MEASURES, DATE


def clean_checkins(
    raw: pd.DataFrame, episodes: pd.DataFrame, *, as_of: pd.Timestamp, sources: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``checkins`` table (plus ``_file``/``source_row``) and the quarantine rows.

    ``raw`` holds the check-in exports' text columns (``clean.columns.CHECKINS``) with
    ``_file`` and ``source_row``; ``episodes`` is the cleaned episodes table. The table comes
    sorted by patient number and date.
    """
    raw = CHECKINS.complete(raw).reset_index(drop=True)
    patient = normalise_patient_id(raw["patient_id"])
    when = parse_dates(raw["date"])
    frame = raw.assign(
        _patient=patient, _when=when,
        **key_parts(patient, raw["patient_id"], "patient"),
        **key_parts(when, raw["date"], "when"),
    )
    # Masks all along; the rows are taken once, at the end.
    kept, _, found_dup = q.duplicates(
        frame, content=list(CHECKINS.value_columns),
        key=["_k_patient", "_k_patient_raw", "_k_when", "_k_when_raw"],
        label="check-in", sources=sources,
    )
    episode, unknown, outside = assign_episodes(patient, when, episodes, as_of=as_of)
    rejected, found_rejected = q.failures(frame, [
        *patient_checks(raw["patient_id"], patient),
        *date_checks(raw["date"], when, "date"),
        future_check(raw["date"], when, as_of=as_of, field="date"),
        Check(unknown, Reason.UNKNOWN_PATIENT, "patient_id",
              "this patient number is in no episodes export", patient),
        Check(outside, Reason.OUTSIDE_EPISODE, "date",
              "not within 14 days of an episode of this patient", raw["date"]),
    ], among=kept)
    kept &= ~rejected
    later, found_same_day = _one_per_day(frame, kept, sources)
    kept &= ~later
    # Stored rows in store order (patient number, date), taken once.
    rows = np.flatnonzero(kept)
    rows = rows[np.lexsort((when.to_numpy().view(np.int64)[rows],
                            pd.factorize(patient, sort=True)[0][rows],
                            patient.str.len().to_numpy(dtype=np.int64, na_value=0)[rows]))]
    needed = [q.FILE, q.ROW, "_patient", "_when", *(m.column for m in CHECKIN_MEASURES)]
    stored = frame[needed].iloc[rows].assign(_episode=episode.iloc[rows])
    table, cleared = _measures(stored)
    return table, q.combine([found_dup, found_rejected, found_same_day, cleared])


def future_check(raw: pd.Series, when: pd.Series, *, as_of: pd.Timestamp, field: str) -> Check:
    """A date after ``as_of`` (the data date) rejects the row."""
    return Check((when.dt.normalize() > as_of).to_numpy(), Reason.FUTURE_DATE, field,
                 q.got(raw, f"a date up to {as_of:%d-%m-%Y}"), raw)


def _one_per_day(
    frame: pd.DataFrame, among: np.ndarray, sources: Sequence[str]
) -> tuple[np.ndarray, pd.DataFrame]:
    """The check-ins superseded by a later one of the same patient on the same day (by time,
    then file, then row), with a ``rejected_row`` each."""
    day = frame["_when"].dt.normalize()
    candidates = pd.DataFrame({"p": frame["_patient"], "d": day}).loc[among]
    shared = np.zeros(len(frame), bool)
    shared[candidates.index[candidates.duplicated(keep=False).to_numpy()]] = True
    if not shared.any():
        return shared, q.empty()
    group = frame.loc[shared, ["_patient", "_when", q.FILE, q.ROW]].assign(_day=day[shared])
    group = group.sort_values(["_patient", "_day", "_when", q.FILE, q.ROW], kind="stable")
    superseded = group.duplicated(["_patient", "_day"], keep="last")
    winner = group.groupby(["_patient", "_day"], sort=False)[[q.FILE, q.ROW]].transform("last")
    losers = group.loc[superseded]
    names = q.labels(winner.loc[losers.index, q.FILE].to_numpy(int), sources)
    sentence = ("another check-in of this patient on this day is kept ("
                + names.set_axis(losers.index) + ", row "
                + winner.loc[losers.index, q.ROW].astype("str") + ")")
    found = q.problems(losers, Action.REJECTED_ROW, Check(
        np.ones(len(losers), bool), Reason.SAME_DAY_CHECKIN, None, sentence))
    later = np.zeros(len(frame), bool)
    later[losers.index] = True
    return later, found


def _measures(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Measures parsed, range-checked and cleared where bad; the store's columns."""
    table = pd.DataFrame({
        q.FILE: frame[q.FILE], q.ROW: frame[q.ROW],
        "patient_id": frame["_patient"], "episode_id": frame["_episode"],
        "date": frame["_when"].dt.normalize().astype(DATE),
    })
    found = []
    for measure in CHECKIN_MEASURES:
        raw = frame[measure.column]
        if measure.kind == "yes_no":
            values = parse_yes_no(raw)
            checks = [Check(invalid(raw, values), Reason.INVALID_YES_NO, measure.column,
                            q.got(raw, "ja or nee (yes/no, 1/0)"), raw)]
        else:
            values = parse_numbers(raw)
            span = f"{measure.minimum:g} to {measure.maximum:g}"
            checks = [
                Check(invalid(raw, values), Reason.NOT_A_NUMBER, measure.column,
                      q.got(raw, f"a number from {span}"), raw),
                Check((values.notna() & ~values.between(measure.minimum, measure.maximum))
                      .to_numpy(), Reason.OUT_OF_RANGE, measure.column,
                      q.got(raw, f"a number from {span}"), raw),
            ]
        table[measure.column] = values
        for check in checks:
            table, problems = q.clear(table, measure.column, check)
            found.append(problems)
    return table.reset_index(drop=True), q.combine(found)
