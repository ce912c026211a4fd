"""Flag rules (``beyou_analytics.flags``): every rule fires on one case and stays quiet on
another, thresholds are tested on both sides of the boundary, and no rule looks past as_of."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest
from factories import (
    checkins,
    daily,
    empty,
    episode,
    episode_id,
    episodes,
    outcome,
    outcomes,
    score,
    scores,
)

from beyou_analytics.change import episode_outcomes
from beyou_analytics.errors import NotFoundError
from beyou_analytics.flags import (
    FLAG_COLUMNS,
    FlagRule,
    evaluate_flags,
    flag_codes,
    flags_for_store,
    get_rule,
    register,
    rules_table,
)
from beyou_analytics.flags.context import outcomes_as_of
from beyou_analytics.flags.schedule import due_moments
from beyou_analytics.flags.text import number, signed
from beyou_analytics.io.store import load_store, write_store
from beyou_analytics.protocol import measurement_schedule
from beyou_analytics.schema import STORE_SCHEMAS, empty_table

AS_OF = pd.Timestamp("2026-10-31")
START = "2026-08-03"  # open episode, 89 days on AS_OF: intake due, no interim yet
P = "7"
EP = episode_id(P, START)


@dataclass
class Case:
    episodes: pd.DataFrame = field(default_factory=lambda: episodes(episode(P, START)))
    checkins: pd.DataFrame = field(default_factory=lambda: empty("checkins"))
    scores: pd.DataFrame = field(default_factory=lambda: empty("scores"))
    outcomes: pd.DataFrame = field(default_factory=lambda: empty("outcomes"))
    as_of: pd.Timestamp = AS_OF

    def flags(self, code: str | None = None) -> pd.DataFrame:
        return evaluate_flags(self.episodes, self.checkins, self.scores, self.outcomes,
                              as_of=self.as_of, codes=[code] if code else None)


def fired(case: Case, code: str) -> bool:
    flags = case.flags(code)
    assert set(flags["code"]) <= {code}
    return len(flags) > 0


def _values(case: Case, code: str) -> dict:
    return json.loads(case.flags(code).iloc[0]["values"])


# --- one case that fires and one that does not, per rule ---------------------------------

def _outcome_case(instrument: str, status: str, baseline: float, latest: float) -> Case:
    return Case(outcomes=outcomes(outcome(P, START, instrument, baseline, latest, status,
                                          baseline_at=START, latest_at="2026-10-20")))


def _pain_case(slope: float, noise: float) -> Case:
    rng = np.random.default_rng(4)
    weeks = np.arange(42) / 7
    pain = np.clip(4 + slope * weeks + rng.normal(0, noise, 42), 0, 10)
    return Case(checkins=checkins(P, START, daily("2026-09-20", 42), pain_now=pain))


def _scores_case(*rows: dict, as_of: pd.Timestamp = AS_OF) -> Case:
    return Case(scores=scores(*rows), as_of=as_of)


def _sbst(psychosocial: float, total: float, band: str, when: str = START) -> list[dict]:
    return [score(P, START, "SBST", when, total, band=band),
            score(P, START, "SBST", when, psychosocial, scale="psychosocial")]


def _last_checkin_case(days_ago: int) -> Case:
    return Case(checkins=checkins(P, START, [AS_OF - pd.Timedelta(days=days_ago)], pain_now=3))


def _intake_case(days_since_start: int, instruments: tuple[str, ...] = ()) -> Case:
    start = AS_OF - pd.Timedelta(days=days_since_start)
    text = f"{start:%Y-%m-%d}"
    rows = [score(P, text, code, text, 3.0) for code in instruments]
    return Case(episodes=episodes(episode(P, text)), scores=scores(*rows))


def _discharge_case(end: str, instruments: tuple[str, ...] = ()) -> Case:
    rows = [score(P, START, code, end, 3.0) for code in instruments]
    return Case(episodes=episodes(episode(P, START, end=end)), scores=scores(*rows))


def _load_case(n_over: int, first: str = "2026-10-25") -> Case:
    load = [7.0] * n_over + [3.0] * (7 - n_over)
    return Case(checkins=checkins(P, START, daily(first, 7), load=load, load_capacity=5.0))


def _adherence_case(previous: list, current: list) -> Case:
    done = previous + current
    dates = pd.date_range(end=AS_OF - pd.Timedelta(days=14), periods=len(previous)).append(
        pd.date_range(end=AS_OF, periods=len(current)))
    return Case(checkins=checkins(P, START, dates, exercises_done=done))


DISCHARGE_SET = ("NPRS", "PSK", "QBPDS", "GPE")
INTAKE_SET = ("NPRS", "PSFS", "ODI")

CASES: dict[str, tuple[Case, Case]] = {
    "worsening_outcome": (_outcome_case("QBPDS", "deteriorated", 40, 62),
                          _outcome_case("QBPDS", "improved", 62, 40)),
    "worsening_pain_trend": (_pain_case(0.5, 0.5), _pain_case(0.0, 1.5)),
    "psychosocial_risk": (_scores_case(score(P, START, "TSK17", START, 38)),
                          _scores_case(score(P, START, "TSK17", START, 37))),
    "sbst_high_no_improvement": (_scores_case(*_sbst(4, 6, "high"), as_of=AS_OF),
                                 _scores_case(*_sbst(3, 6, "medium"), as_of=AS_OF)),
    "disengaged": (_last_checkin_case(14), _last_checkin_case(13)),
    "measurement_overdue": (_intake_case(15), _intake_case(15, INTAKE_SET)),
    "discharge_measurement_missing": (_discharge_case("2026-10-01"),
                                      _discharge_case("2026-10-01", DISCHARGE_SET)),
    "load_above_capacity": (_load_case(5), _load_case(4)),
    "adherence_falling": (_adherence_case([True] * 14, [True, False] * 7),
                          _adherence_case([True] * 14, [True] * 14)),
}


def test_every_registered_rule_has_cases():
    assert set(CASES) == set(flag_codes())


@pytest.mark.parametrize("code", list(CASES))
def test_rule_fires(code):
    flags = CASES[code][0].flags(code)
    assert flags["code"].tolist() == [code]
    row = flags.iloc[0]
    case = CASES[code][0]
    assert (row["patient_id"], row["therapist"]) == (P, "T1")
    assert row["episode_id"] == case.episodes["episode_id"].item()
    assert row["fired_on"] == case.as_of
    assert row["severity"] == get_rule(code).severity
    assert row["message_nl"].endswith(f"(regel: {get_rule(code).rule_nl})")
    assert row["message_en"].endswith(f"(rule: {get_rule(code).rule_en})")
    assert row["rule"] == get_rule(code).rule_en
    assert isinstance(json.loads(row["values"]), dict) and json.loads(row["values"])


@pytest.mark.parametrize("code", list(CASES))
def test_rule_stays_quiet(code):
    assert not fired(CASES[code][1], code)


# --- messages carry the numbers ----------------------------------------------------------

def test_disengaged_message_matches_the_house_example():
    case = _last_checkin_case(18)
    row = case.flags("disengaged").iloc[0]
    assert row["message_nl"] == (
        "Al 18 dagen geen check-in (laatste op 13-10-2026) "
        "(regel: ≥ 14 dagen zonder check-in in een lopende behandeling)")
    assert row["message_en"].startswith("No check-in for 18 days (last on 2026-10-13)")
    assert json.loads(row["values"])["days_without_checkin"] == 18


def test_disengaged_without_any_checkin_and_not_for_ended_episodes():
    never = Case()
    assert never.flags("disengaged").iloc[0]["message_nl"].startswith(
        "Nog geen check-in, 89 dagen na de start (03-08-2026)")
    ended = Case(episodes=episodes(episode(P, START, end="2026-10-30")))
    assert not fired(ended, "disengaged")
    ends_later = Case(episodes=episodes(episode(P, START, end="2026-11-30")))
    assert fired(ends_later, "disengaged")  # still open on AS_OF


def test_worsening_outcome_message_and_instruments():
    row = CASES["worsening_outcome"][0].flags("worsening_outcome").iloc[0]
    assert "QBPDS van 40 naar 62 (+22 punten, 03-08-2026 tot 20-10-2026)" in row["message_nl"]
    assert json.loads(row["values"])["QBPDS"]["change"] == 22
    assert fired(_outcome_case("NPRS", "deteriorated", 5, 8), "worsening_outcome")
    assert fired(_outcome_case("PSFS", "deteriorated", 6, 3), "worsening_outcome")
    # A psychosocial scale getting worse is not "pain or function".
    assert not fired(_outcome_case("TSK17", "deteriorated", 30, 40), "worsening_outcome")


def test_worsening_pain_trend_message():
    row = CASES["worsening_pain_trend"][0].flags("worsening_pain_trend").iloc[0]
    assert row["message_nl"].startswith("Pijn nu stijgt met 0,")
    assert "punt per week (95%-BI" in row["message_nl"]
    values = json.loads(row["values"])
    assert values["ci_low"] > 0 and values["n_checkins"] == 42


# --- psychosocial thresholds on both sides -----------------------------------------------

@pytest.mark.parametrize(("instrument", "below", "at"), [
    ("TSK17", 37, 38),  # > 37 (Vlaeyen 1995)
    ("PCS", 29, 30),  # >= 30 (binding decision)
    ("CSI", 39, 40),  # >= 40 (Neblett)
])
def test_psychosocial_cutoffs(instrument, below, at):
    assert not fired(_scores_case(score(P, START, instrument, START, below)), "psychosocial_risk")
    assert fired(_scores_case(score(P, START, instrument, START, at)), "psychosocial_risk")


def test_psychosocial_uses_the_latest_score_and_lists_every_factor():
    lower_later = _scores_case(score(P, START, "TSK17", START, 44),
                               score(P, START, "TSK17", "2026-10-01", 36))
    assert not fired(lower_later, "psychosocial_risk")
    several = _scores_case(score(P, START, "TSK17", START, 41), score(P, START, "PCS", START, 33),
                           *_sbst(5, 7, "high"))
    row = several.flags("psychosocial_risk").iloc[0]
    assert "bewegingsangst TSK-17 41 (> 37)" in row["message_nl"]
    assert "catastroferen PCS 33 (≥ 30)" in row["message_nl"]
    assert "STarT Back hoog risico (psychosociaal 5 van 5)" in row["message_nl"]
    assert set(json.loads(row["values"])) == {"TSK17", "PCS", "SBST"}


def test_psychosocial_sbst_high_by_keele_rule():
    assert fired(_scores_case(*_sbst(4, 6, "high")), "psychosocial_risk")
    assert not fired(_scores_case(*_sbst(3, 6, "medium")), "psychosocial_risk")
    # Without a stored band the psychosocial subscale decides (Keele: 4-5 is high).
    assert fired(_scores_case(*_sbst(4, 6, None)), "psychosocial_risk")
    # A stored "high" band without the subscale row still counts, and says no number.
    band_only = _scores_case(score(P, START, "SBST", START, 6, band="high"))
    assert band_only.flags("psychosocial_risk").iloc[0]["message_nl"].startswith(
        "Psychosociale risicofactoren: STarT Back hoog risico (regel:")


def test_psychosocial_thresholds_agree_with_the_registry_bands():
    from beyou_analytics.flags import rules
    from beyou_analytics.instruments import get_instrument

    def band(code, label):
        return next(b for b in get_instrument(code).scale("total").bands if b.label == label)

    assert (band("TSK17", "high").operator, band("TSK17", "high").threshold) == (
        ">", rules.TSK17_HIGH_ABOVE)
    assert (band("PCS", "clinically_relevant").operator,
            band("PCS", "clinically_relevant").threshold) == (">=", rules.PCS_RELEVANT_FROM)
    assert (band("CSI", "mild").operator, band("CSI", "mild").threshold) == ("<", rules.CSI_FROM)


def test_psychosocial_pseq_falling():
    # The stored status decides even below the registry MCID (an alternative MCID was used).
    status = Case(outcomes=outcomes(outcome(P, START, "PSEQ", 40, 36, "deteriorated",
                                            baseline_at=START, latest_at="2026-10-01")))
    assert fired(status, "psychosocial_risk")
    assert "PSEQ gedaald van 40 naar 36" in status.flags("psychosocial_risk").iloc[0][
        "message_nl"]
    by_mcid = Case(outcomes=outcomes(outcome(P, START, "PSEQ", 40, 34, None,
                                             baseline_at=START, latest_at="2026-10-01")))
    assert fired(by_mcid, "psychosocial_risk")  # fell 6 >= MCID 5.5, status missing
    small = Case(outcomes=outcomes(outcome(P, START, "PSEQ", 40, 35, "unchanged",
                                           baseline_at=START, latest_at="2026-10-01")))
    assert not fired(small, "psychosocial_risk")  # fell 5 < 5.5
    rising = Case(outcomes=outcomes(outcome(P, START, "PSEQ2", 4, 8, "improved",
                                            baseline_at=START, latest_at="2026-10-01")))
    assert not fired(rising, "psychosocial_risk")


# --- STarT Back high without improvement -------------------------------------------------

def test_sbst_review_starts_at_week_six():
    start = pd.Timestamp(START)
    at_six = _scores_case(*_sbst(4, 6, "high"), as_of=start + pd.Timedelta(days=42))
    before = _scores_case(*_sbst(4, 6, "high"), as_of=start + pd.Timedelta(days=41))
    assert fired(at_six, "sbst_high_no_improvement")
    assert not fired(before, "sbst_high_no_improvement")
    assert "na 6 weken" in at_six.flags("sbst_high_no_improvement").iloc[0]["message_nl"]
    assert "(geen vervolgmeting)" in at_six.flags("sbst_high_no_improvement").iloc[0][
        "message_nl"]


def test_sbst_high_quiet_after_mcid_improvement():
    improved = Case(scores=scores(*_sbst(4, 6, "high")),
                    outcomes=outcomes(outcome(P, START, "NPRS", 7, 4, "improved",
                                              baseline_at=START, latest_at="2026-09-20")))
    assert not fired(improved, "sbst_high_no_improvement")
    unchanged = Case(scores=scores(*_sbst(4, 6, "high")),
                     outcomes=outcomes(outcome(P, START, "NPRS", 7, 6, "unchanged",
                                               baseline_at=START, latest_at="2026-09-20")))
    row = unchanged.flags("sbst_high_no_improvement").iloc[0]
    assert "geen vervolgmeting" not in row["message_nl"]
    # High on a later SBST does not make the intake high.
    later = Case(scores=scores(*_sbst(2, 3, "low"), *_sbst(4, 6, "high", when="2026-09-15")))
    assert not fired(later, "sbst_high_no_improvement")


def _sbst_with_checkin_pain(first: float, last: float) -> Case:
    """SBST high at intake; check-in pain in the episode's first and last 14 days."""
    dates = daily(START, 14).append(daily("2026-10-18", 14))
    pain = [first] * 14 + [last] * 14
    return Case(scores=scores(*_sbst(4, 6, "high")),
                checkins=checkins(P, START, dates, pain_now=pain))


