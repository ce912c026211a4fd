"""The patient's own summary: what changed, in short plain Dutch (B1) or English sentences.

The practice explains long-lasting back pain as a body stuck in protection mode: unhelpful
thoughts (catastrophising), fear of movement, too much load for the present capacity; recovery
is led by confidence ("ik heb invloed op mijn klachten") and by doing more, not only by less
pain (``../shared/context``). The summary follows that order: daily activities and confidence
first, then fear of movement and worry, then pain, then the load balance and what is missing.

Sentences are chosen by rules from two pure steps. Every threshold is one the clinician's page
uses too, imported rather than repeated, so the patient never reads the opposite of a flag:

1. ``summary_facts``: per domain a verdict (``improved``, ``unchanged``, ``deteriorated``,
   ``mixed``, ``once`` = a questionnaire measured only once, ``checkins`` = check-ins only,
   too few yet to show a change, ``missing`` = no data at all) with its source.

   - A questionnaire verdict is its MCID verdict from the outcomes table (``change.py``).
     PSK and PSFS have no verified MCID (instruments.md §5), so for the patient's text only, a
     change of at least ``ACTIVITY_POINTS`` (the NPRS's absolute MCID, 2 points on the same
     0-10 scale [1]) counts as noticeable; the clinician's change table shows no verdict.
   - Without a questionnaire follow-up, pain falls back on the check-ins exactly as the
     clinician's since-start lens does (``trends.pain_since_start``: mean of the first
     ``WINDOW_DAYS`` days against the last ``WINDOW_DAYS``, at least ``MIN_CHECKINS`` in each,
     NPRS MCID of 2 points or 30 %); confidence on the check-in "Vertrouwen" with the same
     windows and ``ACTIVITY_POINTS`` (it has no MCID). For an ended episode the last window
     ends at its last check-in: the weeks after the treatment are not "no data".
   - Pain also gets ``lately`` (``pain_lately``): ``up`` or ``down`` when the check-ins after
     the last questionnaire are clearly above or below it (NPRS MCID), and ``up`` whenever
     the pain trend of the ``worsening_pain_trend`` flag is reliably rising.

2. ``patient_summary``: the sentences, "je"-form, no jargon (no MCID, RCI or abbreviations),
   short; worse results say so and point to the therapist; when the recent check-ins tell
   another story than the pain verdict, the pain sentence says both (the questionnaire's
   result, then "but in recent weeks ..."); when pain is not clearly lower but activities (or
   else confidence) improved, the summary says that this is progress too; the load sentence
   uses the ``load_above_capacity`` flag's rule; what was measured only once, only briefly or
   not at all is listed; stale check-ins are mentioned.

Examples
--------
>>> import textwrap
>>> import pandas as pd
>>> outcomes = pd.DataFrame({
...     "instrument": ["QBPDS", "PSEQ", "TSK17", "NPRS"], "scale": "total",
...     "n_administrations": [2, 2, 1, 2], "baseline": [48.0, 22.0, 44.0, 7.0],
...     "latest": [30.0, 31.0, 44.0, 6.0],
...     "mcid_status": ["improved", "improved", None, "unchanged"],
... })
>>> for line in patient_summary(outcomes, None, as_of=pd.Timestamp("2026-10-31")):
...     print(textwrap.fill(line, 88))
Je kunt je dagelijkse activiteiten beter doen dan bij de start.
Je hebt meer vertrouwen dat je dingen kunt doen, ook met pijn.
Je pijn is niet duidelijk veranderd (van 7 naar 6, op een schaal van 0 tot 10).
Je kunt dus meer, ook al is de pijn nog niet duidelijk minder. Dat is een goede stap.
Nog maar één keer gemeten: je angst om te bewegen. Na de volgende meting zie je wat er
veranderd is.
Nog niet gemeten: je zorgen over je pijn.
Er zijn nog geen check-ins van je.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from beyou_analytics.change import classify_mcid, scale_mcid
from beyou_analytics.flags.rules import (
    DISENGAGED_DAYS,
    LOAD_LAST_N,
    LOAD_OVER_MIN,
    LOAD_RECENT_DAYS,
    PAIN_TREND_MIN_POINTS,
    PAIN_TREND_MIN_WEEKS,
    PAIN_TREND_WEEKS,
)
from beyou_analytics.instruments import get_instrument
from beyou_analytics.trends import load_balance, pain_since_start, recent_trend
from beyou_analytics.trends.since_start import MIN_CHECKINS, WINDOW_DAYS

_NPRS = get_instrument("NPRS").scale("total")
ACTIVITY_POINTS = float(_NPRS.mcid_abs.value) if _NPRS.mcid_abs is not None else np.nan
STALE_DAYS = DISENGAGED_DAYS  # the "disengaged" flag's days without a check-in
VERDICTS = ("improved", "unchanged", "deteriorated", "mixed", "once", "checkins", "missing")
_DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class Domain:
    """A part of the summary: questionnaires in order of preference, and a check-in fallback."""

    key: str
    instruments: tuple[str, ...]
    checkin: str | None = None
    higher_is_worse: bool = True  # of the check-in measure


DOMAINS: tuple[Domain, ...] = (
    Domain("activities", ("QBPDS", "ODI", "RMDQ", "PSK", "PSFS")),
    Domain("confidence", ("PSEQ", "PSEQ2"), checkin="confidence", higher_is_worse=False),
    Domain("fear", ("TSK17", "TSK11")),
    Domain("worry", ("PCS",)),
    Domain("pain", ("NPRS",), checkin="pain_now", higher_is_worse=True),
)
NO_MCID_POINTS = {"PSK": (ACTIVITY_POINTS, True), "PSFS": (ACTIVITY_POINTS, False)}

SENTENCES: dict[str, dict[str, str]] = {
    "nl": {
        "activities.improved": "Je kunt je dagelijkse activiteiten beter doen dan bij de start.",
        "activities.unchanged": "Je dagelijkse activiteiten gaan ongeveer net zo als bij de start.",
        "activities.deteriorated": (
            "Je dagelijkse activiteiten gaan moeilijker dan bij de start. Bespreek dit met je "
            "therapeut."
        ),
        "activities.mixed": "Sommige activiteiten gaan beter, andere moeilijker dan bij de start.",
        # the questionnaire (PSEQ) asks how sure you are that you can do things despite pain
        "confidence.questionnaire.improved": (
            "Je hebt meer vertrouwen dat je dingen kunt doen, ook met pijn."
        ),
        "confidence.questionnaire.unchanged": (
            "Je vertrouwen dat je dingen kunt doen, ook met pijn, is ongeveer gelijk gebleven."
        ),
        "confidence.questionnaire.deteriorated": (
            "Je hebt minder vertrouwen dat je dingen kunt doen, ook met pijn. Bespreek dit met "
            "je therapeut."
        ),
        # the check-in asks "ik heb invloed op mijn klachten"
        "confidence.checkin.improved": (
            "Je hebt meer vertrouwen dat je zelf invloed hebt op je klachten."
        ),
        "confidence.checkin.unchanged": (
            "Je vertrouwen dat je zelf invloed hebt op je klachten, is ongeveer gelijk gebleven."
        ),
        "confidence.checkin.deteriorated": (
            "Je hebt minder vertrouwen dat je zelf invloed hebt op je klachten. Bespreek dit "
            "met je therapeut."
        ),
        "fear.improved": "Je bent minder bang om te bewegen.",
        "fear.unchanged": "Je angst om te bewegen is ongeveer gelijk gebleven.",
        "fear.deteriorated": (
            "Je bent banger geworden om te bewegen. Bespreek dit met je therapeut."
        ),
        "worry.improved": "Je maakt je minder zorgen over je pijn.",
        "worry.unchanged": "Je zorgen over je pijn zijn ongeveer gelijk gebleven.",
        "worry.deteriorated": "Je maakt je meer zorgen over je pijn dan bij de start.",
        "pain.improved": "Je pijn is minder geworden{numbers}.",
        "pain.unchanged": "Je pijn is niet duidelijk veranderd{numbers}.",
        "pain.deteriorated": "Je pijn is erger geworden{numbers}. Bespreek dit met je therapeut.",
        "pain.questionnaire.improved": "Bij de laatste vragenlijst was je pijn minder{numbers}.",
        # an unchanged questionnaire answer moved at most 1 point (whole numbers, 2 points or
        # 30 % is a change), so "weinig" is true and keeps the sentence short
        "pain.questionnaire.unchanged": (
            "Bij de laatste vragenlijst was je pijn weinig veranderd{numbers}."
        ),
        "pain.questionnaire.deteriorated": (
            "Bij de laatste vragenlijst was je pijn erger{numbers}."
        ),
        "pain.numbers": " (van {start} naar {now}, op een schaal van 0 tot 10)",
        "pain.but.up": (
            "Maar in de laatste weken is je pijn hoger geworden{recent}. Bespreek dit met je "
            "therapeut."
        ),
        "pain.but.down": "Maar in de laatste weken is je pijn lager geworden{recent}.",
        "pain.lately": (
            "In de laatste weken is je pijn hoger geworden. Bespreek dit met je therapeut."
        ),
        "pain.recent": " (gemiddeld {value} bij je laatste check-ins)",
        "pain.doing_more": (
            "Je kunt dus meer, ook al is de pijn nog niet duidelijk minder. Dat is een goede "
            "stap."
        ),
        "pain.more_confident": (
            "Je vertrouwen groeit, ook al is de pijn nog niet duidelijk minder. Dat is een goede "
            "stap."
        ),
        "balance.often": (
            "De laatste tijd was je belasting vaak hoger dan wat je aankon. Kijk samen met je "
            "therapeut hoe je dit in balans brengt."
        ),
        "balance.good": "Je belasting en wat je aankunt, waren de laatste tijd goed in balans.",
        "once": (
            "Nog maar één keer gemeten: {what}. Na de volgende meting zie je wat er veranderd is."
        ),
        "checkins": "Nog te weinig check-ins om een verandering te zien: {what}.",
        "missing": "Nog niet gemeten: {what}.",
        "once.ended": (
            "Maar één keer gemeten: {what}. Daarom is niet te zien of er iets veranderd is."
        ),
        "checkins.ended": "Te weinig check-ins om een verandering te zien: {what}.",
        "missing.ended": "Niet gemeten: {what}.",
        "and": "en",
        "name.activities": "je dagelijkse activiteiten",
        "name.confidence": "je vertrouwen",
        "name.fear": "je angst om te bewegen",
        "name.worry": "je zorgen over je pijn",
        "name.pain": "je pijn",
        "checkins.none": "Er zijn nog geen check-ins van je.",
        "checkins.stale": (
            "We hebben de laatste {days} dagen geen check-in van je gekregen. Met je check-ins "
            "zien jij en je therapeut beter hoe het gaat."
        ),
        "ended": "Je behandeling is afgerond.",
    },
    "en": {
        "activities.improved": "You can do your daily activities better than at the start.",
        "activities.unchanged": "Your daily activities go about the same as at the start.",
        "activities.deteriorated": (
            "Your daily activities are harder than at the start. Talk about this with your "
            "therapist."
        ),
        "activities.mixed": "Some activities go better, others are harder than at the start.",
        "confidence.questionnaire.improved": (
            "You feel more confident that you can do things, even with pain."
        ),
        "confidence.questionnaire.unchanged": (
            "Your confidence that you can do things, even with pain, has stayed about the same."
        ),
        "confidence.questionnaire.deteriorated": (
            "You feel less confident that you can do things, even with pain. Talk about this "
            "with your therapist."
        ),
        "confidence.checkin.improved": (
            "You feel more confident that you can influence your complaints."
        ),
        "confidence.checkin.unchanged": (
            "Your confidence that you can influence your complaints has stayed about the same."
        ),
        "confidence.checkin.deteriorated": (
            "You feel less confident that you can influence your complaints. Talk about this "
            "with your therapist."
        ),
        "fear.improved": "You are less afraid to move.",
        "fear.unchanged": "Your fear of moving has stayed about the same.",
        "fear.deteriorated": (
            "You have become more afraid to move. Talk about this with your therapist."
        ),
        "worry.improved": "You worry less about your pain.",
        "worry.unchanged": "Your worries about your pain have stayed about the same.",
        "worry.deteriorated": "You worry more about your pain than at the start.",
        "pain.improved": "Your pain has gone down{numbers}.",
        "pain.unchanged": "Your pain has not clearly changed{numbers}.",
        "pain.deteriorated": (
            "Your pain has got worse{numbers}. Talk about this with your therapist."
        ),
        "pain.questionnaire.improved": "At your last questionnaire your pain was lower{numbers}.",
        "pain.questionnaire.unchanged": (
            "At your last questionnaire your pain had changed little{numbers}."
        ),
        "pain.questionnaire.deteriorated": (
            "At your last questionnaire your pain was worse{numbers}."
        ),
        "pain.numbers": " (from {start} to {now}, on a scale of 0 to 10)",
        "pain.but.up": (
            "But in recent weeks your pain has gone up{recent}. Talk about this with your "
            "therapist."
        ),
        "pain.but.down": "But in recent weeks your pain has gone down{recent}.",
        "pain.lately": (
            "In recent weeks your pain has gone up. Talk about this with your therapist."
        ),
        "pain.recent": " (on average {value} in your latest check-ins)",
        "pain.doing_more": (
            "So you can do more, even though the pain is not clearly lower yet. That is a good "
            "step."
        ),
        "pain.more_confident": (
            "Your confidence is growing, even though the pain is not clearly lower yet. That "
            "is a good step."
        ),
        "balance.often": (
            "Lately your load was often higher than what you could handle. Work out with your "
            "therapist how to bring this into balance."
        ),
        "balance.good": "Lately your load and what you can handle were well in balance.",
        "once": (
            "Measured only once so far: {what}. After the next measurement you will see what "
            "has changed."
        ),
        "checkins": "Not enough check-ins yet to see a change: {what}.",
        "missing": "Not measured yet: {what}.",
        "once.ended": "Measured only once: {what}. So we cannot see whether this changed.",
        "checkins.ended": "Not enough check-ins to see a change: {what}.",
        "missing.ended": "Not measured: {what}.",
        "and": "and",
        "name.activities": "your daily activities",
        "name.confidence": "your confidence",
        "name.fear": "your fear of moving",
        "name.worry": "your worries about your pain",
        "name.pain": "your pain",
        "checkins.none": "There are no check-ins from you yet.",
        "checkins.stale": (
            "We have not had a check-in from you in the last {days} days. Your check-ins help "
            "you and your therapist see how things are going."
        ),
        "ended": "Your treatment has ended.",
    },
}
"""Every sentence of the summary; ``{...}`` fields are filled in by ``patient_summary``."""


def half_up(value: float, digits: int = 0) -> float:
    """Round half-up (instruments.md: displays round half-up; Python rounds 2.5 to 2).

    >>> half_up(2.5), half_up(6.45, 1)
    (3.0, 6.5)
    """
    step = Decimal(1).scaleb(-digits)
    return float(Decimal(str(float(value))).quantize(step, ROUND_HALF_UP))


def _number(value: float, language: str, digits: int = 0) -> str:
    text = f"{half_up(value, digits):.{digits}f}"
    return text if language == "en" else text.replace(".", ",")


def _episode_checkins(checkins: pd.DataFrame | None, *, as_of: pd.Timestamp) -> pd.DataFrame:
    """One episode's check-ins up to ``as_of``, keyed as the ``trends`` functions expect.

    The summary is about one episode, so the keys are overwritten: a hand-made frame without
    them works, and the trend functions see exactly one group.
    """
    if checkins is None or checkins.empty:
        return pd.DataFrame({"patient_id": [], "episode_id": [], "date": []})
    frame = checkins.loc[checkins["date"] < pd.Timestamp(as_of).normalize() + _DAY]
    return frame.assign(patient_id="", episode_id="")


def window_end(checkins: pd.DataFrame | None, *, as_of: pd.Timestamp, ended: bool) -> pd.Timestamp:
    """The last day of the "recent" check-in window: ``as_of``, or an ended episode's last check-in.

    Check-ins stop with the treatment, so after the end the last weeks up to ``as_of`` would be
    empty and a well-measured episode would read as "not measured".

    >>> rows = pd.DataFrame({"date": pd.to_datetime(["2026-09-01", "2026-09-20"])})
    >>> window_end(rows, as_of=pd.Timestamp("2026-10-31"), ended=True)
    Timestamp('2026-09-20 00:00:00')
    >>> window_end(rows, as_of=pd.Timestamp("2026-10-31"), ended=False)
    Timestamp('2026-10-31 00:00:00')
    """
    end = pd.Timestamp(as_of).normalize()
    frame = _episode_checkins(checkins, as_of=end)
    if ended and not frame.empty:
        return min(end, frame["date"].max().normalize())
    return end


def checkin_change(
    checkins: pd.DataFrame | None, measure: str, *, as_of: pd.Timestamp,
    window_days: int = WINDOW_DAYS, min_checkins: int = MIN_CHECKINS,
) -> tuple[float, float] | None:
    """Mean of ``measure`` in the first and in the last ``window_days`` days of check-ins.

    The windows of ``trends.pain_since_start`` (which judges check-in pain), for any measure:
    the first from the first check-in, the last up to ``as_of``. ``None`` when either window
    has fewer than ``min_checkins`` answers or the check-ins began less than two windows
    before ``as_of`` (the windows would overlap).

    >>> rows = pd.DataFrame({"date": pd.date_range("2026-09-01", periods=40),
    ...     "confidence": [3.0] * 20 + [6.0] * 20})
    >>> checkin_change(rows, "confidence", as_of=pd.Timestamp("2026-10-10"))
    (3.0, 6.0)
    >>> checkin_change(rows, "confidence", as_of=pd.Timestamp("2026-10-31")) is None  # stopped
    True
    """
    if checkins is None or checkins.empty or measure not in checkins.columns:
        return None
    end = pd.Timestamp(as_of).normalize()
    frame = checkins.loc[checkins["date"] < end + _DAY, ["date", measure]]
    frame = frame.dropna(subset=[measure])
    if frame.empty:
        return None
    day = frame["date"].dt.normalize()
    first_day = day.min()
    if end - first_day < pd.Timedelta(days=2 * window_days - 1):
        return None
    first = frame.loc[day < first_day + pd.Timedelta(days=window_days), measure]
    last = frame.loc[day > end - pd.Timedelta(days=window_days), measure]
    if len(first) < min_checkins or len(last) < min_checkins:
        return None
    return float(first.astype(float).mean()), float(last.astype(float).mean())


def checkin_pain_change(
    checkins: pd.DataFrame | None, *, as_of: pd.Timestamp
) -> tuple[str, float, float] | None:
    """Check-in pain since the first check-in, judged as the clinician's page judges it.

    ``trends.pain_since_start`` (windows of ``WINDOW_DAYS`` days, at least ``MIN_CHECKINS``
    each, NPRS MCID: 2 points or 30 %) with the first check-in as the start. Returns
    ``(verdict, start mean, recent mean)``, or ``None`` without a verdict.

    >>> rows = pd.DataFrame({"date": pd.date_range("2026-09-20", periods=42),
    ...     "pain_now": [6.6] * 21 + [5.5] * 21})
    >>> checkin_pain_change(rows, as_of=pd.Timestamp("2026-10-31"))  # 1.1 points, 17 %
    ('unchanged', 6.6, 5.5)
    """
    frame = _episode_checkins(checkins, as_of=as_of)
    if frame.empty or "pain_now" not in frame.columns or frame["pain_now"].isna().all():
        return None
    first = frame.loc[frame["pain_now"].notna(), "date"].min().normalize()
    episode = pd.DataFrame({"patient_id": [""], "episode_id": [""], "start_date": [first]})
    row = pain_since_start(frame, episode, as_of=as_of)
    if row.empty or not isinstance(row["mcid_status"].iloc[0], str):
        return None
    return (row["mcid_status"].iloc[0], float(row["pain_start"].iloc[0]),
            float(row["pain_recent"].iloc[0]))


def _nprs_status(start: float, now: float) -> str | None:
    """The NPRS MCID verdict (2 points or 30 %, the registry's entry) of ``start`` → ``now``."""
    status = classify_mcid(
        start, now, higher_is_worse=True, mcid_abs=scale_mcid(_NPRS, start),
        mcid_pct=None if _NPRS.mcid_pct is None else _NPRS.mcid_pct.value,
    )
    return status if isinstance(status, str) else None


def pain_lately(
    checkins: pd.DataFrame | None,
    *,
    as_of: pd.Timestamp,
    after: pd.Timestamp | None = None,
    reference: float | None = None,
) -> tuple[str | None, float]:
    """Whether check-in pain went ``up`` or ``down`` in the last weeks, and its recent mean.

    Two kinds of evidence, each the library's own rule:

    - the level: with a ``reference`` (the last questionnaire's pain, answered ``after``), the
      mean of the check-ins of the last ``WINDOW_DAYS`` days that came after that day (at
      least ``MIN_CHECKINS``), judged against it with the NPRS MCID: ``up`` or ``down``;
    - the trend of the ``worsening_pain_trend`` flag (``recent_trend`` with the flag's weeks
      and minimum data) when it has a check-in after ``after``: reliably rising is ``up``.

    Rising wins when the two disagree: the patient must not read "lower" next to the
    clinician's "Pijn neemt toe". A falling slope alone is not ``down``: the slope is
    "reliable", not clinically important, and "lower" is only said at the NPRS MCID.

    Returns
    -------
    tuple
        ``("up" | "down" | None, recent mean)``; the mean is NaN unless the level itself
        shows the direction (so a number never contradicts the sentence it is in).

    Examples
    --------
    >>> rows = pd.DataFrame({"date": pd.date_range("2026-10-02", "2026-10-31"),
    ...     "pain_now": [4.0] * 15 + [8.0] * 15})
    >>> pain_lately(rows, as_of=pd.Timestamp("2026-10-31"),
    ...             after=pd.Timestamp("2026-10-01 11:35"), reference=4.0)
    ('up', 8.0)
    >>> pain_lately(rows.assign(pain_now=4.0), as_of=pd.Timestamp("2026-10-31"),
    ...             after=pd.Timestamp("2026-10-01"), reference=4.0)
    (None, nan)
    """
    frame = _episode_checkins(checkins, as_of=as_of)
    if frame.empty or "pain_now" not in frame.columns:
        return None, np.nan
    end = pd.Timestamp(as_of).normalize()
    since = None if after is None or pd.isna(after) else pd.Timestamp(after).normalize()
    day = frame["date"].dt.normalize()
    recent = frame.loc[day > end - pd.Timedelta(days=WINDOW_DAYS), ["date", "pain_now"]]
    if since is not None:
        recent = recent.loc[recent["date"].dt.normalize() > since]
    pain = recent["pain_now"].dropna().astype(float)
    level = None
    mean = np.nan
    if reference is not None and not pd.isna(reference) and len(pain) >= MIN_CHECKINS:
        mean = float(pain.mean())
        level = _nprs_status(float(reference), mean)
    trend = recent_trend(frame, measure="pain_now", as_of=end, weeks=PAIN_TREND_WEEKS,
                         min_weeks=PAIN_TREND_MIN_WEEKS, min_points=PAIN_TREND_MIN_POINTS)
    slope = None
    if len(trend) and (since is None or trend["last_date"].iloc[0].normalize() > since):
        slope = trend["verdict"].iloc[0]
    if slope == "rising" or level == "deteriorated":
        return "up", mean if level == "deteriorated" else np.nan
    if level == "improved":
        return "down", mean
    return None, np.nan


def _gain_verdict(gain: float, threshold: float) -> str:
    if gain >= threshold - 1e-9:
        return "improved"
    if -gain >= threshold - 1e-9:
        return "deteriorated"
    return "unchanged"


def _instrument_verdict(row: pd.Series) -> str:
    """A questionnaire's verdict for the patient's text (see the module docstring)."""
    if int(row.get("n_administrations", 1) or 1) < 2 or pd.isna(row.get("latest")):
        return "once"
    status = row.get("mcid_status")
    if isinstance(status, str) and status in ("improved", "unchanged", "deteriorated"):
        return status
    if row["instrument"] in NO_MCID_POINTS:
        points, higher_is_worse = NO_MCID_POINTS[row["instrument"]]
        change = float(row["latest"]) - float(row["baseline"])
        return _gain_verdict(-change if higher_is_worse else change, points)
    return "once" if pd.isna(row.get("change")) else "unchanged"


def _combine(verdicts: Sequence[str]) -> str:
    measured = [v for v in verdicts if v in ("improved", "unchanged", "deteriorated")]
    if not measured:
        return "once" if "once" in verdicts else "missing"
    if "improved" in measured and "deteriorated" in measured:
        return "mixed"
    for verdict in ("deteriorated", "improved"):
        if verdict in measured:
            return verdict
    return "unchanged"


def _present(totals: pd.DataFrame, domain: Domain) -> pd.DataFrame:
    """The domain's outcome rows in order of preference.

    Activities combine a disability scale and an activity scale; the other domains use their
    first instrument present (TSK-17 before TSK-11, PSEQ before PSEQ-2).
    """
    if totals.empty:
        return totals
    order = {code: i for i, code in enumerate(domain.instruments)}
    present = totals.loc[totals["instrument"].isin(domain.instruments)]
    present = present.iloc[np.argsort(present["instrument"].map(order).to_numpy(), kind="stable")]
    return present if domain.key == "activities" else present.head(1)


def _checkin_fact(
    domain: Domain, checkins: pd.DataFrame | None, *, end: pd.Timestamp
) -> tuple[str, float, float] | None:
    """The domain's check-in verdict with its start and recent means, or ``None``."""
    if domain.checkin == "pain_now":
        return checkin_pain_change(checkins, as_of=end)
    means = checkin_change(checkins, domain.checkin, as_of=end)
    if means is None:
        return None
    gain = means[1] - means[0]
    # no MCID for a 0-10 check-in item: the NPRS's 2 points, as for PSK and PSFS
    verdict = _gain_verdict(-gain if domain.higher_is_worse else gain, ACTIVITY_POINTS)
    return verdict, means[0], means[1]


def _has_answers(checkins: pd.DataFrame | None, measure: str, *, as_of: pd.Timestamp) -> bool:
    frame = _episode_checkins(checkins, as_of=as_of)
    return measure in frame.columns and bool(frame[measure].notna().any())


def summary_facts(
    outcomes: pd.DataFrame,
    checkins: pd.DataFrame | None,
    *,
    as_of: pd.Timestamp,
    ended: bool = False,
) -> pd.DataFrame:
    """Per domain of ``DOMAINS``: verdict, source, the start and latest value, and for pain
    what the recent check-ins say.

    Parameters
    ----------
    outcomes
        The episode's rows of the ``outcomes`` table (as of ``as_of``); columns
        ``instrument``, ``scale``, ``n_administrations``, ``baseline``, ``latest``,
        ``mcid_status`` (``change`` and ``latest_at`` optional; without ``latest_at`` every
        recent check-in counts as "after the questionnaire").
    checkins
        The episode's check-ins (``date`` and the measures), or ``None``.
    as_of
        The report date.
    ended
        The episode has ended: its check-in windows end at its last check-in.

    Returns
    -------
    DataFrame
        ``domain``, ``verdict`` (one of ``VERDICTS``), ``source`` (instrument codes joined
        by ``+``, ``checkin``, or empty), ``start``, ``now`` (the values behind the verdict;
        NaN when combined or missing), ``lately`` (pain only: ``up``, ``down`` or None, see
        ``pain_lately``) and ``recent`` (pain only: the mean of the recent check-ins after the
        last questionnaire when it shows ``lately``, else NaN).

    Examples
    --------
    >>> outcomes = pd.DataFrame({"instrument": ["PSK", "QBPDS"], "scale": "total",
    ...     "n_administrations": [2, 2], "baseline": [6.0, 40.0], "latest": [3.5, 38.0],
    ...     "mcid_status": [None, "unchanged"]})
    >>> facts = summary_facts(outcomes, None, as_of=pd.Timestamp("2026-10-31"))
    >>> facts[["domain", "verdict", "source"]].head(2).values.tolist()
    [['activities', 'improved', 'QBPDS+PSK'], ['confidence', 'missing', '']]
    """
    totals = outcomes.loc[outcomes["scale"] == "total"] if len(outcomes) else outcomes
    end = window_end(checkins, as_of=as_of, ended=ended)
    rows = []
    for domain in DOMAINS:
        present = _present(totals, domain)
        verdicts = [_instrument_verdict(r) for _, r in present.iterrows()]
        verdict = _combine(verdicts)
        source = "+".join(present["instrument"]) if len(present) else ""
        start = now = np.nan
        if len(present) == 1 and verdict != "missing":
            start, now = float(present["baseline"].iloc[0]), float(present["latest"].iloc[0])
        lately, recent = None, np.nan
        if domain.checkin is not None:
            fact = None
            if verdict in ("once", "missing"):
                fact = _checkin_fact(domain, checkins, end=end)
            if fact is not None:
                verdict, start, now = fact
                source = "checkin"
            elif verdict in ("once", "missing") and _has_answers(checkins, domain.checkin,
                                                                  as_of=end):
                # one questionnaire but check-ins too: "too few check-ins yet", not "measured
                # once" next to a graph of them
                verdict = "checkins"
            if domain.key == "pain":
                questionnaire = verdict in ("improved", "unchanged", "deteriorated") and (
                    source != "checkin")
                after = present["latest_at"].iloc[0] if (
                    questionnaire and "latest_at" in present.columns) else None
                lately, recent = pain_lately(checkins, as_of=end, after=after,
                                             reference=now if questionnaire else None)
        rows.append({"domain": domain.key, "verdict": verdict, "source": source,
                     "start": start, "now": now, "lately": lately, "recent": recent})
    return pd.DataFrame(rows, columns=["domain", "verdict", "source", "start", "now", "lately",
                                       "recent"])


def load_balance_state(checkins: pd.DataFrame | None, *, as_of: pd.Timestamp) -> str | None:
    """``often`` (the ``load_above_capacity`` flag's rule), ``good`` (never), else ``None``.

    ``trends.load_balance`` on the last ``LOAD_LAST_N`` check-ins of the last
    ``LOAD_RECENT_DAYS`` days with both load and capacity answered: ``often`` when load was
    above capacity on at least ``LOAD_OVER_MIN`` of them (5 of 7, as the flag), ``good``
    when on none of at least ``LOAD_OVER_MIN`` check-ins.

    >>> rows = pd.DataFrame({"date": pd.date_range("2026-10-25", periods=7),
    ...     "load": [7.0] * 4 + [4.0] * 3, "load_capacity": [5.0] * 7})
    >>> load_balance_state(rows, as_of=pd.Timestamp("2026-10-31")) is None  # 4 of 7
    True
    >>> load_balance_state(rows.assign(load=7.0), as_of=pd.Timestamp("2026-10-31"))
    'often'
    """
    frame = _episode_checkins(checkins, as_of=as_of)
    if frame.empty or not {"load", "load_capacity"} <= set(frame.columns):
        return None
    balance = load_balance(frame, as_of=as_of, last_n=LOAD_LAST_N, within_days=LOAD_RECENT_DAYS)
    if balance.empty:
        return None
    n, over = int(balance["n"].iloc[0]), int(balance["n_over_capacity"].iloc[0])
    if over >= LOAD_OVER_MIN:
        return "often"
    return "good" if over == 0 and n >= LOAD_OVER_MIN else None


def _join(names: Sequence[str], word: str) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def _pain_numbers(fact: pd.Series, text: dict[str, str], language: str) -> str:
    start, now = fact["start"], fact["now"]
    if pd.isna(start) or pd.isna(now):
        return ""
    # questionnaire answers are whole numbers; check-in means get one decimal
    whole = fact["source"] != "checkin" and float(start).is_integer() and float(now).is_integer()
    digits = 0 if whole else 1
    return text["pain.numbers"].format(start=_number(start, language, digits),
                                       now=_number(now, language, digits))


def _pain_line(fact: pd.Series, text: dict[str, str], language: str) -> str:
    """The pain sentence; when the last weeks tell another story, both, in time order."""
    verdict, lately = fact["verdict"], fact["lately"]
    numbers = _pain_numbers(fact, text, language)
    against = (lately == "up" and verdict != "deteriorated") or (
        lately == "down" and verdict != "improved")
    if not against:
        return text[f"pain.{verdict}"].format(numbers=numbers)
    # a questionnaire result is dated: say it was so then, not that it is so now
    lead = "pain.questionnaire" if fact["source"] != "checkin" else "pain"
    recent = "" if pd.isna(fact["recent"]) else text["pain.recent"].format(
        value=_number(fact["recent"], language, 1))
    return (text[f"{lead}.{verdict}"].format(numbers=numbers) + " "
            + text[f"pain.but.{lately}"].format(recent=recent))


def patient_summary(
    outcomes: pd.DataFrame,
    checkins: pd.DataFrame | None,
    *,
    as_of: pd.Timestamp,
    language: str = "nl",
    ended: bool = False,
) -> list[str]:
    """The patient's summary as short sentences, most important first.

    Parameters
    ----------
    outcomes, checkins, as_of
        As for ``summary_facts``.
    language
        ``nl`` (default, B1 Dutch, "je"-form) or ``en``.
    ended
        The episode has ended: the summary opens by saying so.

    Examples
    --------
    >>> outcomes = pd.DataFrame({"instrument": ["NPRS", "TSK17"], "scale": "total",
    ...     "n_administrations": [2, 2], "baseline": [6.0, 45.0], "latest": [8.0, 35.0],
    ...     "mcid_status": ["deteriorated", "improved"]})
    >>> import textwrap
    >>> rows = pd.DataFrame({"date": pd.date_range("2026-10-01", periods=31),
    ...     "confidence": 5.0, "pain_now": 7.0, "load": 8.0, "load_capacity": 4.0})
    >>> for line in patient_summary(outcomes, rows, as_of=pd.Timestamp("2026-10-31"),
    ...                             language="en", ended=True):
    ...     print(textwrap.fill(line, 88))
    Your treatment has ended.
    Your confidence that you can influence your complaints has stayed about the same.
    You are less afraid to move.
    Your pain has got worse (from 6 to 8, on a scale of 0 to 10). Talk about this with your
    therapist.
    Lately your load was often higher than what you could handle. Work out with your
    therapist how to bring this into balance.
    Not measured: your daily activities and your worries about your pain.

    Pain lower at the last questionnaire, but higher in the check-ins since:

    >>> nprs = pd.DataFrame({"instrument": ["NPRS"], "scale": "total", "n_administrations": 2,
    ...     "baseline": 8.0, "latest": 4.0, "mcid_status": "improved",
    ...     "latest_at": pd.Timestamp("2026-10-01 11:35")})
    >>> rows = pd.DataFrame({"date": pd.date_range("2026-10-17", "2026-10-31"),
    ...     "pain_now": 8.0})
    >>> pain = patient_summary(nprs, rows, as_of=pd.Timestamp("2026-10-31"))[0]
    >>> print(textwrap.fill(pain, 88))
    Bij de laatste vragenlijst was je pijn minder (van 8 naar 4, op een schaal van 0 tot
    10). Maar in de laatste weken is je pijn hoger geworden (gemiddeld 8,0 bij je laatste
    check-ins). Bespreek dit met je therapeut.
    """
    text = SENTENCES["en" if language == "en" else "nl"]
    facts = summary_facts(outcomes, checkins, as_of=as_of, ended=ended).set_index("domain")
    lines = [text["ended"]] if ended else []
    unmeasured: dict[str, list[str]] = {"once": [], "checkins": [], "missing": []}
    for domain in ("activities", "confidence", "fear", "worry", "pain"):
        fact = facts.loc[domain]
        verdict = fact["verdict"]
        if domain == "pain" and verdict in unmeasured and fact["lately"] == "up":
            # no change since the start to show yet, but the flag's rising trend: say it
            lines.append(text["pain.lately"])
            continue
        if verdict in unmeasured:
            unmeasured[verdict].append(domain)
            continue
        if domain == "pain":
            lines.append(_pain_line(fact, text, language))
            if verdict == "unchanged" and fact["lately"] not in ("up", "down"):
                # the practice's message: progress is more than less pain
                if facts.loc["activities", "verdict"] == "improved":
                    lines.append(text["pain.doing_more"])
                elif facts.loc["confidence", "verdict"] == "improved":
                    lines.append(text["pain.more_confident"])
            continue
        if domain == "confidence":
            kind = "checkin" if fact["source"] == "checkin" else "questionnaire"
            lines.append(text[f"confidence.{kind}.{verdict}"])
            continue
        lines.append(text[f"{domain}.{verdict}"])
    balance = load_balance_state(checkins, as_of=as_of)
    if balance is not None:
        lines.append(text[f"balance.{balance}"])
    for key, domains in unmeasured.items():
        if domains:
            what = _join([text[f"name.{d}"] for d in domains], text["and"])
            lines.append(text[f"{key}.ended" if ended else key].format(what=what))
    lines.extend(_checkin_note(checkins, as_of=as_of, text=text, ended=ended))
    return lines


def _checkin_note(
    checkins: pd.DataFrame | None, *, as_of: pd.Timestamp, text: dict[str, str], ended: bool
) -> list[str]:
    if checkins is None or checkins.empty:
        return [] if ended else [text["checkins.none"]]
    last = checkins["date"].max().normalize()
    if not ended and (pd.Timestamp(as_of).normalize() - last).days >= STALE_DAYS:
        return [text["checkins.stale"].format(days=STALE_DAYS)]
    return []
