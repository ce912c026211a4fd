"""What a file is before it is read: container, text encoding, delimiter, export kind.

Exports arrive as CSV (comma, semicolon or tab; UTF-8, UTF-8 with BOM or Windows-1252) or as
Excel workbooks (data contract §1). Everything here looks at bytes or at the header row only;
a file that cannot be one of those raises ``BadFileError`` naming the file and the problem.

Examples
--------
>>> sniff_encoding("Patiëntnummer;Datum\\n".encode("cp1252"), file="a.csv")
'cp1252'
>>> sniff_delimiter('Patiëntnummer;"Pijn, nu";Datum')
';'
>>> sniff_container(b"PK\\x03\\x04...", file="a.xlsx")
'xlsx'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from beyou_analytics.clean.columns import (
    AmbiguousColumnsError,
    ColumnMatch,
    explain_no_match,
    match_columns,
)
from beyou_analytics.errors import BadFileError

BOM = b"\xef\xbb\xbf"
DELIMITERS = (";", ",", "\t")  # ties go to the first: Dutch software writes ';'
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # legacy .xls


@dataclass(frozen=True)
class HeaderLine:
    """The header row of a CSV file: its cells and 0-based physical line number.

    ``offset`` is subtracted from physical line numbers to give spreadsheet row numbers: 1
    when an Excel ``sep=;`` line (which Excel hides) comes first, else 0.
    """

    cells: tuple[str, ...]
    line: int
    delimiter: str
    offset: int = 0


def sniff_container(head: bytes, *, file: str) -> str:
    """``'xlsx'`` for an Excel workbook (a zip), ``'csv'`` for anything that may be text.

    Raises
    ------
    BadFileError
        For an empty file, a legacy ``.xls`` workbook, UTF-16 text or binary content.
    """
    if not head.strip():
        raise BadFileError(file, "the file is empty")
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        raise BadFileError(file, "an old Excel .xls workbook: save it as .xlsx or CSV")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadFileError(file, "UTF-16 text: save the export as UTF-8 or Windows-1252 CSV")
    if b"\x00" in head:
        raise BadFileError(file, "not a text export (binary content)")
    return "csv"


def sniff_encoding(raw: bytes, *, file: str) -> str:
    """``'utf-8-sig'`` (BOM), ``'utf-8'`` or ``'cp1252'``, whichever decodes the whole file.

    Raises
    ------
    BadFileError
        When the bytes are neither valid UTF-8 nor Windows-1252.
    """
    if raw.startswith(BOM):
        if _valid_utf8(raw):
            return "utf-8-sig"
    elif raw.isascii() or _valid_utf8(raw):
        return "utf-8"
    # Windows-1252 decodes every byte except these five.
    undefined = next((raw.find(b) for b in _CP1252_UNDEFINED if b in raw), -1)
    if undefined >= 0:
        raise BadFileError(
            file, f"cannot be decoded as UTF-8 or Windows-1252 text (byte {undefined + 1})"
        )
    return "cp1252"


_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def _valid_utf8(raw: bytes) -> bool:
    """Whether ``raw`` is valid UTF-8, checked by pyarrow without decoding into Python."""
    offsets = pa.py_buffer(np.array([0, len(raw)], dtype=np.int64))
    text = pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(raw))
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == char and not quoted:
            count += 1
    return count


def sniff_delimiter(header: str) -> str:
    """The delimiter that splits the header row into the most columns (``;`` on a tie).

    Examples
    --------
    >>> sniff_delimiter("a,b,c"), sniff_delimiter("a\\tb"), sniff_delimiter("single")
    (',', '\\t', ';')
    """
    counts = [_count_outside_quotes(header, d) for d in DELIMITERS]
    return DELIMITERS[int(np.argmax(counts))]


_HEADER_LINES = 64  # lines searched for the header row
# The line ends Python's csv module knows (the fallback reader): a lone \r ends a line too.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def find_header(text: str, *, file: str) -> HeaderLine | None:
    """The first non-empty line of ``text`` split into cells (``None`` for no such line).

    An Excel ``sep=X`` first line sets the delimiter and is not counted as a row. Lines end
    in ``\\n``, ``\\r\\n`` or a lone ``\\r`` (classic Mac), as the readers count them.

    Raises
    ------
    BadFileError
        When the header line cannot be split into cells (a field too large, say).

    Examples
    --------
    >>> find_header("\\nsep=,\\nA,B\\n1,2", file="a.csv")
    HeaderLine(cells=('A', 'B'), line=2, delimiter=',', offset=1)
    >>> find_header("A;B\\r1;2\\r", file="a.csv").cells
    ('A', 'B')
    """
    lines = _LINE_BREAK.split(text, maxsplit=_HEADER_LINES)
    delimiter, offset = None, 0
    for number, line in enumerate(lines[:_HEADER_LINES]):
        stripped = line.strip()
        if not stripped:
            continue
        lowered = stripped.lower()
        if delimiter is None and lowered.startswith("sep=") and len(stripped) == 5:
            delimiter, offset = stripped[4], 1
            continue
        delimiter = delimiter or sniff_delimiter(line)
        try:
            cells = next(csv.reader([line], delimiter=delimiter))
        except csv.Error as exc:
            raise BadFileError(file, f"the header row cannot be read as CSV ({exc})") from None
        return HeaderLine(tuple(cells), number, delimiter, offset)
    return None


def stray_carriage_return(text: str) -> bool:
    r"""Whether the first line of ``text`` (ended by ``\n``) holds a lone ``\r``, which the
    readers take as a line end too: it splits the header row in two.

    Examples
    --------
    >>> stray_carriage_return("A;B\r;C\n1;2;3\n"), stray_carriage_return("A;B\r\n1;2\r\n")
    (True, False)
    >>> stray_carriage_return("A;B\r1;2\r")  # classic Mac line ends: no line is split
    False
    """
    lines = text.split("\n", _HEADER_LINES)
    first = next((line for line in lines[:-1] if line.strip()), "")
    return "\r" in first.rstrip("\r")


def detect_kind(headers: Sequence[object], *, file: str) -> ColumnMatch:
    """The export kind of a header row, or ``BadFileError`` saying why it fits none."""
    try:
        match = match_columns(headers)
    except AmbiguousColumnsError as exc:
        raise BadFileError(file, str(exc)) from None
    if match is None:
        raise BadFileError(file, explain_no_match(headers))
    return match
