"""Registry-wide checks: one parametrised test per property, over every instrument and scale.

Model: scikit-learn's common tests that walk every declared object. Expected values come from
``../shared/instruments.md`` (binding decisions and §15), not from the registry itself.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from beyou_analytics.errors import UnknownInstrumentError
from beyou_analytics.instruments import (
    RULES,
    BandRule,
    ScoringRule,
    fold_name,
    get_instrument,
    instrument_codes,
    iter_instruments,
    resolve_instrument,
)
from beyou_analytics.scoring import band_labels, score_responses

INSTRUMENTS = list(iter_instruments())
SCALES = [(inst, scale) for inst in INSTRUMENTS for scale in inst.scales]
SCALE_IDS = [f"{inst.code}.{scale.name}" for inst, scale in SCALES]
BANDED = [(i, s) for i, s in SCALES if s.bands]
BANDED_IDS = [f"{i.code}.{s.name}" for i, s in BANDED]

# instruments.md, binding decisions: "instruments scored"
EXPECTED_CODES = ("NPRS", "ODI", "RMDQ", "QBPDS", "PSFS", "PSK", "TSK17", "TSK11", "PCS", "PSEQ",
                  "PSEQ2", "CSI", "SBST", "OMPSQ10", "GPE")
# instruments.md §15 / data contract §1b: documented ranges and directions
DOCUMENTED = {
    "NPRS": (0, 10, True), "ODI": (0, 100, True), "RMDQ": (0, 24, True),
    "QBPDS": (0, 100, True), "PSFS": (0, 10, False), "PSK": (0, 10, True),
    "TSK17": (17, 68, True), "TSK11": (11, 44, True), "PCS": (0, 52, True),
    "PSEQ": (0, 60, False), "PSEQ2": (0, 12, False), "CSI": (0, 100, True),
    "SBST": (0, 9, True), "OMPSQ10": (1, 100, True), "GPE": (1, 7, True),
}
SUBSCALE_RANGES = {("PCS", "rumination"): (0, 16), ("PCS", "magnification"): (0, 12),
                   ("PCS", "helplessness"): (0, 24), ("SBST", "psychosocial"): (0, 5)}
# data contract §1b: names that must resolve
CONTRACT_ALIASES = {
    "TSK": "TSK17", "Tampa": "TSK17", "Tampa Schaal voor Kinesiofobie": "TSK17",
    "TSK-17": "TSK17", "Oswestry": "ODI", "Quebec": "QBPDS", "Roland-Morris": "RMDQ",
    "Örebro": "OMPSQ10", "STarT Back": "SBST", "Keele": "SBST", "Pijnscore": "NPRS",
}


def extreme_answers(instrument, scale, *, lowest: bool) -> dict[int, float]:
    """Raw answers that give each item of ``scale`` its lowest (or highest) item score (and
    the other items the lowest answer, where the whole form must be answered)."""
    answers = ({item: instrument.item_range(item)[0] for item in instrument.items}
               if instrument.all_items_required else {})
    for item in scale.items:
        lo, hi = instrument.item_range(item)
        low_raw = hi if item in instrument.reversed_items else lo
        high_raw = lo if item in instrument.reversed_items else hi
        answers[item] = low_raw if lowest else high_raw
    return answers


def test_registry_holds_exactly_the_binding_instruments():
    assert instrument_codes() == EXPECTED_CODES


@pytest.mark.parametrize("code", EXPECTED_CODES)
def test_documented_range_and_direction(code):
    inst = get_instrument(code)
    lo, hi, worse = DOCUMENTED[code]
    total = inst.scale("total")
    assert (total.minimum, total.maximum, inst.higher_is_worse) == (lo, hi, worse)
    for scale in inst.scales:
        if scale.name != "total":
            assert (scale.minimum, scale.maximum) == SUBSCALE_RANGES[(code, scale.name)]


@pytest.mark.parametrize(("inst", "scale"), SCALES, ids=SCALE_IDS)
def test_all_minimum_answers_score_the_documented_minimum(inst, scale):
    result = score_responses(inst.code, extreme_answers(inst, scale, lowest=True))[scale.name]
    assert result.valid and result.n_missing in (0, inst.n_items - len(scale.items))
    assert result.value == scale.minimum


@pytest.mark.parametrize(("inst", "scale"), SCALES, ids=SCALE_IDS)
def test_all_maximum_answers_score_the_documented_maximum(inst, scale):
    result = score_responses(inst.code, extreme_answers(inst, scale, lowest=False))[scale.name]
    assert result.valid
    assert result.value == scale.maximum


def test_raw_all_minimum_tsk17_shows_the_reversal():
    # raw 1 everywhere: 13 plain items score 1, the 4 reversed items score 5 - 1 = 4
    assert score_responses("TSK17", dict.fromkeys(range(1, 18), 1))["total"].value == 29


def _own_interval(bands, i, values):
    """Band i as an interval decided by its own and its predecessor's threshold only.

    Independent of first-match order: with thresholds running the wrong way, or a band whose
    operator points the other way, two intervals overlap or leave a gap, and the test fails.
    """
    from beyou_analytics.instruments.registry import OPERATORS

    band = bands[i]
    inside = np.ones(values.shape, dtype=bool)
    if band.operator is not None:
        inside &= OPERATORS[band.operator](values, band.threshold)
    if i > 0:
        prev = bands[i - 1]
        inside &= ~OPERATORS[prev.operator](values, prev.threshold)
    return inside


@pytest.mark.parametrize(("inst", "scale"), BANDED, ids=BANDED_IDS)
def test_bands_cover_the_range_without_gaps_or_overlaps(inst, scale):
    thresholds = [b.threshold for b in scale.bands if b.threshold is not None]
    eps = 1e-6
    grid = np.unique(np.concatenate([
        np.linspace(scale.minimum, scale.maximum, 4001),
        [t + d for t in thresholds for d in (-eps, 0.0, eps)],
    ]))
    grid = grid[(grid >= scale.minimum) & (grid <= scale.maximum)]
    assert all(scale.minimum < t < scale.maximum for t in thresholds)
    assert scale.bands[-1].operator is None and all(b.operator for b in scale.bands[:-1])
    membership = np.stack([_own_interval(scale.bands, i, grid) for i in range(len(scale.bands))])
    assert (membership.sum(axis=0) == 1).all(), "a value falls in no band or in two"
    assert membership.any(axis=1).all(), "a band is never reached"
    expected = np.array([b.label for b in scale.bands], dtype=object)[membership.argmax(axis=0)]
    assert band_labels(scale.bands, grid).tolist() == expected.tolist()
    assert [scale.band_for(v) for v in grid[:: max(1, len(grid) // 400)]] == expected[
        :: max(1, len(grid) // 400)
    ].tolist()


def test_sbst_risk_rule_covers_every_possible_answer_pattern():
    rule = RULES["sbst_risk"]
    totals, psych = [], []
    for p in range(0, 6):  # psychosocial items 5-9
        for rest in range(0, 5):  # items 1-4
            totals.append(p + rest)
            psych.append(p)
    labels = rule.compute(
        {"total": np.array(totals, float), "psychosocial": np.array(psych, float)}
    )
    assert None not in labels.tolist()
    assert set(labels.tolist()) == set(rule.labels) == {"low", "medium", "high"}
    for t, p, label in zip(totals, psych, labels, strict=True):
        assert label == ("low" if t <= 3 else "high" if p >= 4 else "medium")


def test_folded_names_are_unique_across_instruments():
    owner: dict[str, str] = {}
    for inst in INSTRUMENTS:
        for name in {inst.code, inst.name_en, inst.name_nl, *inst.aliases}:
            folded = fold_name(name)
            assert folded, f"{inst.code}: alias {name!r} folds to nothing"
            assert owner.setdefault(folded, inst.code) == inst.code, (
                f"{name!r} folds to {folded!r}, claimed by {owner[folded]} and {inst.code}"
            )


@pytest.mark.parametrize(("name", "code"), sorted(CONTRACT_ALIASES.items()))
def test_contract_aliases_resolve(name, code):
    assert resolve_instrument(name).code == code


@pytest.mark.parametrize("inst", INSTRUMENTS, ids=EXPECTED_CODES)
def test_code_and_both_names_resolve_to_the_instrument(inst):
    for name in (inst.code, inst.name_en, inst.name_nl, inst.code.lower(), f" {inst.code} "):
        assert resolve_instrument(name).code == inst.code


# The unqualified English name means the original 17-item scale (the short form says so).
_BARE_NAME_OWNERS = {("TSK11", "Tampa Scale for Kinesiophobia"): "TSK17"}


@pytest.mark.parametrize("inst", INSTRUMENTS, ids=EXPECTED_CODES)
def test_full_names_without_the_bracketed_code_resolve(inst):
    # Exports write "Pijn Catastroferen Schaal" as often as "Pijn Catastroferen Schaal (PCS)".
    for name in (inst.name_en, inst.name_nl):
        bare = re.sub(r"\s*\([^)]*\)$", "", name)
        expected = _BARE_NAME_OWNERS.get((inst.code, bare), inst.code)
        assert resolve_instrument(bare).code == expected, bare


def test_the_long_orebro_name_is_not_taken_for_the_short_form():
    with pytest.raises(UnknownInstrumentError):
        resolve_instrument("Orebro Musculoskeletal Pain Screening Questionnaire")


@pytest.mark.parametrize(("inst", "scale"), SCALES, ids=SCALE_IDS)
def test_rules_exist_and_have_the_right_kind(inst, scale):
    assert isinstance(RULES.get(scale.method), ScoringRule), scale.method
    if scale.band_rule is not None:
        assert isinstance(RULES.get(scale.band_rule), BandRule), scale.band_rule
        assert not scale.bands, "a scale has either bands or a band rule"
    assert set(scale.items) <= set(inst.items)
    assert len(set(scale.items)) == len(scale.items)


@pytest.mark.parametrize(("inst", "scale"), SCALES, ids=SCALE_IDS)
def test_missing_item_rule_follows_the_binding_decision(inst, scale):
    if scale.method == "sum" or scale.method == "sbst_sum":
        no_missing = inst.code in ("SBST", "OMPSQ10")
        expected = 0 if no_missing else math.floor(0.1 * len(scale.items))
        assert scale.max_missing == expected
    elif scale.method == "odi_percent":
        assert scale.min_answered == 8
    elif scale.method == "mean_of_answered":
        assert scale.min_answered == 1


@pytest.mark.parametrize("inst", INSTRUMENTS, ids=EXPECTED_CODES)
def test_every_instrument_is_sourced_and_described(inst):
    assert inst.sources and all(s.strip() for s in inst.sources)
    assert inst.name_en and inst.name_nl and inst.notes
    for scale in inst.scales:
        assert scale.label_nl and scale.label_en
        refs = [scale.mcid_abs, scale.mcid_pct, scale.sem] + [r for _, r in scale.alternatives]
        for ref in refs:
            assert ref is None or ref.source.strip()
        for band in scale.bands:
            assert band.label_nl and band.label_en


def test_published_mcid_and_sem_values():
    # instruments.md §15
    expected = {
        "NPRS": (2, 30, 1.02), "ODI": (10, 30, 4.92), "RMDQ": (5, 30, 3.7),
        "QBPDS": (20, 30, 8.0), "TSK17": (4, None, 3.16), "TSK11": (4, None, 2.54),
        "PCS": (8, None, 4.6), "PSEQ": (5.5, None, 4.57), "PSEQ2": (1.5, None, None),
        "PSFS": (None, None, None), "PSK": (None, None, None), "CSI": (None, None, None),
        "SBST": (None, None, None), "OMPSQ10": (None, None, None), "GPE": (None, None, None),
    }
    for code, (mcid, pct, sem) in expected.items():
        total = get_instrument(code).scale("total")
        refs = (total.mcid_abs, total.mcid_pct, total.sem)
        got = tuple(None if r is None else r.value for r in refs)
        assert got == (mcid, pct, sem), code
    assert get_instrument("PCS").scale("total").mcid_high_baseline[1].value == 11


def test_psfs_and_psk_have_opposite_directions():
    assert get_instrument("PSFS").higher_is_worse is False
    assert get_instrument("PSK").higher_is_worse is True


def test_reversed_items_as_published():
    assert get_instrument("TSK17").reversed_items == (4, 8, 12, 16)
    assert get_instrument("OMPSQ10").reversed_items == (6, 9, 10)
    assert get_instrument("OMPSQ10").item_range(1) == (1, 10)
    for code in set(EXPECTED_CODES) - {"TSK17", "OMPSQ10"}:
        assert get_instrument(code).reversed_items == (), code
