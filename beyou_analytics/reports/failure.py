"""What went wrong with one report, as data: ``Failure`` and the one-line message it carries.

Apart from the runner so that the batch's parent process can name failures without importing
papermill and nbformat (seconds before the first worker could start).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MESSAGE_LIMIT = 200


@dataclass(frozen=True)
class Failure:
    """Why one report failed: report name, cell ("7: page.pain()") and a one-line message."""

    report: str
    cell: str
    message: str


def one_line(text: str, *, limit: int = MESSAGE_LIMIT) -> str:
    r"""The first line of ``text``, without ANSI colours, at most ``limit`` characters.

    >>> one_line("\x1b[31mValueError\x1b[0m: bad value\nTraceback ...")
    'ValueError: bad value'
    """
    first = re.sub(r"\x1b\[[0-9;]*m", "", str(text)).strip().splitlines()
    line = first[0] if first else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
