"""BeYou Analytics: exports in, validated store, scores, reports and dashboards out.

The package reads the practice's exports (patient-app check-ins, questionnaires, treatment
episodes), cleans them into a Parquet store (``beyou clean``), scores the questionnaires as
published (``instruments``, ``scoring``, ``change``), derives trends and flags, and renders
reports and dashboards from thin notebooks.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("beyou-analytics")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
