"""``beyou clean EXPORT_DIR --store STORE_DIR``: clean the exports, print the accounting.

The summary shows, per file, the equation ``rows in = stored + rejected + duplicates`` with
✓ when it holds, then the count of every quarantine reason, the files skipped, the workbook
sheets ignored (no patient-number column) and the size of every store table. It prints
counts and file and sheet names only, never a value from the exports.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add ``clean`` to ``app``."""
    app.command("clean")(clean_command)


def clean_command(
    export_dir: Annotated[Path, typer.Argument(help="Folder with the practice's export files.")],
    store: Annotated[
        Path, typer.Option("--store", help="Store folder to (re)write atomically.")
    ],
    skip_bad_files: Annotated[bool, typer.Option(
        "--skip-bad-files",
        help="List unreadable or unrecognised files in quality.json instead of stopping.",
    )] = False,
    as_of: Annotated[datetime | None, typer.Option(
        "--as-of", formats=["%Y-%m-%d"],
        help="Data date (YYYY-MM-DD): later dates are rejected. Default: today.",
    )] = None,
    progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress",
        help="Progress bar on stderr. Default: for large exports on a terminal.",
    )] = None,
) -> None:
    """Clean an export folder into the analysis store (every row stored or quarantined)."""
    from beyou_analytics.clean import clean_exports

    result = clean_exports(export_dir, store, skip_bad_files=skip_bad_files,
                           as_of=as_of.date() if as_of else None, progress=progress)
    print_summary(result)
    if not result.balanced:
        raise typer.Exit(code=1)


def print_summary(result) -> None:
    """The per-file accounting, the reasons and the table sizes, as rich tables."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    # Piped output has no terminal width to respect: keep each file on one line.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    files = Table(title="Rows per file: in = stored + rejected + duplicates removed",
                  title_justify="left")
    for name, justify in [("File", "left"), ("Kind", "left"), ("In = stored + rejected + dup.",
                          "right"), ("", "center"), ("Cleared values", "right"),
                          ("Blank lines", "right")]:
        files.add_column(name, justify=justify)
    for a in result.files:
        # File and sheet names are the user's: "[checkins]" must not read as markup.
        files.add_row(escape(a.file), a.kind, a.equation, _tick(a.balanced), str(a.values_cleared),
                      str(a.blank_lines))
    t = result.quality["totals"]
    equation = (f"{t['rows_in']} = {t['rows_stored']} + {t['rows_rejected']} + "
                f"{t['duplicates_removed']}")
    files.add_row("total", "", equation, _tick(t["balanced"]), str(t["values_cleared"]),
                  str(t["blank_lines"]), style="bold")
    console.print(files)

    reasons = Table(title="Quarantine reasons", title_justify="left")
    reasons.add_column("Reason")
    reasons.add_column("Count", justify="right")
    for code, count in result.quality["reasons"].items():
        reasons.add_row(code, str(count))
    if result.quality["reasons"]:
        console.print(reasons)

    for skipped in result.quality["skipped_files"]:
        console.print(escape(f"skipped {skipped['file']}: {skipped['problem']}"))
    for ignored in result.quality["ignored_sheets"]:
        console.print(escape(f"ignored sheet {ignored['sheet']} of {ignored['file']}: "
                             "no patient-number column"))
    sizes = ", ".join(f"{name} {count}" for name, count in result.tables.items())
    console.print(f"Store {result.store_dir}: {sizes}")
    if not result.balanced:
        console.print("[red]The row accounting does not balance: this is a bug, please "
                      "report it with quality.json.[/red]")


def _tick(balanced: bool) -> str:
    return "✓" if balanced else "[red]✗[/red]"
