"""Shared helpers of the report tests: a tiny hand-made store and a folder of fixture notebooks.

The real notebooks and the sample store are tested in ``test_reports_notebooks.py``; the
machinery (runner, exporter, batch, CLI) is tested against these small fixtures so that a
failure points at the machinery.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from beyou_analytics.io.store import write_store
from beyou_analytics.schema import DATE, STORE_SCHEMAS, empty_table

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
REAL_NAMES = {
    "patient": "patient_progress.ipynb",
    "caseload": "caseload.ipynb",
    "monthly": "monthly_report.ipynb",
    "research": "research_exploration.ipynb",
}

# October 2026: 101 (open since September), 102 (opened and closed in October) and 105 (opened
# on the 31st) were in treatment; 103 starts in November, 104 ended in September.
EPISODES = [
    ("101", "2026-09-01", None, "Anne de Vries"),
    ("102", "2026-10-15", "2026-10-20", "Bram Jansen"),
    ("103", "2026-11-01", None, "Anne de Vries"),
    ("104", "2026-01-01", "2026-09-30", "Chris Ünal"),
    ("105", "2026-10-31", None, "Bram Jansen"),
]


def tiny_store(path: Path) -> Path:
    """Write a store with five episodes (and empty other tables) to ``path``."""
    episodes = empty_table("episodes")
    rows = pd.DataFrame(
        {
            "patient_id": [p for p, *_ in EPISODES],
            "episode_id": [f"{p}-{s.replace('-', '')}" for p, s, *_ in EPISODES],
            "therapist": [t for *_, t in EPISODES],
            "start_date": pd.to_datetime([s for _, s, _, _ in EPISODES]).astype(DATE),
            "end_date": pd.to_datetime([e for _, _, e, _ in EPISODES]).astype(DATE),
        }
    )
    episodes = pd.concat([episodes, rows], ignore_index=True).astype(episodes.dtypes.to_dict())
    tables = {name: empty_table(name) for name in STORE_SCHEMAS}
    tables["episodes"] = episodes
    write_store(tables, {"files": []}, path)
    return path


def fixture_notebooks(folder: Path, *, fail_for_patient: str | None = None) -> Path:
    """A notebooks folder where every report kind is the generic figure/table fixture.

    With ``fail_for_patient`` the patient notebook raises in a named cell for that patient.
    """
    folder.mkdir(parents=True, exist_ok=True)
    source = json.loads((FIXTURES / "figure_table.ipynb").read_text(encoding="utf-8"))
    for kind, name in REAL_NAMES.items():
        nb = json.loads(json.dumps(source))
        if kind == "patient" and fail_for_patient:
            nb["cells"].insert(4, {
                "cell_type": "code", "execution_count": None, "id": "fails-here",
                "metadata": {}, "outputs": [],
                "source": f'check_patient = patient_id != "{fail_for_patient}" or 1 / 0',
            })
        (folder / name).write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return folder


def copy_fixture(name: str, folder: Path) -> Path:
    """Copy fixture notebook ``name`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(FIXTURES / name, folder / name))


def test_tiny_store_is_a_valid_store(tmp_path: Path) -> None:
    from beyou_analytics.io.store import load_store

    store = load_store(tiny_store(tmp_path / "store"))
    assert store.episodes["patient_id"].tolist() == ["101", "102", "103", "104", "105"]
    assert str(store.data_date.date()) == "2026-11-01"


def leaks(result) -> list[str]:
    """What the leak probe notebook saw of the previous report (its 'LEAKS [...]' line)."""
    for cell in result.notebook.cells:
        for output in cell.get("outputs", []):
            text = output.get("text", "")
            if text.startswith("LEAKS "):
                return json.loads(text[len("LEAKS "):])
    raise AssertionError("the leak probe printed nothing")
