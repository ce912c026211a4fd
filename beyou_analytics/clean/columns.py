"""The columns of each export kind, as data: canonical names, header spellings, requirements.

A file's kind is recognised by its columns (data contract §1): headers are folded (case,
diacritics, spaces and punctuation removed) and looked up in the kind's column map. Only the
columns listed here are ever read, a whitelist, so names, e-mail, phone, BSN, address, free
text and unknown extra columns are dropped before any value is loaded (``privacy``). Column
names are never echoed in messages: a header row could be a row of data.

Examples
--------
>>> match = match_columns(["Patiëntnummer", "Naam", "datum ", "PIJN NU", "Extra"])
>>> match.kind.name, dict(match.columns)
('checkins', {0: 'patient_id', 2: 'date', 3: 'pain_now'})
>>> match_columns(["Naam", "Adres"]) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

import pandas as pd

from beyou_analytics.privacy import fold_header
from beyou_analytics.schema import CHECKIN_MEASURES

MAX_ITEMS = 25  # V1 ... V25 (data contract §1b)


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: its canonical name, its header and other spellings.

    ``sensitive`` values (the birth date, a raw patient number that might be a name) are
    never copied into the quarantine or a message.
    """

    name: str
    export: str
    aliases: tuple[str, ...] = ()
    sensitive: bool = False

    @cached_property
    def spellings(self) -> frozenset[str]:
        """Folded header spellings that mean this column."""
        return frozenset(fold_header(h) for h in (self.export, self.name, *self.aliases))