@pytest.mark.parametrize(("first", "last", "fires"), [
    (7.0, 5.0, False),  # 2 points: the NPRS MCID
    (3.0, 2.0, False),  # 33 %: the percentage threshold
    (7.0, 6.0, True),   # 1 point, 14 %
])
def test_sbst_high_weighs_checkin_pain_before_any_follow_up(first, last, fires):
    case = _sbst_with_checkin_pain(first, last)
    assert fired(case, "sbst_high_no_improvement") == fires
    if fires:
        row = case.flags("sbst_high_no_improvement").iloc[0]
        assert "check-ins: pijn gemiddeld 7,0 in de eerste 14 dagen, 6,0 in de laatste 14" in (
            row["message_nl"])
        assert "geen vervolgmeting" not in row["message_nl"]


def test_too_few_checkins_say_nothing_about_pain_since_start():
    dates = daily(START, 2).append(daily("2026-10-18", 14))
    case = Case(scores=scores(*_sbst(4, 6, "high")),
                checkins=checkins(P, START, dates, pain_now=[7.0] * 2 + [2.0] * 14))
    row = case.flags("sbst_high_no_improvement").iloc[0]
    assert "(geen vervolgmeting)" in row["message_nl"]


# --- engagement and load boundaries ------------------------------------------------------

