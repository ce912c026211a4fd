"""The codebook and the ``beyou instruments`` / ``beyou codebook`` commands."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

from beyou_analytics.cli import main
from beyou_analytics.codebook import codebook_html, codebook_markdown, write_codebook
from beyou_analytics.errors import BeyouError
from beyou_analytics.instruments import RULES, iter_instruments


def _ref_texts(scale):
    refs = [scale.mcid_abs, scale.mcid_pct, scale.sem, *(r for _, r in scale.alternatives)]
    if scale.mcid_high_baseline is not None:
        refs.append(scale.mcid_high_baseline[1])
    return [f"{r.value:g} ({r.source})" for r in refs if r is not None]


def expected_fragments():
    """Text every codebook must contain, derived from the registry entry by entry."""
    for inst in iter_instruments():
        yield f"{inst.code} — {inst.name_en}"
        yield inst.name_nl
        yield inst.notes
        yield from inst.sources
        yield from inst.aliases
        if inst.reversed_items:
            yield ", ".join(map(str, inst.reversed_items)) + " (scored item_min + item_max - x)"
        yield "higher = worse" if inst.higher_is_worse else "higher = better"
        for scale in inst.scales:
            yield f"scale `{scale.name}`"
            yield f"{scale.minimum:g}-{scale.maximum:g}"
            yield f"{scale.method}: "
            yield from _ref_texts(scale)
            for band in scale.bands:
                yield f"{band.label} ({band.label_nl} / {band.label_en}): {band.describe()}"
            if scale.band_rule:
                for on, band in RULES[scale.band_rule].bands:
                    yield f"{band.label} ({band.label_nl} / {band.label_en})"
                    if band.operator:
                        yield f"{on} {band.describe()}"


def test_markdown_codebook_covers_every_instrument_scale_band_mcid_sem_and_source():
    text = codebook_markdown()
    missing = [f for f in expected_fragments() if f.replace("|", "\\|") not in text]
    assert not missing, missing[:5]
    for rule in RULES:
        assert f"| {rule} |" in text


def test_codebook_states_the_specific_rules():
    text = codebook_markdown()
    assert "| bands | minimal (minimale beperking / minimal disability): <= 20;" in text
    assert "high (hoge bewegingsangst / high): > 37" in text
    assert "clinically_relevant (klinisch relevant / clinically relevant): >= 30" in text
    assert "subclinical (subklinisch / subclinical): < 30" in text
    assert "elevated_risk (verhoogd risico / elevated risk): >= 50" in text
    assert "at least 8 sections answered (strict alternative: 9)" in text
    assert "| missing items | at most 2 missing, pro-rated |" in text
    assert "| MCID when baseline is high | above 30: 11 ([30] Monticone 2022" in text
    assert "item 9 counts 1 only for 'very much' (3) or 'extremely' (4)" in text


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.text, self.tags = [], [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag not in ("meta",):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack.pop() == tag, f"</{tag}> closes another element"

    def handle_data(self, data):
        self.text.append(data)


def test_html_codebook_is_well_formed_and_complete():
    page = codebook_html()
    parser = _Collector()
    parser.feed(page)
    assert parser.stack == []
    assert "script" not in parser.tags and "link" not in parser.tags  # self-contained, inert
    text = html.unescape("".join(parser.text))
    missing = [f.replace("`", "") for f in expected_fragments() if f.replace("`", "") not in text]
    assert not missing, missing[:5]
    for inst in iter_instruments():
        assert f'<h3 id="{inst.code}">' in page


@pytest.mark.parametrize(("name", "marker"), [
    ("codebook.md", "# BeYou Analytics"), ("codebook.HTML", "<!DOCTYPE html>"),
])
def test_write_codebook_picks_the_format_by_extension(tmp_path, name, marker):
    path = write_codebook(tmp_path / "sub" / name)
    assert path.read_text(encoding="utf-8").startswith(marker)


def test_write_codebook_refuses_an_unknown_extension(tmp_path):
    with pytest.raises(BeyouError, match=r"codebook\.pdf: unknown codebook format '\.pdf'"):
        write_codebook(tmp_path / "codebook.pdf")
    assert not (tmp_path / "codebook.pdf").exists()


def run(argv: list[str]) -> int:
    """Run the CLI like the ``beyou`` script; its exit status."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return exit_info.value.code


def test_cli_codebook_writes_file(tmp_path, capsys):
    target = tmp_path / "codebook.html"
    assert run(["codebook", "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == codebook_html()
    assert "Codebook written to" in capsys.readouterr().out


def test_cli_codebook_unknown_extension_is_one_line(tmp_path, capsys):
    assert run(["codebook", "--out", str(tmp_path / "codebook.docx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: codebook.docx: unknown codebook format '.docx'; use .md or .html")


def test_cli_instruments_lists_the_registry(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert run(["instruments", "--aliases"]) == 0
    out = capsys.readouterr().out
    for inst in iter_instruments():
        assert inst.code in out
    assert "sbst_risk" in out and "minimal <= 20" in out and "8 or 11 if >30" in out
    assert "Pijnscore" in out and "Keele" in out
