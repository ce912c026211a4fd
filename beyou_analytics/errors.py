"""User-facing errors and the stable reason codes of the quarantine.

Every ``BeyouError`` is a user's problem (a bad file, an unknown patient, a missing key), not a
bug: the CLI prints its message as one line and exits with ``exit_code``, never a traceback.
Messages name the file, row, column and what is wrong, and never carry a name, e-mail, phone
number, BSN, address or free text.
"""

from __future__ import annotations

from enum import StrEnum


class BeyouError(Exception):
    """A problem the user can fix; printed as one line by the CLI."""

    exit_code: int = 1


class BadFileError(BeyouError):
    """A file that cannot be read or is not a recognisable export.

    Examples
    --------
    >>> str(BadFileError("notes.txt", "not an export: no patient-number column"))
    'notes.txt: not an export: no patient-number column'
    """

    exit_code = 2

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.problem = problem
        super().__init__(f"{file}: {problem}")

    def __reduce__(self) -> tuple:
        # Pickled with its two fields, so it crosses from a cleaning process intact.
        return type(self), (self.file, self.problem)


class StoreError(BeyouError):
    """The store is missing, incomplete or was written by an incompatible version."""

    exit_code = 2


class NotFoundError(BeyouError):
    """A patient, therapist, month or report that the store does not know."""

    exit_code = 2


class UnknownInstrumentError(NotFoundError):
    """An instrument name that matches no code or alias of the registry."""


class KeyFileError(BeyouError):
    """The practice's pseudonymisation key is missing or unusable."""

    exit_code = 2


class Action(StrEnum):
    """What happened to a quarantined row or value (data contract §3)."""

    REJECTED_ROW = "rejected_row"
    CLEARED_VALUE = "cleared_value"
    REMOVED_DUPLICATE = "removed_duplicate"


class Reason(StrEnum):
    """Stable codes for why data was quarantined; ``quality.json`` counts them.

    The human sentence in the quarantine's ``reason`` column is built from the code plus the
    specifics (got vs expected); the code itself never changes once released.
    """

    MISSING_PATIENT = "missing_patient_number"
    INVALID_PATIENT = "invalid_patient_number"
    UNKNOWN_PATIENT = "patient_not_in_episodes"
    MISSING_DATE = "missing_date"
    INVALID_DATE = "invalid_date"
    FUTURE_DATE = "future_date"
    OUTSIDE_EPISODE = "outside_any_episode"
    OUT_OF_RANGE = "out_of_range"
    NOT_A_NUMBER = "not_a_number"
    INVALID_YES_NO = "invalid_yes_no"
    INVALID_CATEGORY = "invalid_category"
    UNKNOWN_INSTRUMENT = "unknown_instrument"
    MISSING_INSTRUMENT = "missing_instrument"
    INVALID_ITEM = "invalid_item"
    NO_ITEMS_ANSWERED = "no_items_answered"
    EXACT_DUPLICATE = "exact_duplicate"
    OVERLAPPING_EXPORT = "already_in_another_file"
    SAME_DAY_CHECKIN = "same_day_checkin"
    INCONSISTENT_EPISODE = "inconsistent_episode"
    MISSING_VALUE = "missing_required_value"
    CONFLICTING_RECORD = "conflicting_record"
    TOO_MANY_CELLS = "too_many_cells"  # more cells than the header: an unquoted decimal comma?
