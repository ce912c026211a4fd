"""The flag rules: one small function each, thresholds as named constants with their source.

Sources in square brackets are the numbered list of ``../shared/instruments.md`` (§17); "binding
decision" is that document's table of binding decisions; "issue 3" is the practice's own rule
as written in the project's issue. Every function takes a ``FlagContext`` (tables cut at
``as_of``, episodes in the rule's scope) and returns one row per episode it fires for.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from beyou_analytics.change import scale_mcid
from beyou_analytics.flags.context import DISCHARGE_LOOKBACK, FlagContext, pick_administration
from beyou_analytics.flags.registry import FlagRule, register
from beyou_analytics.flags.schedule import due_moments, missing_measurements
from beyou_analytics.flags.text import day, hits, number, percent, signed
from beyou_analytics.instruments import get_instrument, iter_instruments
from beyou_analytics.protocol import INTERIM_AFTER, INTERIM_EVERY, REQUIRED_BY_TIMEPOINT, WINDOW
from beyou_analytics.trends import (
    adherence,
    days_since_last_checkin,
    load_balance,
    pain_since_start,
    recent_trend,
)
from beyou_analytics.trends.since_start import WINDOW_DAYS

TSK17_HIGH_ABOVE = 37
"""TSK-17 high kinesiophobia when > 37; 37 itself is not high (Vlaeyen 1995 [24] [S], §6)."""
PCS_RELEVANT_FROM = 30
"""PCS clinically relevant catastrophising when >= 30 (binding decision; Sullivan [29], §7)."""
CSI_FROM = 40
"""CSI central sensitisation when >= 40 (Neblett [37], §9)."""
SBST_HIGH_PSYCHOSOCIAL_FROM = 4
"""STarT Back high risk: psychosocial subscale 4-5 (Keele [40], §10)."""
SBST_REVIEW_AFTER_WEEKS = 6
PAIN_TREND_WEEKS, PAIN_TREND_MIN_WEEKS, PAIN_TREND_MIN_POINTS = 6, 4, 6  # issue 3: 4-6 weeks
DISENGAGED_DAYS = 14  # issue 3
LOAD_LAST_N, LOAD_OVER_MIN, LOAD_RECENT_DAYS = 7, 5, 28  # issue 3: >= 5 of the last 7
ADHERENCE_WINDOW_DAYS = 14
ADHERENCE_DROP = 0.25  # a fall of 25 percentage points (practice decision, see rule text)
ADHERENCE_MIN_ANSWERS = 4  # per window, so one missed day cannot make a "fall"

OUTCOME_INSTRUMENTS = ("NPRS", *(i.code for i in iter_instruments() if i.domain == "function"))
"""Pain and function instruments whose MCID deterioration is "worsening" (NPRS, ODI, ...)."""
PSEQ_CODES = ("PSEQ", "PSEQ2")
_TOL = 1e-9
_SBST_SOURCE = "[40] Keele University: using and scoring the SBST"
TIMEPOINT_NL = {"intake": "intakemeting", "interim": "tussentijdse meting",
                "discharge": "eindmeting"}
TIMEPOINT_EN = {"intake": "intake measurement", "interim": "interim measurement",
                "discharge": "discharge measurement"}


def _in_scope(frame: pd.DataFrame, ctx: FlagContext) -> pd.DataFrame:
    return frame.loc[frame["episode_id"].isin(ctx.episodes["episode_id"])]


def _totals(outcomes: pd.DataFrame, instruments: tuple[str, ...]) -> pd.DataFrame:
    return outcomes.loc[outcomes["instrument"].isin(instruments) & (outcomes["scale"] == "total")]


def _by_episode(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """Rows of ``frame`` (as named tuples, in frame order) grouped by episode.

    A plain loop: iterating a pandas groupby costs about 1 ms per group, which a benchmark
    caseload with thousands of flagged episodes notices.
    """
    grouped: dict[str, list[Any]] = {}
    for r in frame.itertuples(index=False):
        grouped.setdefault(r.episode_id, []).append(r)
    return grouped


def worsening_outcome(ctx: FlagContext) -> pd.DataFrame:
    """MCID deterioration on the NPRS or a function questionnaire (first vs latest)."""
    worse = _in_scope(_totals(ctx.outcomes, OUTCOME_INSTRUMENTS), ctx)
    worse = worse.loc[worse["mcid_status"] == "deteriorated"].sort_values(
        ["episode_id", "instrument"])
    rows = []
    for episode_id, group in _by_episode(worse).items():
        nl, en, values = [], [], {}
        for r in group:
            nl.append(f"{r.instrument} van {number(r.baseline, 'nl')} naar "
                      f"{number(r.latest, 'nl')} ({signed(r.change, 'nl')} punten, "
                      f"{day(r.baseline_at, 'nl')} tot {day(r.latest_at, 'nl')})")
            en.append(f"{r.instrument} from {number(r.baseline, 'en')} to "
                      f"{number(r.latest, 'en')} ({signed(r.change, 'en')} points, "
                      f"{day(r.baseline_at, 'en')} to {day(r.latest_at, 'en')})")
            values[r.instrument] = {"baseline": r.baseline, "latest": r.latest,
                                    "change": r.change, "baseline_at": r.baseline_at,
                                    "latest_at": r.latest_at, "mcid_status": r.mcid_status}
        rows.append((episode_id, "Klinisch relevant verslechterd: " + "; ".join(nl),
                     "Clinically important deterioration: " + "; ".join(en), values))
    return hits(rows)


def worsening_pain_trend(ctx: FlagContext) -> pd.DataFrame:
    """Check-in pain rising over the last weeks, the slope's 95 % interval above 0."""
    trend = recent_trend(ctx.checkins, measure="pain_now", as_of=ctx.as_of,
                         weeks=PAIN_TREND_WEEKS, min_weeks=PAIN_TREND_MIN_WEEKS,
                         min_points=PAIN_TREND_MIN_POINTS)
    rising = _in_scope(trend, ctx).loc[lambda t: t["verdict"] == "rising"]
    rows = []
    for r in rising.itertuples():
        values = {"slope_per_week": r.slope_per_week, "ci_low": r.ci_low, "ci_high": r.ci_high,
                  "n_checkins": r.n, "first_date": r.first_date, "last_date": r.last_date,
                  "mean": r.mean}
        rows.append((
            r.episode_id,
            f"Pijn nu stijgt met {number(r.slope_per_week, 'nl')} punt per week (95%-BI "
            f"{number(r.ci_low, 'nl')} tot {number(r.ci_high, 'nl')}; {r.n} check-ins sinds "
            f"{day(r.first_date, 'nl')})",
            f"Current pain rising by {number(r.slope_per_week, 'en')} points per week (95% CI "
            f"{number(r.ci_low, 'en')} to {number(r.ci_high, 'en')}; {r.n} check-ins since "
            f"{day(r.first_date, 'en')})",
            values,
        ))
    return hits(rows)


