"""Pure, vectorised parsers for export values: dates, numbers, yes/no and category words.

Every parser takes a text Series (missing = NaN, as the readers deliver it) and returns the
parsed Series aligned with it, missing where the text is missing *or* invalid; ``invalid``
tells the two apart. Nothing here knows about rows, files or the quarantine.

Dates are day-first (``dd-mm-yyyy``, ``d-m-yyyy``, ``dd/mm/yyyy``, ``dd.mm.yyyy``) or ISO
(``yyyy-mm-dd``), optionally with ``HH:MM[:SS]`` (data contract §1a), each parsed by pyarrow's
``strptime`` with the one explicit format its shape allows, so ``03-04-2026`` is always 3 April.
Numbers accept a decimal comma. Category words are matched after folding case, diacritics and
punctuation.

Examples
--------
>>> s = pd.Series(["5-3-2026", "05/03/2026 08:30", "2026-03-05", "31-02-2026", "5-3-26", None])
>>> parse_dates(s).dt.strftime("%Y-%m-%d %H:%M").tolist()
['2026-03-05 00:00', '2026-03-05 08:30', '2026-03-05 00:00', nan, nan, nan]
>>> parse_numbers(pd.Series(["6,5", " 7", "n.v.t.", "—", None])).tolist()
[6.5, 7.0, nan, nan, nan]
>>> parse_yes_no(pd.Series(["Ja", "nee", "WAAR", "1", "misschien"])).tolist()
[True, False, True, True, <NA>]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from beyou_analytics.privacy import fold_header as fold_word

_TIMES = ("", " %H:%M", " %H:%M:%S", "T%H:%M", "T%H:%M:%S")
_DAY_FIRST = r"^(?P<day>\d{1,2})"
_ISO = r"^\d{4}-\d{1,2}-(?P<day>\d{1,2})"
# (format, regex capturing the day as typed), one per shape: separator family x time part.
DATE_FORMATS: tuple[tuple[str, str], ...] = (
    *((f"%d{sep}%m{sep}%Y{time}", _DAY_FIRST) for sep in "-/." for time in _TIMES),
    *((f"%Y-%m-%d{time}", _ISO) for time in _TIMES),
)
YEAR_RANGE = (1900, 2100)

_NUMBER = r"^[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)$"


def _arrow_text(values: pd.Series) -> pa.Array:
    return pa.array(values.astype("str"), type=pa.large_string(), from_pandas=True)


def invalid(raw: pd.Series, parsed: pd.Series) -> np.ndarray:
    """Rows where text was given but did not parse.

    Examples
    --------
    >>> raw = pd.Series(["6,5", "x", None])
    >>> invalid(raw, parse_numbers(raw)).tolist()
    [False, True, False]
    """
    return raw.notna().to_numpy() & parsed.isna().to_numpy()


def _date_shapes(text: pa.Array) -> np.ndarray:
    """Index into ``DATE_FORMATS`` of the one format each text can have (by its separators)."""
    def first(char: str) -> np.ndarray:
        return pc.fill_null(pc.find_substring(text, char), -1).to_numpy(zero_copy_only=False)

    family = np.where(first("-") == 4, 3,
                      np.where(np.isin(first("/"), (1, 2)), 1,
                               np.where(np.isin(first("."), (1, 2)), 2, 0)))
    colons = pc.fill_null(pc.count_substring(text, ":"), 0).to_numpy(zero_copy_only=False)
    time = np.minimum(colons, 2) + np.where((first("T") >= 0) & (colons > 0), 2, 0)
    return family * len(_TIMES) + time


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates or date-times as ``datetime64[us]``; ``NaT`` when missing or invalid.

    Each text is parsed with the explicit format its separators call for (``DATE_FORMATS``);
    impossible dates (``31-02-2026``) and years outside 1900-2100 (two-digit years) are
    invalid. Surrounding spaces are allowed.
    """
    text = _arrow_text(values)
    result = _parse_date_text(text)
    # Exports are trimmed when read: only the few that failed are tried again without spaces.
    retry = np.flatnonzero(pc.is_valid(text).to_numpy(zero_copy_only=False)
                            & pc.is_null(result).to_numpy(zero_copy_only=False))
    if len(retry):
        again = _parse_date_text(pc.utf8_trim_whitespace(text.take(retry)))
        mask = np.zeros(len(text), bool)
        mask[retry] = True
        filled = np.full(len(text), -1)
        filled[retry] = np.arange(len(retry))
        result = pc.if_else(pa.array(mask), again.take(pa.array(np.maximum(filled, 0))), result)
    return pd.Series(result.to_numpy(zero_copy_only=False), index=values.index,
                     dtype="datetime64[us]", name=values.name)


