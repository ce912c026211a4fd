"""The caseload page: a therapist's week, as a report (papermill) or dashboard (Voila).

Sections, in the order the notebook calls them: ``header`` (therapist, report date, counts),
``attention`` ("who needs attention this week": the flags of the therapist's episodes grouped
by severity, each patient number linking to that patient's page), ``episodes`` (every open
episode: weeks in care, sessions, last check-in, current pain with an 8-week sparkline, change
so far on the core measures, exercise adherence, flags) and ``footer`` (provenance).

``load_caseload`` filters the store to the therapist's episodes before computing anything, and
evaluates the flags on those rows only. Recently ended episodes appear in ``attention`` when a
flag fires for them (a missing discharge measurement is this week's work too), marked as ended;
the episode table lists open episodes only.

Examples
--------
>>> weekly_pain_bins(pd.DataFrame({"episode_id": ["a", "a", "a"],
...     "date": pd.to_datetime(["2026-10-31", "2026-10-24", "2026-09-01"]),
...     "pain_now": [4.0, 6.0, 9.0]}), as_of=pd.Timestamp("2026-10-31"), weeks=3)
{'a': [nan, 6.0, 4.0]}
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from beyou_analytics.flags import SEVERITIES, empty_flags, evaluate_flags
from beyou_analytics.flags.context import outcomes_as_of
from beyou_analytics.io.store import Store
from beyou_analytics.plots.caseload import sparkline_svg
from beyou_analytics.trends import checkin_summary
from beyou_analytics.views import html as h
from beyou_analytics.views.episode import is_open
from beyou_analytics.views.page import Page, Selector, section
from beyou_analytics.views.patient import (
    CONTENT_CSS,
    cells_table_html,
    display_code,
    flag_parts,
    fmt_date,
    fmt_number,
    severity_html,
    show_provenance,
)

SPARK_WEEKS = 8
STALE_DAYS = 14  # matches the "disengaged" flag
CORE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nprs", ("NPRS",)),
    ("activity", ("PSK", "PSFS")),
    ("disability", ("QBPDS", "ODI", "RMDQ")),
)
"""Core measures of the episode table (KNGF core set): a column each, first code present."""

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "caseload.heading": "Caseload van {therapist}",
        "caseload.attention": "Wie heeft deze week aandacht nodig?",
        "caseload.episodes": "Alle open behandelingen",
        "fact.therapist": "Therapeut", "fact.open": "Open behandelingen",
        "fact.flags": "Signalen", "fact.high": "waarvan hoog", "fact.as_of": "Stand op",
        "severity.high": "hoog", "severity.medium": "middel", "severity.low": "laag",
        "group.high": "Hoog", "group.medium": "Middel", "group.low": "Laag",
        "none.open": "Geen open behandelingen op {date}.",
        "none.flags": "Geen signalen op {date}: niemand vraagt deze week extra aandacht.",
        "ended": "afgerond",
        "col.patient": "Patiënt", "col.flag": "Signaal", "col.message": "Toelichting",
        "col.rule": "Regel", "col.weeks": "Weken in zorg",
        "col.sessions": "Sessies", "col.last": "Laatste check-in (dagen geleden)",
        "col.pain": "Pijn nu (7 d; 8 weken)",
        "col.nprs": "NPRS", "col.activity": "PSK/PSFS", "col.disability": "QBPDS/ODI/RMDQ",
        "col.adherence": "Oefentrouw (14 d)", "col.flags": "Signalen",
        "days.none": "nog geen", "started": "gestart op {date}",
        "verdict.improved": "↑ beter", "verdict.deteriorated": "↓ slechter",
        "verdict.unchanged": "= gelijk", "verdict.none": "geen MCID",
        "only_start": "alleen start",
        "spark.title": "Pijn nu, weekgemiddelde van de laatste 8 weken: {values}",
        "note.episodes": "Verandering: start → laatste meting, met het MCID-oordeel (↑ beter, "
                         "= gelijk, ↓ slechter; PSK en PSFS hebben geen MCID). Pijn nu: "
                         "gemiddelde van de check-ins van de laatste 7 dagen; de lijn toont het "
                         "weekgemiddelde van de laatste 8 weken op een schaal van 0 tot 10.",
    },
    "en": {
        "caseload.heading": "Caseload of {therapist}",
        "caseload.attention": "Who needs attention this week?",
        "caseload.episodes": "All open episodes",
        "fact.therapist": "Therapist", "fact.open": "Open episodes",
        "fact.flags": "Flags", "fact.high": "of which high", "fact.as_of": "As of",
        "severity.high": "high", "severity.medium": "medium", "severity.low": "low",
        "group.high": "High", "group.medium": "Medium", "group.low": "Low",
        "none.open": "No open episodes on {date}.",
        "none.flags": "No flags on {date}: nobody needs extra attention this week.",
        "ended": "ended",
        "col.patient": "Patient", "col.flag": "Flag", "col.message": "Details",
        "col.rule": "Rule", "col.weeks": "Weeks in care",
        "col.sessions": "Sessions", "col.last": "Last check-in (days ago)",
        "col.pain": "Pain now (7 d; 8 weeks)",
        "col.nprs": "NPRS", "col.activity": "PSK/PSFS", "col.disability": "QBPDS/ODI/RMDQ",
        "col.adherence": "Adherence (14 d)", "col.flags": "Flags",
        "days.none": "none yet", "started": "started on {date}",
        "verdict.improved": "↑ better", "verdict.deteriorated": "↓ worse",
        "verdict.unchanged": "= same", "verdict.none": "no MCID",
        "only_start": "baseline only",
        "spark.title": "Current pain, weekly mean of the last 8 weeks: {values}",
        "note.episodes": "Change: baseline → latest measurement, with the MCID verdict "
                         "(↑ better, = same, ↓ worse; PSK and PSFS have no MCID). Pain now: mean "
                         "of the check-ins of the last 7 days; the line shows the weekly mean of "
                         "the last 8 weeks on a 0-10 scale.",
    },
}


def weekly_pain_bins(
    checkins: pd.DataFrame, *, as_of: pd.Timestamp, weeks: int = SPARK_WEEKS
) -> dict[str, list[float]]:
    """Mean current pain per 7-day bin ending on ``as_of``, oldest first, per episode.

    Bins are counted back from the report date (not calendar weeks), so the last point always
    covers the last 7 days; a bin without check-ins is NaN.
    """
    end = pd.Timestamp(as_of).normalize()
    day = checkins["date"].dt.normalize()
    age = ((end - day) / pd.Timedelta(days=1)).to_numpy()
    keep = (age >= 0) & (age < 7 * weeks) & checkins["pain_now"].notna().to_numpy()
    frame = pd.DataFrame({
        "episode_id": checkins["episode_id"].to_numpy()[keep],
        "bin": (weeks - 1 - age[keep] // 7).astype(int),
        "pain": checkins["pain_now"].to_numpy(dtype=float, na_value=np.nan)[keep],
    })
    means = frame.groupby(["episode_id", "bin"])["pain"].mean()
    out: dict[str, list[float]] = {}
    for episode_id in checkins["episode_id"].unique():
        values = [np.nan] * weeks
        if episode_id in means.index.get_level_values(0):
            for b, value in means.loc[episode_id].items():
                values[int(b)] = float(value)
        out[str(episode_id)] = values
    return out


@dataclass(frozen=True)
class Caseload:
    """A therapist's caseload on ``as_of``: open episodes with their numbers, and the flags."""

    therapist: str
    as_of: pd.Timestamp
    rows: pd.DataFrame
    flags: pd.DataFrame
    outcomes: pd.DataFrame
    spark: dict[str, list[float]]