def _sbst_high(admin: pd.DataFrame) -> pd.Series:
    """High risk by the stored band, or by the Keele rule on the psychosocial subscale."""
    band_high = admin["band"].astype("str").eq("high").fillna(False).astype(bool)
    return band_high | (admin["psychosocial"].astype(float) >= SBST_HIGH_PSYCHOSOCIAL_FROM)


def _sbst_detail(psychosocial: float, lang: str) -> str:
    """``'psychosociaal 4 van 5'`` (or English), empty without a subscale score."""
    if pd.isna(psychosocial):
        return ""
    word, of = ("psychosociaal", "van") if lang == "nl" else ("psychosocial", "of")
    return f"{word} {number(psychosocial, lang)} {of} 5"


def _psychosocial_factors(ctx: FlagContext) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    """(episode_id, code, nl, en, values) for every risk factor present."""
    latest = _in_scope(pick_administration(ctx.scores, ("TSK17", "PCS", "CSI", "SBST")), ctx)
    found = []
    cutoffs = {
        "TSK17": (lambda v: v > TSK17_HIGH_ABOVE, f"> {TSK17_HIGH_ABOVE}",
                  "bewegingsangst TSK-17", "fear of movement TSK-17"),
        "PCS": (lambda v: v >= PCS_RELEVANT_FROM, f"≥ {PCS_RELEVANT_FROM}",
                "catastroferen PCS", "catastrophising PCS"),
        "CSI": (lambda v: v >= CSI_FROM, f"≥ {CSI_FROM}",
                "centrale sensitisatie CSI", "central sensitisation CSI"),
    }
    for r in latest.loc[latest["instrument"].isin(list(cutoffs))].itertuples():
        test, text, nl, en = cutoffs[r.instrument]
        if test(r.total):
            found.append((r.episode_id, r.instrument,
                          f"{nl} {number(r.total, 'nl')} ({text})",
                          f"{en} {number(r.total, 'en')} ({text})",
                          {"value": r.total, "completed_at": r.completed_at}))
    sbst = latest.loc[latest["instrument"] == "SBST"]
    for r in sbst.loc[_sbst_high(sbst)].itertuples():
        nl, en = _sbst_detail(r.psychosocial, "nl"), _sbst_detail(r.psychosocial, "en")
        found.append((r.episode_id, "SBST",
                      "STarT Back hoog risico" + (f" ({nl})" if nl else ""),
                      "STarT Back high risk" + (f" ({en})" if en else ""),
                      {"psychosocial": r.psychosocial, "completed_at": r.completed_at}))
    pseq = _in_scope(_totals(ctx.outcomes, PSEQ_CODES), ctx)
    pseq = pseq.assign(mcid_abs=[
        scale_mcid(get_instrument(code).scale("total"), base).item()
        for code, base in zip(pseq["instrument"], pseq["baseline"], strict=True)
    ])
    # PSEQ: higher is better, so "falling" is baseline minus latest (Chiarotto 2016 [34]).
    falling = (pseq["mcid_status"] == "deteriorated") | (
        pseq["baseline"] - pseq["latest"] >= pseq["mcid_abs"] - _TOL)
    for r in pseq.loc[falling].itertuples():
        found.append((r.episode_id, r.instrument,
                      f"pijn-zelfeffectiviteit {r.instrument} gedaald van "
                      f"{number(r.baseline, 'nl')} naar {number(r.latest, 'nl')}",
                      f"pain self-efficacy {r.instrument} fell from {number(r.baseline, 'en')} "
                      f"to {number(r.latest, 'en')}",
                      {"baseline": r.baseline, "latest": r.latest, "mcid": r.mcid_abs,
                       "latest_at": r.latest_at}))
    return found


