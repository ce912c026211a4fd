"""``beyou clean``: the practice's exports in, the validated Parquet store out.

Modules follow the data: ``columns`` (what each export kind's columns are called), ``values``
(vectorised parsers), ``quarantine`` (problem rows with fixed columns), ``episodes``,
``checkins``, ``questionnaires`` (frame in, kept rows and quarantine out), ``accounting``
(the per-file equation) and ``pipeline`` (``clean_exports``, the one step that touches files).

``clean_exports`` and ``CleanResult`` are loaded on first use: ``io.readers`` reads the column
maps of ``clean.columns``, so importing the pipeline here eagerly would import in a circle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from beyou_analytics.clean.pipeline import CleanResult, clean_exports

__all__ = ["CleanResult", "clean_exports"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from beyou_analytics.clean import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