def test_load_boundary_and_recency():
    assert fired(_load_case(5), "load_above_capacity")
    assert not fired(_load_case(4), "load_above_capacity")
    row = _load_case(6).flags("load_above_capacity").iloc[0]
    assert row["message_nl"].startswith(
        "Belasting hoger dan belastbaarheid bij 6 van de laatste 7 check-ins "
        "(belasting min belastbaarheid gemiddeld +1,4)")
    assert not fired(_load_case(7, first="2026-09-01"), "load_above_capacity")  # > 28 days ago


def test_adherence_boundary():
    assert fired(_adherence_case([True] * 4, [True] * 3 + [False]), "adherence_falling")  # -25
    assert not fired(_adherence_case([True] * 5, [True] * 4 + [False]), "adherence_falling")
    assert not fired(_adherence_case([True] * 3, [False] * 3), "adherence_falling")  # too few
    row = CASES["adherence_falling"][0].flags("adherence_falling").iloc[0]
    assert row["message_nl"].startswith(
        "Oefeningen gedaan bij 50% van de check-ins in de laatste 14 dagen, tegen 100%")


# --- measurement protocol ----------------------------------------------------------------

def test_intake_overdue_boundary_and_any_of_groups():
    assert not fired(_intake_case(14), "measurement_overdue")  # window ends today
    assert fired(_intake_case(15), "measurement_overdue")
    partial = _intake_case(15, ("NPRS", "ODI"))
    row = partial.flags("measurement_overdue").iloc[0]
    assert "(ontbreekt: PSK/PSFS)" in row["message_nl"]
    assert not fired(_intake_case(15, ("NPRS", "PSK", "RMDQ")), "measurement_overdue")


