"""The patient's plain-language summary: rules, order, honesty, no jargon, both languages."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

from beyou_analytics.summary import (
    ACTIVITY_POINTS,
    DOMAINS,
    SENTENCES,
    checkin_change,
    load_balance_state,
    patient_summary,
    summary_facts,
)

AS_OF = pd.Timestamp("2026-10-31")
JARGON = re.compile(
    r"MCID|RCI|SEM|NPRS|QBPDS|ODI|RMDQ|PSK|PSFS|TSK|PCS|PSEQ|CSI|SBST|GPE|kinesiofob|catastrof"
    r"|sensitisat|baseline|klinisch relevant|clinically",
    re.IGNORECASE,
)


def outcomes(*rows: tuple) -> pd.DataFrame:
    """Outcome rows ``(instrument, n_administrations, baseline, latest, mcid_status)``."""
    frame = pd.DataFrame(rows, columns=["instrument", "n_administrations", "baseline", "latest",
                                        "mcid_status"])
    return frame.assign(scale="total", change=frame["latest"] - frame["baseline"])


def daily(days: int = 42, end: str = "2026-10-31", **measures) -> pd.DataFrame:
    """Daily check-ins ending on ``end``; a measure is a scalar or a (first, last) pair."""
    dates = pd.date_range(end=end, periods=days, freq="D")
    data = {"date": dates}
    for name, value in measures.items():
        if isinstance(value, tuple):
            half = days // 2
            data[name] = [value[0]] * half + [value[1]] * (days - half)
        else:
            data[name] = value
    return pd.DataFrame(data)


def lines(*args, **kwargs) -> list[str]:
    return patient_summary(*args, as_of=AS_OF, **kwargs)


def test_every_sentence_exists_in_both_languages():
    assert set(SENTENCES["nl"]) == set(SENTENCES["en"])


def test_led_by_function_and_confidence_then_fear_and_worry_then_pain():
    out = outcomes(("NPRS", 2, 7, 4, "improved"), ("PCS", 2, 35, 20, "improved"),
                   ("TSK17", 2, 45, 35, "improved"), ("PSEQ", 2, 20, 35, "improved"),
                   ("QBPDS", 2, 50, 25, "improved"))
    text = lines(out, daily(pain_now=4.0))
    assert text[:5] == [
        "Je kunt je dagelijkse activiteiten beter doen dan bij de start.",
        "Je hebt meer vertrouwen dat je zelf invloed hebt op je klachten.",
        "Je bent minder bang om te bewegen.",
        "Je maakt je minder zorgen over je pijn.",
        "Je pijn is minder geworden (van 7 naar 4, op een schaal van 0 tot 10).",
    ]


def test_honest_about_worsening_and_points_to_the_therapist():
    out = outcomes(("QBPDS", 2, 30, 55, "deteriorated"), ("NPRS", 2, 4, 7, "deteriorated"))
    text = lines(out, daily(pain_now=7.0))
    assert text[0].startswith("Je dagelijkse activiteiten gaan moeilijker")
    assert "Bespreek dit met je therapeut." in text[0]
    assert any(line.startswith("Je pijn is erger geworden (van 4 naar 7") for line in text)


def test_mixed_activities_are_called_mixed():
    out = outcomes(("QBPDS", 2, 30, 55, "deteriorated"), ("PSK", 2, 7.0, 3.0, None))
    facts = summary_facts(out, None, as_of=AS_OF).set_index("domain")
    assert facts.loc["activities", "verdict"] == "mixed"
    assert lines(out, None)[0] == (
        "Sommige activiteiten gaan beter, andere moeilijker dan bij de start."
    )


@pytest.mark.parametrize(
    ("instrument", "baseline", "latest", "verdict"),
    [
        ("PSK", 6.0, 6.0 - ACTIVITY_POINTS, "improved"),  # higher = worse
        ("PSK", 6.0, 4.5, "unchanged"),
        ("PSK", 4.0, 6.0, "deteriorated"),
        ("PSFS", 3.0, 5.0, "improved"),  # higher = better
        ("PSFS", 5.0, 3.0, "deteriorated"),
    ],
)
def test_activity_scales_without_mcid_use_two_points_in_their_own_direction(
    instrument, baseline, latest, verdict
):
    facts = summary_facts(outcomes((instrument, 2, baseline, latest, None)), None, as_of=AS_OF)
    assert facts.set_index("domain").loc["activities", "verdict"] == verdict


def test_measured_once_and_missing_are_said_plainly():
    out = outcomes(("NPRS", 1, 6, 6, None), ("TSK17", 1, 40, 40, None))
    text = lines(out, None)
    assert text == [
        "Nog maar één keer gemeten: je angst om te bewegen en je pijn. Na de volgende meting "
        "zie je wat er veranderd is.",
        "Nog niet gemeten: je dagelijkse activiteiten, je vertrouwen en je zorgen over je pijn.",
        "Er zijn nog geen check-ins van je.",
    ]


def test_ended_episode_does_not_promise_a_next_measurement():
    text = lines(outcomes(("NPRS", 1, 6, 6, None)), None, ended=True)
    assert text[0] == "Je behandeling is afgerond."
    assert "Na de volgende meting" not in " ".join(text)
    assert "Maar één keer gemeten: je pijn." in " ".join(text)
    assert "check-in" not in " ".join(text)  # no nagging after the end


def test_confidence_and_pain_fall_back_on_the_checkin():
    checkins = daily(confidence=(3.0, 6.0), pain_now=(6.0, 5.8))
    facts = summary_facts(outcomes(), checkins, as_of=AS_OF).set_index("domain")
    assert facts.loc["confidence", ["verdict", "source"]].tolist() == ["improved", "checkin"]
    assert facts.loc["pain", ["verdict", "source"]].tolist() == ["unchanged", "checkin"]
    text = lines(outcomes(), checkins)
    assert "Je pijn is ongeveer gelijk gebleven (van 6,0 naar 5,8, op een schaal van 0 tot 10)." \
        in text
    # pain the same while more confident (activities not measured): the practice's message
    assert "Je vertrouwen groeit, ook al is de pijn nog niet minder. Dat is een goede stap." \
        in text
    assert not any(line.startswith("Je kunt dus meer") for line in text)


def test_doing_more_needs_better_activities():
    out = outcomes(("QBPDS", 2, 50, 25, "improved"), ("NPRS", 2, 6, 6, "unchanged"))
    assert "Je kunt dus meer, ook al is de pijn nog niet minder. Dat is een goede stap." in (
        lines(out, None))
    out = outcomes(("QBPDS", 2, 50, 48, "unchanged"), ("PSEQ", 2, 20, 30, "improved"),
                   ("NPRS", 2, 6, 6, "unchanged"))
    text = lines(out, None)
    assert not any(line.startswith("Je kunt dus meer") for line in text)
    assert any(line.startswith("Je vertrouwen groeit") for line in text)


def test_questionnaire_verdict_wins_over_the_checkin():
    checkins = daily(confidence=(6.0, 3.0))
    out = outcomes(("PSEQ", 2, 20, 30, "improved"))
    facts = summary_facts(out, checkins, as_of=AS_OF).set_index("domain")
    assert facts.loc["confidence", ["verdict", "source"]].tolist() == ["improved", "PSEQ"]


def test_checkin_change_needs_two_separate_windows():
    assert checkin_change(daily(days=20, confidence=5.0), "confidence", as_of=AS_OF) is None
    assert checkin_change(daily(days=28, confidence=(4.0, 6.0)), "confidence",
                          as_of=AS_OF) == (4.0, 6.0)
    stopped = daily(days=40, end="2026-10-01", confidence=5.0)
    assert checkin_change(stopped, "confidence", as_of=AS_OF) is None


def test_load_balance_and_stale_checkins():
    over = daily(days=10, load=8.0, load_capacity=5.0)
    assert load_balance_state(over, as_of=AS_OF) == "often"
    assert load_balance_state(daily(days=10, load=4.0, load_capacity=5.0), as_of=AS_OF) == "good"
    assert load_balance_state(daily(days=2, load=8.0, load_capacity=5.0), as_of=AS_OF) is None
    stale = daily(days=30, end="2026-10-01", pain_now=5.0)
    assert lines(outcomes(), stale)[-1].startswith(
        "We hebben de laatste 14 dagen geen check-in van je gekregen."
    )


def test_english_uses_you_and_the_same_rules():
    out = outcomes(("ODI", 2, 40, 20, "improved"), ("NPRS", 2, 6, 6, "unchanged"))
    text = lines(out, None, language="en")
    assert text[0] == "You can do your daily activities better than at the start."
    assert "Your pain has stayed about the same (from 6 to 6, on a scale of 0 to 10)." in text


VERDICT_ROWS = {
    "improved": (2, 40.0, 20.0, "improved"),
    "unchanged": (2, 40.0, 38.0, "unchanged"),
    "deteriorated": (2, 20.0, 40.0, "deteriorated"),
    "once": (1, 40.0, 40.0, None),
}
VERDICTS = [*VERDICT_ROWS, "missing"]


def combinations(n_domains: int, *, seed: int = 5, n_random: int = 30) -> list[tuple[str, ...]]:
    """Every verdict for every domain (alone and all alike) plus a seeded random sample."""
    import random

    rng = random.Random(seed)
    combos = {tuple([v] * n_domains) for v in VERDICTS}
    for i, verdict in itertools.product(range(n_domains), VERDICTS):
        combos.add(tuple(verdict if j == i else "missing" for j in range(n_domains)))
    while len(combos) < 5 + 5 * n_domains + n_random:
        combos.add(tuple(rng.choice(VERDICTS) for _ in range(n_domains)))
    return sorted(combos)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_jargon_and_short_sentences(language):
    codes = {domain.key: domain.instruments[0] for domain in DOMAINS}
    checkins = daily(load=8.0, load_capacity=5.0)
    seen = set()
    for combo in combinations(len(codes)):
        rows = [(codes[key], *VERDICT_ROWS[verdict])
                for key, verdict in zip(codes, combo, strict=True) if verdict != "missing"]
        for ended in (False, True):
            for line in lines(outcomes(*rows), checkins, language=language, ended=ended):
                assert not JARGON.search(line), line
                for sentence in re.split(r"(?<=\.) ", line):
                    # B1: short sentences; a list after a colon counts as one item
                    words = sentence.split(":")[0].split()
                    assert len(words) <= 20, sentence
                seen.add(line)
    assert len(seen) > 40  # the combinations really produced varied text
