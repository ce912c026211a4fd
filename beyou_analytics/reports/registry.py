"""The report registry: every report kind described as data, one ``register`` per entry.

A ``ReportSpec`` names its notebook, its parameters with their constraints, how its output
file is named and where the batch index lists it. ``ReportSpec.validate`` turns the user's
values into the exact parameters papermill injects (defaults filled in, paths made absolute,
one-sentence errors otherwise); ``check_against_store`` rejects a patient, therapist or month
that the store does not know before a kernel is started.

Notebooks live in ``<repo>/notebooks/`` (the package is installed editable); the environment
variable ``BEYOU_NOTEBOOKS`` points elsewhere.

Examples
--------
>>> spec = get_report("patient")
>>> spec.notebook
'patient_progress.ipynb'
>>> params = spec.validate({"store": "/data/store", "patient_id": "0123"})
>>> params["patient_id"], params["language"], spec.output_name(params)
('123', 'nl', 'patient-123')
>>> get_report("weekly")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
beyou_analytics.errors.NotFoundError: unknown report kind 'weekly'; known kinds: patient, ...
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beyou_analytics.errors import BeyouError, NotFoundError

if TYPE_CHECKING:
    from beyou_analytics.io.store import Store

NOTEBOOKS_ENV = "BEYOU_NOTEBOOKS"
STORE_ENV = "BEYOU_STORE"
KEY_ENV = "BEYOU_KEY_FILE"
LANGUAGES = ("nl", "en")


class ReportParameterError(BeyouError):
    """A report parameter that is missing or malformed (a user's mistake, exit status 2)."""

    exit_code = 2


# --- constraints as data: each converts a value or says in a few words what it must be ----


@dataclass(frozen=True)
class Constraint:
    """What a parameter must be; ``convert`` returns the clean value or raises ``ValueError``."""

    description: str

    def convert(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class Text(Constraint):
    """Free text (a therapist's name); surrounding spaces are removed."""

    description: str = "a non-empty text"
    allow_empty: bool = False

    def convert(self, value: Any) -> str:
        text = "" if value is None else str(value).strip()
        if not text and not self.allow_empty:
            raise ValueError
        return text


@dataclass(frozen=True)
class Pattern(Constraint):
    """Text matching ``regex`` after ``normalise``; empty allowed when ``allow_empty``."""

    regex: str = ""
    normalise: Callable[[str], str] = str.strip
    allow_empty: bool = False

    def convert(self, value: Any) -> str:
        text = self.normalise("" if value is None else str(value))
        if text == "" and self.allow_empty:
            return text
        if not re.fullmatch(self.regex, text):
            raise ValueError
        return text


@dataclass(frozen=True)
class Choice(Constraint):
    """One of ``options``."""

    options: tuple[str, ...] = ()

    def convert(self, value: Any) -> str:
        text = str(value).strip().lower()
        if text not in self.options:
            raise ValueError
        return text


@dataclass(frozen=True)
class Integer(Constraint):
    """A whole number in ``[low, high]``; ``None`` (not given) is allowed when ``optional``."""

    low: int = 0
    high: int = 150
    optional: bool = True

    def convert(self, value: Any) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.optional:
                return None
            raise ValueError
        number = int(str(value).strip())
        if not self.low <= number <= self.high:
            raise ValueError
        return number


@dataclass(frozen=True)
class PathValue(Constraint):
    """A file-system path, made absolute (kernels are reused, so relative paths would drift)."""

    description: str = "a path"
    env: str | None = None  # environment variable used when the value is empty
    optional: bool = False

    def convert(self, value: Any) -> str:
        text = "" if value is None else str(value).strip()
        if not text and self.env:
            text = os.environ.get(self.env, "").strip()
        if not text:
            if self.optional:
                return ""
            raise ValueError
        return str(Path(text).expanduser().resolve())


def _patient_number(text: str) -> str:
    """The practice number as the store keeps it: digits, no prefix, no leading zeros."""
    digits = re.sub(r"^\s*[Pp]-?", "", text).strip()
    return digits.lstrip("0") if digits.isdigit() else digits


def _valid_date(text: str) -> str:
    text = text.strip()
    if text:
        date.fromisoformat(text)
    return text


def _valid_month(text: str) -> str:
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        date.fromisoformat(f"{text}-01")
    return text


PATIENT = Pattern("a practice patient number (digits)", r"[1-9][0-9]*", _patient_number)
MONTH = Pattern("a month YYYY-MM", r"\d{4}-(0[1-9]|1[0-2])", _valid_month)
DAY = Pattern("a date YYYY-MM-DD or empty", r"\d{4}-\d{2}-\d{2}", _valid_date, allow_empty=True)
LANGUAGE = Choice("nl or en", options=LANGUAGES)
STORE = PathValue("a store folder (or set BEYOU_STORE)", env=STORE_ENV)
KEY_FILE = PathValue("the pseudonymisation key file (or set BEYOU_KEY_FILE)", env=KEY_ENV)


@dataclass(frozen=True)
class Param:
    """One notebook parameter: its constraint, and its default when the user gives none."""

    name: str
    constraint: Constraint
    default: Any = None
    required: bool = False


@dataclass(frozen=True)
class ReportSpec:
    """One report kind: notebook, parameters, output naming and its place in the index."""

    kind: str
    notebook: str
    params: tuple[Param, ...]
    stem: Callable[[Mapping[str, Any]], str]
    group: str
    title_nl: str
    title_en: str
    checks: tuple[Callable[[Mapping[str, Any], Store], None], ...] = field(default=())

    def notebook_path(self, notebooks_dir: str | Path | None = None) -> Path:
        """The notebook file; raises ``NotFoundError`` when it is missing."""
        folder = Path(notebooks_dir) if notebooks_dir else notebooks_home()
        path = (folder / self.notebook).resolve()
        if not path.is_file():
            raise NotFoundError(
                f"report notebook {path} is missing; set {NOTEBOOKS_ENV} to the folder "
                "that holds the report notebooks"
            )
        return path

    def validate(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters to inject: every declared name, checked, defaults filled in.

        Raises ``ReportParameterError`` naming the parameter, what it must be and what it got.
        """
        unknown = sorted(set(values) - {p.name for p in self.params})
        if unknown:
            raise ReportParameterError(
                f"the {self.kind} report has no parameter {unknown[0]!r}; it takes "
                + ", ".join(p.name for p in self.params)
            )
        clean: dict[str, Any] = {}
        for param in self.params:
            given = values.get(param.name)
            missing = given is None or (isinstance(given, str) and not given.strip())
            if missing and param.required and not getattr(param.constraint, "env", None):
                raise ReportParameterError(
                    f"the {self.kind} report needs the parameter {param.name!r} "
                    f"({param.constraint.description})"
                )
            raw = param.default if missing else given
            try:
                clean[param.name] = param.constraint.convert(raw)
            except (ValueError, TypeError):
                raise ReportParameterError(
                    f"the {param.name!r} parameter of the {self.kind} report must be "
                    f"{param.constraint.description}; got {given!r} instead"
                ) from None
        return clean

    def output_name(self, params: Mapping[str, Any]) -> str:
        """The file stem of this report's outputs, e.g. ``patient-123``."""
        return self.stem(params)

    def title(self, params: Mapping[str, Any], language: str = "nl") -> str:
        """A short human title for the index and the browser tab."""
        template = self.title_en if language == "en" else self.title_nl
        if params.get("month"):  # "Maandrapport oktober 2026", as the report's heading
            from beyou_analytics.practice.periods import month_label

            params = {**params, "month": month_label(params["month"], language=language)}
        return template.format(**params)


def notebooks_home() -> Path:
    """Where the report notebooks live: ``$BEYOU_NOTEBOOKS`` or ``<repo>/notebooks``."""
    override = os.environ.get(NOTEBOOKS_ENV, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    return Path(__file__).resolve().parents[2] / "notebooks"


def slug(text: str) -> str:
    """A file-name-safe form of a name.

    >>> slug("Anne-Marie de Vries ")
    'anne-marie-de-vries'
    >>> slug("Noëlle  Ünal")
    'noelle-unal'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


# --- checks against the store (run before a kernel starts) --------------------------------


def _patient_known(params: Mapping[str, Any], store: Store) -> None:
    if not (store.episodes["patient_id"] == params["patient_id"]).any():
        raise NotFoundError(f"patient {params['patient_id']} is not in the store's episodes")


def _therapist_known(params: Mapping[str, Any], store: Store) -> None:
    episodes = store.episodes
    if not (episodes["therapist"] == params["therapist"]).any():
        n = episodes["therapist"].nunique()
        raise NotFoundError(
            f"therapist {params['therapist']!r} has no episodes in the store "
            f"({n} therapists do; names must match the episodes export exactly)"
        )


def check_month(month: str, store: Store) -> None:
    """Raise ``NotFoundError`` for a month the store holds no data of (before its first
    episode or after its data date: a report of it would show nothing, or stale flags).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import pandas as pd
    >>> store = SimpleNamespace(data_date=pd.Timestamp("2026-10-31"),
    ...     episodes=pd.DataFrame({"start_date": pd.to_datetime(["2025-09-01"])}))
    >>> check_month("2026-11", store)
    Traceback (most recent call last):
    ...
    beyou_analytics.errors.NotFoundError: the store holds no data of 2026-11: it covers \
2025-09 to 2026-10 (data up to 31-10-2026); clean a newer export first
    """
    from beyou_analytics.practice.periods import store_months

    months = store_months(store.episodes, store.data_date)
    if month in months:
        return
    if not months:
        raise NotFoundError(f"the store holds no data of {month}: it has no episodes")
    newer = month > months[0]
    raise NotFoundError(
        f"the store holds no data of {month}: it covers {months[-1]} to {months[0]} (data up "
        f"to {store.data_date:%d-%m-%Y})" + ("; clean a newer export first" if newer else ""))


def _month_known(params: Mapping[str, Any], store: Store) -> None:
    check_month(params["month"], store)


def _key_file_usable(params: Mapping[str, Any], store: Store) -> None:
    from beyou_analytics.research.pseudonym import read_key

    read_key(params["key_file"])  # KeyFileError: missing, unreadable, empty or too short


# --- the registry ---------------------------------------------------------------------------

_REPORTS: dict[str, ReportSpec] = {}


def register(spec: ReportSpec) -> ReportSpec:
    """Add ``spec`` to the registry (one call per report kind)."""
    _REPORTS[spec.kind] = spec
    return spec


def get_report(kind: str) -> ReportSpec:
    """The spec of report ``kind``; raises ``NotFoundError`` in one sentence when unknown."""
    try:
        return _REPORTS[kind]
    except KeyError:
        known = ", ".join(_REPORTS)
        raise NotFoundError(f"unknown report kind {kind!r}; known kinds: {known}") from None


def iter_reports() -> Iterator[ReportSpec]:
    """Every registered report kind, in registration order."""
    return iter(_REPORTS.values())


def check_against_store(spec: ReportSpec, params: Mapping[str, Any], store: Store) -> None:
    """Raise ``NotFoundError`` when the store does not know the requested patient, therapist
    or month."""
    for check in spec.checks:
        check(params, store)


_LANG = Param("language", LANGUAGE, default="nl")
_STORE = Param("store", STORE, required=True)

register(ReportSpec(
    kind="patient",
    notebook="patient_progress.ipynb",
    params=(_STORE, Param("patient_id", PATIENT, required=True), Param("as_of", DAY, ""), _LANG),
    stem=lambda p: f"patient-{p['patient_id']}",
    group="patients",
    title_nl="Patiënt {patient_id}",
    title_en="Patient {patient_id}",
    checks=(_patient_known,),
))
register(ReportSpec(
    kind="caseload",
    notebook="caseload.ipynb",
    params=(_STORE, Param("therapist", Text(), required=True), Param("as_of", DAY, ""), _LANG),
    stem=lambda p: f"caseload-{slug(p['therapist'])}",
    group="caseloads",
    title_nl="Caseload {therapist}",
    title_en="Caseload {therapist}",
    checks=(_therapist_known,),
))
register(ReportSpec(
    kind="monthly",
    notebook="monthly_report.ipynb",
    params=(_STORE, Param("month", MONTH, required=True), _LANG),
    stem=lambda p: f"monthly-{p['month']}",
    group="monthly",
    title_nl="Maandrapport {month}",
    title_en="Monthly report {month}",
    checks=(_month_known,),
))
register(ReportSpec(
    kind="research",
    notebook="research_exploration.ipynb",
    params=(
        _STORE,
        Param("key_file", KEY_FILE, required=True),
        Param("start_from", DAY, ""),
        Param("start_to", DAY, ""),
        Param("therapist", Text("a therapist's name or empty", allow_empty=True), ""),
        Param("min_age", Integer("a whole number of years 0-120 or empty", 0, 120)),
        Param("max_age", Integer("a whole number of years 0-120 or empty", 0, 120)),
        Param("export_dir", PathValue("a folder for the pseudonymised export", optional=True), ""),
        _LANG,
    ),
    stem=lambda p: "research",
    group="research",
    title_nl="Onderzoeksverkenning",
    title_en="Research exploration",
    checks=(_key_file_usable,),
))