def test_interim_overdue_after_three_months():
    start = "2026-06-01"  # interims due 31 Aug and 12 Oct; 12 Oct's window closed 26 Oct
    rows = [score(P, start, c, start, 3.0) for c in INTAKE_SET]
    rows += [score(P, start, c, "2026-09-02", 3.0) for c in ("NPRS", "PSK")]
    case = Case(episodes=episodes(episode(P, start)), scores=scores(*rows))
    row = case.flags("measurement_overdue").iloc[0]
    assert row["message_nl"].startswith(
        "Meting te laat: tussentijdse meting van 12-10-2026 (ontbreekt: NPRS, PSK/PSFS)")
    assert [m["due_date"] for m in json.loads(row["values"])["missed"]] == ["2026-10-12"]
    done = Case(episodes=case.episodes, scores=scores(
        *rows, *[score(P, start, c, "2026-10-20", 3.0) for c in ("NPRS", "PSFS")]))
    assert not fired(done, "measurement_overdue")


def test_invalid_scores_do_not_count_as_measured():
    case = _intake_case(20, INTAKE_SET)
    case.scores = case.scores.assign(valid=case.scores["instrument"] != "ODI")
    assert "QBPDS/ODI/RMDQ" in case.flags("measurement_overdue").iloc[0]["message_en"]