def _parse_date_text(text: pa.Array) -> pa.Array:
    result = pa.nulls(len(text), pa.timestamp("us"))
    given = pc.is_valid(text).to_numpy(zero_copy_only=False)
    shapes = _date_shapes(text)
    for shape in np.unique(shapes[given]):
        fmt, day_pattern = DATE_FORMATS[shape]
        rows = given & (shapes == shape)
        attempt = pc.strptime(pc.if_else(pa.array(rows), text, None), format=fmt, unit="us",
                              error_is_null=True)
        hit = pc.is_valid(attempt).to_numpy(zero_copy_only=False)
        hit &= ~_rolled_over(text, attempt, hit, day_pattern)
        result = pc.if_else(pa.array(hit), attempt, result)
    years = pc.year(result)
    plausible = pc.and_(pc.greater_equal(years, YEAR_RANGE[0]),
                        pc.less_equal(years, YEAR_RANGE[1]))
    return pc.if_else(pc.fill_null(plausible, False), result, None)


def _rolled_over(text: pa.Array, parsed: pa.Array, hit: np.ndarray, pattern: str) -> np.ndarray:
    """Rows strptime rolled over (``31-02`` becomes ``03-03``): the parsed day is not the one
    typed. Only a parsed day of 1-3 can be a roll-over, so only those rows are checked."""
    early = hit & (pc.fill_null(pc.day(parsed), 99).to_numpy(zero_copy_only=False) <= 3)
    rows = np.flatnonzero(early)
    wrong = np.zeros(len(text), dtype=bool)
    if len(rows):
        typed = pc.struct_field(pc.extract_regex(text.take(rows), pattern), [0])
        differs = pc.not_equal(pc.cast(typed, pa.int64()), pc.day(parsed.take(rows)))
        wrong[rows[pc.fill_null(differs, True).to_numpy(zero_copy_only=False)]] = True
    return wrong


def parse_numbers(values: pd.Series) -> pd.Series:
    """Numbers as float64, accepting a decimal comma (``6,5``); NaN when missing or invalid."""
    text = _arrow_text(values)
    # Plain digits (most values) need no regex; the rest is trimmed and checked.
    digits = pc.ascii_is_decimal(text)
    numbers = np.array(pc.cast(pc.if_else(digits, text, None), pa.float64())
                       .to_numpy(zero_copy_only=False), dtype=np.float64)
    rest = np.flatnonzero(pc.and_(pc.is_valid(text), pc.invert(digits))
                          .to_numpy(zero_copy_only=False))
    if len(rest):
        other = pc.utf8_trim_whitespace(text.take(rest))
        ok = pc.match_substring_regex(other, _NUMBER)
        parsed = pc.cast(pc.if_else(ok, pc.replace_substring(other, ",", "."), None),
                         pa.float64())
        numbers[rest] = parsed.to_numpy(zero_copy_only=False)
    return pd.Series(numbers, index=values.index, dtype="float64", name=values.name)


def map_words(
    values: pd.Series, table: Mapping[str, object], *, default: object = None
) -> pd.Series:
    """Each value looked up in ``table`` after folding (keys are folded too).

    Unknown non-missing values get ``default``; missing values stay missing. Works on the
    distinct values only, so a million rows with a handful of spellings cost little.

    Examples
    --------
    >>> map_words(pd.Series(["Vrouw", " M ", None, "?"]), SEX, default=None).tolist()
    ['F', 'M', nan, nan]
    """
    folded = {fold_word(k): v for k, v in table.items()}
    codes, uniques = pd.factorize(values)
    mapped = [folded.get(fold_word(u), default) for u in uniques]
    lookup = np.array([*mapped, None], dtype=object)
    out = lookup[codes]
    dtype = "str" if all(isinstance(v, str) for v in mapped if v is not None) else object
    return pd.Series(out, index=values.index, name=values.name, dtype=dtype)


