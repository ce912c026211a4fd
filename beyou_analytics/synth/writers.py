"""Byte-stable writers: delimited text in a chosen encoding, and ``.xlsx`` workbooks.

Same input, same bytes, on any machine: CSV line endings are explicit; a workbook's
timestamps (``docProps/core.xml`` and every zip entry) are set to the export date, and its
zip entries are stored uncompressed so the bytes do not depend on the zlib build.

Examples
--------
>>> import numpy as np, tempfile, pathlib
>>> cols = [np.array(["1", "x;y"], dtype=object), np.array(["6,5", ""], dtype=object)]
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = write_csv(cols, path, header=["a", "b"], sep=";", encoding="cp1252", newline="\\r\\n")
>>> path.read_bytes()
b'a;b\\r\\n1;6,5\\r\\n"x;y";\\r\\n'
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from beyou_analytics.io.atomic import replacing, write_atomic

EXCEL_DATE_FORMAT = "dd-mm-yyyy"


CHUNK = 50_000  # rows per write: bounded memory for a million-row export


def _quoted(column: np.ndarray, sep: str) -> np.ndarray:
    """The column with fields quoted where CSV requires it (as ``csv.QUOTE_MINIMAL`` does)."""
    special = (sep, '"', "\n", "\r")
    distinct = set(column)
    if not any(ch in v for v in distinct for ch in special):
        return column
    quote = {v: '"' + v.replace('"', '""') + '"' if any(ch in v for ch in special) else v
             for v in distinct}
    out = np.empty(len(column), dtype=object)
    out[:] = [quote[v] for v in column]
    return out


def write_csv(columns: Sequence[np.ndarray], path: Path, *, header: Sequence[str], sep: str,
              encoding: str, newline: str, trailing_separator: bool = False,
              blank_after: Iterable[int] = ()) -> int:
    """Write text ``columns`` (equal-length object arrays) under ``header``; return bytes.

    ``trailing_separator`` ends every line with ``sep`` (an empty last column, as some
    exports write); ``blank_after`` lists data rows (0-based) followed by an empty line.
    ``encoding='utf-8-sig'`` writes the UTF-8 byte order mark. Fields are quoted as
    ``csv.QUOTE_MINIMAL`` would; lines are joined directly, which is several times faster
    than ``csv.writer`` for a million rows. Written atomically.
    """
    n = len(columns[0])
    columns = [_quoted(c, sep) for c in columns]
    end = sep + newline if trailing_separator else newline
    blank = {int(b) + 1 for b in blank_after if 0 <= b < n}
    stops = sorted(blank | set(range(CHUNK, n, CHUNK)) | {n})
    with replacing(path) as tmp, open(tmp, "w", encoding=encoding, errors="strict",
                                      newline="") as handle:
        handle.write(sep.join(_quoted(np.array(header, dtype=object), sep)) + end)
        start = 0
        for stop in stops:
            if stop > start:
                rows = zip(*(c[start:stop] for c in columns), strict=True)
                handle.write(end.join(map(sep.join, rows)))
                handle.write(end)
            if stop in blank:
                handle.write(newline)
            start = stop
    return path.stat().st_size


def _cell(ws, value):
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = EXCEL_DATE_FORMAT
        return cell
    return value


def _normalise_zip(raw: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite a zip with fixed timestamps, fixed attributes and stored (uncompressed) entries."""
    modified = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + modified.encode() + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_STORED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, data)
    return out.getvalue()


def write_xlsx(path: Path, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]],
               *, stamp: dt.datetime, creator: str) -> int:
    """Write ``(sheet name, header, rows)`` sheets; date-time cells show as dd-mm-yyyy.

    Returns the number of bytes written.
    """
    wb = Workbook(write_only=True)
    wb.properties.creator = creator
    wb.properties.created = stamp
    wb.properties.modified = stamp
    for name, header, rows in sheets:
        ws = wb.create_sheet(name)
        ws.append(list(header))
        for row in rows:
            ws.append([_cell(ws, v) for v in row])
    raw = io.BytesIO()
    wb.save(raw)
    data = _normalise_zip(raw.getvalue(), stamp)
    write_atomic(path, data)
    return len(data)
