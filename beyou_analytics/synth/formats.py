"""Text the Dutch exports use for dates, numbers and yes/no, formatted fast and byte-stable.

Formatting goes through lookup tables (a few hundred distinct days, 1,440 distinct times,
small integers), so a million check-ins format in well under a second.

Examples
--------
>>> import numpy as np
>>> when = np.array(["2026-03-07T08:05"], dtype="datetime64[us]")
>>> [format_datetimes(when, f)[0] for f in ("dd-mm-yyyy HH:MM", "d-m-yyyy H:MM", "yyyy-mm-dd")]
['07-03-2026 08:05', '7-3-2026 8:05', '2026-03-07']
>>> format_numbers(np.array([6.5, 7.0, np.nan]), decimal=",").tolist()
['6,5', '7', '']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Date layouts seen in the practice's exports (contract §1a): day-first, optional time.
DATE_LAYOUTS = {
    "dd-mm-yyyy HH:MM": ("{d:02d}-{m:02d}-{y}", "{h:02d}:{mi:02d}"),
    "d-m-yyyy H:MM": ("{d}-{m}-{y}", "{h}:{mi:02d}"),
    "dd/mm/yyyy HH:MM": ("{d:02d}/{m:02d}/{y}", "{h:02d}:{mi:02d}"),
    "yyyy-mm-dd HH:MM": ("{y}-{m:02d}-{d:02d}", "{h:02d}:{mi:02d}"),
    "dd-mm-yyyy": ("{d:02d}-{m:02d}-{y}", None),
    "d-m-yyyy": ("{d}-{m}-{y}", None),
    "dd/mm/yyyy": ("{d:02d}/{m:02d}/{y}", None),
    "yyyy-mm-dd": ("{y}-{m:02d}-{d:02d}", None),
}


def format_datetimes(when: np.ndarray, layout: str) -> np.ndarray:
    """``when`` (datetime64) as text in ``layout`` (a key of ``DATE_LAYOUTS``); NaT -> ''."""
    day_tpl, time_tpl = DATE_LAYOUTS[layout]
    when = np.asarray(when, dtype="datetime64[m]")
    missing = np.isnat(when)
    days = when.astype("datetime64[D]")
    uniq, inverse = np.unique(np.where(missing, np.datetime64("2000-01-01"), days),
                              return_inverse=True)
    stamps = pd.DatetimeIndex(uniq)
    day_text = np.array([day_tpl.format(d=t.day, m=t.month, y=t.year) for t in stamps],
                        dtype=object)[inverse]
    if time_tpl is not None:
        minutes = np.where(missing, 0, (when - days).astype(np.int64))
        table = np.array([" " + time_tpl.format(h=k // 60, mi=k % 60) for k in range(1440)],
                         dtype=object)
        day_text = day_text + table[minutes]
    return np.where(missing, "", day_text).astype(object)


def format_numbers(values: np.ndarray, *, decimal: str = ",") -> np.ndarray:
    """Numbers as the exports write them: integers plain, halves with ``decimal``; NaN -> ''."""
    values = np.asarray(values, dtype=float)
    missing = np.isnan(values)
    doubled = np.where(missing, 0, np.round(values * 2)).astype(np.int64)
    lo = int(doubled.min(initial=0))
    hi = int(doubled.max(initial=0))
    table = np.array(
        [str(k // 2) if k % 2 == 0 else f"{'-' if k < 0 else ''}{abs(k) // 2}{decimal}5"
         for k in range(lo, hi + 1)], dtype=object)
    return np.where(missing, "", table[doubled - lo]).astype(object)


def format_yes_no(values: np.ndarray, yes: np.ndarray | str, no: np.ndarray | str) -> np.ndarray:
    """1/0 as yes/no words (per row when arrays are given); NaN -> ''."""
    values = np.asarray(values, dtype=float)
    out = np.where(values == 1, yes, no).astype(object)
    return np.where(np.isnan(values), "", out).astype(object)