def map_keywords(
    values: pd.Series, rules: Sequence[tuple[str, str]], *, default: str
) -> pd.Series:
    """The code of the first rule whose keyword occurs in the folded value, else ``default``.

    Examples
    --------
    >>> map_keywords(pd.Series(["Behandeldoel bereikt", "Verhuisd", "iets anders", None]),
    ...              END_REASON_KEYWORDS, default="other").tolist()
    ['goal_reached', 'moved', 'other', nan]
    """
    codes, uniques = pd.factorize(values)
    mapped = []
    for value in uniques:
        word = fold_word(value)
        mapped.append(next((code for key, code in rules if fold_word(key) in word), default))
    lookup = np.array([*mapped, None], dtype=object)
    return pd.Series(lookup[codes], index=values.index, name=values.name, dtype="str")


YES_NO: Mapping[str, bool] = {
    **dict.fromkeys(("ja", "j", "yes", "y", "1", "1.0", "true", "waar", "eens", "agree"), True),
    **dict.fromkeys(("nee", "n", "no", "0", "0.0", "false", "onwaar", "oneens", "disagree"),
                    False),
}


def parse_yes_no(values: pd.Series) -> pd.Series:
    """ja/nee, yes/no, j/n, 1/0, true/false, waar/onwaar (any case) as nullable boolean."""
    return map_words(values, YES_NO).astype("boolean")


SEX: Mapping[str, str] = {
    **dict.fromkeys(("M", "man", "male", "mannelijk", "heer", "dhr"), "M"),
    **dict.fromkeys(("V", "vrouw", "F", "female", "vrouwelijk", "W", "mevr", "mevrouw"), "F"),
    **dict.fromkeys(("X", "anders", "overig", "other", "onbekend", "unknown", "niet opgegeven",
                     "zeg ik liever niet", "non-binair", "nonbinary", "divers", "O", "U"), "X"),
}

REFERRAL: Mapping[str, str] = {
    **dict.fromkeys(("huisarts", "gp", "general practitioner", "ha", "huisartsenpraktijk"),
                    "gp"),
    **dict.fromkeys(("specialist", "medisch specialist", "orthopeed", "neuroloog", "reumatoloog",
                     "revalidatiearts", "ziekenhuis", "neurochirurg", "pijnspecialist"),
                    "specialist"),
    **dict.fromkeys(("DTF", "direct", "directe toegang", "direct toegankelijk",
                     "direct toegankelijke fysiotherapie", "zelfverwijzer", "zelfverwijzing",
                     "geen verwijzing", "zonder verwijzing", "direct access", "self-referral",
                     "self referral", "DTF (direct)"), "direct_access"),
}

END_REASON_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("doel", "goal_reached"), ("hersteld", "goal_reached"), ("klachtenvrij", "goal_reached"),
    ("goal", "goal_reached"), ("recovered", "goal_reached"),
    ("verwe", "referred"), ("verwijz", "referred"), ("referr", "referred"),
    ("eigen", "own_initiative"), ("own", "own_initiative"), ("patientgestopt", "own_initiative"),
    ("noshow", "no_show"), ("verschenen", "no_show"), ("nietmeergekomen", "no_show"),
    ("nietgekomen", "no_show"), ("afgehaakt", "no_show"),
    ("verhuis", "moved"), ("moved", "moved"),
)

TIMEPOINT: Mapping[str, str] = {
    **dict.fromkeys(("intake", "baseline", "nulmeting", "voormeting", "begin", "start", "t0",
                     "beginmeting", "startmeting"), "intake"),
    **dict.fromkeys(("tussentijds", "interim", "tussenmeting", "evaluatie", "follow-up",
                     "followup", "tussenevaluatie", "t1"), "interim"),
    **dict.fromkeys(("eind", "einde", "eindmeting", "discharge", "afsluiting", "ontslag",
                     "nameting", "end", "final", "eindevaluatie"), "discharge"),
}
