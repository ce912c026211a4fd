"""The messiness of real exports (data contract §2), as a table: artefact -> rate -> function.

Each ``Artefact`` touches a small share of one export's rows (``rate``, at least ``minimum``
rows so a small sample still shows it), chosen from the rows it applies to (``eligible``) and
never a row another artefact already touched. Functions work on a ``Table`` (the text table
of ``render`` as numpy columns, cheap to change cell by cell) and either change cells in the
chosen rows or append new rows (duplicates, second check-ins of a day, unknown patients or
instruments). Touched rows are marked in the helper column ``_artefact``; the counts go into
the summary, never into an export.

File-level artefacts (header variants, blank lines, trailing separators, an extra column,
an extra sheet, overlapping exports) are part of the file layout in ``exports``.

Examples
--------
>>> sorted({a.export for a in ARTEFACTS})
['checkins', 'episodes', 'questionnaires']
>>> all(0 < a.rate <= 0.02 for a in ARTEFACTS)
True
>>> [allowed_missing(code) for code in ("TSK17", "ODI", "SBST", "PSK")]
[1, 2, 0, None]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from beyou_analytics.instruments import get_instrument, instrument_codes
from beyou_analytics.schema import CHECKIN_MEASURES
from beyou_analytics.synth import vocab
from beyou_analytics.synth.formats import DATE_LAYOUTS
from beyou_analytics.synth.questionnaires import ITEM_COLUMNS
from beyou_analytics.synth.render import PATIENT
from beyou_analytics.synth.table import Table

SCORES = tuple(m.export for m in CHECKIN_MEASURES if m.kind == "score")
YES_NO = next(m.export for m in CHECKIN_MEASURES if m.kind == "yes_no")
MEASURES = tuple(m.export for m in CHECKIN_MEASURES)
NUMERIC_ITEMS = {c: [i for i in get_instrument(c).items if i not in get_instrument(c).yes_no_items]
                 for c in instrument_codes()}
HAS_NUMERIC_ITEMS = [c for c, items in NUMERIC_ITEMS.items() if items]


def allowed_missing(code: str) -> int | None:
    """Items that may be missing with the total still scored (None: no item-count rule)."""
    inst = get_instrument(code)
    total = inst.scale("total")
    if inst.n_items == 1 or total.method == "mean_of_answered":
        return None
    if total.min_answered is not None:
        return inst.n_items - total.min_answered
    return total.max_missing


@dataclass(frozen=True)
class Context:
    """What artefact functions may use besides the table: the date, strangers, randomness."""

    as_of: pd.Timestamp
    strangers: pd.DataFrame  # people unknown to the episodes export
    rng: np.random.Generator


@dataclass(frozen=True)
class Artefact:
    """One kind of mess: where, how often, how, and the contract item it exercises."""

    name: str
    export: str
    rate: float
    minimum: int
    apply: Callable[[Table, np.ndarray, Context], Table]
    contract: str
    eligible: Callable[[Table], np.ndarray] | None = None


def _appended(table: Table, new: Table, name: str) -> Table:
    new["_artefact"][:] = name
    return table.append(new)


def _answered(table: Table) -> np.ndarray:
    return np.column_stack([table[c] != "" for c in ITEM_COLUMNS])


def _by_column(table: Table, rows: np.ndarray, columns: np.ndarray, values: np.ndarray) -> None:
    for column in np.unique(columns):
        at = columns == column
        table[column][rows[at]] = values[at]


# --- artefacts shared by the CSV exports -------------------------------------------------

def duplicate(table, rows, ctx):
    """Exact duplicate rows, as a re-export leaves them."""
    return _appended(table, table.take(rows), "exact_duplicate")


def future_date(table, rows, ctx):
    """A date after the export date (a phone's wrong clock)."""
    minutes = table["_when"][rows].astype("datetime64[m]").astype(np.int64) % 1440
    days = ctx.rng.integers(2, 120, len(rows))
    base = np.datetime64(ctx.as_of.normalize(), "m")
    table["_when"][rows] = base + (days * 1440 + minutes).astype("timedelta64[m]")
    return table


def patient_number_variant(table, rows, ctx):
    """The patient number with spaces, leading zeros or a P-/p prefix."""
    styles = (" P-00{}", "p{}", "00{}", " {} ", "P-{}", "P-0{}", "{}  ")
    pick = ctx.rng.integers(0, len(styles), len(rows))
    table[PATIENT][rows] = [styles[k].format(n)
                            for k, n in zip(pick, table["_patient"][rows], strict=True)]
    return table


def date_layout_variant(table, rows, ctx):
    """Another day-first layout (manual corrections, another export setting)."""
    base = table["_layout"][0]
    table["_layout"][rows] = ctx.rng.choice([k for k in DATE_LAYOUTS if k != base], len(rows))
    return table


def unknown_patient(table, rows, ctx):
    """Rows of people the episodes export does not know (another location, a relative)."""
    new = table.take(rows)
    people = max(1, min(len(ctx.strangers), len(rows) // 3))
    who = ctx.strangers.iloc[np.arange(len(rows)) % people]
    new["_patient"] = who["patient_number"].to_numpy()
    new[PATIENT] = who["patient_number"].astype(str).to_numpy(dtype=object)
    for column, source in (("Naam", "name"), ("E-mail", "email"), ("Telefoon", "phone")):
        if column in new:
            new[column] = who[source].to_numpy(dtype=object)
    return _appended(table, new, "unknown_patient")


# --- check-ins ---------------------------------------------------------------------------

def same_day_checkin(table, rows, ctx):
    """A second check-in on the same day with slightly different answers."""
    new = table.take(rows)
    when = new["_when"].astype("datetime64[m]")
    minute = when.astype(np.int64) % 1440
    shift = ctx.rng.integers(45, 300, len(rows))
    shift = np.where(minute + shift < 1440, shift, -np.minimum(shift, minute))
    new["_when"] = (when + shift.astype("timedelta64[m]")).astype(table["_when"].dtype)
    for column in SCORES:
        text = new[column]
        ok = np.array([t.isdigit() for t in text], dtype=bool)
        value = np.array([int(t) if ok[k] else 0 for k, t in enumerate(text)])
        moved = np.clip(value + ctx.rng.integers(-1, 2, len(rows)), 0, 10).astype(str)
        new[column] = np.where(ok, moved.astype(object), text)
    return _appended(table, new, "same_day_checkin")


def checkin_out_of_range(table, rows, ctx):
    """A value outside its range (``11``, ``-1``; 25 hours of sleep, 1500 minutes)."""
    columns = ctx.rng.choice([*SCORES, "Slaapuren", "Beweegminuten"], len(rows))
    values = np.array(["11", "-1", "12"], dtype=object)[np.arange(len(rows)) % 3]
    values = np.where(columns == "Slaapuren", "25", np.where(columns == "Beweegminuten", "1500",
                                                               values)).astype(object)
    _by_column(table, rows, columns, values)
    return table


def checkin_not_a_number(table, rows, ctx):
    """A non-numeric answer (``n.v.t.``, ``?``, ``—``)."""
    _by_column(table, rows, ctx.rng.choice(MEASURES, len(rows)),
               ctx.rng.choice(np.array(vocab.NOT_A_NUMBER, dtype=object), len(rows)))
    return table


def yes_no_spelling(table, rows, ctx):
    """Other spellings of yes/no for "Oefeningen gedaan" (older app versions)."""
    style = ctx.rng.integers(0, len(vocab.CHECKIN_YES_NO_VARIANTS), len(rows))
    table[YES_NO][rows] = [vocab.CHECKIN_YES_NO_VARIANTS[s][0 if t == "ja" else 1]
                           for s, t in zip(style, table[YES_NO][rows], strict=True)]
    return table


# --- questionnaires ----------------------------------------------------------------------

def _blank_items(table, rows, ctx, how_many: Callable[[str, int], tuple[int, int]]):
    answered = _answered(table)
    for row in rows:
        code = table["_code"][row]
        cols = np.flatnonzero(answered[row])
        lo, hi = how_many(code, int(get_instrument(code).n_items - len(cols)))
        k = min(int(ctx.rng.integers(lo, hi + 1)), len(cols) - 1)
        for c in ctx.rng.choice(cols, k, replace=False):
            table[ITEM_COLUMNS[c]][row] = ""
    return table


def missing_within_rule(table, rows, ctx):
    """Items left blank, few enough for the instrument's missing-item rule to still score."""
    return _blank_items(table, rows, ctx,
                        lambda code, missing: (1, max(1, allowed_missing(code) - missing)))


def missing_beyond_rule(table, rows, ctx):
    """More blank items than the instrument's missing-item rule allows."""
    return _blank_items(table, rows, ctx, lambda code, missing: (
        allowed_missing(code) + 1 - missing, allowed_missing(code) + 3 - missing))


def _rule(table):
    """Per row: has an item-count rule, room left within it, items answered."""
    codes = pd.Series(table["_code"])
    allowed = codes.map({c: allowed_missing(c) for c in instrument_codes()}).astype(float)
    n_items = codes.map({c: get_instrument(c).n_items for c in instrument_codes()}).fillna(0)
    answered = _answered(table).sum(axis=1)
    room = allowed.fillna(0).to_numpy() - n_items.to_numpy() + answered
    return allowed.notna().to_numpy(), room, answered


def _within_ok(table):
    rule, room, answered = _rule(table)
    return rule & (room >= 1) & (answered > 2)


def _beyond_ok(table):
    rule, _, answered = _rule(table)
    return rule & (answered > 2)


def odi_two_boxes(table, rows, ctx):
    """An ODI section with two boxes ticked, exported as ``2/3``."""
    for row in rows:
        cols = [c for c in ITEM_COLUMNS[:10] if table[c][row] not in ("", "5")]
        if cols:  # else every section is at its maximum: nothing to tick next to it
            col = cols[int(ctx.rng.integers(0, len(cols)))]
            value = int(table[col][row])
            table[col][row] = f"{value}/{value + 1}"
    return table


def _item_cells(table, rows, ctx):
    """One answered numeric item per row: (row, column name, code, item number)."""
    for row in rows:
        code = table["_code"][row]
        items = [i for i in NUMERIC_ITEMS[code] if table[ITEM_COLUMNS[i - 1]][row] != ""]
        item = items[int(ctx.rng.integers(0, len(items)))]
        yield row, ITEM_COLUMNS[item - 1], code, item


def item_out_of_range(table, rows, ctx):
    """An answer outside the item's range (TSK ``5``, NPRS ``11``, ``-1``)."""
    for k, (row, col, code, item) in enumerate(_item_cells(table, rows, ctx)):
        lo, hi = get_instrument(code).item_range(item)
        table[col][row] = str(int(hi + 1 if k % 2 == 0 else lo - 1))
    return table


def item_not_a_number(table, rows, ctx):
    """A non-numeric answer in an item (``n.v.t.``, ``?``, ``—``)."""
    for row, col, _, _ in _item_cells(table, rows, ctx):
        table[col][row] = vocab.NOT_A_NUMBER[int(ctx.rng.integers(0, len(vocab.NOT_A_NUMBER)))]
    return table


def unknown_instrument(table, rows, ctx):
    """Questionnaires the library does not score (PSQI, EQ-5D-5L, HADS, ...)."""
    new = table.take(rows)
    which = ctx.rng.integers(0, len(vocab.UNKNOWN_INSTRUMENTS), len(rows))
    for k, (name, n_items, lo, hi) in enumerate(vocab.UNKNOWN_INSTRUMENTS[w] for w in which):
        answers = ctx.rng.integers(lo, hi + 1, n_items)
        for i, column in enumerate(ITEM_COLUMNS):
            new[column][k] = str(answers[i]) if i < n_items else ""
        new["Vragenlijst"][k] = name
    new["_code"][:] = ""
    new["_when"] = new["_when"] + np.timedelta64(7, "m")
    return _appended(table, new, "unknown_instrument")


# --- episodes (spreadsheet cells) --------------------------------------------------------

def date_as_text(table, rows, ctx):
    """A date typed as text instead of a date cell (``7-3-2026``, ``07-03-2026``)."""
    columns = ctx.rng.choice(["Startdatum", "Geboortedatum"], len(rows))
    for k, (row, column) in enumerate(zip(rows, columns, strict=True)):
        value = table[column][row]
        table[column][row] = (f"{value.day}-{value.month}-{value.year}" if k % 2
                              else f"{value:%d-%m-%Y}")
    return table


def _is(code: str):
    return lambda table: table["_code"] == code


def _scored(table):
    return table["_code"] != ""


def _has_numeric_items(table):
    return np.isin(table["_code"], HAS_NUMERIC_ITEMS)


ARTEFACTS: tuple[Artefact, ...] = (
    # check-ins
    Artefact("exact_duplicate", "checkins", 0.004, 2, duplicate, "exact duplicate rows"),
    Artefact("same_day_checkin", "checkins", 0.004, 2, same_day_checkin,
             "two check-ins of one patient on one day"),
    Artefact("out_of_range", "checkins", 0.003, 2, checkin_out_of_range, "values out of range"),
    Artefact("not_a_number", "checkins", 0.003, 2, checkin_not_a_number, "non-numeric answers"),
    Artefact("future_date", "checkins", 0.001, 1, future_date, "future dates",
             eligible=lambda t: t["_in_b"] & ~t["_in_a"]),  # only the newest export
    Artefact("unknown_patient", "checkins", 0.002, 3, unknown_patient,
             "patient numbers unknown to the episodes export"),
    Artefact("patient_number_variant", "checkins", 0.01, 3, patient_number_variant,
             "patient numbers with spaces, leading zeros, P-/p prefixes"),
    Artefact("date_layout_variant", "checkins", 0.01, 3, date_layout_variant,
             "day-first dates in several formats"),
    Artefact("yes_no_spelling", "checkins", 0.02, 3, yes_no_spelling,
             "yes/no as ja/nee, yes/no, j/n, 1/0, true/false, waar/onwaar",
             eligible=lambda t: t[YES_NO] != ""),
    # questionnaires (wide)
    Artefact("exact_duplicate", "questionnaires", 0.003, 2, duplicate, "exact duplicate rows"),
    Artefact("missing_items_within_rule", "questionnaires", 0.02, 3, missing_within_rule,
             "missing items the instrument's rule still scores", eligible=_within_ok),
    Artefact("missing_items_beyond_rule", "questionnaires", 0.01, 3, missing_beyond_rule,
             "more missing items than the instrument's rule allows", eligible=_beyond_ok),
    Artefact("odi_two_boxes", "questionnaires", 0.002, 1, odi_two_boxes,
             "an ODI section with two boxes ticked", eligible=_is("ODI")),
    Artefact("out_of_range", "questionnaires", 0.003, 2, item_out_of_range,
             "values out of range", eligible=_has_numeric_items),
    Artefact("not_a_number", "questionnaires", 0.003, 2, item_not_a_number,
             "non-numeric answers", eligible=_has_numeric_items),
    Artefact("unknown_instrument", "questionnaires", 0.003, 2, unknown_instrument,
             "an unknown instrument name", eligible=_scored),
    Artefact("future_date", "questionnaires", 0.001, 1, future_date, "future dates"),
    Artefact("unknown_patient", "questionnaires", 0.002, 2, unknown_patient,
             "patient numbers unknown to the episodes export"),
    Artefact("patient_number_variant", "questionnaires", 0.01, 3, patient_number_variant,
             "patient numbers with spaces, leading zeros, P-/p prefixes"),
    Artefact("date_layout_variant", "questionnaires", 0.01, 3, date_layout_variant,
             "day-first dates in several formats"),
    # episodes
    Artefact("patient_number_variant", "episodes", 0.02, 2, patient_number_variant,
             "patient numbers with spaces, leading zeros, P-/p prefixes"),
    Artefact("date_as_text", "episodes", 0.02, 2, date_as_text,
             "day-first dates in several formats"),
)


def apply_artefacts(data: Table, export: str, ctx: Context,
                    table: tuple[Artefact, ...] = ARTEFACTS) -> tuple[Table, dict[str, int]]:
    """Apply every artefact of ``export`` in table order (editing ``data`` in place and
    appending rows); return the resulting table and the count per artefact."""
    n_rows = data.n_rows
    used = np.zeros(n_rows, dtype=bool)
    counts: dict[str, int] = {}
    for artefact in (a for a in table if a.export == export):
        ok = ~used if artefact.eligible is None else artefact.eligible(data) & ~used
        candidates = np.flatnonzero(ok)
        k = min(len(candidates), max(artefact.minimum, round(artefact.rate * n_rows)))
        rows = np.sort(ctx.rng.choice(candidates, k, replace=False))
        used[rows] = True
        before = data.n_rows
        data = artefact.apply(data, rows, ctx)
        if data.n_rows == before:  # changed in place (appended rows carry their own tag)
            data["_artefact"][rows] = artefact.name
        used = np.concatenate([used, np.ones(data.n_rows - len(used), dtype=bool)])
        counts[artefact.name] = k
    return data, counts
