"""CLI command ``beyou synth``: write seeded synthetic practice exports to a folder."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer


def synth_command(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the export files to.")],
    as_of: Annotated[str, typer.Option("--as-of", help="Export date, YYYY-MM-DD.")],
    patients: Annotated[int, typer.Option("--patients", help="Number of patients.")] = 150,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same bytes).")]
    = 20261031,
    therapists: Annotated[int, typer.Option("--therapists", help="Therapists (1-12).")] = 6,
) -> None:
    """Write synthetic practice exports: episodes (.xlsx), app check-ins and questionnaires,
    as the practice's systems produce them, messiness included."""
    from beyou_analytics.synth import write_exports

    started = time.perf_counter()
    summary = write_exports(out, patients=patients, seed=seed, as_of=as_of, therapists=therapists)
    print(summary.describe())
    print(f"Done in {time.perf_counter() - started:.1f} s.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("synth")(synth_command)
