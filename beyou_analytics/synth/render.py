"""Clean synthetic data -> export tables with the practice's Dutch headers and text values.

Every export ``Table`` holds text (as the file will), plus helper columns starting with ``_``
(``_when`` the true date-time, ``_patient`` the practice number, ``_layout`` the date layout of
the row, ``_artefact`` which artefact touched it) that artefacts and the file split use and the
writers drop. Dates are turned into text last (``finalise``) so artefacts can move them.

Examples
--------
>>> EXPORT_COLUMNS["checkins"][:5]
('Patiëntnummer', 'Naam', 'E-mail', 'Telefoon', 'Datum')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from beyou_analytics.instruments import get_instrument, instrument_codes
from beyou_analytics.schema import CHECKIN_MEASURES
from beyou_analytics.synth import vocab
from beyou_analytics.synth._rng import pick
from beyou_analytics.synth.formats import format_datetimes, format_numbers, format_yes_no
from beyou_analytics.synth.questionnaires import ITEM_COLUMNS
from beyou_analytics.synth.table import Table

PATIENT = "Patiëntnummer"
EXPORT_COLUMNS = {
    "checkins": (PATIENT, "Naam", "E-mail", "Telefoon", "Datum",
                 *(m.export for m in CHECKIN_MEASURES), "Opmerking"),
    "questionnaires": (PATIENT, "Naam", "E-mail", "Vragenlijst", "Meetmoment", "Ingevuld op",
                       *ITEM_COLUMNS),
    "questionnaires_long": (PATIENT, "Vragenlijst", "Ingevuld op", "Item", "Antwoord"),
    "episodes": (PATIENT, "Naam", "BSN", "Adres", "Geboortedatum", "Geslacht", "Therapeut",
                 "Startdatum", "Einddatum", "Diagnosecode", "Verwijzer", "Aantal behandelingen",
                 "Reden einde"),
}
DATE_COLUMN = {"checkins": "Datum", "questionnaires": "Ingevuld op",
               "questionnaires_long": "Ingevuld op"}
BASE_LAYOUT = {"checkins": "dd-mm-yyyy HH:MM", "questionnaires": "dd-mm-yyyy HH:MM",
               "questionnaires_long": "yyyy-mm-dd HH:MM"}


def _column(values, n: int) -> np.ndarray:
    out = np.empty(n, dtype=object)
    out[:] = values
    return out


def _helpers(columns: dict[str, np.ndarray], when: np.ndarray, patient: np.ndarray,
             layout: str, **extra: np.ndarray) -> Table:
    n = len(when)
    return Table({**columns, "_when": np.asarray(when, dtype="datetime64[us]"),
                  "_patient": np.asarray(patient, dtype=np.int64),
                  "_layout": _column(layout, n), "_artefact": _column("", n),
                  **{k: np.asarray(v) for k, v in extra.items()}})


def _shared(patients: pd.DataFrame, column: str, rows: np.ndarray) -> np.ndarray:
    """``patients[column]`` for ``rows``; equal values share one Python string (memory)."""
    return patients[column].astype(str).to_numpy(dtype=object)[rows]


def render_checkins(ci: pd.DataFrame, patients: pd.DataFrame) -> Table:
    """Check-ins as the app exports them (contract §1a), dates not yet formatted."""
    rows = ci["patient"].to_numpy()
    out = {PATIENT: _shared(patients, "patient_number", rows),
           "Naam": _shared(patients, "name", rows),
           "E-mail": _shared(patients, "email", rows),
           "Telefoon": _shared(patients, "phone", rows),
           "Datum": np.full(len(ci), "", dtype=object)}
    for m in CHECKIN_MEASURES:
        values = ci[m.column].to_numpy(dtype=float)
        out[m.export] = (format_yes_no(values, "ja", "nee") if m.kind == "yes_no"
                         else format_numbers(values, decimal=","))
    out["Opmerking"] = ci["comment"].fillna("").to_numpy(dtype=object)
    return _helpers(out, ci["when"].to_numpy(),
                    patients["patient_number"].to_numpy()[rows], BASE_LAYOUT["checkins"],
                    _episode=ci["episode"].to_numpy())


def _labels(codes: np.ndarray, therapist: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``Vragenlijst`` text: each therapist's survey set-up names an instrument one way
    (mostly its code, sometimes a Dutch/English name or alias); now and then it differs."""
    names = {c: [c, *vocab.INSTRUMENT_LABELS[c]] for c in instrument_codes()}
    setup = {}
    for t in sorted(set(therapist)):
        for c in instrument_codes():
            r = rng.random()
            setup[t, c] = (c if r < 0.7 else names[c][1] if r < 0.88
                           else names[c][rng.integers(1, len(names[c]))])
    labels = np.array([setup[t, c] for t, c in zip(therapist, codes, strict=True)], dtype=object)
    odd = np.flatnonzero(rng.random(len(codes)) < 0.1)
    labels[odd] = [names[codes[i]][rng.integers(0, len(names[codes[i]]))] for i in odd]
    return labels


