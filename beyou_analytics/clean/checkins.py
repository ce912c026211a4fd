"""Check-ins: from the patient app's export to the store's ``checkins`` table.

A check-in needs a valid patient number known to the episodes export, a date that is not in
the future, and an episode around that date; otherwise the row is rejected. A bad measure
(``11`` on a 0-10 scale, ``n.v.t.``, ``misschien`` for exercises done) is cleared and the row
kept. One check-in per patient per day is stored: the last by time, then by file order.

A million check-ins: every text column is coded once (``clean.codes``) and each distinct
patient number, date and measure text parsed once; rows are masks until the stored ones are
taken, once, at the end.

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

from beyou_analytics.clean import codes
from beyou_analytics.clean import quarantine as q
from beyou_analytics.clean.columns import CHECKINS
from beyou_analytics.clean.episodes import (
    date_checks,
    episode_positions,
    future_check,
    patient_checks,
    patient_numbers,
)
from beyou_analytics.clean.quarantine import Check
from beyou_analytics.clean.values import parse_dates, parse_numbers, parse_yes_no
from beyou_analytics.errors import Action, Reason
from beyou_analytics.schema import CHECKIN_MEASURES, DATE

_TEXT_COLUMNS = ("date", *(m.column for m in CHECKIN_MEASURES))


def clean_checkins(
    raw: pd.DataFrame, episodes: pd.DataFrame, *, as_of: pd.Timestamp, sources: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``checkins`` table (plus ``_file``/``source_row``) and the quarantine rows.

    ``raw`` holds the check-in exports' text columns (``clean.columns.CHECKINS``) with
    ``_file`` and ``source_row``; ``episodes`` is the cleaned episodes table. The table comes
    sorted by patient number and date.
    """
    raw = CHECKINS.complete(raw).reset_index(drop=True)
    files, rows = raw[q.FILE].to_numpy(np.int64), raw[q.ROW].to_numpy(np.int64)
    numbers, (patient,) = patient_numbers(raw["patient_id"])
    coded = dict(zip(_TEXT_COLUMNS, codes.encode_all([raw[c] for c in _TEXT_COLUMNS]),
                     strict=True))
    date_raw, date_texts = coded["date"]
    parsed = parse_dates(date_texts).to_numpy()
    when = codes.per_value(date_raw, parsed, missing=np.datetime64("NaT"))
    when_code = codes.per_value(date_raw, pd.factorize(parsed)[0], missing=-1)
    key = codes.combine([codes.identity(patient.rank, patient.raw),
                         codes.identity(when_code, date_raw)])

    def content(at: np.ndarray) -> np.ndarray:
        return codes.combine([patient.raw[at], *(c[at] for c, _ in coded.values())])

    # Masks all along; the rows are taken once, at the end.
    kept, _, found_dup = q.duplicates(files, rows, key=key, content=content, label="check-in",
                                      sources=sources)
    episode, unknown, outside, eps = episode_positions(patient.rank, numbers, when, episodes,
                                                       as_of=as_of)
    when_series = pd.Series(when)

    def patient_text(index: pd.Index) -> pd.Series:
        return codes.text_of(patient.rank[index.to_numpy()], numbers).set_axis(index)

    rejected, found_rejected = q.failures(raw, [
        *patient_checks(raw["patient_id"], patient.rank >= 0),
        *date_checks(raw["date"], when_series, "date"),
        future_check(raw["date"], when_series, as_of=as_of, field="date"),
        Check(unknown, Reason.UNKNOWN_PATIENT, "patient_id",
              "this patient number is in no episodes export", patient_text),
        Check(outside, Reason.OUTSIDE_EPISODE, "date",
              "not within 14 days of an episode of this patient", raw["date"]),
    ], among=kept)
    kept &= ~rejected
    day = when.astype("datetime64[D]")
    later, found_same_day = _one_per_day(files, rows, patient.rank, numbers, day, when, kept,
                                         sources)
    kept &= ~later
    # Stored rows in store order (patient number, date), taken once.
    at = np.flatnonzero(kept)
    at = at[np.lexsort((when.view(np.int64)[at], patient.rank[at]))]
    measures, cleared = _measures(files[at], rows[at],
                                  {c: coded[c] for c in _TEXT_COLUMNS[1:]}, at)
    table = pd.DataFrame({
        q.FILE: files[at], q.ROW: rows[at],
        "patient_id": codes.text_of(patient.rank[at], numbers),
        "episode_id": codes.text_of(episode[at], eps["episode_id"]),
        "date": day[at].astype(DATE),
        **measures,
    }, copy=False)  # fresh arrays: no need to copy them into blocks
    return table, q.combine([found_dup, found_rejected, found_same_day, cleared])


