"""Questionnaires, wide (one row per questionnaire) or long (one row per item), to items.

The store keeps one row per answered item with the response as coded on the form; scoring
happens later (``beyou_analytics.scoring``). The instrument is recognised by code, name or
alias (the registry's ``alias_table``, matched after ``fold_name``). Each answer is checked
against its item (``clean.answers``): in wide form a bad answer is cleared and the
questionnaire kept; one without any valid answer is rejected. In long form a row *is* an
answer, so a bad one rejects the row.

The same questionnaire (patient, instrument, completion time) in a wide and a long export is
kept from the file that comes first; the other file's rows are removed as overlapping.

Millions of items: every text column is coded once (``clean.codes``), each distinct patient
number, date and name parsed once, and the rows are kept as masks and positions until the
items are laid out in store order, once, at the end.

Examples
--------
>>> episodes = pd.DataFrame({"patient_id": ["12"], "episode_id": ["12-20260105"],
...     "start_date": pd.to_datetime(["2026-01-05"]), "end_date": pd.NaT})
>>> wide = pd.DataFrame({"_file": 0, "source_row": [2, 3],
...     "patient_id": ["12", "12"], "instrument": ["Oswestry", "Tampa-schaal"],
...     "timepoint": ["intake", "Intake"], "completed_at": ["05-01-2026 09:00", "05-01-2026"],
...     "v1": ["2/3", "1"], "v2": ["7", None], "v11": ["1", None]})
>>> items, stored, problems = clean_questionnaires(wide, pd.DataFrame(), episodes,
...     as_of=pd.Timestamp("2026-10-31"), sources=["q.csv"])
>>> items[["instrument", "item", "response"]].values.tolist(), stored["source_row"].tolist()
([['ODI', 1, 3.0], ['TSK17', 1, 1.0]], [2, 3])
>>> problems[["source_row", "field", "reason_code", "action"]].values.tolist()
[[2, 'v11', 'invalid_item', 'cleared_value'], [2, 'v2', 'out_of_range', 'cleared_value']]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from beyou_analytics.clean import codes
from beyou_analytics.clean import quarantine as q
from beyou_analytics.clean.answers import (
    instrument_codes,
    long_answers,
    registry_positions,
    specs,
    wide_answers,
)
from beyou_analytics.clean.columns import QUESTIONNAIRES_LONG, QUESTIONNAIRES_WIDE, ExportKind
from beyou_analytics.clean.episodes import (
    PatientColumn,
    date_checks,
    episode_positions,
    future_check,
    patient_checks,
    patient_numbers,
)
from beyou_analytics.clean.quarantine import Check
from beyou_analytics.clean.values import TIMEPOINT, map_words, parse_dates, parse_numbers
from beyou_analytics.errors import Action, Reason
from beyou_analytics.schema import DATE, TIMEPOINTS

__all__ = ["clean_questionnaires", "instrument_codes"]


@dataclass(frozen=True)
class _Form:
    """The rows of one form (wide or long), coded: texts as read plus what they mean."""

    frame: pd.DataFrame  # text columns as read, with _file and source_row
    patient: PatientColumn
    when: np.ndarray  # completion date-time (datetime64[us]); NaT: missing or unreadable
    when_raw: np.ndarray  # codes of the completed_at texts
    when_code: np.ndarray  # codes of the parsed date-times (-1: NaT)
    inst: np.ndarray  # registry position of the instrument; -1: missing or unknown
    inst_raw: np.ndarray  # codes of the instrument texts

    @property
    def files(self) -> np.ndarray:
        return self.frame[q.FILE].to_numpy(np.int64)

    @property
    def rows(self) -> np.ndarray:
        return self.frame[q.ROW].to_numpy(np.int64)

    def administration(self) -> np.ndarray:
        """The identity of each row's questionnaire: patient, time and instrument, parsed
        where they parse, else as read."""
        return codes.combine([
            codes.identity(self.patient.rank, self.patient.raw),
            codes.identity(self.when_code, self.when_raw),
            codes.identity(self.inst, self.inst_raw),
        ])


def _form(frame: pd.DataFrame, patient: PatientColumn) -> _Form:
    when_raw, texts = codes.encode(frame["completed_at"])
    parsed = parse_dates(texts).to_numpy()
    when_code = codes.per_value(when_raw, pd.factorize(parsed)[0], missing=-1)
    inst_raw, names = codes.encode(frame["instrument"])
    inst = codes.per_value(inst_raw, registry_positions(names), missing=-1)
    return _Form(frame, patient, codes.per_value(when_raw, parsed, missing=np.datetime64("NaT")),
                 when_raw, when_code, inst, inst_raw)


def clean_questionnaires(
    wide: pd.DataFrame,
    long: pd.DataFrame,
    episodes: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    sources: Sequence[str],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The ``questionnaire_items`` table, the source rows it stores, and quarantine rows.

    ``wide`` and ``long`` hold the questionnaire exports' text columns
    (``clean.columns.QUESTIONNAIRES_WIDE`` / ``QUESTIONNAIRES_LONG``) with ``_file`` and
    ``source_row``; either may be empty. ``episodes`` is the cleaned episodes table. The
    items come sorted by patient number, instrument, completion time and item; the stored
    source rows (``_file``, ``source_row``; each row that gave at least one item, once) are
    what the accounting counts.
    """
    wide = QUESTIONNAIRES_WIDE.complete(_framed(wide)).reset_index(drop=True)
    long = QUESTIONNAIRES_LONG.complete(_framed(long)).reset_index(drop=True)
    numbers, (patient_w, patient_l) = patient_numbers(wide["patient_id"], long["patient_id"])
    w, lf = _form(wide, patient_w), _form(long, patient_l)
    item_raw, item_texts = codes.encode(long["item"])
    item_parsed = parse_numbers(item_texts).to_numpy()
    item_no = codes.per_value(item_raw, item_parsed, missing=np.nan)

    # Masks all along: the rows of millions of items are taken once, at the end.
    key_w = w.administration()
    keep_w, found_w = _unique_rows(w, key_w, key_w, QUESTIONNAIRES_WIDE, sources,
                                   "questionnaire")
    item_id = codes.identity(codes.per_value(item_raw, pd.factorize(item_parsed)[0], missing=-1),
                             item_raw)
    key_l = codes.combine([lf.administration(), item_id])
    # Copies are looked for among rows with the same bits: 0 and -0 are one item number, but
    # not candidates for the same copy.
    negative_zero = codes.per_value(item_raw, (item_parsed == 0) & np.signbit(item_parsed),
                                    missing=False)
    keep_l, found_l = _unique_rows(lf, key_l, codes.combine([key_l, negative_zero]),
                                   QUESTIONNAIRES_LONG, sources, "questionnaire item")
    over_w, over_l, found_over = _across_forms(w, keep_w, lf, keep_l, sources)
    keep_w &= ~over_w
    keep_l &= ~over_l
    episode_w, eps, checks = _placement(w, numbers, episodes, as_of=as_of)
    rejected_w, found_rw = q.failures(wide, checks, among=keep_w)
    episode_l, _, checks = _placement(lf, numbers, episodes, as_of=as_of)
    rejected_l, found_rl = q.failures(long, checks, among=keep_l)
    keep_w &= ~rejected_w
    keep_l &= ~rejected_l

    pos_w, item_w, value_w, found_iw = wide_answers(wide, keep_w, w.inst)
    pos_l, item_l, value_l, found_il = long_answers(long, keep_l, lf.inst, item_no)
    rows = _row_table(w, episode_w, lf, episode_l)
    pos = np.concatenate([pos_w, pos_l + len(wide)])
    items = _sorted_items(rows, pos, np.concatenate([item_w, item_l]),
                          np.concatenate([value_w, value_l]),
                          numbers=numbers, episode_ids=eps["episode_id"])
    stored = np.flatnonzero(np.bincount(pos, minlength=len(rows.files)))
    found_tp = _timepoints(rows, np.concatenate([keep_w, keep_l]), wide, long)
    return (items, pd.DataFrame({q.FILE: rows.files[stored], q.ROW: rows.rows[stored]}),
            q.combine([found_w, found_l, found_over, found_rw, found_rl, found_iw, found_il,
                       found_tp]))