def test_discharge_missing_scope():
    assert fired(_discharge_case("2026-10-01", ("NPRS", "PSK", "QBPDS")),
                 "discharge_measurement_missing")  # GPE missing
    assert not fired(_discharge_case("2026-10-20"), "discharge_measurement_missing")  # window open
    assert not fired(_discharge_case("2026-06-01"), "discharge_measurement_missing")  # too long ago
    assert not fired(Case(), "discharge_measurement_missing")  # still open
    row = _discharge_case("2026-10-01").flags("discharge_measurement_missing").iloc[0]
    assert row["message_nl"].startswith(
        "Eindmeting van 01-10-2026 (ontbreekt: NPRS, PSK/PSFS, QBPDS/ODI/RMDQ, GPE)")
    # An ended episode gets no engagement or overdue flags.
    assert set(_discharge_case("2026-10-01").flags()["code"]) == {"discharge_measurement_missing"}


def test_due_moments_equal_protocol_schedule():
    rows = []
    for i, start in enumerate(pd.date_range("2025-06-02", "2026-10-31", freq="13D")):
        for days in (None, 0, 90, 104, 105, 106, 200, 400):
            end = None if days is None else start + pd.Timedelta(days=days)
            rows.append(episode(str(100 + i * 10 + len(rows) % 10), f"{start:%Y-%m-%d}",
                                end=None if end is None else f"{end:%Y-%m-%d}"))
    eps = pd.DataFrame(rows).astype({"start_date": "datetime64[us]", "end_date": "datetime64[us]"})
    got = due_moments(eps, as_of=AS_OF)
    expected = pd.concat(
        [measurement_schedule(r.start_date, r.end_date, as_of=AS_OF).assign(
            episode_id=r.episode_id) for r in eps.itertuples()], ignore_index=True)
    key = ["episode_id", "due_date", "timepoint"]
    pd.testing.assert_frame_equal(
        got.sort_values(key).reset_index(drop=True),
        expected[got.columns].sort_values(key).reset_index(drop=True), check_dtype=False)


