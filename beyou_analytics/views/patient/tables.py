"""The patient page's tables as text cells: change since the start, and single measurements.

``change_table`` gives both lenses of change (MCID and RCI) per instrument and scale,
``change_sources`` the footnotes with the thresholds' sources, and ``single_measurements`` a
row per questionnaire measured only once (no course to draw yet: its score, cut-off and the
baseline ± MCID range a next measurement is judged by). All are pure: frames in, text out.

Examples
--------
>>> out = pd.DataFrame({"instrument": ["NPRS"], "scale": ["total"], "n_administrations": [2],
...     "baseline_at": pd.to_datetime(["2026-09-01"]), "baseline": [7.0],
...     "latest_at": pd.to_datetime(["2026-10-27"]), "latest": [4.0], "change": [-3.0],
...     "pct_change": [-42.857], "mcid_status": ["improved"], "rci": [-2.08],
...     "rci_status": ["improved"]})
>>> row = change_table(out, language="nl").iloc[0]
>>> row[["scale", "direction", "baseline", "latest", "change", "pct", "rci"]].tolist()
['Pijn (gemiddeld, 24 uur)', 'lager = beter', '7,0', '4,0', '−3,0', '−42,9%', '−2,08']
>>> scores = pd.DataFrame({"instrument": ["TSK17"], "scale": ["total"], "value": [41.0],
...     "completed_at": pd.to_datetime(["2026-06-26 10:00"]), "timepoint": ["intake"]})
>>> single_measurements(scores, out.assign(instrument="TSK17", baseline=41.0), ["TSK17"]
...                     ).iloc[0][["value", "date", "cutoff", "band"]].tolist()
['41', '26-06-2026 · intake', '> 37 hoog', '37–45 (MCID 4)']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from beyou_analytics.instruments import get_instrument
from beyou_analytics.plots.patient import baseline_band, scale_cutoffs
from beyou_analytics.views import html as h
from beyou_analytics.views.clinical import display_code
from beyou_analytics.views.patient.strings import STRINGS

FUNCTION_CODES = ("QBPDS", "ODI", "RMDQ", "PSK", "PSFS")
PSYCHOSOCIAL_CODES = ("TSK17", "TSK11", "PCS", "PSEQ", "PSEQ2", "CSI")
CHANGE_ORDER = ("NPRS", *FUNCTION_CODES, *PSYCHOSOCIAL_CODES, "GPE", "SBST", "OMPSQ10")
CHANGE_COLUMNS = ["instrument", "scale", "subscale", "direction", "baseline", "baseline_at",
                  "latest", "latest_at", "change", "pct", "mcid", "rci", "rci_status"]
SINGLE_COLUMNS = ["code", "instrument", "direction", "value", "date", "cutoff", "band"]


def _text(language: str) -> dict[str, str]:
    return STRINGS["en" if language == "en" else "nl"]


def _order(outcomes: pd.DataFrame) -> pd.DataFrame:
    rank = {code: i for i, code in enumerate(CHANGE_ORDER)}
    frame = outcomes.assign(
        _rank=outcomes["instrument"].map(rank).fillna(len(rank)),
        _total=(outcomes["scale"] != "total").astype(int),
    )
    return frame.sort_values(["_rank", "instrument", "_total", "scale"], kind="stable")


def _direction(code: str, text: dict[str, str]) -> str:
    instrument = get_instrument(code)
    if instrument.change_method == "transition":
        return text["direction.none"]
    return text["direction.lower" if instrument.higher_is_worse else "direction.higher"]


def change_table(outcomes: pd.DataFrame, *, language: str = "nl") -> pd.DataFrame:
    """The change table's text cells, one row per instrument and scale (both lenses).

    Columns: ``instrument``, ``scale`` (label), ``subscale`` (bool), ``direction``,
    ``baseline`` and ``baseline_at``, ``latest`` and ``latest_at`` (a dash without a follow-up),
    ``change``, ``pct``, ``mcid`` (status code), ``rci``, ``rci_status`` (status code); the page
    colours the status codes.
    """
    text = _text(language)
    rows = []
    for row in _order(outcomes).itertuples(index=False):
        instrument = get_instrument(row.instrument)
        scale = instrument.scale(row.scale)
        transition = instrument.change_method == "transition"
        # the GPE's latest answer is itself the change; it has no baseline
        followed = transition or (not pd.isna(row.latest_at)
                                  and row.latest_at > row.baseline_at)
        rows.append({
            "instrument": display_code(row.instrument),
            "scale": scale.label_en if language == "en" else scale.label_nl,
            "subscale": bool(row.scale != "total"),
            "direction": _direction(row.instrument, text),
            "baseline": h.MISSING if transition else h.fmt_number(row.baseline, language),
            "baseline_at": "" if transition else h.fmt_date(row.baseline_at, language),
            "latest": h.fmt_number(row.latest, language) if followed else h.MISSING,
            "latest_at": h.fmt_date(row.latest_at, language) if followed else "",
            "change": h.fmt_number(row.change, language, signed=True),
            "pct": h.MISSING if pd.isna(row.pct_change)
            else h.fmt_number(row.pct_change, language, signed=True) + "%",
            "mcid": row.mcid_status if isinstance(row.mcid_status, str) else None,
            "rci": h.fmt_number(row.rci, language, 2, signed=True),
            "rci_status": row.rci_status if isinstance(row.rci_status, str) else None,
        })
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


# The registry's sources are written in English; what is not a name, year or number in them.
_SOURCE_PHRASES_NL = (
    ("computed:", "berekend:"), ("(consensus MIC)", "(consensus-MIC)"),
    ("(stable group)", "(stabiele groep)"), ("(catastrophisers > 30)", "(catastrofeerders > 30)"),
    (" x sqrt(1 - ", " × √(1 − "),
)


def source_text(source: str, language: str) -> str:
    """A registry source as a reader of ``language`` reads it (Dutch words and decimal commas).

    >>> source_text("computed: SDC 12.67 [35] / 2.772", "nl")
    'berekend: SDC 12,67 [35] / 2,772'
    >>> source_text("[1] Ostelo et al. 2008 (consensus MIC)", "nl")
    '[1] Ostelo et al. 2008 (consensus-MIC)'
    """
    if language != "nl":
        return source
    for english, dutch in _SOURCE_PHRASES_NL:
        source = source.replace(english, dutch)
    return re.sub(r"(?<=\d)\.(?=\d)", ",", source)


def change_sources(codes: Iterable[str], *, language: str = "nl") -> list[str]:
    """One footnote per instrument: its MCID and SEM with their sources (instruments.md §17).

    >>> print(change_sources(["NPRS"], language="en")[0])  # doctest: +NORMALIZE_WHITESPACE
    NPRS: MCID 2 points or 30% ([1] Ostelo et al. 2008 (consensus MIC)); SEM 1.02
    ([2] Childs et al. 2005)
    """
    text = _text(language)
    notes = []
    for code in dict.fromkeys(codes):
        instrument = get_instrument(code)
        scale = instrument.scale("total")
        if instrument.change_method in ("none", "transition"):
            kind = "screening" if instrument.change_method == "none" else "transition"
            notes.append(f"{display_code(code)}: {text[f'source.{kind}']}")
            continue
        parts = []
        if scale.mcid_abs is not None:
            value = h.fmt_number(scale.mcid_abs.value, language, 2, trim=True)
            mcid = text["source.mcid"].format(value=f"{value} {text['points']}")
            if scale.mcid_high_baseline is not None:
                mcid += f" ({text['source.pcs_high']})"
            if scale.mcid_pct is not None:
                mcid += " " + text["source.pct"].format(value=f"{scale.mcid_pct.value:g}")
            sources = "; ".join(dict.fromkeys(
                source_text(ref.source, language)
                for ref in (scale.mcid_abs, scale.mcid_pct) if ref is not None))
            parts.append(f"{mcid} ({sources})")
        if scale.sem is not None:
            sem = h.fmt_number(scale.sem.value, language, 2, trim=True)
            parts.append(f"{text['source.sem'].format(value=sem)} "
                         f"({source_text(scale.sem.source, language)})")
        notes.append(f"{display_code(code)}: " + ("; ".join(parts) or text["source.none"]))
    return notes


def single_measurements(
    scores: pd.DataFrame, outcomes: pd.DataFrame, codes: Iterable[str], *, language: str = "nl"
) -> pd.DataFrame:
    """One row of text per questionnaire in ``codes`` measured once (its total scale).

    Columns ``SINGLE_COLUMNS``: ``code``, ``instrument`` (the scale's label), ``direction``,
    ``value`` (whole numbers without decimals), ``date`` (with the moment: intake, interim or
    discharge), ``cutoff`` (the main cut-off, as the figures draw it) and ``band`` (baseline ±
    the MCID margin, the grey band of the figures; a dash without a published MCID).
    """
    text = _text(language)
    rows = []
    for code in codes:
        instrument = get_instrument(code)
        scale = instrument.scale("total")
        row = scores.loc[(scores["instrument"] == code) & (scores["scale"] == "total")].iloc[0]
        moment = row.get("timepoint")
        date = h.fmt_date(row["completed_at"], language)
        if isinstance(moment, str) and f"moment.{moment}" in text:
            date += " · " + text[f"moment.{moment}"]
        main = [label for _, label, is_main in scale_cutoffs(scale, language=language)
                if is_main]
        band = baseline_band(outcomes, code)
        band_text = h.MISSING if band is None else text["band.value"].format(
            # within the scale: a PCS of 2 ± 8 reads 0–10, not −6–10
            low=h.fmt_number(max(band[0] - band[1], scale.minimum), language, 1, trim=True),
            high=h.fmt_number(min(band[0] + band[1], scale.maximum), language, 1, trim=True),
            mcid=h.fmt_number(band[1], language, 1, trim=True))
        rows.append({
            "code": code,
            "instrument": scale.label_en if language == "en" else scale.label_nl,
            "direction": _direction(code, text),
            "value": h.fmt_number(row["value"], language, 1, whole=True),
            "date": date,
            "cutoff": main[0] if main else h.MISSING,
            "band": band_text,
        })
    return pd.DataFrame(rows, columns=SINGLE_COLUMNS)