def _one_per_day(
    files: np.ndarray, rows: np.ndarray, patient: np.ndarray, numbers: pd.Series,
    day: np.ndarray, when: np.ndarray, among: np.ndarray, sources: Sequence[str],
) -> tuple[np.ndarray, pd.DataFrame]:
    """The check-ins superseded by a later one of the same patient on the same day (by time,
    then file, then row), with a ``rejected_row`` each."""
    later = np.zeros(len(files), bool)
    at = np.flatnonzero(among)
    days = day[at].view(np.int64)
    same = codes.combine([patient[at], days - days.min()] if len(at) else [at, at])
    at = at[np.bincount(same)[same] > 1] if len(same) else at
    if not len(at):
        return later, q.empty()
    # Patients in the order of their numbers as text, as the rows were always listed.
    as_text = np.argsort(np.argsort(numbers.to_numpy(dtype=object), kind="stable"),
                         kind="stable")
    at = at[np.lexsort((rows[at], files[at], when.view(np.int64)[at],
                        day.view(np.int64)[at], as_text[patient[at]]))]
    days = day[at].view(np.int64)
    group = codes.combine([patient[at], days - days.min()])
    # The last row of each group wins: the first of the reversed rows.
    winner = (len(at) - 1 - q.first_of_group(group[::-1]))[::-1]
    losers = np.flatnonzero(winner != np.arange(len(at)))
    names = q.labels(files[at][winner[losers]], sources)
    sentence = ("another check-in of this patient on this day is kept (" + names + ", row "
                + q.number_text(rows[at][winner[losers]]) + ")")
    found = q.problems(pd.DataFrame({q.FILE: files[at[losers]], q.ROW: rows[at[losers]]}),
                       Action.REJECTED_ROW, Check(np.ones(len(losers), bool),
                                                  Reason.SAME_DAY_CHECKIN, None, sentence))
    later[at[losers]] = True
    return later, found


def _measures(
    files: np.ndarray, rows: np.ndarray, coded: dict[str, tuple[np.ndarray, pd.Series]],
    at: np.ndarray,
) -> tuple[dict[str, object], pd.DataFrame]:
    """The measures of the rows at ``at``: parsed (each distinct text once), range-checked
    and cleared where bad; ``files`` and ``rows`` are those rows' sources."""
    found = []
    columns = {}
    for measure in CHECKIN_MEASURES:
        raw_codes, texts = coded[measure.column]
        answer = raw_codes[at]
        given = answer != codes.MISSING

        def text(index: pd.Index, answer: np.ndarray = answer, texts: pd.Series = texts
                 ) -> pd.Series:
            return codes.text_of(answer[index.to_numpy()], texts).set_axis(index)

        def got(expected: str, text=text):
            return lambda index: q.got_sentence(text(index), expected)

        if measure.kind == "yes_no":
            parsed = parse_yes_no(texts)
            missing = codes.per_value(answer, parsed.isna().to_numpy(), missing=True)
            truth = codes.per_value(answer, parsed.fillna(False).to_numpy(dtype=bool),
                                    missing=False)
            columns[measure.column] = pd.arrays.BooleanArray(truth, missing)
            checks = [Check(given & missing, Reason.INVALID_YES_NO, measure.column,
                            got("ja or nee (yes/no, 1/0)"), text)]
        else:
            values = codes.per_value(answer, parse_numbers(texts).to_numpy(), missing=np.nan)
            span = f"{measure.minimum:g} to {measure.maximum:g}"
            outside = ~np.isnan(values) & ~((values >= measure.minimum)
                                            & (values <= measure.maximum))
            checks = [
                Check(given & np.isnan(values), Reason.NOT_A_NUMBER, measure.column,
                      got(f"a number from {span}"), text),
                Check(outside, Reason.OUT_OF_RANGE, measure.column,
                      got(f"a number from {span}"), text),
            ]
            columns[measure.column] = np.where(outside, np.nan, values)
        for check in checks:
            bad = np.flatnonzero(check.mask)
            if len(bad):
                failing = pd.DataFrame({q.FILE: files[bad], q.ROW: rows[bad]}, index=bad)
                found.append(q.problems(failing, Action.CLEARED_VALUE, check))
    return columns, q.combine(found)
