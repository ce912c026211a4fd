"""Read one export file into frames of text: whitelisted columns only, rows numbered.

Every recognised column is read as text (stripped; empty means missing) under its canonical
name, next to ``source_row``, the row number a spreadsheet shows (header = 1; blank lines still
count). Only the columns of the file's kind (``clean.columns``) are read at all: names, e-mail,
phone, BSN, address, free text and unknown extra columns are never loaded. Fully blank lines
are not data rows; they are counted in ``blank_lines``.

CSV is parsed by pyarrow (multi-threaded, all columns as strings). Files pyarrow cannot take
as they are (rows with trailing separators, line breaks inside quoted values, lone ``\\r``
line ends) fall back to Python's ``csv`` module, which numbers rows as a spreadsheet does. A
row with more non-empty cells than the header (an unquoted decimal comma shifts every later
value) is not read: it is listed in ``too_long`` for the quarantine.
Workbooks are read with python-calamine; every sheet with recognisable columns is a table. A
sheet with a patient-number column that fits no export kind is a bad sheet, like such a CSV
file; a sheet without one (a legend, notes) is ignored and named.

Examples
--------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "checkins.csv"
>>> _ = path.write_bytes("Patiëntnummer;Naam;Datum;Pijn nu\\n12;Jan;01-03-2026;5\\n\\n;;;\\n"
...                      "13;Els;02-03-2026; 6,5 \\n".encode("cp1252"))
>>> table = read_export(path).tables[0]
>>> table.kind, table.encoding, table.delimiter, table.blank_lines
('checkins', 'cp1252', ';', 2)
>>> table.frame.to_dict("list")
{'source_row': [2, 5], 'patient_id': ['12', '13'], 'date': ['01-03-2026', '02-03-2026'], \
'pain_now': ['5', '6,5']}
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from beyou_analytics.clean.columns import (
    AmbiguousColumnsError,
    ColumnMatch,
    explain_no_match,
    has_patient_column,
    match_columns,
)
from beyou_analytics.errors import BadFileError
from beyou_analytics.io.sniff import (
    HeaderLine,
    detect_kind,
    find_header,
    sniff_container,
    sniff_encoding,
    stray_carriage_return,
)

ROW = "source_row"
CELLS = "cells"
_HEAD = 65536
_HEADER_ROWS = 64  # rows of a sheet searched for its header, as lines of a CSV file
_ARROW_ENCODING = {"utf-8": "utf8", "utf-8-sig": "utf8", "cp1252": "cp1252"}


def no_rows() -> pd.DataFrame:
    """An empty ``RawTable.too_long``."""
    return pd.DataFrame({ROW: np.zeros(0, np.int64), CELLS: np.zeros(0, np.int64)})


@dataclass(frozen=True)
class RawTable:
    """The rows of one CSV file or one workbook sheet, as text, before cleaning.

    ``too_long`` lists the rows not read because they have more non-empty cells than the
    header's ``header_cells`` (``source_row``, ``cells``): they count as rows in.
    """

    file: str
    sheet: str | None
    kind: str
    encoding: str | None
    delimiter: str | None
    headers: Mapping[str, str]
    frame: pd.DataFrame
    blank_lines: int
    too_long: pd.DataFrame = field(default_factory=no_rows)
    header_cells: int = 0

    @property
    def source(self) -> str:
        """The name used in the quarantine: the file name, plus ``[sheet]`` for workbooks."""
        return self.file if self.sheet is None else f"{self.file} [{self.sheet}]"

    @property
    def rows_in(self) -> int:
        """Data rows (blank lines excluded), read or too long to read."""
        return len(self.frame) + len(self.too_long)


@dataclass(frozen=True)
class ExportFile:
    """Every table read from one file; sheets without export columns are named, not read.

    ``bad_sheets`` are the workbook's sheets that hold a patient-number column but fit no
    export kind, each as (source, problem): a bad file each, for the caller to stop on or
    skip, while the other sheets are read.
    """

    file: str
    tables: tuple[RawTable, ...]
    ignored_sheets: tuple[str, ...] = ()
    bad_sheets: tuple[tuple[str, str], ...] = ()


def read_export(path: str | Path) -> ExportFile:
    """Read the export at ``path`` (CSV or ``.xlsx``).

    Raises
    ------
    BadFileError
        When the file is empty, binary, undecodable or has no recognisable columns.
    """
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadFileError(name, f"cannot be read ({exc.strerror})") from None
    if not raw[:_HEAD].strip():
        raise BadFileError(name, "the file is empty")
    if sniff_container(raw[:_HEAD], file=name) == "xlsx":
        return _read_workbook(path)
    return ExportFile(name, (_read_csv(name, raw),))


# --- CSV ------------------------------------------------------------------------------------


def _read_csv(name: str, raw: bytes) -> RawTable:
    encoding = sniff_encoding(raw, file=name)
    head = raw[:_HEAD].decode(encoding, errors="ignore")
    header = find_header(head, file=name)
    if header is None:
        raise BadFileError(name, "no header row in the first 64 lines")
    try:
        match = detect_kind(header.cells, file=name)
    except BadFileError as exc:
        if stray_carriage_return(head):
            raise BadFileError(name, f"{exc.problem}; a lone carriage return (\\r) splits a "
                               "line in two: save the file with ordinary line ends") from None
        raise
    parsed = _parse_with_arrow(raw, encoding, header, match)
    if parsed is None:
        parsed = _parse_with_csv_module(raw.decode(encoding), header, match, file=name)
    frame, blank, too_long = parsed
    return RawTable(name, None, match.kind.name, encoding, header.delimiter, match.headers,
                    frame, blank, too_long, len(header.cells))


def _line_info(raw: bytes) -> tuple[int, np.ndarray]:
    r"""The number of physical lines, and the 0-based numbers of the empty ones.

    A line is empty when nothing but an optional ``\r`` stands before its line break; a last
    line without a line break is never empty. The bytes are scanned a block at a time, so a
    large file needs no array as large as itself.

    Examples
    --------
    >>> n, empty = _line_info(b"a\n\nb\r\n\r\n\nc")
    >>> n, empty.tolist()
    (6, [1, 3, 4])
    """
    data = np.frombuffer(raw, dtype=np.uint8)
    n_breaks, previous, empty = 0, -1, [np.zeros(0, dtype=np.int64)]
    for begin in range(0, len(data), _SCAN_BLOCK):
        breaks = np.flatnonzero(data[begin:begin + _SCAN_BLOCK] == ord("\n")) + begin
        if not len(breaks):
            continue
        starts = np.concatenate(([previous + 1], breaks[:-1] + 1))
        length = breaks - starts
        blank = (length == 0) | ((length == 1) & (data[starts] == ord("\r")))
        empty.append(np.flatnonzero(blank) + n_breaks)
        n_breaks, previous = n_breaks + len(breaks), int(breaks[-1])
    return n_breaks + (0 if raw.endswith(b"\n") else 1), np.concatenate(empty)


_SCAN_BLOCK = 1 << 20


def _parse_with_arrow(
    raw: bytes, encoding: str, header: HeaderLine, match: ColumnMatch
) -> tuple[pd.DataFrame, int, pd.DataFrame] | None:
    """The rows, the blank lines and the rows too long (none: pyarrow refuses a ragged file,
    which the csv module then reads); ``None`` when the csv module must read the file."""
    names = [f"c{i}" for i in range(len(header.cells))]
    keep = {f"c{pos}": name for pos, name in match.columns.items()}
    try:
        # One thread per file: on a shared machine that costs less CPU time than the
        # reader's thread pool, and the pipeline reads several files at once.
        table = pacsv.read_csv(
            pa.BufferReader(raw),
            read_options=pacsv.ReadOptions(
                encoding=_ARROW_ENCODING[encoding], column_names=names,
                skip_rows=header.line + 1, use_threads=False,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=header.delimiter, newlines_in_values=True, ignore_empty_lines=True
            ),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(keep), column_types=dict.fromkeys(keep, pa.large_string()),
                null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None  # ragged rows and the like: the csv module reads them
    n_lines, empty = _line_info(raw)
    empty = empty[empty > header.line]
    data_lines = np.delete(np.arange(header.line + 1, max(n_lines, header.line + 1)),
                           empty - header.line - 1)
    if len(data_lines) != table.num_rows:
        return None  # a value spans lines: number rows as records, not lines
    # large_string chunks: pandas' str dtype holds exactly those, so the frame is built
    # without copying the text.
    columns = {keep[c]: _trimmed(table.column(c)) for c in keep}
    blank = _all_missing(columns.values(), table.num_rows)
    rows = data_lines + 1 - header.offset
    if blank.any():
        keep_rows = pa.array(~blank)
        rows, columns = rows[~blank], {n: c.filter(keep_rows) for n, c in columns.items()}
    frame = pa.table({ROW: pa.array(rows), **columns}).to_pandas()
    return frame, len(empty) + int(blank.sum()), no_rows()


def _trimmed(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Surrounding whitespace removed, empty text missing (``large_string`` chunks, as the
    reader delivers them: they are not copied into one array).

    Most columns have nothing to trim. Only values whose first or last byte could belong to
    whitespace are tried; when trimming changes none of them the column is kept as it is.
    """
    text = column.cast(pa.large_string())
    suspects = [chunk.take(pa.array(_may_need_trimming(chunk))) for chunk in text.chunks]
    if all(pc.all(pc.equal(pc.utf8_trim_whitespace(s), s)).as_py() for s in suspects if len(s)):
        return text
    text = pc.utf8_trim_whitespace(text)
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.large_string()), text)


