"""Figures of the patient progress page: frames in, ``Figure`` out; never load, never show.

``checkins`` draws the daily check-in and the NPRS (pain; stress and sleep; load; activity),
``panels`` the small questionnaire panels with MCID bands and cut-offs, ``marks`` the bands,
cut-off lines and questionnaire moments, ``text`` every label in Dutch and English. Builders
assemble plain dicts and validate the figure once (``plots.theme.figure``).
"""

from beyou_analytics.plots.patient.checkins import (
    activity_figure,
    load_figure,
    pain_figure,
    stress_sleep_figure,
)
from beyou_analytics.plots.patient.marks import Marks, band_swatch
from beyou_analytics.plots.patient.panels import (
    Panel,
    baseline_band,
    confidence_panel,
    instrument_panel,
    panels_figure,
    scale_cutoffs,
)
from beyou_analytics.plots.patient.text import TEXT, text
from beyou_analytics.plots.values import iso_days, rounded, with_gaps

__all__ = [
    "TEXT",
    "Marks",
    "Panel",
    "activity_figure",
    "band_swatch",
    "baseline_band",
    "confidence_panel",
    "instrument_panel",
    "iso_days",
    "load_figure",
    "pain_figure",
    "panels_figure",
    "rounded",
    "scale_cutoffs",
    "stress_sleep_figure",
    "text",
    "with_gaps",
]
