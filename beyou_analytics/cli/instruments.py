"""CLI commands: ``beyou instruments`` (the registry as a table) and ``beyou codebook``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _mcid(scale) -> str:
    parts = []
    if scale.mcid_abs is not None:
        parts.append(f"{scale.mcid_abs.value:g}")
    if scale.mcid_high_baseline is not None:
        above, ref = scale.mcid_high_baseline
        parts.append(f"{ref.value:g} if >{above:g}")
    if scale.mcid_pct is not None:
        parts.append(f"{scale.mcid_pct.value:g} %")
    return " or ".join(parts) or "-"


def _bands(scale) -> str:
    if scale.band_rule:
        return scale.band_rule
    return ", ".join(f"{b.label} {b.describe()}" for b in scale.bands) or "-"


def instruments_command(
    aliases: Annotated[
        bool, typer.Option("--aliases", help="Also list every accepted name.")
    ] = False,
) -> None:
    """List the questionnaire registry: items, scales, direction, bands, MCID and SEM."""
    from rich.console import Console
    from rich.table import Table

    from beyou_analytics.instruments import iter_instruments

    table = Table(title="Questionnaire registry (beyou codebook --out FILE for every detail)")
    table.add_column("Code", no_wrap=True, style="bold")
    table.add_column("Name", overflow="fold")
    table.add_column("Items", no_wrap=True)
    table.add_column("Scale", no_wrap=True)
    table.add_column("Range", no_wrap=True)
    table.add_column("Higher is", no_wrap=True)
    table.add_column("Bands", overflow="fold")
    table.add_column("MCID", overflow="fold")
    table.add_column("SEM", no_wrap=True)
    if aliases:
        table.add_column("Aliases", overflow="fold")
    for inst in iter_instruments():
        for n, scale in enumerate(inst.scales):
            first = n == 0
            row = [
                inst.code if first else "",
                inst.name_en if first else "",
                f"{inst.n_items} x {inst.item_min:g}-{inst.item_max:g}" if first else "",
                scale.name,
                f"{scale.minimum:g}-{scale.maximum:g}",
                ("worse" if inst.higher_is_worse else "better") if first else "",
                _bands(scale),
                _mcid(scale),
                f"{scale.sem.value:g}" if scale.sem is not None else "-",
            ]
            if aliases:
                row.append(", ".join(inst.aliases) if first else "")
            table.add_row(*row)
    Console().print(table)


def codebook_command(
    out: Annotated[
        Path, typer.Option("--out", help="File to write: .md (Markdown) or .html.")
    ],
) -> None:
    """Write the codebook generated from the registry (Markdown or HTML by extension)."""
    from beyou_analytics.codebook import write_codebook

    path = write_codebook(out)
    print(f"Codebook written to {path}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("instruments")(instruments_command)
    app.command("codebook")(codebook_command)
