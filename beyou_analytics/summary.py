"""The patient's own summary: what changed, in short plain Dutch (B1) or English sentences.

The practice explains long-lasting back pain as a body stuck in protection mode: unhelpful
thoughts (catastrophising), fear of movement, too much load for the present capacity; recovery
is led by confidence ("ik heb invloed op mijn klachten") and by doing more, not only by less
pain (``../shared/context``). The summary follows that order: daily activities and confidence
first, then fear of movement and worry, then pain, then the load balance and what is missing.

Sentences are chosen by rules from two pure steps:

1. ``summary_facts``: per domain a verdict (``improved``, ``unchanged``, ``deteriorated``,
   ``mixed``, ``once`` = measured only once, ``missing``) with its source. A questionnaire
   verdict is its MCID verdict from the outcomes table (``change.py``). PSK and PSFS have no
   verified MCID (instruments.md §5), so for the patient's text only, a change of at least
   ``ACTIVITY_POINTS`` (2 points on their 0-10 scale, the size of the NPRS MCID [1]) counts as
   noticeable; the clinician's change table shows no verdict for them. Without a questionnaire
   follow-up, confidence and pain fall back on the daily check-in: the mean of the episode's
   first ``WINDOW_DAYS`` days of check-ins against the last ``WINDOW_DAYS`` days up to
   ``as_of``; a difference of at least ``CHECKIN_POINTS`` (1 point on the 0-10 scale) counts.
2. ``patient_summary``: the sentences, "je"-form, no jargon (no MCID, RCI or abbreviations),
   short; worse results say so and point to the therapist; when pain is unchanged but
   activities (or else confidence) improved, the summary says that this is progress too; what
   was measured only once or not at all is listed; stale check-ins are mentioned.

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
Je hebt meer vertrouwen dat je zelf invloed hebt op je klachten.
Je pijn is ongeveer gelijk gebleven (van 7 naar 6, op een schaal van 0 tot 10).
Je kunt dus meer, ook al is de pijn nog niet minder. Dat is een goede stap.
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

WINDOW_DAYS = 14
CHECKIN_POINTS = 1.0
ACTIVITY_POINTS = 2.0
MIN_CHECKINS = 4  # per window, for a check-in verdict
STALE_DAYS = 14
BALANCE_LAST = 7  # check-ins looked at for the load balance
BALANCE_OFTEN = 4  # of those, days with load above capacity that count as "often"
VERDICTS = ("improved", "unchanged", "deteriorated", "mixed", "once", "missing")


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
        "confidence.improved": "Je hebt meer vertrouwen dat je zelf invloed hebt op je klachten.",
        "confidence.unchanged": (
            "Je vertrouwen dat je zelf invloed hebt op je klachten, is ongeveer gelijk gebleven."
        ),
        "confidence.deteriorated": (
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
        "pain.unchanged": "Je pijn is ongeveer gelijk gebleven{numbers}.",
        "pain.deteriorated": "Je pijn is erger geworden{numbers}. Bespreek dit met je therapeut.",
        "pain.numbers": " (van {start} naar {now}, op een schaal van 0 tot 10)",
        "pain.doing_more": (
            "Je kunt dus meer, ook al is de pijn nog niet minder. Dat is een goede stap."
        ),
        "pain.more_confident": (
            "Je vertrouwen groeit, ook al is de pijn nog niet minder. Dat is een goede stap."
        ),
        "balance.often": (
            "De laatste tijd was je belasting vaak hoger dan wat je aankon. Kijk samen met je "
            "therapeut hoe je dit in balans brengt."
        ),
        "balance.good": "Je belasting en wat je aankunt, waren de laatste tijd goed in balans.",
        "once": (
            "Nog maar één keer gemeten: {what}. Na de volgende meting zie je wat er veranderd is."
        ),
        "missing": "Nog niet gemeten: {what}.",
        "once.ended": (
            "Maar één keer gemeten: {what}. Daarom is niet te zien of er iets veranderd is."
        ),
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
        "confidence.improved": "You feel more confident that you can influence your complaints.",
        "confidence.unchanged": (
            "Your confidence that you can influence your complaints has stayed about the same."
        ),
        "confidence.deteriorated": (
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
        "pain.unchanged": "Your pain has stayed about the same{numbers}.",
        "pain.deteriorated": (
            "Your pain has got worse{numbers}. Talk about this with your therapist."
        ),
        "pain.numbers": " (from {start} to {now}, on a scale of 0 to 10)",
        "pain.doing_more": (
            "So you can do more, even though the pain is not less yet. That is a good step."
        ),
        "pain.more_confident": (
            "Your confidence is growing, even though the pain is not less yet. That is a good "
            "step."
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
        "missing": "Not measured yet: {what}.",
        "once.ended": "Measured only once: {what}. So we cannot see whether this changed.",
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


def checkin_change(
    checkins: pd.DataFrame | None, measure: str, *, as_of: pd.Timestamp,
    window_days: int = WINDOW_DAYS, min_checkins: int = MIN_CHECKINS,
) -> tuple[float, float] | None:
    """Mean of ``measure`` in the first and in the last ``window_days`` days of check-ins.

    ``None`` when either window has fewer than ``min_checkins`` answers or the two windows
    overlap (the check-ins span less than two windows).

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
    frame = checkins.loc[checkins["date"] < end + pd.Timedelta(days=1), ["date", measure]]
    frame = frame.dropna(subset=[measure])
    if frame.empty:
        return None
    day = frame["date"].dt.normalize()
    first_day = day.min()
    first = frame.loc[day < first_day + pd.Timedelta(days=window_days), measure]
    last = frame.loc[day > end - pd.Timedelta(days=window_days), measure]
    if day.max() - first_day < pd.Timedelta(days=2 * window_days - 1):
        return None
    if len(first) < min_checkins or len(last) < min_checkins:
        return None
    return float(first.astype(float).mean()), float(last.astype(float).mean())


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


