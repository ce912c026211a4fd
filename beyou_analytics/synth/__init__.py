"""Seeded synthetic practice exports: ``beyou synth`` and the shipped sample set.

``simulate`` builds a practice (therapists, patients, episodes following the practice's
archetypes, daily latent states, app check-ins, questionnaires) and returns it with its ground
truth; ``write_exports`` renders it as the practice's systems export it (data contract §1),
with the artefacts of contract §2 at low rates, into a folder. Same arguments, same bytes.

Modules, in data-flow order: ``vocab`` (word lists), ``population`` (people and identifiers),
``archetypes`` and ``episodes`` (courses of treatment), ``trajectories`` (latent state per
day), ``checkins``, ``questionnaires`` and ``items`` (answers from the latent state),
``render`` and ``formats`` (Dutch export text in a ``table.Table``), ``artefacts`` (contract
§2 as a table), ``exports`` (which rows go in which file) and ``writers`` (byte-stable files).
Every random draw comes from a stream named by concern (``_rng.stream(seed, name)``).

Examples
--------
>>> import tempfile
>>> summary = write_exports(tempfile.mkdtemp(), patients=12, seed=1, as_of="2026-10-31")
>>> summary.n_patients, len(summary.files)
(12, 5)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from beyou_analytics.errors import BeyouError
from beyou_analytics.protocol import EPISODE_GRACE
from beyou_analytics.synth import exports, render
from beyou_analytics.synth._rng import stream
from beyou_analytics.synth.artefacts import Context, apply_artefacts
from beyou_analytics.synth.checkins import sample_checkins
from beyou_analytics.synth.episodes import make_episodes, window_start
from beyou_analytics.synth.population import make_patients, make_therapists
from beyou_analytics.synth.questionnaires import administer
from beyou_analytics.synth.table import Table
from beyou_analytics.synth.trajectories import Latent, simulate_latent
from beyou_analytics.synth.vocab import THERAPISTS

__all__ = ["SynthData", "SynthSummary", "simulate", "write_exports"]


@dataclass(frozen=True)
class SynthData:
    """A simulated practice with its ground truth (never written to the export folder).

    ``episodes`` has the archetype and course parameters of each episode; ``latent`` the
    daily latent state (``latent.frame()``); ``checkins`` and ``questionnaires`` the clean
    values before rendering and artefacts; ``strangers`` people unknown to the episodes export.
    """

    as_of: pd.Timestamp
    seed: int
    therapists: pd.DataFrame
    patients: pd.DataFrame
    strangers: pd.DataFrame
    episodes: pd.DataFrame
    latent: Latent
    checkins: pd.DataFrame
    questionnaires: pd.DataFrame


@dataclass(frozen=True)
class SynthSummary:
    """What ``write_exports`` wrote.

    ``rows`` and ``bytes`` are per file (data rows, without header and blank lines);
    ``n_checkins`` counts distinct simulated check-ins and ``n_checkin_rows`` the rows of
    both check-in files (their months overlap, and artefacts add rows); ``n_questionnaires``
    counts simulated administrations and ``n_questionnaire_rows`` the rows of the wide
    export. ``artefacts`` maps ``"<export>.<artefact>"`` to how many rows it touched.
    """

    out_dir: Path
    seed: int
    as_of: dt.date
    files: tuple[str, ...]
    rows: Mapping[str, int]
    bytes: Mapping[str, int]
    n_patients: int
    n_therapists: int
    n_episodes: int
    n_open_episodes: int
    n_checkins: int
    n_checkin_rows: int
    n_questionnaires: int
    n_questionnaire_rows: int
    artefacts: Mapping[str, int]

    def describe(self) -> str:
        """A short human summary (the CLI prints it)."""
        lines = [f"Wrote {len(self.files)} files to {self.out_dir}:"]
        lines += [f"  {name}: {self.rows[name]:,} rows, {self.bytes[name] / 1e6:.2f} MB"
                  for name in self.files]
        lines.append(
            f"{self.n_patients:,} patients, {self.n_therapists} therapists, "
            f"{self.n_episodes:,} episodes ({self.n_open_episodes:,} open), "
            f"{self.n_checkins:,} check-ins, {self.n_questionnaires:,} questionnaires; "
            f"{sum(self.artefacts.values()):,} artefacts."
        )
        return "\n".join(lines)


def _as_of(value: dt.date | str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(dt.date.fromisoformat(value) if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise BeyouError(f"--as-of: expected a date as YYYY-MM-DD, got {value!r}") from None
    return stamp.normalize()


def _check(patients: int, seed: int, therapists: int) -> None:
    if patients < 1:
        raise BeyouError(f"--patients: expected at least 1, got {patients}")
    if seed < 0:
        raise BeyouError(f"--seed: expected a number >= 0, got {seed}")
    if not 1 <= therapists <= len(THERAPISTS):
        raise BeyouError(f"--therapists: expected 1 to {len(THERAPISTS)}, got {therapists}")


def simulate(*, patients: int, seed: int, as_of: dt.date | str, therapists: int = 6) -> SynthData:
    """Simulate a practice of ``patients`` patients up to ``as_of`` (see module docstring)."""
    _check(patients, seed, therapists)
    day = _as_of(as_of)
    staff = make_therapists(therapists)
    n_strangers = max(3, patients // 50)
    people = make_patients(patients + n_strangers, stream(seed, "patients"), as_of=day)
    eps = make_episodes(patients, staff, stream(seed, "episodes"), as_of=day)
    latent = simulate_latent(eps, stream(seed, "latent"))
    checkins = sample_checkins(eps, latent, stream(seed, "checkins"))
    questionnaires = administer(eps, staff, latent, stream(seed, "questionnaires"),
                                as_of=day, seed=seed)
    return SynthData(as_of=day, seed=seed, therapists=staff,
                     patients=people.iloc[:patients].reset_index(drop=True),
                     strangers=people.iloc[patients:].reset_index(drop=True),
                     episodes=eps, latent=latent, checkins=checkins,
                     questionnaires=questionnaires)


def _outside_episodes(data: SynthData) -> int:
    """Check-ins dated more than the grace period after their episode ended (app use went on)."""
    end = data.episodes["end"].to_numpy()[data.checkins["episode"].to_numpy()]
    day = data.checkins["when"].to_numpy().astype("datetime64[D]")
    return int((day > end + EPISODE_GRACE.to_numpy()).sum())


def write_exports(out_dir: Path | str, *, patients: int, seed: int, as_of: dt.date | str,
                  therapists: int = 6) -> SynthSummary:
    """Write a synthetic practice's exports to ``out_dir`` (created if needed).

    Files already in ``out_dir`` with other names are left alone; files of the same name are
    replaced atomically. Ground truth stays out of the folder (use ``simulate``).
    """
    data = simulate(patients=patients, seed=seed, as_of=as_of, therapists=therapists)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise BeyouError(f"--out: {out} is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    day = data.as_of
    counts: dict[str, int] = {"checkins.outside_episode": _outside_episodes(data)}
    files: list[exports.WrittenFile] = []
    patients_, episodes, strangers = data.patients, data.episodes, data.strangers
    checkins, questionnaires = data.checkins, data.questionnaires
    n_checkins, n_questionnaires = len(checkins), len(questionnaires)
    del data  # the daily latent state is not needed for writing: free it

    def mess(table: Table, export: str) -> Table:
        ctx = Context(as_of=day, strangers=strangers, rng=stream(seed, f"artefacts-{export}"))
        table, found = apply_artefacts(table, export, ctx)
        counts.update({f"{export}.{name}": n for name, n in found.items()})
        return table

    ci = render.render_checkins(checkins, patients_)
    del checkins
    in_a, in_b = exports.checkin_files(ci["_when"], day)
    ci = mess(ci.with_columns(_in_a=in_a, _in_b=in_b), "checkins")
    counts["checkins.overlapping_exports"] = int((ci["_in_a"] & ci["_in_b"]).sum())
    files += exports.write_checkins(ci, out, stream(seed, "files"),
                                    first_day=window_start(day), as_of=day)
    del ci

    q = render.render_questionnaires(questionnaires, patients_, episodes, stream(seed, "render"))
    del questionnaires
    in_wide, in_long = exports.questionnaire_files(q["_when"], day)
    q = mess(q.with_columns(_in_wide=in_wide, _in_long=in_long), "questionnaires")
    counts["questionnaires.long_overlaps_wide"] = int((q["_in_wide"] & q["_in_long"]).sum())
    files += exports.write_questionnaires(q, out, as_of=day)
    del q

    e = mess(render.render_episodes(episodes, patients_, stream(seed, "render-episodes")),
             "episodes")
    files += exports.write_episodes(e, out, as_of=day)

    rows = {f.name: f.rows for f in files}
    kinds = {f.name: f.kind for f in files}
    return SynthSummary(
        out_dir=out,
        seed=seed,
        as_of=day.date(),
        files=tuple(f.name for f in files),
        rows=MappingProxyType(rows),
        bytes=MappingProxyType({f.name: f.bytes for f in files}),
        n_patients=patients,
        n_therapists=therapists,
        n_episodes=len(episodes),
        n_open_episodes=int(episodes["end"].isna().sum()),
        n_checkins=n_checkins,
        n_checkin_rows=sum(n for f, n in rows.items() if kinds[f] == "checkins"),
        n_questionnaires=n_questionnaires,
        n_questionnaire_rows=sum(n for f, n in rows.items() if kinds[f] == "questionnaires"),
        artefacts=MappingProxyType(dict(sorted(counts.items()))),
    )
