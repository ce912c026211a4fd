"""``io.store.StoreWriter``: tables validated and written in the background, swapped in at once."""

from __future__ import annotations

from pathlib import Path

import pandera.errors
import pytest

from beyou_analytics.io.store import StoreWriter, load_store, write_store
from beyou_analytics.schema import STORE_SCHEMAS, empty_table


def _empty_store(path: Path) -> None:
    write_store({name: empty_table(name) for name in STORE_SCHEMAS}, {"run": 1}, path)


def test_a_table_breaking_its_schema_leaves_the_previous_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _empty_store(store)
    broken = empty_table("episodes").drop(columns=["therapist"])
    with pytest.raises(pandera.errors.SchemaError), StoreWriter(store) as writer:
        writer.write("episodes", broken)
        for name in list(STORE_SCHEMAS)[1:]:
            writer.write(name, empty_table(name))
        writer.commit({"run": 2})
    assert load_store(store).quality == {"run": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no staging folder left


def test_every_table_is_written_before_the_swap(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _empty_store(store)
    with StoreWriter(store) as writer:
        for name in STORE_SCHEMAS:
            writer.write(name, empty_table(name))
        writer.commit({"run": 2})
    loaded = load_store(store)
    assert loaded.quality == {"run": 2}
    assert all(len(loaded.table(name)) == 0 for name in STORE_SCHEMAS)