def _may_need_trimming(text: pa.LargeStringArray) -> np.ndarray:
    """Positions of the values whose first or last byte may belong to whitespace: an ASCII
    control character, a space or any byte of a multi-byte UTF-8 character (NBSP and the
    like). Empty and missing values may be listed too; trimming leaves them as they are."""
    _, offsets, data = text.buffers()
    if data is None or data.size == 0:  # no text at all (every value empty or missing)
        return np.zeros(0, dtype=np.int64)
    ends = np.frombuffer(offsets, dtype=np.int64, count=len(text) + 1, offset=text.offset * 8)
    chars = np.frombuffer(data, dtype=np.uint8)
    first = chars.take(ends[:-1], mode="clip")
    last = chars.take(ends[1:] - 1, mode="clip")
    # uint8 arithmetic wraps: b - 33 >= 95 exactly when b <= 0x20 or b >= 0x80.
    return np.flatnonzero(((first - np.uint8(33)) >= 95) | ((last - np.uint8(33)) >= 95))


def _all_missing(columns, n_rows: int) -> np.ndarray:
    blank = np.ones(n_rows, dtype=bool)
    for column in columns:
        blank &= pc.is_null(column).to_numpy(zero_copy_only=False)
    return blank


def _parse_with_csv_module(
    text: str, header: HeaderLine, match: ColumnMatch, *, file: str
) -> tuple[pd.DataFrame, int, pd.DataFrame]:
    """The rows, the blank lines, and the rows with more non-empty cells than the header."""
    # Records before the header are blank lines or Excel's sep= line (find_header skipped
    # them), so the header is record number ``header.line`` as it is physical line.
    positions = list(match.columns)
    width = len(header.cells)
    values: list[list[str | None]] = [[] for _ in positions]
    rows: list[int] = []
    long_rows: list[tuple[int, int]] = []
    blank = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=header.delimiter)
    try:
        for index, record in enumerate(reader):
            if index <= header.line:
                continue
            # Cells past the header shift nothing when empty (trailing separators); else the
            # row's values may sit in the wrong columns, and no value of it can be trusted.
            if len(record) > width and any(c.strip() for c in record[width:]):
                long_rows.append((index + 1 - header.offset, len(record)))
                continue
            kept = [record[p].strip() if p < len(record) else "" for p in positions]
            if not any(kept):
                blank += 1
                continue
            rows.append(index + 1 - header.offset)
            for column, value in zip(values, kept, strict=True):
                column.append(value or None)
    except csv.Error as exc:
        raise BadFileError(file, f"cannot be read as CSV ({exc})") from None
    frame = pd.DataFrame({ROW: np.asarray(rows, dtype=np.int64)})
    for position, column in zip(positions, values, strict=True):
        frame[match.columns[position]] = pd.Series(column, dtype="str")
    too_long = pd.DataFrame(np.asarray(long_rows, dtype=np.int64).reshape(-1, 2),
                            columns=[ROW, CELLS])
    return frame, blank, too_long