# --- as_of discipline --------------------------------------------------------------------

def test_outcome_measured_after_as_of_isrecompute_outcomesd():
    future = Case(
        scores=scores(score(P, START, "NPRS", START, 5), score(P, START, "NPRS", "2026-11-10", 8)),
        outcomes=outcomes(outcome(P, START, "NPRS", 5, 8, "deteriorated", baseline_at=START,
                                  latest_at="2026-11-10")))
    assert not fired(future, "worsening_outcome")  # one administration on AS_OF
    hidden = Case(
        scores=scores(score(P, START, "NPRS", START, 5), score(P, START, "NPRS", "2026-10-15", 8),
                      score(P, START, "NPRS", "2026-11-10", 2)),
        outcomes=outcomes(outcome(P, START, "NPRS", 5, 2, "improved", baseline_at=START,
                                  latest_at="2026-11-10", n=3)))
    row = hidden.flags("worsening_outcome").iloc[0]
    assert "NPRS van 5 naar 8" in row["message_nl"]


def test_outcomes_as_of_recomputes_only_stale_rows():
    table = scores(score(P, START, "NPRS", START, 7), score(P, START, "NPRS", "2026-10-01", 4),
                   score(P, START, "NPRS", "2026-11-10", 9),
                   score(P, START, "PSK", START, 6), score(P, START, "PSK", "2026-10-01", 5),
                   score(P, START, "ODI", "2026-11-05", 40))
    stored = episode_outcomes(table)
    got = outcomes_as_of(stored, table, as_of=AS_OF).set_index("instrument")
    assert sorted(got.index) == ["NPRS", "PSK"]  # ODI's baseline lies after AS_OF
    assert (got.loc["NPRS", "latest"], got.loc["NPRS", "mcid_status"]) == (4.0, "improved")
    expected = episode_outcomes(table.loc[table["completed_at"] <= AS_OF])
    pd.testing.assert_frame_equal(
        got.reset_index()[list(stored.columns)].sort_values("instrument").reset_index(drop=True),
        expected.sort_values("instrument").reset_index(drop=True))


def test_outcomes_as_of_keeps_current_rows_untouched():
    table = outcomes(outcome(P, START, "NPRS", 7, 4, "improved", baseline_at=START,
                             latest_at="2026-10-01"))
    pd.testing.assert_frame_equal(outcomes_as_of(table, empty("scores"), as_of=AS_OF), table)


def _rich_data():
    """Several patients with data before and after AS_OF."""
    eps = episodes(episode("3", "2026-05-04"), episode("4", START, end="2026-10-10"),
                   episode("5", "2026-09-01", end="2026-11-20"), episode("6", "2026-11-05"))
    rng = np.random.default_rng(0)
    frames = [checkins(p, s, daily(first, n), pain_now=rng.uniform(2, 8, n),
                       exercises_done=list(rng.random(n) > 0.4), load=rng.uniform(3, 9, n),
                       load_capacity=rng.uniform(3, 7, n), sleep_quality=rng.uniform(2, 9, n))
              for p, s, first, n in (("3", "2026-05-04", "2026-09-01", 80),
                                     ("5", "2026-09-01", "2026-09-01", 60),
                                     ("6", "2026-11-05", "2026-11-05", 10))]
    rows = [score("3", "2026-05-04", "NPRS", "2026-05-04", 6),
            score("3", "2026-05-04", "NPRS", "2026-10-15", 9),
            score("3", "2026-05-04", "NPRS", "2026-11-15", 2),
            score("3", "2026-05-04", "TSK17", "2026-11-15", 45),
            *[score("5", "2026-09-01", c, "2026-09-01", v)
              for c, v in (("SBST", 7), ("NPRS", 6), ("PSK", 5), ("QBPDS", 50))],
            score("5", "2026-09-01", "SBST", "2026-09-01", 5, scale="psychosocial"),
            score("4", START, "NPRS", "2026-10-12", 3)]
    table = scores(*rows)
    return eps, pd.concat(frames, ignore_index=True), table