def _core_outcomes(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per open episode and core measure the first instrument present (total scale)."""
    totals = outcomes.loc[outcomes["scale"] == "total"]
    frames = []
    for key, codes in CORE:
        rank = {c: i for i, c in enumerate(codes)}
        part = totals.loc[totals["instrument"].isin(codes)]
        part = part.assign(measure=key, _rank=part["instrument"].map(rank))
        frames.append(part.sort_values("_rank", kind="stable").groupby("episode_id").head(1))
    return pd.concat(frames, ignore_index=True).drop(columns="_rank")


def load_caseload(store: Store, therapist: str, *, as_of: pd.Timestamp) -> Caseload:
    """The caseload of ``therapist`` on ``as_of``, computed on that therapist's rows only."""
    day = pd.Timestamp(as_of).normalize()
    limit = day + pd.Timedelta(days=1)
    episodes = store.episodes.loc[(store.episodes["therapist"] == therapist)
                                  & (store.episodes["start_date"] < limit)]
    ids = episodes["episode_id"]
    checkins = store.checkins.loc[store.checkins["episode_id"].isin(ids)
                                  & (store.checkins["date"] < limit)]
    scores = store.scores.loc[store.scores["episode_id"].isin(ids)
                              & (store.scores["completed_at"] < limit)]
    outcomes = outcomes_as_of(store.outcomes.loc[store.outcomes["episode_id"].isin(ids)],
                              scores, as_of=day)
    flags = (evaluate_flags(episodes, checkins, scores, outcomes, as_of=day)
             if len(episodes) else empty_flags())
    open_eps = episodes.loc[is_open(episodes, as_of=day)]
    summary = checkin_summary(checkins, open_eps, as_of=day)
    rows = open_eps[["patient_id", "episode_id", "start_date", "n_sessions"]].merge(
        summary[["episode_id", "last_checkin", "days_since", "pain_mean_7d",
                 "adherence_current"]], on="episode_id", how="left")
    counts = flags.groupby("episode_id").agg(
        n_flags=("code", "size"),
        top=("severity", lambda s: min(SEVERITIES.index(v) for v in s)),
    )
    rows = rows.merge(counts, left_on="episode_id", right_index=True, how="left")
    rows = rows.assign(
        weeks=((day - rows["start_date"].dt.normalize()) // pd.Timedelta(weeks=1)).astype("int64"),
        n_flags=rows["n_flags"].fillna(0).astype("int64"),
        _n=pd.to_numeric(rows["patient_id"], errors="coerce"),
    ).sort_values(["start_date", "_n"], kind="stable").drop(columns="_n").reset_index(drop=True)
    open_ids = set(rows["episode_id"])
    return Caseload(
        therapist=therapist, as_of=day, rows=rows,
        flags=flags.assign(ended=~flags["episode_id"].isin(open_ids)),
        outcomes=_core_outcomes(outcomes.loc[outcomes["episode_id"].isin(open_ids)]),
        spark=weekly_pain_bins(checkins.loc[checkins["episode_id"].isin(open_ids)], as_of=day),
    )


class CaseloadPage(Page):
    """A therapist's caseload: see the module docstring for the sections."""

    name = "caseload"
    selector = Selector("therapist")
    strings = STRINGS

    data: Caseload

    def options(self) -> list[tuple[str, str]]:
        """Every therapist with an episode in the store, alphabetically."""
        names = sorted(self.store.episodes["therapist"].dropna().unique(), key=str.casefold)
        return [(str(name), str(name)) for name in names]

    def on_select(self) -> None:
        """Compute the chosen therapist's caseload."""
        self.data = load_caseload(self.store, str(self.selection), as_of=self.as_of)

    @property
    def text(self) -> Mapping[str, str]:
        return STRINGS["en" if self.language == "en" else "nl"]

    def _patient_cell(self, patient_id: str, ended: bool = False) -> str:
        cell = self.link_html("patient", patient_id)
        if ended:
            cell += f' <span class="beyou-same">({html.escape(self.t("ended"))})</span>'
        return cell

    # ------------------------------------------------------------------------ sections
    @section()
    def header(self) -> None:
        """Title, therapist, report date and the counts of open episodes and flags."""
        self.show_html(CONTENT_CSS)
        self.show_heading(self.t("caseload.heading", therapist=self.selection), level=1)
        data = self.data
        n_high = int((data.flags["severity"] == "high").sum())
        facts = [
            ("fact.therapist", data.therapist),
            ("fact.open", str(len(data.rows))),
            ("fact.flags", f"{len(data.flags)} ({self.t('fact.high')} {n_high})"),
            ("fact.as_of", fmt_date(data.as_of, self.language)),
        ]
        cells = "".join(f"<div><span>{html.escape(self.t(k))}</span>{html.escape(v)}</div>"
                        for k, v in facts)
        self.show_html(f'<div class="beyou-facts">{cells}</div>')

    @section("caseload.attention")
    def attention(self) -> None:
        """The flags of the therapist's episodes, grouped by severity, most urgent first."""
        flags = self.data.flags
        if flags.empty:
            self.show_message("none.flags", date=fmt_date(self.data.as_of, self.language))
            return
        parts = flag_parts(flags, self.language)
        headers = [self.t(f"col.{k}") for k in ("patient", "flag", "message")]
        for severity in SEVERITIES:
            group = parts.loc[parts["severity"] == severity]
            if group.empty:
                continue
            badge = severity_html(severity, self.text, label=self.t(f"group.{severity}"))
            self.show_html(f'<h3>{badge} <span class="beyou-same">({len(group)})</span></h3>')
            rows = [[self._patient_cell(r.patient_id, bool(r.ended)),
                     f'<span title="{html.escape(r.rule_text)}">{html.escape(r.title)}</span>',
                     html.escape(r.message)]
                    for r in group.itertuples()]
            self.show_html(cells_table_html(headers, rows))
            # Each rule once per group (not once per row): what fired, and why.
            rules = group.drop_duplicates("code")
            items = "".join(
                f"<li><b>{html.escape(r.title)}</b>: {html.escape(r.rule_text)}</li>"
                for r in rules.itertuples()
            )
            label = html.escape(self.t("col.rule"))
            self.show_html(f'<ul class="beyou-footnote" aria-label="{label}">{items}</ul>')

    @section("caseload.episodes")
    def episodes(self) -> None:
        """Every open episode with its numbers, a pain sparkline and the core changes."""
        data = self.data
        if data.rows.empty:
            self.show_message("none.open", date=fmt_date(data.as_of, self.language))
            return
        lang = self.language
        core = {(r.episode_id, r.measure): r for r in data.outcomes.itertuples()}
        rows = []
        for r in data.rows.itertuples():
            spark = data.spark.get(r.episode_id, [np.nan] * SPARK_WEEKS)
            title = self.t("spark.title", values=" · ".join(fmt_number(v, lang) for v in spark))
            start = html.escape(self.t("started", date=fmt_date(r.start_date, lang)))
            rows.append([
                self._patient_cell(r.patient_id),
                f'<span title="{start}">{int(r.weeks)}</span>',
                h.MISSING if pd.isna(r.n_sessions) else str(int(r.n_sessions)),
                self._last_cell(r.days_since),
                f'<span class="beyou-nowrap">{html.escape(fmt_number(r.pain_mean_7d, lang))} '
                f"{sparkline_svg(spark, title=title)}</span>",
                *(self._change_cell(core.get((r.episode_id, key)), key) for key, _ in CORE),
                html.escape(h.MISSING if pd.isna(r.adherence_current)
                            else f"{fmt_number(r.adherence_current * 100, lang, 0)} %"),
                self._flags_cell(r.n_flags, r.top),
            ])
        headers = [self.t(f"col.{k}") for k in (
            "patient", "weeks", "sessions", "last", "pain", "nprs", "activity", "disability",
            "adherence", "flags")]
        self.show_html(cells_table_html(headers, rows, numeric=(1, 2, 3, 4, 8, 9)))
        self.show_html(f'<p class="beyou-note">{html.escape(self.t("note.episodes"))}</p>')

    def _last_cell(self, days: Any) -> str:
        """Days since the last check-in; two weeks or more (or none yet) stand out."""
        if days is None or pd.isna(days):
            return f'<span class="beyou-worse">{html.escape(self.t("days.none"))}</span>'
        days = int(days)
        css = ' class="beyou-worse"' if days >= STALE_DAYS else ""
        return f"<span{css}>{days}</span>"

    def _change_cell(self, row: Any, key: str) -> str:
        """``[code] start → latest`` on one line, the MCID verdict under it."""
        if row is None:
            return h.MISSING
        lang = self.language
        whole = float(row.baseline).is_integer() and (pd.isna(row.latest)
                                                       or float(row.latest).is_integer())
        digits = 0 if whole else 1
        code = "" if key == "nprs" else f"{display_code(row.instrument)} "
        if pd.isna(row.change):
            values = code + fmt_number(row.baseline, lang, digits)
            css, verdict = "beyou-same", self.t("only_start")
        else:
            values = (f"{code}{fmt_number(row.baseline, lang, digits)} → "
                      f"{fmt_number(row.latest, lang, digits)}")
            status = row.mcid_status if isinstance(row.mcid_status, str) else "none"
            css = {"improved": "beyou-better", "deteriorated": "beyou-worse"}.get(
                status, "beyou-same")
            verdict = self.t(f"verdict.{status}")
        return (f'<span class="beyou-nowrap">{html.escape(values)}</span><br>'
                f'<span class="{css} beyou-small beyou-nowrap">{html.escape(verdict)}</span>')

    def _flags_cell(self, n: int, top: Any) -> str:
        if not n:
            return "0"
        return severity_html(SEVERITIES[int(top)], self.text, label=str(int(n)))

    @section()
    def footer(self) -> None:
        """Provenance: parameters, store snapshot, package version and run time."""
        show_provenance(self, {"therapist": self.selection or ""})


def open_page(
    *, store: str = "", therapist: str = "", as_of: str = "", language: str = "nl"
) -> CaseloadPage:
    """The caseload page for the notebook's parameters (or the dashboard's URL)."""
    return CaseloadPage.open_page(store=store, therapist=str(therapist).strip(), as_of=as_of,
                                  language=language)
