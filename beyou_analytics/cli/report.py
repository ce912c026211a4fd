"""CLI commands: ``beyou report patient|caseload|monthly|research|batch``.

Thin: parse, build the job(s) with ``beyou_analytics.reports.batch``, render, print where to
open the result and a table of failures. Exit status 1 when any report failed; a user's
mistake (unknown patient, bad month, missing store) is one line with exit status 2.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

StoreOpt = Annotated[
    Path,
    typer.Option("--store", envvar="BEYOU_STORE", help="Store folder written by 'beyou clean'."),
]
OutOpt = Annotated[Path, typer.Option("--out", help="Output folder for the HTML and notebooks.")]
LanguageOpt = Annotated[str, typer.Option("--language", help="Report language: nl or en.")]
AsOfOpt = Annotated[
    str, typer.Option("--as-of", help="Report date YYYY-MM-DD (default: the store's last data).")
]
TimeoutOpt = Annotated[float, typer.Option("--timeout", help="Seconds one report may take.")]
FreshOpt = Annotated[
    bool, typer.Option("--fresh-kernel", help="A new kernel per report (clean-room run, slower).")
]


def register(app: typer.Typer) -> None:
    """Add the ``report`` command group to ``app``."""
    reports = typer.Typer(
        name="report",
        help="Render reports (HTML without code, plus the executed notebooks).",
        no_args_is_help=True,
    )
    app.add_typer(reports, name="report")

    @reports.command("patient")
    def patient(
        patient_id: Annotated[str, typer.Option("--patient-id", help="Practice patient number.")],
        store: StoreOpt,
        out: OutOpt = Path("reports"),
        as_of: AsOfOpt = "",
        language: LanguageOpt = "nl",
        timeout: TimeoutOpt = 300.0,
        fresh_kernel: FreshOpt = False,
    ) -> None:
        """One patient's progress report."""
        params = {"store": store, "patient_id": patient_id, "as_of": as_of, "language": language}
        _single("patient", params, out, timeout=timeout, fresh_kernel=fresh_kernel)

    @reports.command("caseload")
    def caseload(
        therapist: Annotated[str, typer.Option("--therapist", help="Therapist, as exported.")],
        store: StoreOpt,
        out: OutOpt = Path("reports"),
        as_of: AsOfOpt = "",
        language: LanguageOpt = "nl",
        timeout: TimeoutOpt = 300.0,
        fresh_kernel: FreshOpt = False,
    ) -> None:
        """One therapist's caseload report."""
        params = {"store": store, "therapist": therapist, "as_of": as_of, "language": language}
        _single("caseload", params, out, timeout=timeout, fresh_kernel=fresh_kernel)

    @reports.command("monthly")
    def monthly(
        month: Annotated[str, typer.Option("--month", help="YYYY-MM, or 'last'.")],
        store: StoreOpt,
        out: OutOpt = Path("reports"),
        language: LanguageOpt = "nl",
        timeout: TimeoutOpt = 300.0,
        fresh_kernel: FreshOpt = False,
    ) -> None:
        """The practice's monthly report."""
        from beyou_analytics.reports.batch import resolve_month

        params = {"store": store, "month": resolve_month(month, today=date.today()),
                  "language": language}
        _single("monthly", params, out, timeout=timeout, fresh_kernel=fresh_kernel)

    @reports.command("research")
    def research(
        store: StoreOpt,
        key_file: Annotated[
            Path,
            typer.Option("--key-file", envvar="BEYOU_KEY_FILE", help="Pseudonymisation key file."),
        ],
        out: OutOpt = Path("reports"),
        start_from: Annotated[str, typer.Option(help="First episode start, YYYY-MM-DD.")] = "",
        start_to: Annotated[str, typer.Option(help="Last episode start, YYYY-MM-DD.")] = "",
        therapist: Annotated[str, typer.Option(help="Only this therapist's episodes.")] = "",
        min_age: Annotated[int | None, typer.Option(help="Youngest age at start.")] = None,
        max_age: Annotated[int | None, typer.Option(help="Oldest age at start.")] = None,
        export_dir: Annotated[str, typer.Option(help="Write the pseudonymised export here.")] = "",
        language: LanguageOpt = "nl",
        timeout: TimeoutOpt = 300.0,
        fresh_kernel: FreshOpt = False,
    ) -> None:
        """The research exploration (pseudonymised, small cells suppressed)."""
        params = {
            "store": store, "key_file": key_file, "start_from": start_from, "start_to": start_to,
            "therapist": therapist, "min_age": min_age, "max_age": max_age,
            "export_dir": export_dir, "language": language,
        }
        _single("research", params, out, timeout=timeout, fresh_kernel=fresh_kernel)

    @reports.command("batch")
    def batch(
        month: Annotated[str, typer.Option("--month", help="YYYY-MM, or 'last' (last month).")],
        store: StoreOpt,
        out: Annotated[
            str, typer.Option("--out", help="Output folder; '{month}' in it becomes YYYY-MM.")
        ] = "reports",
        jobs: Annotated[int, typer.Option("--jobs", min=1, help="Parallel workers.")] = 2,
        timeout: TimeoutOpt = 300.0,
        language: LanguageOpt = "nl",
        fresh_kernel: FreshOpt = False,
        progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    ) -> None:
        """Every report of a month: open patients, their therapists' caseloads, the monthly."""
        from beyou_analytics.practice.periods import month_label
        from beyou_analytics.reports.batch import plan_month, render, resolve_month

        resolved = resolve_month(month, today=date.today())
        plan = plan_month(store, resolved, language=language)
        target = Path(out.replace("{month}", resolved))
        result = render(
            plan, target, workers=jobs, timeout=timeout, fresh_kernel=fresh_kernel,
            progress=progress, heading=month_label(resolved, language=language),
        )
        n_ok = len(result.outcomes) - len(result.failures)
        print(
            f"{n_ok} of {len(result.outcomes)} reports for {resolved} in "
            f"{result.seconds:.1f} s ({jobs} worker{'s' if jobs > 1 else ''})."
        )
        print(f"Reports: open {result.index} in a browser.")
        _exit_on_failures(result)


def _single(
    kind: str, params: dict[str, Any], out: Path, *, timeout: float, fresh_kernel: bool
) -> None:
    """Validate against the store, render one report, print where it is."""
    from beyou_analytics.io.store import load_store
    from beyou_analytics.reports.batch import make_job, render
    from beyou_analytics.reports.registry import get_report

    clean = get_report(kind).validate(params)
    job = make_job(kind, clean, store=load_store(clean["store"]))
    result = render(
        [job], out, workers=1, timeout=timeout, fresh_kernel=fresh_kernel, progress=False,
        index=False,
    )
    outcome = result.outcomes[0]
    if outcome.html is not None:
        print(f"Report: open {outcome.html} in a browser.")
    _exit_on_failures(result)


def _exit_on_failures(result: Any) -> None:
    """Print the failures as a table (report, cell, message) and exit with status 1."""
    if result.ok:
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(result.failures)} report(s) failed", title_justify="left")
    for column in ("report", "cell", "message"):
        table.add_column(column, overflow="fold")
    for failure in result.failures:
        table.add_row(failure.report, failure.cell or "-", failure.message)
    Console(stderr=True, width=120).print(table)
    notebooks = Path(result.out_dir) / "notebooks"
    Console(stderr=True).print(f"Executed notebooks (with the tracebacks): {notebooks}")
    raise typer.Exit(code=1)