def summary_facts(
    outcomes: pd.DataFrame, checkins: pd.DataFrame | None, *, as_of: pd.Timestamp
) -> pd.DataFrame:
    """Per domain of ``DOMAINS``: verdict, source and the start and latest value.

    Parameters
    ----------
    outcomes
        The episode's rows of the ``outcomes`` table (as of ``as_of``); columns
        ``instrument``, ``scale``, ``n_administrations``, ``baseline``, ``latest``,
        ``mcid_status`` (``change`` optional).
    checkins
        The episode's check-ins (``date`` and the measures), or ``None``.
    as_of
        The report date.

    Returns
    -------
    DataFrame
        ``domain``, ``verdict`` (one of ``VERDICTS``), ``source`` (instrument codes joined
        by ``+``, ``checkin``, or empty), ``start``, ``now`` (the values behind the verdict;
        NaN when combined or missing).

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
    rows = []
    for domain in DOMAINS:
        present = _present(totals, domain)
        verdicts = [_instrument_verdict(r) for _, r in present.iterrows()]
        verdict = _combine(verdicts)
        source = "+".join(present["instrument"]) if len(present) else ""
        start = now = np.nan
        if len(present) == 1 and verdict != "missing":
            start, now = float(present["baseline"].iloc[0]), float(present["latest"].iloc[0])
        if verdict in ("once", "missing") and domain.checkin is not None:
            means = checkin_change(checkins, domain.checkin, as_of=as_of)
            if means is not None:
                gain = means[1] - means[0]
                verdict = _gain_verdict(-gain if domain.higher_is_worse else gain, CHECKIN_POINTS)
                source, (start, now) = "checkin", means
        rows.append({"domain": domain.key, "verdict": verdict, "source": source,
                     "start": start, "now": now})
    return pd.DataFrame(rows, columns=["domain", "verdict", "source", "start", "now"])


def load_balance_state(checkins: pd.DataFrame | None, *, as_of: pd.Timestamp) -> str | None:
    """``often`` (load above capacity on most recent days), ``good`` (never), else ``None``.

    Looks at the last ``BALANCE_LAST`` check-ins of the last ``WINDOW_DAYS`` days with both
    load and capacity answered; needs at least ``MIN_CHECKINS`` of them.

    >>> rows = pd.DataFrame({"date": pd.date_range("2026-10-25", periods=7),
    ...     "load": [7.0] * 7, "load_capacity": [5.0] * 7})
    >>> load_balance_state(rows, as_of=pd.Timestamp("2026-10-31"))
    'often'
    """
    if checkins is None or checkins.empty or "load" not in checkins.columns:
        return None
    end = pd.Timestamp(as_of).normalize()
    day = checkins["date"].dt.normalize()
    recent = checkins.loc[(day > end - pd.Timedelta(days=WINDOW_DAYS)) & (day <= end)]
    recent = recent.dropna(subset=["load", "load_capacity"]).sort_values("date").tail(BALANCE_LAST)
    if len(recent) < MIN_CHECKINS:
        return None
    over = int((recent["load"].astype(float) > recent["load_capacity"].astype(float)).sum())
    if over >= BALANCE_OFTEN:
        return "often"
    return "good" if over == 0 else None


def _join(names: Sequence[str], word: str) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


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
    """
    text = SENTENCES["en" if language == "en" else "nl"]
    facts = summary_facts(outcomes, checkins, as_of=as_of).set_index("domain")
    lines = [text["ended"]] if ended else []
    once: list[str] = []
    missing: list[str] = []
    for domain in ("activities", "confidence", "fear", "worry", "pain"):
        fact = facts.loc[domain]
        verdict = fact["verdict"]
        if verdict in ("once", "missing"):
            (once if verdict == "once" else missing).append(domain)
            continue
        if domain == "pain":
            numbers = ""
            if not (pd.isna(fact["start"]) or pd.isna(fact["now"])):
                # questionnaire answers are whole numbers; check-in means get one decimal
                digits = 0 if float(fact["start"]).is_integer() and float(
                    fact["now"]).is_integer() else 1
                numbers = text["pain.numbers"].format(
                    start=_number(fact["start"], language, digits),
                    now=_number(fact["now"], language, digits))
            lines.append(text[f"pain.{verdict}"].format(numbers=numbers))
            if verdict == "unchanged":
                # the practice's message: progress is more than less pain
                if facts.loc["activities", "verdict"] == "improved":
                    lines.append(text["pain.doing_more"])
                elif facts.loc["confidence", "verdict"] == "improved":
                    lines.append(text["pain.more_confident"])
            continue
        lines.append(text[f"{domain}.{verdict}"])
    balance = load_balance_state(checkins, as_of=as_of)
    if balance is not None:
        lines.append(text[f"balance.{balance}"])
    for key, domains in (("once", once), ("missing", missing)):
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
