"""Research on the practice's data: pseudonymised, de-identified, small cells suppressed.

Modules in data-flow order: ``pseudonym`` (the key file, keyed pseudonyms, date shifts,
therapist codes), ``cohort`` (filters and the de-identified tables), ``summary`` (suppressed
counts, binned baselines, change pairs), ``models`` (the exploratory mixed model of weekly
pain) and ``export`` (CSV + Parquet + codebook, atomically, never into the store).

Examples
--------
>>> from beyou_analytics.research import CohortFilter
>>> CohortFilter(min_age=18).describe()
{'min_age': 18}
"""

from beyou_analytics.research.cohort import Cohort, CohortFilter, build_cohort
from beyou_analytics.research.export import ExportResult, codebook_frame, export_cohort
from beyou_analytics.research.models import (
    MixedModelResult,
    baseline_covariates,
    weekly_pain_model,
)
from beyou_analytics.research.pseudonym import (
    KEY_ENV,
    date_shift_days,
    pseudonymise,
    read_key,
    therapist_codes,
    write_key_file,
)
from beyou_analytics.research.summary import (
    binned_baseline,
    change_pairs,
    describe_cohort,
    pair_correlations,
)

__all__ = [
    "KEY_ENV",
    "Cohort",
    "CohortFilter",
    "ExportResult",
    "MixedModelResult",
    "baseline_covariates",
    "binned_baseline",
    "build_cohort",
    "change_pairs",
    "codebook_frame",
    "date_shift_days",
    "describe_cohort",
    "export_cohort",
    "pair_correlations",
    "pseudonymise",
    "read_key",
    "therapist_codes",
    "weekly_pain_model",
    "write_key_file",
]