def psychosocial_risk(ctx: FlagContext) -> pd.DataFrame:
    """Latest TSK-17, PCS, CSI or STarT Back above its cut-off, or PSEQ falling."""
    by_episode: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {}
    for episode_id, code, nl, en, values in _psychosocial_factors(ctx):
        by_episode.setdefault(episode_id, []).append((code, nl, en, values))
    rows = []
    for episode_id in sorted(by_episode):
        factors = by_episode[episode_id]
        rows.append((episode_id,
                     "Psychosociale risicofactoren: " + "; ".join(f[1] for f in factors),
                     "Psychosocial risk factors: " + "; ".join(f[2] for f in factors),
                     {f[0]: f[3] for f in factors}))
    return hits(rows)


def sbst_high_no_improvement(ctx: FlagContext) -> pd.DataFrame:
    """STarT Back high at intake and, 6 weeks on, no MCID improvement in pain or function:
    on the questionnaires, or (before any follow-up questionnaire) in check-in pain."""
    first = pick_administration(ctx.scores, ("SBST",), which="first")
    high = first.loc[_sbst_high(first)].drop(columns="instrument")
    eps = ctx.episodes.merge(high, on=["patient_id", "episode_id"])
    weeks = (ctx.as_of - eps["start_date"]).dt.days // 7
    eps = eps.assign(weeks=weeks).loc[weeks >= SBST_REVIEW_AFTER_WEEKS]
    outcome = _totals(ctx.outcomes, OUTCOME_INSTRUMENTS)
    improved = set(outcome.loc[outcome["mcid_status"] == "improved", "episode_id"])
    followed = set(outcome.loc[outcome["n_administrations"] >= 2, "episode_id"])
    pain = pain_since_start(ctx.checkins, eps, as_of=ctx.as_of).set_index("episode_id")
    pain = pain.loc[pain["mcid_status"].notna()]
    improved |= set(pain.index[pain["mcid_status"] == "improved"])
    rows = []
    for r in eps.loc[~eps["episode_id"].isin(improved)].itertuples():
        follow_up = r.episode_id in followed
        checkin = pain.loc[r.episode_id] if r.episode_id in pain.index else None
        evidence_nl, evidence_en = _sbst_evidence(follow_up, checkin)
        when_nl = ", ".join(filter(None, [day(r.completed_at, "nl"),
                                          _sbst_detail(r.psychosocial, "nl")]))
        when_en = ", ".join(filter(None, [day(r.completed_at, "en"),
                                          _sbst_detail(r.psychosocial, "en")]))
        rows.append((
            r.episode_id,
            f"STarT Back hoog risico bij intake ({when_nl}) en na {r.weeks} weken geen "
            f"klinisch relevante verbetering van pijn of functie{evidence_nl}",
            f"STarT Back high risk at intake ({when_en}) and no clinically important "
            f"improvement in pain or function after {r.weeks} weeks{evidence_en}",
            {"sbst_at": r.completed_at, "psychosocial": r.psychosocial,
             "weeks_since_start": r.weeks, "follow_up_measured": follow_up,
             "checkin_pain_start": None if checkin is None else checkin["pain_start"],
             "checkin_pain_recent": None if checkin is None else checkin["pain_recent"]},
        ))
    return hits(rows)