@dataclass(frozen=True)
class ExportKind:
    """An export kind: its columns, the ones it needs, and at least one of ``any_of``."""

    name: str
    label: str
    columns: tuple[ExportColumn, ...]
    required: tuple[str, ...]
    any_of: tuple[str, ...] = ()

    @cached_property
    def lookup(self) -> Mapping[str, str]:
        """Folded header -> canonical column name."""
        return {spelling: col.name for col in self.columns for spelling in col.spellings}

    def column(self, name: str) -> ExportColumn:
        """The column called ``name``."""
        return next(col for col in self.columns if col.name == name)

    @property
    def value_columns(self) -> tuple[str, ...]:
        """Canonical names of every column, in declaration order."""
        return tuple(col.name for col in self.columns)

    def complete(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with every column of this kind, absent ones as missing text.

        Examples
        --------
        >>> EPISODES.complete(pd.DataFrame({"patient_id": ["1"]}))["sex"].isna().all()
        np.True_
        """
        absent = {c: pd.Series(pd.NA, index=frame.index, dtype="str")
                  for c in self.value_columns if c not in frame}
        return frame.assign(**absent) if absent else frame


PATIENT = ExportColumn(
    "patient_id", "Patiëntnummer",
    ("Patiëntnr", "Patnr", "Patiënt-ID", "Patiënt", "Patient number", "Cliëntnummer",
     "Cliëntnr", "Patiëntennummer"),
    sensitive=True,
)

EPISODES = ExportKind(
    "episodes", "treatment episodes",
    (
        PATIENT,
        ExportColumn("birth_date", "Geboortedatum",
                     ("Geb. datum", "Date of birth", "Birth date", "DOB"), sensitive=True),
        ExportColumn("sex", "Geslacht", ("Gender", "M/V")),
        ExportColumn("therapist", "Therapeut", ("Behandelaar", "Fysiotherapeut")),
        ExportColumn("start_date", "Startdatum",
                     ("Begindatum", "Aanvangsdatum", "Start datum", "Start date", "Start")),
        ExportColumn("end_date", "Einddatum",
                     ("Afsluitdatum", "Eind datum", "End date", "Eind", "Einde")),
        ExportColumn("diagnosis_code", "Diagnosecode",
                     ("Diagnose", "DCSPH", "DCSPH-code", "Diagnosis code", "Diagnosis")),
        ExportColumn("referral", "Verwijzer", ("Verwijzing", "Verwezen door", "Referrer")),
        ExportColumn("n_sessions", "Aantal behandelingen",
                     ("Behandelingen", "Aantal sessies", "Sessies", "Sessions",
                      "Number of sessions")),
        ExportColumn("end_reason", "Reden einde",
                     ("Reden afsluiting", "Reden beëindiging", "Eindreden",
                      "Reason for ending")),
    ),
    required=("patient_id", "start_date"),
)

# Extra header spellings of check-in measures, beyond the export header, the store column
# and the Dutch and English labels that ``schema.CHECKIN_MEASURES`` already gives.
_MEASURE_ALIASES: Mapping[str, tuple[str, ...]] = {
    "pain_now": ("Pijn", "Pijnscore", "Huidige pijn"),
    "pain_worst_24h": ("Pijn ergste 24 uur", "Ergste pijn 24u", "Ergste pijn"),
    "sleep_quality": ("Kwaliteit slaap",),
    "sleep_hours": ("Uren geslapen", "Slaap uren"),
    "active_minutes": ("Minuten bewegen", "Beweegtijd"),
    "exercises_done": ("Oefeningen", "Huiswerkoefeningen gedaan"),
    "confidence": ("Invloed", "Ik heb invloed op mijn klachten"),
}

CHECKINS = ExportKind(
    "checkins", "check-ins",
    (
        PATIENT,
        ExportColumn("date", "Datum",
                     ("Datum/tijd", "Datum en tijd", "Datum check-in", "Date", "Date time")),
        *(
            ExportColumn(m.column, m.export,
                         (m.label_nl, m.label_en, *_MEASURE_ALIASES.get(m.column, ())))
            for m in CHECKIN_MEASURES
        ),
    ),
    required=("patient_id", "date"),
    any_of=tuple(m.column for m in CHECKIN_MEASURES),
)

_INSTRUMENT = ExportColumn("instrument", "Vragenlijst",
                           ("Questionnaire", "Instrument", "Meetinstrument", "Vragenlijstnaam"))
_TIMEPOINT = ExportColumn("timepoint", "Meetmoment", ("Moment", "Timepoint", "Time point"))
_COMPLETED = ExportColumn("completed_at", "Ingevuld op",
                          ("Ingevuld", "Datum ingevuld", "Invuldatum", "Datum", "Completed at",
                           "Completed", "Date"))
ITEM_COLUMNS = tuple(f"v{i}" for i in range(1, MAX_ITEMS + 1))

QUESTIONNAIRES_WIDE = ExportKind(
    "questionnaires_wide", "questionnaires (one row per questionnaire)",
    (
        PATIENT, _INSTRUMENT, _TIMEPOINT, _COMPLETED,
        *(
            ExportColumn(f"v{i}", f"V{i}", (f"Vraag {i}", f"Q{i}", f"Item {i}", f"Question {i}"))
            for i in range(1, MAX_ITEMS + 1)
        ),
    ),
    required=("patient_id", "instrument", "completed_at"),
    any_of=ITEM_COLUMNS,
)

QUESTIONNAIRES_LONG = ExportKind(
    "questionnaires_long", "questionnaires (one row per item)",
    (
        PATIENT, _INSTRUMENT, _TIMEPOINT, _COMPLETED,
        ExportColumn("item", "Item", ("Vraag", "Itemnummer", "Vraagnummer", "Question")),
        ExportColumn("answer", "Antwoord", ("Answer", "Response", "Waarde", "Value")),
    ),
    required=("patient_id", "instrument", "completed_at", "item", "answer"),
)

KINDS: Mapping[str, ExportKind] = MappingProxyType(
    {k.name: k for k in (EPISODES, CHECKINS, QUESTIONNAIRES_WIDE, QUESTIONNAIRES_LONG)}
)


@dataclass(frozen=True)
class ColumnMatch:
    """The kind a header row belongs to and which of its columns are read.

    ``columns`` maps the 0-based position of each whitelisted column to its canonical name;
    ``headers`` maps the canonical name back to the header as the file spells it (used in the
    quarantine's ``field``, which names the column the way the user sees it).
    """

    kind: ExportKind
    columns: Mapping[int, str]
    headers: Mapping[str, str]


class AmbiguousColumnsError(ValueError):
    """Two columns of a header row mean the same thing (the reader names the file)."""


def _match_kind(kind: ExportKind, folded: Sequence[str]) -> dict[int, str] | None:
    # An exact export header beats an alias: "Ingevuld op" wins over a second "Datum" column.
    ranks = {s: 1 for col in kind.columns for s in col.spellings}
    ranks.update({fold_header(col.export): 0 for col in kind.columns})
    lookup = kind.lookup
    chosen: dict[str, tuple[int, int]] = {}  # canonical -> (rank, position)
    for position, header in enumerate(folded):
        name = lookup.get(header)
        if name is None:
            continue
        rank = ranks[header]
        if name in chosen and chosen[name][0] == rank:
            raise AmbiguousColumnsError(
                f"columns {chosen[name][1] + 1} and {position + 1} both read as "
                f"'{kind.column(name).export}'; keep one of them"
            )
        if name not in chosen or rank < chosen[name][0]:
            chosen[name] = (rank, position)
    found = set(chosen)
    if not set(kind.required) <= found:
        return None
    if kind.any_of and not found & set(kind.any_of):
        return None
    return {position: name for name, (_, position) in sorted(chosen.items(), key=lambda x: x[1][1])}


def match_columns(headers: Sequence[object]) -> ColumnMatch | None:
    """The export kind whose columns ``headers`` has, or ``None`` when none fits.

    When several kinds fit, the one with the most recognised columns wins.

    Raises
    ------
    AmbiguousColumnsError
        When two columns of the only fitting kind mean the same thing, e.g. two date columns.
    """
    folded = [fold_header(h) for h in headers]
    best: tuple[int, ExportKind, dict[int, str]] | None = None
    problem: AmbiguousColumnsError | None = None
    for kind in KINDS.values():
        try:
            columns = _match_kind(kind, folded)
        except AmbiguousColumnsError as exc:
            problem = problem or exc
            continue
        if columns is not None and (best is None or len(columns) > best[0]):
            best = (len(columns), kind, columns)
    if best is None:
        if problem is not None:
            raise problem
        return None
    _, kind, columns = best
    original = {name: str(headers[pos]).strip() for pos, name in columns.items()}
    return ColumnMatch(kind, MappingProxyType(columns), MappingProxyType(original))


def explain_no_match(headers: Sequence[object]) -> str:
    """Why ``headers`` fit no export kind, without repeating any header (it may be data).

    Examples
    --------
    >>> explain_no_match(["Naam", "Adres"])
    'not a recognised export: no patient-number column (expected e.g. Patiëntnummer)'
    """
    if not has_patient_column(headers):
        return f"not a recognised export: no patient-number column (expected e.g. {PATIENT.export})"
    needs = "; ".join(
        f"{kind.label} need {', '.join(kind.column(c).export for c in kind.required)}"
        + (f" and a column such as {kind.column(kind.any_of[0]).export}" if kind.any_of else "")
        for kind in KINDS.values()
    )
    return f"not a recognised export: its columns fit no known export ({needs})"


def has_patient_column(headers: Sequence[object]) -> bool:
    """Whether a header row has a patient-number column: an export's, recognised or not.

    Examples
    --------
    >>> has_patient_column(["Patiëntnummer", "Kleur"]), has_patient_column(["Toelichting"])
    (True, False)
    """
    return any(fold_header(h) in PATIENT.spellings for h in headers)
