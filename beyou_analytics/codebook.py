"""The codebook: every instrument, scale, rule, band, MCID, SEM and source, from the registry.

The codebook is generated, never written by hand, so it cannot drift from what the scoring
engine does. One document model (headings, paragraphs, tables, lists) renders to Markdown or
to a self-contained HTML page; ``write_codebook`` picks the format from the file extension.

Examples
--------
>>> text = codebook_markdown()
>>> "### TSK17" in text
True
>>> "| reversed items | 4, 8, 12, 16 (scored item_min + item_max - x) |" in text
True
>>> "<h3 id=\\"TSK17\\">" in codebook_html()
True
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

from beyou_analytics import __version__
from beyou_analytics.errors import BeyouError
from beyou_analytics.instruments import Instrument, Reference, Scale, iter_instruments
from beyou_analytics.instruments.rules import RULES, BandRule, ScoringRule

Block = tuple  # ("h", level, text, anchor) | ("p", text) | ("table", headers, rows) | ("ul", items)

INTRO = (
    "Generated from the instrument registry of beyou_analytics {version}. Rules follow "
    "../shared/instruments.md; numbers in square brackets are its sources (§17), 'binding "
    "decision' refers to its table of decisions where sources disagree or are silent. Scores "
    "are stored unrounded and bands apply to the unrounded score; displays round half-up."
)
CHANGE_RULES = (
    "change = latest - baseline; pct_change = change / |baseline| x 100 (null when the baseline "
    "is 0). Baseline = the first valid administration of the episode with timepoint intake, "
    "else the first valid one; latest = the last valid one.",
    "MCID met when the absolute OR the percentage threshold is met, in the scale's good "
    "direction (improved) or its bad direction (deteriorated); otherwise unchanged. No "
    "published MCID: status null.",
    "RCI (Jacobson-Truax) = (latest - baseline) / (sqrt(2) x SEM) with the published SEM, never "
    "the sample SD; reliable when |RCI| > 1.96. No published SEM: RCI and its status null.",
    "GPE (transition): no numeric change; status from the latest answer: 1-2 improved, 5-7 "
    "deteriorated, otherwise unchanged. Screening tools (SBST, OMPSQ10): change numbers only.",
    "Alternatives listed per scale are chosen by the caller: score_items(items, "
    "odi_min_answered=9); episode_outcomes(scores, sem={'QBPDS': 4.33}, mcid={'QBPDS': 6}, "
    "mcid_pct={'QBPDS': 18}). Cut-off alternatives (CSI 40 or the Dutch 30/33/25, ÖMPSQ 48) "
    "are listed for interpretation; band a value column with another cut-off through "
    "scoring.band_labels(bands, values).",
)


def _ref(ref: Reference | None) -> str:
    return "none published" if ref is None else f"{ref.value:g} ({ref.source})"


def _items(items: tuple[int, ...]) -> str:
    if not items:
        return "none"
    if len(items) > 2 and items == tuple(range(items[0], items[-1] + 1)):
        return f"{items[0]}-{items[-1]}"
    return ", ".join(str(i) for i in items)


def _direction(instrument: Instrument) -> str:
    return "higher = worse" if instrument.higher_is_worse else "higher = better"


def _bands(scale: Scale) -> str:
    if scale.band_rule is not None:
        rule = RULES[scale.band_rule]
        parts = [
            f"{band.label} ({band.label_nl} / {band.label_en}): "
            + (f"{on} {band.describe()}" if band.operator else "otherwise")
            for on, band in rule.bands
        ]
        return f"rule {scale.band_rule}: " + "; ".join(parts)
    if not scale.bands:
        return "none"
    return "; ".join(
        f"{band.label} ({band.label_nl} / {band.label_en}): {band.describe()}"
        for band in scale.bands
    )


def _item_ranges(instrument: Instrument) -> str:
    text = f"{instrument.n_items} items, answers {instrument.item_min:g}-{instrument.item_max:g}"
    for item, (lo, hi) in sorted(instrument.item_ranges.items()):
        text += f"; item {item}: {lo:g}-{hi:g}"
    return text


def _scale_rows(scale: Scale, instrument: Instrument) -> list[list[str]]:
    rule = RULES[scale.method]
    describe = rule.describe(scale, instrument) if isinstance(rule, ScoringRule) else scale.method
    high = scale.mcid_high_baseline
    rows = [
        ["items", _items(scale.items)],
        ["range", f"{scale.minimum:g}-{scale.maximum:g}"],
        ["rule", f"{scale.method}: {describe}"],
        ["missing items", _missing(scale)],
        ["bands", _bands(scale)],
        ["MCID (absolute)", _ref(scale.mcid_abs)],
        ["MCID (% of baseline)", _ref(scale.mcid_pct)],
    ]
    if high is not None:
        rows.append(["MCID when baseline is high", f"above {high[0]:g}: {_ref(high[1])}"])
    rows.append(["SEM", _ref(scale.sem)])
    rows.append([
        "alternatives",
        "; ".join(f"{kind} {_ref(ref)}" for kind, ref in scale.alternatives) or "none",
    ])
    return rows


def _missing(scale: Scale) -> str:
    if scale.method == "odi_percent":
        return f"at least {scale.min_answered} sections answered (strict alternative: 9)"
    if scale.method == "mean_of_answered":
        return f"at least {scale.min_answered or 1} activity rated"
    if scale.method == "single_item":
        return "not answered: no score"
    if scale.max_missing:
        return f"at most {scale.max_missing} missing, pro-rated"
    return "none allowed"


def _instrument_blocks(instrument: Instrument) -> Iterator[Block]:
    yield ("h", 3, f"{instrument.code} — {instrument.name_en}", instrument.code)
    reversed_text = (
        f"{_items(instrument.reversed_items)} (scored item_min + item_max - x)"
        if instrument.reversed_items else "none"
    )
    yield ("table", ["field", "value"], [
        ["Dutch name", instrument.name_nl],
        ["aliases", ", ".join(instrument.aliases)],
        ["domain", instrument.domain],
        ["direction", _direction(instrument)],
        ["items", _item_ranges(instrument)],
        ["yes/no items (ja = 1)", _items(instrument.yes_no_items)],
        ["reversed items", reversed_text],
        ["change method", instrument.change_method],
        ["sources", "; ".join(instrument.sources)],
    ])
    if instrument.notes:
        yield ("p", instrument.notes)
    if instrument.item_labels:
        yield ("ul", [f"item {i}: {label}" for i, label in enumerate(instrument.item_labels, 1)])
    if instrument.response_labels:
        codes = ", ".join(f"{k} = {v}" for k, v in sorted(instrument.response_labels.items()))
        yield ("p", f"Answers: {codes}.")
    for scale in instrument.scales:
        title = f"{instrument.code} scale `{scale.name}`: {scale.label_en} / {scale.label_nl}"
        yield ("h", 4, title, f"{instrument.code}-{scale.name}")
        yield ("table", ["field", "value"], _scale_rows(scale, instrument))


def codebook_blocks() -> list[Block]:
    """The codebook as a list of blocks, in registry order."""
    instruments = list(iter_instruments())
    blocks: list[Block] = [
        ("h", 1, "BeYou Analytics — questionnaire codebook", "codebook"),
        ("p", INTRO.format(version=__version__)),
        ("h", 2, "Instruments", "instruments"),
        ("table", ["code", "name", "Dutch name", "items", "scales", "direction", "change"], [
            [i.code, i.name_en, i.name_nl, str(i.n_items), ", ".join(s.name for s in i.scales),
             _direction(i), i.change_method]
            for i in instruments
        ]),
        ("h", 2, "Scoring and band rules", "rules"),
        ("table", ["rule", "kind", "source"], [
            [name, "band" if isinstance(rule, BandRule) else "score", rule.source]
            for name, rule in RULES.items()
        ]),
        ("h", 2, "Change statistics", "change"),
        ("ul", list(CHANGE_RULES)),
        ("h", 2, "Instrument details", "details"),
    ]
    for instrument in instruments:
        blocks.extend(_instrument_blocks(instrument))
    return blocks


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def codebook_markdown() -> str:
    """The codebook as Markdown."""
    lines: list[str] = []
    for block in codebook_blocks():
        kind = block[0]
        if kind == "h":
            lines += [f"{'#' * block[1]} {block[2]}", ""]
        elif kind == "p":
            lines += [block[1], ""]
        elif kind == "ul":
            lines += [f"- {item}" for item in block[1]] + [""]
        else:
            headers, rows = block[1], block[2]
            lines.append("| " + " | ".join(headers) + " |")
            lines.append("|" + "---|" * len(headers))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;"
    "color:#1f2933}table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid "
    "#cbd2d9;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f0f4f8}"
    "code{background:#f0f4f8;padding:0 .2rem}"
)


def _inline(text: str) -> str:
    """Escape, then render `code` spans."""
    parts = html.escape(str(text)).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def codebook_html() -> str:
    """The codebook as one self-contained HTML page (no scripts, no external files)."""
    body: list[str] = []
    for block in codebook_blocks():
        kind = block[0]
        if kind == "h":
            level, anchor = block[1], html.escape(block[3])
            body.append(f'<h{level} id="{anchor}">{_inline(block[2])}</h{level}>')
        elif kind == "p":
            body.append(f"<p>{_inline(block[1])}</p>")
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in block[1]) + "</ul>")
        else:
            head = "".join(f"<th>{_inline(h)}</th>" for h in block[1])
            rows = "".join(
                "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>"
                for row in block[2]
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>BeYou Analytics — questionnaire codebook</title>"
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


FORMATS = {".md": codebook_markdown, ".markdown": codebook_markdown, ".html": codebook_html,
           ".htm": codebook_html}


def write_codebook(path: str | Path) -> Path:
    """Write the codebook to ``path`` as Markdown (``.md``) or HTML (``.html``).

    Raises
    ------
    BeyouError
        One line naming the file when its extension is neither.
    """
    target = Path(path)
    render = FORMATS.get(target.suffix.lower())
    if render is None:
        raise BeyouError(
            f"{target.name}: unknown codebook format {target.suffix or '(no extension)'!r}; "
            "use .md or .html"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    return target