def _sbst_evidence(follow_up: bool, checkin: pd.Series | None) -> tuple[str, str]:
    """What the "no improvement" rests on, as a bracketed remark (empty: the questionnaires)."""
    if checkin is not None:
        start, recent = checkin["pain_start"], checkin["pain_recent"]
        nl_start, nl_recent = (number(v, "nl", trim=False) for v in (start, recent))
        en_start, en_recent = (number(v, "en", trim=False) for v in (start, recent))
        return (f" (check-ins: pijn gemiddeld {nl_start} in de eerste {WINDOW_DAYS} dagen, "
                f"{nl_recent} in de laatste {WINDOW_DAYS})",
                f" (check-ins: mean pain {en_start} in the first {WINDOW_DAYS} days, "
                f"{en_recent} in the last {WINDOW_DAYS})")
    if follow_up:
        return "", ""
    return " (geen vervolgmeting)", " (no follow-up measurement)"


def disengaged(ctx: FlagContext) -> pd.DataFrame:
    """No check-in for 14 days or more in an open episode."""
    since = days_since_last_checkin(ctx.checkins, ctx.episodes, as_of=ctx.as_of)
    rows = []
    for r in since.loc[since["days_without_checkin"] >= DISENGAGED_DAYS].itertuples():
        days_ = int(r.days_without_checkin)
        if pd.isna(r.last_checkin):
            nl = f"Nog geen check-in, {days_} dagen na de start ({day(r.start_date, 'nl')})"
            en = f"No check-in yet, {days_} days after the start ({day(r.start_date, 'en')})"
        else:
            nl = f"Al {days_} dagen geen check-in (laatste op {day(r.last_checkin, 'nl')})"
            en = f"No check-in for {days_} days (last on {day(r.last_checkin, 'en')})"
        rows.append((r.episode_id, nl, en, {"days_without_checkin": days_,
                                             "last_checkin": r.last_checkin,
                                             "start_date": r.start_date}))
    return hits(rows)


def _missing_text(r: Any, lang: str) -> str:
    names = TIMEPOINT_NL if lang == "nl" else TIMEPOINT_EN
    groups = ", ".join(r.missing)
    word = "van" if lang == "nl" else "due"
    lacking = "ontbreekt" if lang == "nl" else "missing"
    return f"{names[r.timepoint]} {word} {day(r.due_date, lang)} ({lacking}: {groups})"


