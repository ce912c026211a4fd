"""Questionnaires, wide (one row per questionnaire) or long (one row per item), to items.

The store keeps one row per answered item with the response as coded on the form; scoring
happens later (``beyou_analytics.scoring``). The instrument is recognised by code, name or
alias (the registry's ``alias_table``, matched after ``fold_name``). Each answer is checked
against its item: within the instrument's item range and a whole number, or ja/nee for yes/no
items; an ODI double tick (``2/3``) counts as the higher box (instruments.md, ODI: "two boxes
ticked: take the highest"). In wide form a bad answer is cleared and the questionnaire kept;
one without any valid answer is rejected. In long form a row *is* an answer, so a bad one
rejects the row.

The same questionnaire (patient, instrument, completion time) in a wide and a long export is
kept from the file that comes first; the other file's rows are removed as overlapping.

Examples
--------
>>> episodes = pd.DataFrame({"patient_id": ["12"], "episode_id": ["12-20260105"],
...     "start_date": pd.to_datetime(["2026-01-05"]), "end_date": pd.NaT})
>>> wide = pd.DataFrame({"_file": 0, "source_row": [2, 3],
...     "patient_id": ["12", "12"], "instrument": ["Oswestry", "Tampa-schaal"],
...     "timepoint": ["intake", "Intake"], "completed_at": ["05-01-2026 09:00", "05-01-2026"],
...     "v1": ["2/3", "1"], "v2": ["7", None], "v11": ["1", None]})
>>> items, problems = clean_questionnaires(wide, pd.DataFrame(), episodes,
...     as_of=pd.Timestamp("2026-10-31"), sources=["q.csv"])
>>> items[["source_row", "instrument", "item", "response"]].values.tolist()
[[2, 'ODI', 1, 3.0], [3, 'TSK17', 1, 1.0]]
>>> problems[["source_row", "field", "reason_code", "action"]].values.tolist()
[[2, 'v11', 'invalid_item', 'cleared_value'], [2, 'v2', 'out_of_range', 'cleared_value']]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from beyou_analytics.clean import quarantine as q
from beyou_analytics.clean.checkins import future_check
from beyou_analytics.clean.columns import (
    ITEM_COLUMNS,
    QUESTIONNAIRES_LONG,
    QUESTIONNAIRES_WIDE,
    ExportKind,
)
from beyou_analytics.clean.episodes import assign_episodes, date_checks, key_parts, patient_checks
from beyou_analytics.clean.quarantine import Check
from beyou_analytics.clean.values import (
    TIMEPOINT,
    invalid,
    map_words,
    parse_dates,
    parse_numbers,
    parse_yes_no,
)
from beyou_analytics.errors import Action, Reason
from beyou_analytics.instruments import alias_table, fold_name, iter_instruments
from beyou_analytics.privacy import normalise_patient_id
from beyou_analytics.schema import DATE

DOUBLE_TICK = ("ODI",)  # instruments.md, ODI: two boxes ticked -> the higher
_DOUBLE_TICK = r"^(?P<a>[0-9])\s*(?:/|,|;|\+|&|en|of|and|or)\s*(?P<b>[0-9])$"
ADMIN_KEY = ["_k_patient", "_k_patient_raw", "_k_when", "_k_when_raw", "_k_instr",
             "_k_instr_raw"]


@dataclass(frozen=True)
class _ItemSpecs:
    """Per instrument (row) and item number (column, 0 unused): what an answer may be."""

    codes: tuple[str, ...]
    n_items: np.ndarray
    low: np.ndarray
    high: np.ndarray
    yes_no: np.ndarray
    expected: np.ndarray


@cache
def _specs() -> _ItemSpecs:
    instruments = list(iter_instruments())
    width = len(ITEM_COLUMNS) + 1
    shape = (len(instruments), width)
    low, high = np.full(shape, np.nan), np.full(shape, np.nan)
    yes_no = np.zeros(shape, bool)
    expected = np.full(shape, "", dtype=object)
    for row, inst in enumerate(instruments):
        for item in inst.items:
            low[row, item], high[row, item] = inst.item_range(item)
            yes_no[row, item] = item in inst.yes_no_items
            expected[row, item] = ("ja or nee" if yes_no[row, item] else
                                   f"a whole number from {low[row, item]:g} to "
                                   f"{high[row, item]:g}")
    return _ItemSpecs(tuple(i.code for i in instruments),
                      np.array([i.n_items for i in instruments]), low, high, yes_no, expected)


def instrument_codes(names: pd.Series) -> pd.Series:
    """Registry codes for instrument names (code, name or alias; folded); NaN when unknown.

    Examples
    --------
    >>> instrument_codes(pd.Series(["tsk-17", "Örebro", "Pijnscore", "SF-36", None])).tolist()
    ['TSK17', 'OMPSQ10', 'NPRS', nan, nan]
    """
    aliases = alias_table()
    codes, uniques = pd.factorize(names)
    lookup = np.array([*(aliases.get(fold_name(u)) for u in uniques), None], dtype=object)
    return pd.Series(lookup[codes], index=names.index, dtype="str", name=names.name)


def clean_questionnaires(
    wide: pd.DataFrame,
    long: pd.DataFrame,
    episodes: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    sources: Sequence[str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``questionnaire_items`` table (plus ``_file``/``source_row``) and quarantine rows.

    ``wide`` and ``long`` hold the questionnaire exports' text columns
    (``clean.columns.QUESTIONNAIRES_WIDE`` / ``QUESTIONNAIRES_LONG``) with ``_file`` and
    ``source_row``; either may be empty. ``episodes`` is the cleaned episodes table. The
    items come sorted by patient number, instrument, completion time and item.
    """
    wide = _parsed(QUESTIONNAIRES_WIDE.complete(_framed(wide)).reset_index(drop=True))
    long = _parsed(QUESTIONNAIRES_LONG.complete(_framed(long)).reset_index(drop=True))
    item_no = parse_numbers(long["item"])
    long = long.assign(_item=item_no, **key_parts(item_no, long["item"], "item"))

    # Masks all along: the rows of millions of items are taken once, at the end.
    keep_w, found_w = _unique_rows(wide, ADMIN_KEY, QUESTIONNAIRES_WIDE, sources,
                                   "questionnaire")
    item_key = [*ADMIN_KEY, "_k_item", "_k_item_raw"]
    keep_l, found_l = _unique_rows(long, item_key, QUESTIONNAIRES_LONG, sources,
                                   "questionnaire item")
    over_w, over_l, found_over = _across_forms(wide, keep_w, long, keep_l, sources)
    keep_w &= ~over_w
    keep_l &= ~over_l
    episode_w, checks = _placement(wide, episodes, as_of=as_of)
    rejected_w, found_rw = q.failures(wide, checks, among=keep_w)
    episode_l, checks = _placement(long, episodes, as_of=as_of)
    rejected_l, found_rl = q.failures(long, checks, among=keep_l)
    keep_w &= ~rejected_w
    keep_l &= ~rejected_l

    pos_w, item_w, value_w, found_iw = _wide_answers(wide, keep_w)
    pos_l, item_l, value_l, found_il = _long_answers(long, keep_l)
    rows = _row_table(wide, episode_w, long, episode_l)
    items = _sorted_items(rows, np.concatenate([pos_w, pos_l + len(wide)]),
                          np.concatenate([item_w, item_l]), np.concatenate([value_w, value_l]))
    found_tp = _timepoints(rows, np.concatenate([keep_w, keep_l]))
    return items, q.combine([found_w, found_l, found_over, found_rw, found_rl, found_iw,
                             found_il, found_tp])