def _framed(frame: pd.DataFrame) -> pd.DataFrame:
    if q.FILE in frame:
        return frame
    return pd.DataFrame({q.FILE: pd.Series(dtype="int64"), q.ROW: pd.Series(dtype="int64")})


def _unique_rows(
    form: _Form, key: np.ndarray, coarse: np.ndarray, kind: ExportKind, sources: Sequence[str],
    label: str,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Rows kept after removing copies; the same key twice in a file keeps the first."""
    frame, files, rows = form.frame, form.files, form.rows
    keep, conflict, found_dup = q.duplicates(
        files, rows, key=key, coarse=coarse, label=label, sources=sources,
        content=lambda at: q.frame_codes(frame.iloc[at], kind.value_columns))
    lost, found_conflict = q.conflicts(files, rows, key, conflict, keep="first", label=label)
    return keep & ~lost, q.combine([found_dup, found_conflict])


def _across_forms(
    wide: _Form, keep_w: np.ndarray, long: _Form, keep_l: np.ndarray, sources: Sequence[str],
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """A questionnaire in both a wide and a long export is kept from the earlier file."""
    over_w, over_l = np.zeros(len(keep_w), bool), np.zeros(len(keep_l), bool)
    if not keep_w.any() or not keep_l.any():
        return over_w, over_l, q.empty()
    at_w, at_l = np.flatnonzero(keep_w), np.flatnonzero(keep_l)

    def both(values_w: np.ndarray, values_l: np.ndarray) -> np.ndarray:
        return np.concatenate([values_w[at_w], values_l[at_l]])

    patient = both(wide.patient.rank, long.patient.rank)
    when = both(wide.when, long.when)
    inst = both(wide.inst, long.inst)
    files = both(wide.files, long.files)
    form = np.repeat([0, 1], [len(at_w), len(at_l)])
    valid = (patient >= 0) & ~np.isnat(when) & (inst >= 0)
    admin = np.where(valid, codes.combine([patient, codes.first_seen(when.view(np.int64)), inst]),
                     -1)
    n = int(admin.max()) + 1 if len(admin) else 0
    first = np.full((2, n + 1), np.iinfo(np.int64).max)
    np.minimum.at(first, (form, np.where(valid, admin, n)), files)
    other = first[1 - form, np.where(valid, admin, n)]
    later = valid & (other < files)
    where = np.flatnonzero(later)
    rows = pd.DataFrame({q.FILE: files[where], q.ROW: both(wide.rows, long.rows)[where]})
    sentence = "the same questionnaire is already in " + q.labels(other[where], sources)
    found = q.problems(rows, Action.REMOVED_DUPLICATE,
                       Check(later[later], Reason.OVERLAPPING_EXPORT, None, sentence))
    over_w[at_w[later[form == 0]]] = True
    over_l[at_l[later[form == 1]]] = True
    return over_w, over_l, found


def _placement(
    form: _Form, numbers: pd.Series, episodes: pd.DataFrame, *, as_of: pd.Timestamp
) -> tuple[np.ndarray, pd.DataFrame, list[Check]]:
    """Each row's episode (a position in the returned episodes), and why a row cannot be
    placed: patient, date, instrument, episode (in that order)."""
    frame = form.frame
    episode, unknown, outside, eps = episode_positions(form.patient.rank, numbers, form.when,
                                                       episodes, as_of=as_of)
    parsed = pd.Series(form.when)
    known = ", ".join(specs().codes)

    def patient(index: pd.Index) -> pd.Series:
        return codes.text_of(form.patient.rank[index.to_numpy()], numbers).set_axis(index)

    return episode, eps, [
        *patient_checks(frame["patient_id"], form.patient.rank >= 0),
        *date_checks(frame["completed_at"], parsed, "completed_at"),
        future_check(frame["completed_at"], parsed, as_of=as_of, field="completed_at"),
        Check(form.inst_raw == codes.MISSING, Reason.MISSING_INSTRUMENT, "instrument",
              "no questionnaire name"),
        Check((form.inst_raw != codes.MISSING) & (form.inst < 0), Reason.UNKNOWN_INSTRUMENT,
              "instrument", q.got(frame["instrument"], f"one of {known} (or a known name)"),
              frame["instrument"]),
        Check(unknown, Reason.UNKNOWN_PATIENT, "patient_id",
              "this patient number is in no episodes export", patient),
        Check(outside, Reason.OUTSIDE_EPISODE, "completed_at",
              "not within 14 days of an episode of this patient", frame["completed_at"]),
    ]


@dataclass(frozen=True)
class _RowTable:
    """Wide rows then long rows, with what an item takes from its row."""

    patient: np.ndarray
    inst: np.ndarray
    when: np.ndarray
    episode: np.ndarray
    timepoint: np.ndarray  # position in schema.TIMEPOINTS; -1: none
    timepoint_given: np.ndarray
    files: np.ndarray
    rows: np.ndarray


def _row_table(
    wide: _Form, episode_w: np.ndarray, long: _Form, episode_l: np.ndarray
) -> _RowTable:
    """The timepoint of a long-form questionnaire is the first any of its rows gives."""
    def timepoints(form: _Form) -> tuple[np.ndarray, np.ndarray]:
        raw, texts = codes.encode(form.frame["timepoint"])
        mapped = pd.Index(TIMEPOINTS).get_indexer(map_words(texts, TIMEPOINT))
        return codes.per_value(raw, mapped, missing=-1), raw != codes.MISSING

    tp_w, given_w = timepoints(wide)
    tp_l, given_l = timepoints(long)
    if len(tp_l):
        admin = codes.combine([long.patient.rank, long.inst,
                               codes.first_seen(long.when.view(np.int64))])
        first = np.full(int(admin.max()) + 1, -1)
        named = np.flatnonzero(tp_l >= 0)[::-1]  # reversed: the first row of a group wins
        first[admin[named]] = tp_l[named]
        tp_l = first[admin]
    return _RowTable(
        np.concatenate([wide.patient.rank, long.patient.rank]),
        np.concatenate([wide.inst, long.inst]),
        np.concatenate([wide.when, long.when]),
        np.concatenate([episode_w, episode_l]),
        np.concatenate([tp_w, tp_l]),
        np.concatenate([given_w, given_l]),
        np.concatenate([wide.files, long.files]),
        np.concatenate([wide.rows, long.rows]),
    )


def _sorted_items(
    rows: _RowTable, pos: np.ndarray, item: np.ndarray, values: np.ndarray, *,
    numbers: pd.Series, episode_ids: pd.Series,
) -> pd.DataFrame:
    """The items table in store order: patient number, instrument, time, item.

    ``pos`` (into ``rows``) comes grouped by row and by item within a row, so sorting the
    rows and laying out each row's run of items gives the order without sorting millions.
    A long-form row holds one item, which also ranks it among rows of its questionnaire.
    """
    registry = np.array(specs().codes, dtype=object)
    instrument_rank = np.argsort(np.argsort(registry, kind="stable"), kind="stable")
    counts = np.bincount(pos, minlength=len(rows.patient))
    start = np.concatenate(([0], np.cumsum(counts)[:-1]))
    first_item = np.zeros(len(rows.patient), dtype=np.int64)
    first_item[pos[::-1]] = item[::-1]
    # Only rows with items are laid out; a stable sort keeps their order among themselves.
    row_order = np.flatnonzero(counts)
    row_order = row_order[np.lexsort((
        first_item[row_order],
        rows.when.view(np.int64)[row_order],
        codes.per_value(rows.inst[row_order], instrument_rank, missing=-1),
        rows.patient[row_order],
    ))]
    sizes = counts[row_order]
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    order = np.repeat(start[row_order] - offsets, sizes) + np.arange(len(pos))

    def per_row(values: np.ndarray) -> np.ndarray:
        return np.repeat(values[row_order], sizes)

    return pd.DataFrame({
        "patient_id": codes.text_of(per_row(rows.patient), numbers),
        "episode_id": codes.text_of(per_row(rows.episode), episode_ids),
        "instrument": codes.text_of(per_row(rows.inst), pd.Series(registry, dtype="str")),
        "completed_at": per_row(rows.when).astype(DATE, copy=False),
        "timepoint": codes.text_of(per_row(rows.timepoint), pd.Series(TIMEPOINTS, dtype="str")),
        # Every item is a number: no mask to work out.
        "item": pd.arrays.IntegerArray(item[order].astype(np.int64, copy=False),
                                       np.zeros(len(order), dtype=bool)),
        "response": values[order].astype(float, copy=False),
    }, copy=False)  # fresh arrays: no need to copy them into blocks


def _timepoints(
    rows: _RowTable, keep: np.ndarray, wide: pd.DataFrame, long: pd.DataFrame
) -> pd.DataFrame:
    """An unknown Meetmoment of a stored questionnaire is cleared (``invalid_category``)."""
    bad = keep & rows.timepoint_given & (rows.timepoint < 0)
    if not bad.any():
        return q.empty()
    text = pd.concat([wide["timepoint"], long["timepoint"]], ignore_index=True)
    at = np.flatnonzero(bad)
    return q.problems(pd.DataFrame({q.FILE: rows.files[at], q.ROW: rows.rows[at]}, index=at),
                      Action.CLEARED_VALUE, Check(
        bad, Reason.INVALID_CATEGORY, "timepoint",
        q.got(text, "intake, tussentijds or eind"), text))