def _overdue_rows(ctx: FlagContext, timepoints: tuple[str, ...], lead_nl: str,
                  lead_en: str) -> pd.DataFrame:
    moments = due_moments(ctx.episodes, as_of=ctx.as_of)
    moments = moments.loc[moments["timepoint"].isin(timepoints)]
    missing = missing_measurements(moments, ctx.scores, as_of=ctx.as_of)
    rows = []
    shown = 3
    ordered = missing.sort_values(["episode_id", "due_date"], ascending=[True, False])
    for episode_id, recent in _by_episode(ordered).items():
        nl = [_missing_text(r, "nl") for r in recent[:shown]]
        en = [_missing_text(r, "en") for r in recent[:shown]]
        if len(recent) > shown:
            nl.append(f"en {len(recent) - shown} eerdere")
            en.append(f"and {len(recent) - shown} earlier")
        values = {"missed": [{"timepoint": r.timepoint, "due_date": r.due_date,
                              "missing": list(r.missing)} for r in recent]}
        text_nl, text_en = lead_nl + "; ".join(nl), lead_en + "; ".join(en)
        rows.append((episode_id, text_nl[0].upper() + text_nl[1:],
                     text_en[0].upper() + text_en[1:], values))
    return hits(rows)


def measurement_overdue(ctx: FlagContext) -> pd.DataFrame:
    """Intake or interim measurements whose window passed without the required instruments."""
    return _overdue_rows(ctx, ("intake", "interim"), "Meting te laat: ", "Measurement overdue: ")


def discharge_measurement_missing(ctx: FlagContext) -> pd.DataFrame:
    """Ended episodes whose discharge window passed without the required instruments."""
    return _overdue_rows(ctx, ("discharge",), "", "")


def load_above_capacity(ctx: FlagContext) -> pd.DataFrame:
    """Load above load capacity on at least 5 of the last 7 check-ins."""
    balance = load_balance(ctx.checkins, as_of=ctx.as_of, last_n=LOAD_LAST_N,
                           within_days=LOAD_RECENT_DAYS)
    over = _in_scope(balance, ctx).loc[lambda t: t["n_over_capacity"] >= LOAD_OVER_MIN]
    rows = [
        (r.episode_id,
         f"Belasting hoger dan belastbaarheid bij {r.n_over_capacity} van de laatste {r.n} "
         f"check-ins (belasting min belastbaarheid gemiddeld {signed(r.mean_difference, 'nl')})",
         f"Load above capacity on {r.n_over_capacity} of the last {r.n} check-ins (load minus "
         f"capacity {signed(r.mean_difference, 'en')} on average)",
         {"n_over_capacity": r.n_over_capacity, "n_checkins": r.n,
          "mean_difference": r.mean_difference, "first_date": r.first_date,
          "last_date": r.last_date})
        for r in over.itertuples()
    ]
    return hits(rows)


def adherence_falling(ctx: FlagContext) -> pd.DataFrame:
    """Share of check-ins with exercises done fell by 25 percentage points or more."""
    adh = _in_scope(adherence(ctx.checkins, as_of=ctx.as_of, window_days=ADHERENCE_WINDOW_DAYS),
                    ctx)
    falling = adh.loc[(adh["n_current"] >= ADHERENCE_MIN_ANSWERS)
                      & (adh["n_previous"] >= ADHERENCE_MIN_ANSWERS)
                      & (adh["change"] <= -ADHERENCE_DROP + _TOL)]
    w = ADHERENCE_WINDOW_DAYS
    rows = [
        (r.episode_id,
         f"Oefeningen gedaan bij {percent(r.adherence_current, 'nl')} van de check-ins in de "
         f"laatste {w} dagen, tegen {percent(r.adherence_previous, 'nl')} in de {w} dagen "
         f"daarvoor",
         f"Exercises done on {percent(r.adherence_current, 'en')} of check-ins in the last {w} "
         f"days, against {percent(r.adherence_previous, 'en')} in the {w} days before",
         {"adherence_current": r.adherence_current, "adherence_previous": r.adherence_previous,
          "n_current": r.n_current, "n_previous": r.n_previous, "change": r.change})
        for r in falling.itertuples()
    ]
    return hits(rows)