# --- Workbooks --------------------------------------------------------------------------------


def _read_workbook(path: Path) -> ExportFile:
    from python_calamine import CalamineWorkbook

    name = path.name
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [(s, workbook.get_sheet_by_name(s)) for s in workbook.sheet_names]
        contents = [(s, sheet.to_python(), sheet.start) for s, sheet in sheets]
    except Exception as exc:  # calamine raises zip, xml and password errors of its own
        raise BadFileError(
            name, f"cannot be read as an Excel workbook ({type(exc).__name__})"
        ) from None
    tables, ignored, bad, first_header = [], [], [], None
    for sheet, rows, start in contents:
        try:
            table = _sheet_table(name, sheet, rows, (start or (0, 0))[0])
        except BadFileError as exc:
            bad.append(exc)
            continue
        if isinstance(table, RawTable):
            tables.append(table)
        else:
            ignored.append(sheet)
            first_header = first_header or table
    if not tables:
        if bad:
            raise bad[0]
        if first_header is None:
            raise BadFileError(name, "the workbook is empty")
        problem = explain_no_match(first_header).replace("not a recognised export",
                                                         "no sheet is a recognised export")
        raise BadFileError(name, problem)
    return ExportFile(name, tuple(tables), tuple(ignored),
                      tuple((exc.file, exc.problem) for exc in bad))


