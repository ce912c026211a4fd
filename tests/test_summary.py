"""The patient's plain-language summary: rules, order, honesty, no jargon, both languages."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
import pytest
from factories import checkins as store_checkins
from factories import episode, episodes

from beyou_analytics.flags import evaluate_flags
from beyou_analytics.flags.rules import LOAD_OVER_MIN
from beyou_analytics.schema import empty_table
from beyou_analytics.summary import (
    ACTIVITY_POINTS,
    DOMAINS,
    SENTENCES,
    checkin_change,
    checkin_pain_change,
    load_balance_state,
    pain_lately,
    patient_summary,
    summary_facts,
)
from beyou_analytics.trends import pain_since_start

AS_OF = pd.Timestamp("2026-10-31")
JARGON = re.compile(
    r"MCID|RCI|SEM|NPRS|QBPDS|ODI|RMDQ|PSK|PSFS|TSK|PCS|PSEQ|CSI|SBST|GPE|kinesiofob|catastrof"
    r"|sensitisat|baseline|klinisch relevant|clinically",
    re.IGNORECASE,
)


def outcomes(*rows: tuple, latest_at: str | None = None) -> pd.DataFrame:
    """Outcome rows ``(instrument, n_administrations, baseline, latest, mcid_status)``;
    ``latest_at`` (one date for all rows) only when given."""
    frame = pd.DataFrame(rows, columns=["instrument", "n_administrations", "baseline", "latest",
                                        "mcid_status"])
    frame = frame.assign(scale="total", change=frame["latest"] - frame["baseline"])
    return frame if latest_at is None else frame.assign(latest_at=pd.Timestamp(latest_at))


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


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_sentence_is_short_with_its_longest_fields(language):
    text = SENTENCES[language]
    fields = {"numbers": text["pain.numbers"].format(start="10,0", now="10,0"),
              "recent": text["pain.recent"].format(value="10,0"), "what": "x", "days": 14,
              "start": "10,0", "now": "10,0", "value": "10,0"}
    for key, template in text.items():
        for sentence in re.split(r"(?<=\.) ", template.format(**fields)):
            assert len(sentence.split(":")[0].split()) <= 20, (key, sentence)


def test_led_by_function_and_confidence_then_fear_and_worry_then_pain():
    out = outcomes(("NPRS", 2, 7, 4, "improved"), ("PCS", 2, 35, 20, "improved"),
                   ("TSK17", 2, 45, 35, "improved"), ("PSEQ", 2, 20, 35, "improved"),
                   ("QBPDS", 2, 50, 25, "improved"))
    text = lines(out, daily(pain_now=4.0))
    assert text[:5] == [
        "Je kunt je dagelijkse activiteiten beter doen dan bij de start.",
        "Je hebt meer vertrouwen dat je dingen kunt doen, ook met pijn.",
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
    assert "Je pijn is niet duidelijk veranderd (van 6,0 naar 5,8, op een schaal van 0 tot 10)." \
        in text
    # pain the same while more confident (activities not measured): the practice's message
    assert ("Je vertrouwen groeit, ook al is de pijn nog niet duidelijk minder. Dat is een "
            "goede stap.") in text
    assert not any(line.startswith("Je kunt dus meer") for line in text)


def test_doing_more_needs_better_activities():
    out = outcomes(("QBPDS", 2, 50, 25, "improved"), ("NPRS", 2, 6, 6, "unchanged"))
    assert ("Je kunt dus meer, ook al is de pijn nog niet duidelijk minder. Dat is een goede "
            "stap.") in lines(out, None)
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
    assert "Your pain has not clearly changed (from 6 to 6, on a scale of 0 to 10)." in text


VERDICT_ROWS = {
    "improved": (2, 40.0, 20.0, "improved"),
    "unchanged": (2, 40.0, 38.0, "unchanged"),
    "deteriorated": (2, 20.0, 40.0, "deteriorated"),
    "once": (1, 40.0, 40.0, None),
}
VERDICTS = [*VERDICT_ROWS, "missing"]


# --- 1. pain never contradicts the recent check-ins or the rising-pain flag -----------------

NPRS_AT = "2026-10-01 11:35"


def pain_line(text: list[str]) -> str:
    """The pain sentence (not a list of what was measured)."""
    return next(line for line in text if re.search(r"(je|your) pain|je pijn", line, re.I)
                and not re.search(r"gemeten|measured", line))


def test_pain_lower_at_the_questionnaire_but_higher_in_the_checkins_since():
    out = outcomes(("NPRS", 2, 8, 4, "improved"), latest_at=NPRS_AT)
    since = daily(days=14, pain_now=8.0)  # 18-31 October, all after the questionnaire
    facts = summary_facts(out, since, as_of=AS_OF).set_index("domain")
    assert facts.loc["pain", ["verdict", "lately", "recent"]].tolist() == ["improved", "up", 8.0]
    assert pain_line(lines(out, since)) == (
        "Bij de laatste vragenlijst was je pijn minder (van 8 naar 4, op een schaal van 0 tot "
        "10). Maar in de laatste weken is je pijn hoger geworden (gemiddeld 8,0 bij je laatste "
        "check-ins). Bespreek dit met je therapeut."
    )
    assert pain_line(lines(out, since, language="en")) == (
        "At your last questionnaire your pain was lower (from 8 to 4, on a scale of 0 to 10). "
        "But in recent weeks your pain has gone up (on average 8.0 in your latest check-ins). "
        "Talk about this with your therapist."
    )


def test_pain_lower_and_still_low_in_the_checkins_is_said_plainly():
    out = outcomes(("NPRS", 2, 8, 4, "improved"), latest_at=NPRS_AT)
    since = daily(days=14, pain_now=4.5)
    assert summary_facts(out, since, as_of=AS_OF).set_index("domain").loc["pain", "lately"] is None
    assert pain_line(lines(out, since)) == (
        "Je pijn is minder geworden (van 8 naar 4, op een schaal van 0 tot 10)."
    )


def test_only_checkins_after_the_questionnaire_tell_what_happened_since():
    out = outcomes(("NPRS", 2, 8, 4, "improved"), latest_at="2026-10-25 10:00")
    # high up to the questionnaire day (what it already measured), low after it
    around = daily(days=14, pain_now=[8.0] * 8 + [4.0] * 6)
    assert pain_lately(around, as_of=AS_OF, after=pd.Timestamp("2026-10-25 10:00"),
                       reference=4.0)[0] is None
    assert pain_line(lines(out, around)).startswith("Je pijn is minder geworden")


def test_pain_not_clearly_changed_at_the_questionnaire_but_lower_since():
    out = outcomes(("NPRS", 2, 7, 6, "unchanged"), latest_at=NPRS_AT)
    assert pain_line(lines(out, daily(days=14, pain_now=3.0))) == (
        "Bij de laatste vragenlijst was je pijn weinig veranderd (van 7 naar 6, op een schaal "
        "van 0 tot 10). Maar in de laatste weken is je pijn lager geworden (gemiddeld 3,0 bij je "
        "laatste check-ins)."
    )
    worse = outcomes(("NPRS", 2, 4, 7, "deteriorated"), latest_at=NPRS_AT)
    assert pain_line(lines(worse, daily(days=14, pain_now=4.0))) == (
        "Bij de laatste vragenlijst was je pijn erger (van 4 naar 7, op een schaal van 0 tot "
        "10). Maar in de laatste weken is je pijn lager geworden (gemiddeld 4,0 bij je laatste "
        "check-ins)."
    )
    # 6 -> 5.5 is not clearly lower (NPRS MCID): no "but"
    assert pain_line(lines(out, daily(days=14, pain_now=5.5))) == (
        "Je pijn is niet duidelijk veranderd (van 7 naar 6, op een schaal van 0 tot 10)."
    )


def test_pain_lower_lately_is_not_followed_by_not_yet_lower():
    out = pd.concat([outcomes(("NPRS", 2, 7, 7, "unchanged"), latest_at=NPRS_AT),
                     outcomes(("PSEQ", 2, 30, 45, "improved"), latest_at=NPRS_AT)])
    text = " ".join(lines(out, daily(days=14, pain_now=5.0)))
    assert "in de laatste weken is je pijn lager geworden" in text
    assert "nog niet duidelijk minder" not in text  # it was, in the same summary (17055)
    # without the recent check-ins the encouragement stays
    assert "nog niet duidelijk minder" in " ".join(lines(out, None))


def _store_checkins(dates: pd.DatetimeIndex, **measures) -> pd.DataFrame:
    return store_checkins("7", "2026-08-01", dates, **measures)


def _fires(code: str, checkins: pd.DataFrame) -> bool:
    flags = evaluate_flags(episodes(episode("7", "2026-08-01")), checkins, empty_table("scores"),
                           empty_table("outcomes"), as_of=AS_OF, codes=[code])
    return bool((flags["code"] == code).any())


def test_rising_pain_flag_is_never_contradicted():
    dates = pd.date_range("2026-09-16", AS_OF)  # after a questionnaire on 15-09
    out = outcomes(("NPRS", 2, 8, 5, "improved"), latest_at="2026-09-15 10:00")
    rising = _store_checkins(dates, pain_now=np.linspace(4.0, 6.0, len(dates)))
    assert _fires("worsening_pain_trend", rising)
    # the last fortnight (about 5.7) is not clearly above 5, yet the flag's trend rises
    assert pain_line(lines(out, rising)) == (
        "Bij de laatste vragenlijst was je pijn minder (van 8 naar 5, op een schaal van 0 tot "
        "10). Maar in de laatste weken is je pijn hoger geworden. Bespreek dit met je therapeut."
    )
    flat = _store_checkins(dates, pain_now=5.0)
    assert not _fires("worsening_pain_trend", flat)
    assert pain_line(lines(out, flat)) == (
        "Je pijn is minder geworden (van 8 naar 5, op een schaal van 0 tot 10)."
    )


def test_checkin_pain_lower_since_the_start_but_rising_lately():
    dates = pd.date_range(end=AS_OF, periods=70)
    pain = np.r_[[8.0] * 14, [3.0] * 14, np.linspace(3.0, 6.0, 42)]
    rows = _store_checkins(dates, pain_now=pain)
    assert _fires("worsening_pain_trend", rows)
    line = pain_line(lines(outcomes(), rows))
    assert line.startswith("Je pijn is minder geworden (van 8,0 naar ")
    assert line.endswith(
        "Maar in de laatste weken is je pijn hoger geworden. Bespreek dit met je therapeut.")


def test_rising_trend_without_a_change_to_show_yet():
    weekly = pd.date_range(end=AS_OF, periods=6, freq="7D")  # too few per fortnight
    rows = _store_checkins(weekly, pain_now=[3.0, 3.5, 4.5, 5.0, 5.5, 6.5])
    assert _fires("worsening_pain_trend", rows)
    text = lines(outcomes(("NPRS", 1, 3, 3, None)), rows)
    assert "In de laatste weken is je pijn hoger geworden. Bespreek dit met je therapeut." in text
    assert not any(line.startswith("Nog maar één keer gemeten") for line in text)
    steady = _store_checkins(weekly, pain_now=[3.0, 4.0, 3.0, 4.0, 3.0, 4.0])
    text = lines(outcomes(("NPRS", 1, 3, 3, None)), steady)
    assert not any("hoger geworden" in line for line in text)
    assert any(line.startswith("Nog te weinig check-ins") and "je pijn" in line for line in text)


def test_ended_episode_judges_its_checkins_up_to_the_last_one():
    stopped = daily(days=42, end="2026-09-15", pain_now=(7.0, 3.0), confidence=(3.0, 7.0))
    facts = summary_facts(outcomes(), stopped, as_of=AS_OF, ended=True).set_index("domain")
    assert facts.loc["pain", ["verdict", "source"]].tolist() == ["improved", "checkin"]
    text = lines(outcomes(), stopped, ended=True)
    assert "Je pijn is minder geworden (van 7,0 naar 3,0, op een schaal van 0 tot 10)." in text
    assert "Niet gemeten: je dagelijkse activiteiten, je angst om te bewegen en je zorgen over " \
        "je pijn." in text
    # an open episode whose check-ins stopped has no recent fortnight to compare
    assert summary_facts(outcomes(), stopped, as_of=AS_OF).set_index("domain").loc[
        "pain", "verdict"] == "checkins"


# --- 2. the clinical thresholds of the rest of the library ---------------------------------

@pytest.mark.parametrize(
    ("first", "last", "verdict"),
    [(6.6, 5.5, "unchanged"), (6.0, 4.0, "improved"), (3.0, 2.0, "improved"),  # 33 %
     (5.0, 6.4, "unchanged"), (5.0, 7.0, "deteriorated")],
)
def test_checkin_pain_is_judged_as_the_clinicians_since_start_lens(first, last, verdict):
    rows = daily(pain_now=(first, last))
    facts = summary_facts(outcomes(), rows, as_of=AS_OF).set_index("domain")
    assert facts.loc["pain", ["verdict", "start", "now"]].tolist() == [verdict, first, last]
    keyed = rows.assign(patient_id="7", episode_id="7-1")
    episode_row = pd.DataFrame({"patient_id": ["7"], "episode_id": ["7-1"],
                                "start_date": [rows["date"].min()]})
    clinician = pain_since_start(keyed, episode_row, as_of=AS_OF)["mcid_status"].iloc[0]
    assert clinician == verdict
    assert checkin_pain_change(rows, as_of=AS_OF)[0] == verdict


def test_one_point_of_checkin_pain_is_not_called_lower():
    text = lines(outcomes(), daily(pain_now=(6.6, 5.5)))
    assert "Je pijn is niet duidelijk veranderd (van 6,6 naar 5,5, op een schaal van 0 tot 10)." \
        in text
    assert not any("minder geworden" in line for line in text)


@pytest.mark.parametrize(
    ("first", "last", "verdict"),
    [(5.0, 6.0, "unchanged"), (4.0, 6.0, "improved"), (6.0, 4.0, "deteriorated")],
)
def test_checkin_confidence_needs_the_same_two_points(first, last, verdict):
    facts = summary_facts(outcomes(), daily(confidence=(first, last)), as_of=AS_OF)
    assert facts.set_index("domain").loc["confidence", "verdict"] == verdict
    assert ACTIVITY_POINTS == 2.0  # the NPRS's absolute MCID from the registry


def test_pain_not_clearly_lower_is_worded_truthfully():
    out = outcomes(("QBPDS", 2, 50, 25, "improved"), ("NPRS", 2, 5, 4, "unchanged"))
    text = lines(out, None)
    assert "Je pijn is niet duidelijk veranderd (van 5 naar 4, op een schaal van 0 tot 10)." in text
    assert ("Je kunt dus meer, ook al is de pijn nog niet duidelijk minder. Dat is een goede "
            "stap.") in text
    assert not any("ongeveer gelijk" in line or "nog niet minder" in line for line in text)
    english = lines(out, None, language="en")
    assert "Your pain has not clearly changed (from 5 to 4, on a scale of 0 to 10)." in english
    assert ("So you can do more, even though the pain is not clearly lower yet. That is a good "
            "step.") in english
    # clearly lower: said so, and no "not lower yet"
    text = lines(outcomes(("QBPDS", 2, 50, 25, "improved"), ("NPRS", 2, 5, 3, "improved")), None)
    assert "Je pijn is minder geworden (van 5 naar 3, op een schaal van 0 tot 10)." in text
    assert not any(line.startswith("Je kunt dus meer") for line in text)


# --- 3. load: the flag's own rule -----------------------------------------------------------

@pytest.mark.parametrize("n_over", range(8))
def test_load_often_exactly_when_the_clinician_flag_fires(n_over):
    rows = _store_checkins(pd.date_range(end=AS_OF, periods=7),
                           load=[8.0] * n_over + [4.0] * (7 - n_over), load_capacity=5.0)
    fires = _fires("load_above_capacity", rows)
    assert fires == (n_over >= LOAD_OVER_MIN)
    assert (load_balance_state(rows, as_of=AS_OF) == "often") == fires
    assert any("vaak hoger" in line for line in lines(outcomes(), rows)) == fires
    assert (load_balance_state(rows, as_of=AS_OF) == "good") == (n_over == 0)


# --- 4. "not measured" only without any data ------------------------------------------------

def test_a_measure_with_checkins_is_never_called_not_measured():
    few = daily(days=3, pain_now=5.0, confidence=6.0)
    facts = summary_facts(outcomes(), few, as_of=AS_OF).set_index("domain")
    assert facts.loc[["confidence", "pain"], "verdict"].tolist() == ["checkins", "checkins"]
    text = lines(outcomes(), few)
    assert "Nog te weinig check-ins om een verandering te zien: je vertrouwen en je pijn." in text
    assert ("Nog niet gemeten: je dagelijkse activiteiten, je angst om te bewegen en je zorgen "
            "over je pijn.") in text
    assert "Not enough check-ins to see a change: your confidence and your pain." in lines(
        outcomes(), few, language="en", ended=True)
    # pain check-ins only: confidence is still truly not measured
    only_pain = summary_facts(outcomes(), daily(days=3, pain_now=5.0), as_of=AS_OF)
    assert only_pain.set_index("domain").loc["confidence", "verdict"] == "missing"
    # no check-ins at all: truly not measured
    assert ("Nog niet gemeten: je dagelijkse activiteiten, je vertrouwen, je angst om te "
            "bewegen, je zorgen over je pijn en je pijn.") in lines(outcomes(), None)


def test_confidence_without_pseq_falls_back_on_enough_checkins():
    text = lines(outcomes(("QBPDS", 2, 50, 25, "improved")), daily(confidence=(3.0, 6.0)))
    assert "Je hebt meer vertrouwen dat je zelf invloed hebt op je klachten." in text
    assert not any("je vertrouwen" in line and "gemeten" in line for line in text)


# --- 5. the PSEQ sentence says what the PSEQ measures ---------------------------------------

@pytest.mark.parametrize("verdict", ["improved", "unchanged", "deteriorated"])
def test_pseq_is_confidence_to_do_things_despite_pain(verdict):
    pseq = outcomes(("PSEQ", *VERDICT_ROWS[verdict]))
    nl, en = lines(pseq, None)[0], lines(pseq, None, language="en")[0]
    assert "dingen kunt doen, ook met pijn" in nl and "invloed" not in nl
    assert "do things, even with pain" in en and "influence" not in en
    first, last = {"improved": (3.0, 6.0), "unchanged": (5.0, 5.0),
                   "deteriorated": (6.0, 3.0)}[verdict]
    checkin = lines(outcomes(), daily(confidence=(first, last)))[0]
    assert "invloed hebt op je klachten" in checkin and "ook met pijn" not in checkin


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