def test_no_flag_sees_data_after_as_of():
    eps, ci, sc = _rich_data()
    full = evaluate_flags(eps, ci, sc, episode_outcomes(sc),
                          as_of=AS_OF)
    cut = sc.loc[sc["completed_at"] <= AS_OF]
    truncated = evaluate_flags(
        eps.loc[eps["start_date"] <= AS_OF].assign(
            end_date=lambda e: e["end_date"].where(e["end_date"] <= AS_OF)),
        ci.loc[ci["date"] <= AS_OF], cut, episode_outcomes(cut),
        as_of=AS_OF)
    assert len(full) >= 4
    pd.testing.assert_frame_equal(full, truncated)
    assert "6" not in set(full["patient_id"])  # starts after AS_OF


# --- the flag frame ----------------------------------------------------------------------

def test_flag_frame_shape_and_order():
    eps, ci, sc = _rich_data()
    extra = episodes(episode("10", "2026-08-03"), episode("9", "2026-08-03"))
    flags = evaluate_flags(pd.concat([eps, extra], ignore_index=True), ci, sc,
                           episode_outcomes(sc), as_of=AS_OF)
    assert list(flags.columns) == list(FLAG_COLUMNS)
    assert {c: str(t) for c, t in flags.dtypes.items()} == {
        c: str(pd.Series(dtype=t).dtype) for c, t in FLAG_COLUMNS.items()}
    rank = flags["severity"].map({"high": 0, "medium": 1, "low": 2})
    assert rank.is_monotonic_increasing
    for _, group in flags.groupby("severity"):
        numbers = group["patient_id"].astype(int)
        assert numbers.is_monotonic_increasing  # 9 before 10: numeric, not text order
    assert (flags["fired_on"] == AS_OF).all()
    for text in flags["values"]:
        json.loads(text)


def test_unknown_code_is_one_sentence():
    with pytest.raises(NotFoundError) as info:
        Case().flags("no_such_flag")
    message = str(info.value)
    assert "\n" not in message and "'no_such_flag'" in message and "disengaged" in message


def test_registry_refuses_duplicates_and_bad_severity():
    rule = get_rule("disengaged")
    with pytest.raises(ValueError, match="registered twice"):
        register(rule)
    with pytest.raises(ValueError, match="severity must be one of"):
        FlagRule("x", "urgent", "t", "t", "r", "r", "open", rule.function)
    table = rules_table()
    assert table["code"].tolist() == list(flag_codes())
    assert table["rule_nl"].str.len().min() > 10


def test_flags_for_store_defaults_to_the_data_date(tmp_path):
    eps, ci, sc = _rich_data()
    tables = {name: empty_table(name) for name in STORE_SCHEMAS}
    tables.update(episodes=eps, checkins=ci, scores=sc,
                  outcomes=episode_outcomes(sc))
    write_store(tables, {"files": []}, tmp_path / "store")
    store = load_store(tmp_path / "store")
    flags = flags_for_store(store)
    assert (flags["fired_on"] == store.data_date).all() and len(flags) > 0
    pd.testing.assert_frame_equal(
        flags_for_store(store, as_of=AS_OF),
        evaluate_flags(eps, ci, sc, tables["outcomes"], as_of=AS_OF))
    write_store({name: empty_table(name) for name in STORE_SCHEMAS}, {}, tmp_path / "empty")
    assert flags_for_store(load_store(tmp_path / "empty")).empty


def test_dutch_numbers_round_half_up():
    assert number(2.25, "nl") == "2,3" and number(2.25, "en") == "2.3"
    assert number(0.04, "nl") == "0" and signed(1.35, "nl") == "+1,4"
    assert signed(-0.5, "en") == "-0.5" and signed(0.01, "nl") == "0"
