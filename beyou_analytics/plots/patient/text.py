"""Trace names, axis titles and labels of the patient figures, Dutch and English side by side.

Examples
--------
>>> text("nl")["band"], text("en")["band"]
('Start ± MCID', 'Baseline ± MCID')
"""

from __future__ import annotations

from functools import cache

TEXT: dict[str, tuple[str, str]] = {
    "lower_better": ("lager = beter", "lower = better"),
    "higher_better": ("hoger = beter", "higher = better"),
    "pain_now": ("Pijn nu (check-in)", "Current pain (check-in)"),
    "pain_worst": ("Ergste pijn 24 uur (check-in)", "Worst pain 24 h (check-in)"),
    "pain_mean": ("Pijn nu, 7-daags gemiddelde", "Current pain, 7-day mean"),
    "nprs": ("NPRS (vragenlijst)", "NPRS (questionnaire)"),
    "pain_axis": ("Pijn (0–10)", "Pain (0–10)"),
    "band": ("Start ± MCID", "Baseline ± MCID"),
    "date": ("Datum", "Date"),
    "score_short": ("Score", "Score"),
    "week": ("Week", "Week"),
    "score": ("Score (0–10)", "Score (0–10)"),
    "stress": ("Stress (hoger = slechter)", "Stress (higher = worse)"),
    "sleep_quality": ("Slaapkwaliteit (hoger = beter)", "Sleep quality (higher = better)"),
    "pain_weekly": ("Pijn nu (hoger = slechter)", "Current pain (higher = worse)"),
    "sleep_hours": ("Uren slaap", "Hours slept"),
    "hours": ("Uren", "Hours"),
    "load": ("Belasting", "Load"),
    "capacity": ("Belastbaarheid", "Load capacity"),
    "over": ("Belasting boven belastbaarheid", "Load above capacity"),
    "load_axis": ("Score (0–10)", "Score (0–10)"),
    "minutes": ("Beweegminuten per dag (weekgemiddelde)", "Active minutes per day (weekly mean)"),
    "minutes_axis": ("Minuten", "Minutes"),
    "adherence": ("Oefeningen gedaan (% van de check-ins)", "Exercises done (% of check-ins)"),
    "adherence_axis": ("%", "%"),
    "confidence": ("Vertrouwen (check-in, weekgemiddelde) · hoger = beter",
                   "Confidence (check-in, weekly mean) · higher = better"),
    "intake": ("intake", "intake"),
    "interim": ("tussentijds", "interim"),
    "discharge": ("eind", "discharge"),
    "moment": ("meting", "measurement"),
    "high": ("hoog", "high"),
    "relevant": ("klinisch relevant", "clinically relevant"),
}
"""Every text of the patient figures: ``key: (Dutch, English)``."""


@cache
def text(language: str) -> dict[str, str]:
    """The figure texts in ``language`` (``en``; anything else is Dutch)."""
    index = 1 if language == "en" else 0
    return {key: pair[index] for key, pair in TEXT.items()}
