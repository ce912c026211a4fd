"""CLI command ``beyou keygen``: create the practice's pseudonymisation key file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("keygen")
    def keygen_command(
        out: Annotated[Path, typer.Option(
            help="key file to create (mode 0600); an existing file is never overwritten")],
    ) -> None:
        """Create a new pseudonymisation key (32 random bytes, hex) for research exports."""
        from beyou_analytics.research.pseudonym import write_key_file

        path = write_key_file(out)
        print(f"Created key file {path} (mode 0600). Keep it secret and back it up: without "
              "it, later exports cannot be linked to earlier ones.")