def render_questionnaires(adm: pd.DataFrame, patients: pd.DataFrame, eps: pd.DataFrame,
                          rng: np.random.Generator) -> Table:
    """Questionnaires as the survey tool exports them in wide form (contract §1b)."""
    rows = adm["patient"].to_numpy()
    codes = adm["instrument"].to_numpy(dtype=object)
    therapist = eps["therapist"].to_numpy()[adm["episode"].to_numpy()]
    moment = np.empty(len(adm), dtype=object)
    for tp, weighted in vocab.TIMEPOINT_LABELS.items():
        at = np.flatnonzero(adm["timepoint"].to_numpy() == tp)
        moment[at] = pick(rng, weighted, len(at))
    out = {PATIENT: _shared(patients, "patient_number", rows),
           "Naam": _shared(patients, "name", rows),
           "E-mail": _shared(patients, "email", rows),
           "Vragenlijst": _labels(codes, therapist, rng),
           "Meetmoment": moment,
           "Ingevuld op": np.full(len(adm), "", dtype=object)}
    style = rng.choice(len(vocab.YES_NO_STYLES), len(adm),
                       p=[w for _, w in vocab.YES_NO_STYLES])
    yes = np.array([s[0][0] for s in vocab.YES_NO_STYLES], dtype=object)[style]
    no = np.array([s[0][1] for s in vocab.YES_NO_STYLES], dtype=object)[style]
    for k, column in enumerate(ITEM_COLUMNS, start=1):
        values = adm[column].to_numpy(dtype=float)
        yes_no_codes = [c for c in instrument_codes() if k in get_instrument(c).yes_no_items]
        is_yn = np.isin(codes, yes_no_codes)
        out[column] = np.where(is_yn, format_yes_no(values, yes, no), format_numbers(values))
    return _helpers(out, adm["when"].to_numpy(), patients["patient_number"].to_numpy()[rows],
                    BASE_LAYOUT["questionnaires"], _code=codes)


def long_form(wide: Table) -> Table:
    """The wide rows as the survey tool's long export: one row per answered item."""
    items = np.column_stack(wide.columns(list(ITEM_COLUMNS)))
    row, col = np.nonzero(items != "")
    item_names = np.array([str(k) for k in range(1, len(ITEM_COLUMNS) + 1)], dtype=object)
    out = {PATIENT: wide[PATIENT][row], "Vragenlijst": wide["Vragenlijst"][row],
           "Ingevuld op": _column("", len(row)), "Item": item_names[col],
           "Antwoord": items[row, col]}
    return _helpers(out, wide["_when"][row], wide["_patient"][row],
                    BASE_LAYOUT["questionnaires_long"], _code=wide["_code"][row])


def render_episodes(eps: pd.DataFrame, patients: pd.DataFrame, rng: np.random.Generator) -> Table:
    """Episodes as the practice management system exports them (contract §1c); cells keep
    Python types (int, date-time, text) because the export is a spreadsheet."""
    who = patients.iloc[eps["patient"].to_numpy()]
    sex = np.empty(len(eps), dtype=object)
    for code, weighted in vocab.SEX_SPELLINGS.items():
        rows = np.flatnonzero(who["sex"].to_numpy() == code)
        sex[rows] = pick(rng, weighted, len(rows))

    def cells(values: pd.Series) -> np.ndarray:
        return _column([None if pd.isna(v) else v.to_pydatetime() for v in values], len(values))

    def listed(values) -> np.ndarray:
        return _column(list(values), len(eps))

    out = {
        PATIENT: listed(who["patient_number"].astype(int).tolist()),
        "Naam": listed(who["name"]),
        "BSN": listed(who["bsn"]),
        "Adres": listed(who["address"]),
        "Geboortedatum": cells(who["birth_date"]),
        "Geslacht": sex,
        "Therapeut": listed(eps["therapist"]),
        "Startdatum": cells(eps["start"]),
        "Einddatum": cells(eps["end"]),
        "Diagnosecode": listed(eps["diagnosis_code"]),
        "Verwijzer": listed(eps["referral"]),
        "Aantal behandelingen": listed(eps["n_sessions"].astype(int).tolist()),
        "Reden einde": listed(None if pd.isna(r) else vocab.END_REASON_LABELS[r]
                              for r in eps["end_reason"]),
    }
    return _helpers(out, eps["start"].to_numpy(), who["patient_number"].to_numpy(), "")


def finalise(table: Table, export: str) -> Table:
    """Write each row's date-time as text in its layout (``_layout``)."""
    text = np.empty(table.n_rows, dtype=object)
    layouts = table["_layout"]
    for layout in sorted(set(layouts)):
        rows = np.flatnonzero(layouts == layout)
        text[rows] = format_datetimes(table["_when"][rows], layout)
    return table.with_columns(**{DATE_COLUMN[export]: text})