def _framed(frame: pd.DataFrame) -> pd.DataFrame:
    if q.FILE in frame:
        return frame
    return pd.DataFrame({q.FILE: pd.Series(dtype="int64"), q.ROW: pd.Series(dtype="int64")})


def _parsed(raw: pd.DataFrame) -> pd.DataFrame:
    patient = normalise_patient_id(raw["patient_id"])
    when = parse_dates(raw["completed_at"])
    code = instrument_codes(raw["instrument"])
    return raw.assign(
        _patient=patient, _when=when, _code=code,
        **key_parts(patient, raw["patient_id"], "patient"),
        **key_parts(when, raw["completed_at"], "when"),
        **key_parts(code, raw["instrument"], "instr"),
    )


def _unique_rows(
    frame: pd.DataFrame, key: list[str], kind: ExportKind, sources: Sequence[str], label: str
) -> tuple[np.ndarray, pd.DataFrame]:
    """Rows kept after removing copies; the same key twice in a file keeps the first."""
    keep, conflict, found_dup = q.duplicates(
        frame, content=list(kind.value_columns), key=key, label=label, sources=sources)
    lost, found_conflict = q.conflicts(frame, conflict, key, keep="first", label=label)
    return keep & ~lost, q.combine([found_dup, found_conflict])


def _across_forms(
    wide: pd.DataFrame, keep_w: np.ndarray, long: pd.DataFrame, keep_l: np.ndarray,
    sources: Sequence[str],
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """A questionnaire in both a wide and a long export is kept from the earlier file."""
    key = ["_patient", "_when", "_code"]
    over_w, over_l = np.zeros(len(wide), bool), np.zeros(len(long), bool)
    if not keep_w.any() or not keep_l.any():
        return over_w, over_l, q.empty()
    columns = [*key, q.FILE, q.ROW]
    both = pd.concat([wide.loc[keep_w, columns], long.loc[keep_l, columns]])
    form = np.repeat([0, 1], [int(keep_w.sum()), int(keep_l.sum())])
    valid = both[key].notna().all(axis=1).to_numpy()
    admin = np.where(valid, both.groupby(key, sort=False, dropna=False).ngroup(), -1)
    n = int(admin.max()) + 1 if len(admin) else 0
    first = np.full((2, n + 1), np.iinfo(np.int64).max)
    np.minimum.at(first, (form, np.where(valid, admin, n)), both[q.FILE].to_numpy())
    other = first[1 - form, np.where(valid, admin, n)]
    later = valid & (other < both[q.FILE].to_numpy())
    rows = both.loc[later].reset_index(drop=True)
    where = np.flatnonzero(later)
    sentence = "the same questionnaire is already in " + q.labels(other[where], sources)
    found = q.problems(rows, Action.REMOVED_DUPLICATE,
                       Check(later[later], Reason.OVERLAPPING_EXPORT, None, sentence))
    over_w[np.flatnonzero(keep_w)[later[form == 0]]] = True
    over_l[np.flatnonzero(keep_l)[later[form == 1]]] = True
    return over_w, over_l, found


def _placement(
    frame: pd.DataFrame, episodes: pd.DataFrame, *, as_of: pd.Timestamp
) -> tuple[pd.Series, list[Check]]:
    """Each row's episode, and why a row cannot be placed: patient, date, instrument,
    episode (in that order)."""
    episode, unknown, outside = assign_episodes(frame["_patient"], frame["_when"], episodes,
                                                as_of=as_of)
    known = ", ".join(_specs().codes)
    return episode, [
        *patient_checks(frame["patient_id"], frame["_patient"]),
        *date_checks(frame["completed_at"], frame["_when"], "completed_at"),
        future_check(frame["completed_at"], frame["_when"], as_of=as_of, field="completed_at"),
        Check(frame["instrument"].isna().to_numpy(), Reason.MISSING_INSTRUMENT, "instrument",
              "no questionnaire name"),
        Check(invalid(frame["instrument"], frame["_code"]), Reason.UNKNOWN_INSTRUMENT,
              "instrument", q.got(frame["instrument"], f"one of {known} (or a known name)"),
              frame["instrument"]),
        Check(unknown, Reason.UNKNOWN_PATIENT, "patient_id",
              "this patient number is in no episodes export", frame["_patient"]),
        Check(outside, Reason.OUTSIDE_EPISODE, "completed_at",
              "not within 14 days of an episode of this patient", frame["completed_at"]),
    ]


def instrument_index(codes: pd.Series) -> np.ndarray:
    """Position of each registry code in the registry (-1 when missing).

    Examples
    --------
    >>> instrument_index(pd.Series(["NPRS", "GPE", None])).tolist()
    [0, 14, -1]
    """
    lookup = {c: i for i, c in enumerate(_specs().codes)}
    found, uniques = pd.factorize(codes)
    table = np.array([*(lookup[u] for u in uniques), -1], dtype=np.int64)
    return table[found]


def responses(
    inst: np.ndarray, item: np.ndarray, answer: pd.Series, *, item_text: pd.Series | None = None
) -> tuple[np.ndarray, list[Check]]:
    """Each answer as coded on the form (float), and checks naming the bad ones.

    ``inst`` are registry positions (``instrument_index``; -1 unknown), ``item`` 1-based
    item numbers (0 when unreadable), ``answer`` the text; ``item_text`` is the item as
    typed, for messages.

    Examples
    --------
    >>> values, checks = responses(instrument_index(pd.Series(["ODI", "RMDQ", "ODI", "PCS"])),
    ...     np.array([1, 3, 2, 14]), pd.Series(["2/3", "Ja", "6", "1"]))
    >>> values.tolist(), [(c.reason.value, c.mask.tolist()) for c in checks if c.mask.any()]
    ([3.0, 1.0, nan, nan], [('invalid_item', [False, False, False, True]), \
('out_of_range', [False, False, True, False])])
    """
    specs = _specs()
    if item_text is None:
        item_text = pd.Series(item, index=answer.index).astype("str")
    known = inst >= 0
    inst = np.where(known, inst, 0)
    in_items = known & (item >= 1) & (item <= specs.n_items[inst])
    slot = np.where(in_items, item, 0).astype(int)
    yes_no = specs.yes_no[inst, slot] & in_items
    numbers = parse_numbers(answer).to_numpy(copy=True)
    if yes_no.any():
        words = parse_yes_no(answer.loc[yes_no]).astype("float").to_numpy()
        numbers[yes_no] = words
    ticked = [specs.codes.index(c) for c in DOUBLE_TICK]
    double = np.isin(inst, ticked) & known & np.isnan(numbers) & in_items
    if double.any():
        ticks = pc.extract_regex(pa.array(answer.loc[double].str.strip().str.lower()),
                                 _DOUBLE_TICK)
        both = [pc.cast(pc.struct_field(ticks, [i]), pa.float64()) for i in (0, 1)]
        numbers[double] = pc.max_element_wise(*both).to_numpy(zero_copy_only=False)
    low, high = specs.low[inst, slot], specs.high[inst, slot]
    with np.errstate(invalid="ignore"):
        fits = (numbers >= low) & (numbers <= high) & (numbers % 1 == 0)
    position = answer.index.get_indexer

    def wrong_answer(index: pd.Index) -> pd.Series:
        at = position(index)
        expected = pd.Series(specs.expected[inst[at], slot[at]], index=index, dtype="str")
        return "got '" + q.shown(answer.loc[index]) + "', expected " + expected

    def not_an_item(index: pd.Index) -> pd.Series:
        n_items = pd.Series(specs.n_items[inst[position(index)]].astype(str), index=index,
                            dtype="str")
        return ("item '" + q.shown(item_text.loc[index])
                + "' is not an item of this questionnaire (it has " + n_items + " items)")

    not_read = in_items & np.isnan(numbers)
    checks = [
        Check(~in_items, Reason.INVALID_ITEM, None, not_an_item, answer),
        Check(not_read & yes_no, Reason.INVALID_YES_NO, None,
              q.got(answer, "ja or nee (yes/no, 1/0)"), answer),
        Check(not_read & ~yes_no, Reason.NOT_A_NUMBER, None, wrong_answer, answer),
        Check(in_items & ~np.isnan(numbers) & ~fits, Reason.OUT_OF_RANGE, None, wrong_answer,
              answer),
    ]
    good = in_items & fits
    return np.where(good, numbers, np.nan), checks


def _wide_answers(
    frame: pd.DataFrame, keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.DataFrame]:
    """The valid answers of the kept questionnaires (row position, item, value); bad answers
    cleared; a questionnaire without any valid answer rejected."""
    positions, numbers, answers = [], [], []
    keep_arrow = pa.array(keep)
    for number, column in enumerate(ITEM_COLUMNS, start=1):
        text = pa.array(frame[column], type=pa.large_string(), from_pandas=True)
        given = pc.and_(pc.is_valid(text), keep_arrow)
        positions.append(np.flatnonzero(given.to_numpy(zero_copy_only=False)))
        numbers.append(np.full(len(positions[-1]), number, dtype=np.int64))
        answers.append(text.filter(given))
    pos, item = np.concatenate(positions), np.concatenate(numbers)
    answer = pd.Series(pd.arrays.ArrowStringArray(
        pa.chunked_array(answers, type=pa.large_string())))
    values, checks = responses(instrument_index(frame["_code"])[pos], item, answer)
    rows = pd.DataFrame({q.FILE: frame[q.FILE].to_numpy()[pos],
                         q.ROW: frame[q.ROW].to_numpy()[pos]})

    def field(index: pd.Index) -> pd.Series:
        return "v" + pd.Series(item[index], index=index).astype("str")

    found = [
        q.problems(rows.loc[c.mask], Action.CLEARED_VALUE,
                   Check(c.mask, c.reason, field, c.sentence, c.value))
        for c in checks if c.mask.any()
    ]
    stored = ~np.isnan(values)
    answered = np.zeros(len(frame), bool)
    answered[pos[stored]] = True
    empty = keep & ~answered
    n_given = frame.loc[empty, list(ITEM_COLUMNS)].notna().sum(axis=1)
    sentence = pd.Series("no question answered", index=n_given.index, dtype="str").where(
        n_given == 0, "no valid answer (" + n_given.astype("str") + " given, all cleared)")
    found.append(q.problems(frame.loc[empty, [q.FILE, q.ROW]], Action.REJECTED_ROW, Check(
        empty[empty], Reason.NO_ITEMS_ANSWERED, None, sentence)))
    pos, item, values = pos[stored], item[stored], values[stored]
    # Answers were gathered item by item; put them row by row (then item) for the store.
    row_major = _row_major(pos, len(frame))
    return pos[row_major], item[row_major], values[row_major], q.combine(found)


def _row_major(pos: np.ndarray, n_rows: int) -> np.ndarray:
    """The order that groups ``pos`` by row, keeping the given order within a row.

    ``pos`` is made of runs (one per item) that each visit rows in increasing order, so a
    counting sort does it in linear time.

    Examples
    --------
    >>> _row_major(np.array([0, 2, 0, 1, 2]), 3).tolist()
    [0, 2, 3, 1, 4]
    """
    if not len(pos):
        return np.zeros(0, dtype=np.int64)
    counts = np.bincount(pos, minlength=n_rows)
    start = np.concatenate(([0], np.cumsum(counts)[:-1]))
    order = np.empty(len(pos), dtype=np.int64)
    # Rank of each element among the elements of its row, in the given order.
    seen = np.zeros(n_rows, dtype=np.int64)
    runs = np.flatnonzero(np.diff(pos, prepend=np.iinfo(np.int64).max) <= 0)
    for begin, end in zip(runs, [*runs[1:], len(pos)], strict=True):
        rows = pos[begin:end]
        order[start[rows] + seen[rows]] = np.arange(begin, end)
        seen[rows] += 1
    return order


def _long_answers(
    frame: pd.DataFrame, keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.DataFrame]:
    """Each kept long-form row as an answer; a row without a valid answer is rejected."""
    kept = np.flatnonzero(keep)
    rows = frame[[q.FILE, q.ROW, "_code", "_item", "item", "answer"]].iloc[kept]
    item = rows["_item"].to_numpy(dtype=float, na_value=np.nan)
    whole = np.where(~np.isnan(item) & (item % 1 == 0), item, 0).astype(np.int64)
    values, checks = responses(instrument_index(rows["_code"]), whole, rows["answer"],
                               item_text=rows["item"])
    rejected, found = q.failures(rows, [
        Check(rows["item"].isna().to_numpy(), Reason.INVALID_ITEM, "item", "no item number"),
        Check(rows["answer"].isna().to_numpy(), Reason.NO_ITEMS_ANSWERED, "answer",
              "no answer given"),
        *(
            Check(c.mask, c.reason, "item", c.sentence, rows["item"])
            if c.reason == Reason.INVALID_ITEM else
            Check(c.mask, c.reason, "answer", c.sentence, c.value)
            for c in checks
        ),
    ])
    return kept[~rejected], whole[~rejected], values[~rejected], found


def _row_table(
    wide: pd.DataFrame, episode_w: pd.Series, long: pd.DataFrame, episode_l: pd.Series
) -> pd.DataFrame:
    """Wide rows then long rows, with what an item takes from its row; the timepoint of a
    long-form questionnaire is the first any of its rows gives."""
    columns = ["_patient", "_code", "_when", "timepoint", q.FILE, q.ROW]
    rows = pd.concat([
        wide[columns].assign(_episode=episode_w, _long=False),
        long[columns].assign(_episode=episode_l, _long=True),
    ], ignore_index=True)
    timepoint = map_words(rows["timepoint"], TIMEPOINT)
    is_long = rows["_long"].to_numpy()
    if is_long.any():
        admin = rows.loc[is_long].groupby(["_patient", "_code", "_when"], sort=False,
                                          dropna=False)
        first = timepoint[is_long].groupby(admin.ngroup().to_numpy()).transform("first")
        timepoint = timepoint.mask(is_long, pd.Series(first.to_numpy(), index=first.index))
    return rows.assign(_timepoint=timepoint)


def _sorted_items(
    rows: pd.DataFrame, pos: np.ndarray, item: np.ndarray, values: np.ndarray
) -> pd.DataFrame:
    """The items table in store order: patient number, instrument, time, item.

    ``pos`` (into ``rows``) comes grouped by row and by item within a row, so sorting the
    rows and laying out each row's run of items gives the order without sorting millions.
    A long-form row holds one item, which also ranks it among rows of its questionnaire.
    """
    patient = rows["_patient"]
    first_item = np.zeros(len(rows), dtype=np.int64)
    first_item[pos[::-1]] = item[::-1]
    row_order = np.lexsort((
        first_item,
        rows["_when"].to_numpy().view(np.int64),
        pd.factorize(rows["_code"], sort=True)[0],
        pd.factorize(patient, sort=True)[0],
        patient.str.len().to_numpy(dtype=np.int64, na_value=0),
    ))
    counts = np.bincount(pos, minlength=len(rows))
    start = np.concatenate(([0], np.cumsum(counts)[:-1]))
    sizes = counts[row_order]
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    order = np.repeat(start[row_order] - offsets, sizes) + np.arange(len(pos))
    at = pos[order]

    def take(column: str) -> pd.Series:
        return rows[column].take(at).reset_index(drop=True)

    return pd.DataFrame({
        q.FILE: rows[q.FILE].to_numpy()[at],
        q.ROW: rows[q.ROW].to_numpy()[at],
        "patient_id": take("_patient"),
        "episode_id": take("_episode"),
        "instrument": take("_code"),
        "completed_at": take("_when").astype(DATE),
        "timepoint": take("_timepoint"),
        "item": pd.array(item[order], dtype="Int64"),
        "response": values[order].astype(float),
    })


def _timepoints(rows: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """An unknown Meetmoment of a stored questionnaire is cleared (``invalid_category``)."""
    bad = keep & invalid(rows["timepoint"], rows["_timepoint"])
    if not bad.any():
        return q.empty()
    return q.problems(rows.loc[bad, [q.FILE, q.ROW]], Action.CLEARED_VALUE, Check(
        bad, Reason.INVALID_CATEGORY, "timepoint",
        q.got(rows["timepoint"], "intake, tussentijds or eind"), rows["timepoint"]))
