"""Which export columns identify a person, and the normalised practice patient number.

Names, e-mail, phone, BSN, address and free text never reach the store, a report, a log or an
error message (data contract §3). The readers keep a whitelist of known columns per export kind
(``clean.columns``), so these columns are never read at all; the lists below say what they are,
for tests that prove it and for the one exception: the birth date is read from the episodes
export only to compute the age at episode start, and its value is never copied anywhere.

Examples
--------
>>> is_identifier_header("E-mail adres"), is_identifier_header("Pijn nu")
(True, False)
>>> normalise_patient_id(pd.Series([" P-0012345", "p 77", "007", "Jansen", None])).tolist()
['12345', '77', '7', nan, nan]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def fold_header(header: object) -> str:
    """Fold a column header for matching: case, diacritics, spaces and punctuation removed.

    Examples
    --------
    >>> fold_header("  Patiëntnummer "), fold_header("Pijn ergste 24u"), fold_header("E-mail")
    ('patientnummer', 'pijnergste24u', 'email')
    """
    decomposed = unicodedata.normalize("NFKD", str(header))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", plain.casefold())


# Header spellings (folded) per category; every category is dropped at read time except
# ``birth_date``, which only the episodes cleaner reads, to compute the age.
IDENTIFIER_HEADERS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "name": ("naam", "voornaam", "achternaam", "volledigenaam", "roepnaam", "voorletters",
                 "tussenvoegsel", "patientnaam", "naampatient", "name", "firstname", "lastname",
                 "fullname", "patientname", "surname"),
        "email": ("email", "emailadres", "mail", "mailadres", "emailaddress"),
        "phone": ("telefoon", "telefoonnummer", "tel", "telnr", "mobiel", "mobielnummer",
                  "mobiel06", "phone", "phonenumber", "mobile", "gsm"),
        "bsn": ("bsn", "burgerservicenummer", "sofinummer", "ssn", "nationalid"),
        "address": ("adres", "straat", "straatnaam", "huisnummer", "postcode", "woonplaats",
                    "plaats", "address", "street", "zipcode", "postalcode", "city"),
        "free_text": ("opmerking", "opmerkingen", "notitie", "notities", "toelichting",
                      "commentaar", "comment", "comments", "note", "notes", "vrijetekst",
                      "bericht", "message", "freetext"),
        "birth_date": ("geboortedatum", "gebdatum", "geboortedag", "dateofbirth", "birthdate",
                       "dob"),
    }
)

# The sample exports' identifier columns as the practice software names them.
IDENTIFIER_COLUMNS: tuple[str, ...] = (
    "Naam", "E-mail", "Telefoon", "BSN", "Adres", "Opmerking", "Geboortedatum",
)

_IDENTIFIER_FOLDED = frozenset(h for headers in IDENTIFIER_HEADERS.values() for h in headers)


def is_identifier_header(header: object) -> bool:
    """Whether an export column holds an identifier, free text or the birth date.

    Examples
    --------
    >>> [is_identifier_header(h) for h in ("Naam", "BSN", "Opmerking", "Geboortedatum", "Datum")]
    [True, True, True, True, False]
    """
    return fold_header(header) in _IDENTIFIER_FOLDED


_PATIENT_PATTERN = r"^(?:[Pp]-?)?0*(?P<digits>[1-9][0-9]*)$"


def normalise_patient_id(values: pd.Series) -> pd.Series:
    """Practice patient numbers as digits without leading zeros; anything else is missing.

    Spaces anywhere, leading zeros and a ``P``/``P-`` prefix (either case) are removed
    (data contract §1a). Whole-number floats as spreadsheets store them (``"12345.0"``) are
    accepted. Vectorised with pyarrow; returns a ``str`` Series aligned with ``values``.

    Examples
    --------
    >>> normalise_patient_id(pd.Series(["P-0012345", "12 345", "12345.0", "0", "P-", "1e3"]))
    0    12345
    1    12345
    2    12345
    3      NaN
    4      NaN
    5      NaN
    dtype: str
    """
    text = pa.array(values.astype("str"), type=pa.large_string())
    compact = pc.replace_substring_regex(text, r"[\s\pZ]+", "")  # incl. non-breaking spaces
    compact = pc.replace_substring_regex(compact, r"^([0-9]+)\.0+$", r"\1")
    digits = pc.struct_field(pc.extract_regex(compact, _PATIENT_PATTERN), [0])
    return pd.Series(digits.to_pandas(), index=values.index, dtype="str", name=values.name)
