"""CLI command ``beyou serve``: the read-only dashboards on standalone Voila."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("serve")
    def serve_command(
        store: Annotated[Path, typer.Option(help="store folder written by `beyou clean`")],
        host: Annotated[str, typer.Option(
            help="address to listen on; anything but loopback needs --token")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="port to listen on")] = 8866,
        token: Annotated[str | None, typer.Option(
            envvar="BEYOU_TOKEN",
            help="access token (16+ URL-safe characters); also read from $BEYOU_TOKEN",
        )] = None,
        key_file: Annotated[Path | None, typer.Option(
            help="the practice's pseudonymisation key; adds the research dashboard")] = None,
        pool_size: Annotated[int, typer.Option(
            min=0, help="preheated kernels kept ready per dashboard (0: off)")] = 1,
        cull_idle: Annotated[int, typer.Option(
            min=10, help="seconds before a kernel nobody uses any more is shut down")] = 600,
    ) -> None:
        """Serve the caseload, patient and practice dashboards (read-only) until Ctrl-C."""
        from beyou_analytics.dashboards.server import serve

        serve(store, host=host, port=port, token=token, key_file=key_file,
              pool_size=pool_size, cull_idle_timeout=cull_idle,
              cull_interval=min(60, max(cull_idle // 5, 1)))