def _required(timepoints: tuple[str, ...]) -> str:
    """The required groups as text: ``'NPRS, PSK/PSFS, QBPDS/ODI/RMDQ'``."""
    groups = dict.fromkeys("/".join(g) for t in timepoints for g in REQUIRED_BY_TIMEPOINT[t].any_of)
    return ", ".join(groups)


_OUTCOME_LIST = ", ".join(OUTCOME_INSTRUMENTS)
_EVERY, _AFTER = INTERIM_EVERY.days // 7, INTERIM_AFTER.days // 7
_WINDOW, _LOOKBACK = WINDOW.days, DISCHARGE_LOOKBACK.days

register(FlagRule(
    code="worsening_outcome", severity="high",
    title_nl="Pijn of functioneren verslechterd", title_en="Pain or function worse",
    rule_nl=("klinisch relevante verslechtering (MCID) tussen eerste en laatste meting op "
             f"{_OUTCOME_LIST}"),
    rule_en=("clinically important deterioration (MCID) between the first and latest "
             f"measurement on {_OUTCOME_LIST}"),
    scope="open", function=worsening_outcome,
    sources=("[1] Ostelo 2008 and instruments.md §15 (MCID per instrument)",),
))
register(FlagRule(
    code="worsening_pain_trend", severity="medium",
    title_nl="Pijn neemt toe", title_en="Pain rising",
    rule_nl=(f"pijn nu (check-in) stijgt betrouwbaar over de laatste {PAIN_TREND_WEEKS} weken: "
             f"95%-betrouwbaarheidsinterval van de helling boven 0, minstens "
             f"{PAIN_TREND_MIN_POINTS} check-ins in {PAIN_TREND_MIN_WEEKS} verschillende weken"),
    rule_en=(f"current pain (check-in) reliably rising over the last {PAIN_TREND_WEEKS} weeks: "
             f"95% confidence interval of the slope above 0, at least {PAIN_TREND_MIN_POINTS} "
             f"check-ins in {PAIN_TREND_MIN_WEEKS} different weeks"),
    scope="open", function=worsening_pain_trend,
))
register(FlagRule(
    code="psychosocial_risk", severity="medium",
    title_nl="Psychosociaal risicoprofiel", title_en="Psychosocial risk profile",
    rule_nl=(f"laatste meting TSK-17 > {TSK17_HIGH_ABOVE}, PCS ≥ {PCS_RELEVANT_FROM}, "
             f"CSI ≥ {CSI_FROM} of STarT Back hoog risico, of PSEQ gedaald met ten minste de "
             "MCID"),
    rule_en=(f"latest TSK-17 > {TSK17_HIGH_ABOVE}, PCS ≥ {PCS_RELEVANT_FROM}, CSI ≥ {CSI_FROM} "
             "or STarT Back high risk, or PSEQ fallen by at least its MCID"),
    scope="open", function=psychosocial_risk,
    sources=("[24] Vlaeyen 1995 (TSK-17 > 37) [S]", "binding decision: PCS >= 30 [29]",
             "[37] Neblett (CSI >= 40)", _SBST_SOURCE, "[34] Chiarotto 2016 (PSEQ MCID)"),
))
register(FlagRule(
    code="sbst_high_no_improvement", severity="high",
    title_nl="STarT Back hoog risico zonder verbetering",
    title_en="STarT Back high risk without improvement",
    rule_nl=("STarT Back hoog risico bij intake en na ten minste "
             f"{SBST_REVIEW_AFTER_WEEKS} weken geen klinisch relevante verbetering (MCID) op "
             f"{_OUTCOME_LIST}, noch in de pijn van de check-ins (gemiddelde van de eerste "
             f"{WINDOW_DAYS} dagen tegen de laatste {WINDOW_DAYS}, NPRS-MCID), of geen meting "
             "die dat laat zien"),
    rule_en=("STarT Back high risk at intake and, at least "
             f"{SBST_REVIEW_AFTER_WEEKS} weeks after the start, no clinically important "
             f"improvement (MCID) on {_OUTCOME_LIST}, nor in check-in pain (mean of the first "
             f"{WINDOW_DAYS} days against the last {WINDOW_DAYS}, NPRS MCID), or no "
             "measurement to show it"),
    scope="open", function=sbst_high_no_improvement, sources=(_SBST_SOURCE,),
))
register(FlagRule(
    code="disengaged", severity="medium",
    title_nl="Geen recente check-ins", title_en="No recent check-ins",
    rule_nl=f"≥ {DISENGAGED_DAYS} dagen zonder check-in in een lopende behandeling",
    rule_en=f"≥ {DISENGAGED_DAYS} days without a check-in in an open episode",
    scope="open", function=disengaged,
))
register(FlagRule(
    code="measurement_overdue", severity="low",
    title_nl="Meting te laat", title_en="Measurement overdue",
    rule_nl=(f"meetprotocol: intake, en elke {_EVERY} weken zodra de behandeling langer dan "
             f"3 maanden ({_AFTER} weken) loopt; te laat als {_WINDOW} dagen na de geplande "
             f"datum een vereiste vragenlijst ontbreekt (intake: {_required(('intake',))}; "
             f"tussentijds: "
             f"{_required(('interim',))})"),
    rule_en=(f"measurement protocol: intake, and every {_EVERY} weeks once the episode runs "
             f"past 3 months ({_AFTER} weeks); overdue when a required questionnaire is missing "
             f"{_WINDOW} days after the due date (intake: {_required(('intake',))}; interim: "
             f"{_required(('interim',))})"),
    scope="open", function=measurement_overdue,
    sources=("[7] KNGF-richtlijn Lage rugpijn 2021", "[21] MDS lage rugklachten"),
))
register(FlagRule(
    code="discharge_measurement_missing", severity="low",
    title_nl="Eindmeting ontbreekt", title_en="Discharge measurement missing",
    rule_nl=(f"behandeling in de laatste {_LOOKBACK} dagen beëindigd en {_WINDOW} dagen na de "
             f"einddatum ontbreekt een vereiste vragenlijst ({_required(('discharge',))})"),
    rule_en=(f"episode ended in the last {_LOOKBACK} days and {_WINDOW} days after the end "
             f"date a required questionnaire is missing ({_required(('discharge',))})"),
    scope="ended", function=discharge_measurement_missing,
    sources=("[7] KNGF-richtlijn Lage rugpijn 2021", "[21] MDS lage rugklachten"),
))
register(FlagRule(
    code="load_above_capacity", severity="medium",
    title_nl="Belasting boven belastbaarheid", title_en="Load above capacity",
    rule_nl=(f"belasting hoger dan belastbaarheid bij ≥ {LOAD_OVER_MIN} van de laatste "
             f"{LOAD_LAST_N} check-ins (binnen {LOAD_RECENT_DAYS} dagen)"),
    rule_en=(f"load above load capacity on ≥ {LOAD_OVER_MIN} of the last {LOAD_LAST_N} "
             f"check-ins (within {LOAD_RECENT_DAYS} days)"),
    scope="open", function=load_above_capacity,
))
register(FlagRule(
    code="adherence_falling", severity="low",
    title_nl="Oefentrouw daalt", title_en="Exercise adherence falling",
    rule_nl=(f"aandeel check-ins met oefeningen gedaan in de laatste {ADHERENCE_WINDOW_DAYS} "
             f"dagen ten minste {number(ADHERENCE_DROP * 100, 'nl', 0)} procentpunt lager dan "
             f"in de {ADHERENCE_WINDOW_DAYS} dagen daarvoor (elk ≥ {ADHERENCE_MIN_ANSWERS} "
             "check-ins)"),
    rule_en=(f"share of check-ins with exercises done in the last {ADHERENCE_WINDOW_DAYS} days "
             f"at least {number(ADHERENCE_DROP * 100, 'en', 0)} percentage points below the "
             f"{ADHERENCE_WINDOW_DAYS} days before (each ≥ {ADHERENCE_MIN_ANSWERS} check-ins)"),
    scope="open", function=adherence_falling,
))