def _sheet_table(
    file: str, sheet: str, rows: list[list[object]], first_row: int
) -> RawTable | Sequence[str] | None:
    """The sheet's table; its first row's cells when it holds no export; ``None`` when empty.

    The header is the first of the first few non-empty rows whose columns fit an export
    kind, so a title line above it does no harm.

    Raises
    ------
    BadFileError
        Naming file and sheet, when a row has a patient-number column but fits no export
        kind (as such a CSV file would), or two of its columns mean the same.
    """
    filled = [i for i, row in enumerate(rows[:_HEADER_ROWS]) if any(map(_cell_text, row))]
    if not filled:
        return None
    match, index = None, filled[0]
    for candidate in filled:
        try:
            match = match_columns([_cell_text(v) or "" for v in rows[candidate]])
        except AmbiguousColumnsError as exc:
            raise BadFileError(f"{file} [{sheet}]", str(exc)) from None
        if match is not None:
            index = candidate
            break
    if match is None:
        cells = [[_cell_text(v) or "" for v in rows[i]] for i in filled]
        header = next((c for c in cells if has_patient_column(c)), None)
        if header is not None:
            raise BadFileError(f"{file} [{sheet}]", explain_no_match(header))
        return cells[0]
    body = rows[index + 1:]
    frame = pd.DataFrame(
        {ROW: np.arange(len(body), dtype=np.int64) + first_row + index + 2}
        | {
            name: pd.Series(_column_text(body, p), dtype="str")
            for p, name in match.columns.items()
        }
    )
    blank = frame[list(match.columns.values())].isna().all(axis=1)
    frame = frame.loc[~blank].reset_index(drop=True)
    return RawTable(file, sheet, match.kind.name, None, None, match.headers, frame,
                    int(blank.sum()))


def _column_text(rows: list[list[object]], position: int) -> list[str | None]:
    """``_cell_text`` of one column of a sheet's rows; text cells (most) take a short cut.

    Examples
    --------
    >>> _column_text([[" a ", 1.0], ["", 2.5], [None]], 1)
    ['1', '2.5', None]
    """
    texts = []
    append = texts.append
    for row in rows:
        value = row[position] if position < len(row) else None
        append((value.strip() or None) if type(value) is str else _cell_text(value))
    return texts


def _cell_text(value: object) -> str | None:
    """A workbook cell as the text a CSV export would hold (ISO dates, ``12`` not ``12.0``)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return None
    return str(value).strip() or None
