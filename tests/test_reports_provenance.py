"""The provenance footer: parameters, store snapshot, version, time; escaped; in two languages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from test_reports_support import tiny_store

from beyou_analytics import __version__
from beyou_analytics.io.store import snapshot_hash
from beyou_analytics.reports.provenance import provenance, render_footer

NOW = datetime(2026, 11, 1, 6, 30, tzinfo=timezone(timedelta(hours=1)))


def test_provenance_names_parameters_snapshot_version_and_time(tmp_path: Path) -> None:
    store = tiny_store(tmp_path / "store")
    prov = provenance({"patient_id": "101", "as_of": "", "store": store}, store, now=NOW)
    assert prov == {
        "parameters": {"patient_id": "101", "as_of": "", "store": str(store)},
        "store": str(store),
        "snapshot": snapshot_hash(store),
        "version": __version__,
        "ran_at": "2026-11-01T06:30:00+01:00",
    }


def test_snapshot_changes_when_the_store_changes(tmp_path: Path) -> None:
    store = tiny_store(tmp_path / "store")
    before = provenance({}, store, now=NOW)["snapshot"]
    (store / "quality.json").write_text('{"files": ["changed"]}\n')
    assert provenance({}, store, now=NOW)["snapshot"] != before


def test_footer_is_localised_and_escapes_values(tmp_path: Path) -> None:
    prov = provenance({"therapist": "<script>alert(1)</script>", "as_of": ""}, tmp_path, now=NOW)
    dutch, english = render_footer(prov, "nl"), render_footer(prov, "en")
    assert "Verantwoording" in dutch and "Gemaakt op" in dutch and "(geen)" in dutch
    assert "Provenance" in english and "Generated at" in english and "(none)" in english
    for page in (dutch, english):
        assert "<script>" not in page and "&lt;script&gt;" in page
        assert prov["snapshot"] in page and __version__ in page
        assert page.startswith('<footer class="beyou-provenance">')
    assert "01-11-2026 06:30:00 (UTC+01:00)" in dutch
    assert "2026-11-01 06:30:00 (UTC+01:00)" in english
