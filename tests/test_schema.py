"""``schema``: the store tables' text columns are still checked for their dtype."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.errors
import pytest

from beyou_analytics.schema import STORE_SCHEMAS, empty_table


def _episodes(therapist: pd.Series) -> pd.DataFrame:
    frame = empty_table("episodes").reindex(range(len(therapist)))
    return frame.assign(
        patient_id=pd.Series(["12"] * len(therapist), dtype="str"),
        episode_id=pd.Series([f"12-2026010{i + 1}" for i in range(len(therapist))],
                             dtype="str"),
        therapist=therapist,
        start_date=pd.Series(pd.to_datetime(["2026-01-05"] * len(therapist)),
                             dtype="datetime64[us]"),
    )


def test_a_str_column_passes() -> None:
    frame = _episodes(pd.Series(["Anna", "Bram"], dtype="str"))
    assert len(STORE_SCHEMAS["episodes"].validate(frame)) == 2


@pytest.mark.parametrize("values", [
    pd.Series([1, 2]),
    pd.Series([1.5, np.nan]),
    pd.Series(["Anna", 3], dtype=object),
])
def test_a_column_that_is_not_text_fails(values: pd.Series) -> None:
    with pytest.raises(pandera.errors.SchemaError, match="therapist"):
        STORE_SCHEMAS["episodes"].validate(_episodes(values))


def test_empty_tables_keep_their_dtypes() -> None:
    for name, schema in STORE_SCHEMAS.items():
        table = empty_table(name)
        schema.validate(table)
        assert str(table["patient_id" if "patient_id" in table else "source_file"].dtype) == "str"
