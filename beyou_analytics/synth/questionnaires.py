"""Questionnaire administrations: when (the measurement protocol), which, and the answers.

Moments follow ``beyou_analytics.protocol``: intake, every 6 weeks once an episode runs past
3 months, and discharge, with realistic jitter and some missed moments. Which instruments a
patient gets depends on the therapist's habits (``vocab.THERAPIST_HABITS``): the core set
(NPRS, a patient-specific scale, a disability scale) at every moment, the psychosocial set
(Tampa, PCS, PSEQ, CSI) mostly, SBST and ÖMPSQ-10 at intake only (``protocol.INTAKE_ONLY``),
GPE only after the start (``protocol.AFTER_START_ONLY``).

Examples
--------
>>> import pandas as pd
>>> eps = pd.DataFrame({"start": pd.to_datetime(["2026-01-05"]), "end": pd.to_datetime([None])})
>>> schedule(eps, as_of=pd.Timestamp("2026-06-01"))[["timepoint", "due_day"]].values.tolist()
[['intake', 0], ['interim', 91], ['interim', 133]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from beyou_analytics import protocol
from beyou_analytics.instruments import get_instrument
from beyou_analytics.synth.items import GENERATORS, Context
from beyou_analytics.synth.trajectories import Latent

N_ITEM_COLUMNS = 25  # V1..V25 in the wide export (contract §1b)
ITEM_COLUMNS = tuple(f"V{i}" for i in range(1, N_ITEM_COLUMNS + 1))

# Slot -> chance it is given at that moment. A slot is an instrument code, or a therapist
# habit (``activity``, ``disability``, ``tsk``, ``pseq_interim``, ``ompsq``) naming one.
PLAN: dict[str, tuple[tuple[str, float], ...]] = {
    "intake": (("NPRS", 1.0), ("activity", 0.98), ("disability", 0.97), ("tsk", 0.95),
               ("PCS", 0.93), ("PSEQ", 0.93), ("CSI", 0.9), ("SBST", 0.95), ("ompsq", 0.95)),
    "interim": (("NPRS", 1.0), ("activity", 0.97), ("disability", 0.8), ("tsk", 0.7),
                ("PCS", 0.6), ("pseq_interim", 0.7), ("GPE", 0.9)),
    "discharge": (("NPRS", 1.0), ("activity", 0.97), ("disability", 0.95), ("tsk", 0.85),
                  ("PCS", 0.8), ("PSEQ", 0.85), ("CSI", 0.7), ("GPE", 0.95)),
}
MISSED = {"intake": 0.03, "interim": 0.2, "discharge": 0.12}
MISSED_AFTER_DROPOUT = 0.85
DISABILITY_SUBSTITUTE = 0.04  # a locum gives another disability scale now and then


def schedule(eps: pd.DataFrame, *, as_of: pd.Timestamp) -> pd.DataFrame:
    """Due moments of every episode, vectorised ``protocol.measurement_schedule``.

    Returns ``episode`` (row of ``eps``), ``timepoint`` and ``due_day`` (days since start).
    """
    after = protocol.INTERIM_AFTER.days
    every = protocol.INTERIM_EVERY.days
    window = protocol.WINDOW.days
    start = eps["start"]
    ended = eps["end"].notna().to_numpy() & (eps["end"] <= as_of).to_numpy()
    end_day = (eps["end"] - start).dt.days.to_numpy(dtype=float, na_value=np.inf)
    stop_day = np.minimum((as_of - start).dt.days.to_numpy(dtype=float), end_day)
    last_due = np.where(ended, np.minimum(stop_day, end_day - window - 1), stop_day)
    n_interim = np.maximum(np.floor((last_due - after) / every) + 1, 0).astype(np.int64)
    idx = np.arange(len(eps))
    rep = np.repeat(idx, n_interim)
    k = np.arange(len(rep)) - np.repeat(np.cumsum(n_interim) - n_interim, n_interim)
    frames = [
        pd.DataFrame({"episode": idx, "timepoint": "intake", "due_day": 0, "order": 0}),
        pd.DataFrame({"episode": rep, "timepoint": "interim", "due_day": after + every * k,
                      "order": 1 + k}),
        pd.DataFrame({"episode": idx[ended], "timepoint": "discharge",
                      "due_day": end_day[ended].astype(np.int64), "order": 10_000}),
    ]
    plan = pd.concat(frames, ignore_index=True).sort_values(["episode", "order"], kind="stable")
    return plan.drop(columns="order").reset_index(drop=True)


def _moments(eps: pd.DataFrame, rng: np.random.Generator, *, as_of: pd.Timestamp) -> pd.DataFrame:
    """Moments actually completed: jittered around the due day, some missed, none after as_of."""
    plan = schedule(eps, as_of=as_of)
    n = len(plan)
    tp = plan["timepoint"].to_numpy()
    jitter = np.select(
        [tp == "intake", tp == "interim"],
        [np.clip(np.round(rng.normal(2, 3, n)), -6, 10),
         np.where(rng.random(n) < 0.06, rng.integers(15, 29, n),
                  np.clip(np.round(rng.normal(0, 5, n)), -12, 12))],
        default=rng.integers(-10, 4, n),
    )
    day = (plan["due_day"].to_numpy() + jitter).astype(np.int64)
    dropout = eps["dropout_day"].to_numpy(dtype=float, na_value=np.inf)[plan["episode"]]
    p_missed = np.where(day > dropout, MISSED_AFTER_DROPOUT,
                        plan["timepoint"].map(MISSED).to_numpy(dtype=float))
    start = eps["start"].to_numpy()[plan["episode"]]
    minutes = rng.integers(8 * 60, 22 * 60, n)
    when = (start + (day * 1440 + minutes).astype("timedelta64[m]")).astype("datetime64[us]")
    done = (rng.random(n) >= p_missed) & (when < np.datetime64(as_of + pd.Timedelta(days=1)))
    return plan.assign(day=day, when=when)[done].reset_index(drop=True)


def _instruments(moments: pd.DataFrame, eps: pd.DataFrame, therapists: pd.DataFrame,
                 rng: np.random.Generator) -> pd.DataFrame:
    """One row per (moment, instrument) following the plan and the therapist's habits."""
    habits = therapists.set_index("therapist")
    who = eps["therapist"].to_numpy()[moments["episode"]]
    rows = []
    for timepoint, slots in PLAN.items():
        at = np.flatnonzero(moments["timepoint"].to_numpy() == timepoint)
        for position, (slot, chance) in enumerate(slots):
            given = at[rng.random(len(at)) < chance]
            if slot in habits.columns:
                codes = habits[slot].reindex(who[given]).to_numpy()
                if slot == "ompsq":
                    given, codes = given[codes.astype(bool)], "OMPSQ10"
                elif slot == "disability":
                    swap = rng.random(len(given)) < DISABILITY_SUBSTITUTE
                    codes = np.where(swap, rng.choice(["QBPDS", "ODI", "RMDQ"], len(given)), codes)
            else:
                codes = slot
            rows.append(pd.DataFrame({"moment": given, "instrument": codes,
                                      "position": position}))
    admin = pd.concat(rows, ignore_index=True).sort_values(["moment", "position"], kind="stable")
    admin = admin.reset_index(drop=True)
    # Filled in one sitting: a few minutes per questionnaire.
    step = rng.integers(2, 7, len(admin))
    elapsed = admin.assign(step=step).groupby("moment")["step"].cumsum() - step
    moment = moments.iloc[admin["moment"]].reset_index(drop=True)
    admin["when"] = moment["when"] + pd.to_timedelta(elapsed.to_numpy(), unit="m")
    for col in ("episode", "timepoint", "day"):
        admin[col] = moment[col]
    return admin.drop(columns=["moment", "position"])


def administer(eps: pd.DataFrame, therapists: pd.DataFrame, latent: Latent,
               rng: np.random.Generator, *, as_of: pd.Timestamp, seed: int) -> pd.DataFrame:
    """Completed questionnaires with raw item answers (``V1``..``V25``, NaN = not asked).

    Returns
    -------
    DataFrame
        ``episode``, ``patient``, ``instrument`` (registry code), ``timepoint``
        (intake/interim/discharge), ``when`` (completion date-time), ``V1``..``V25``.
    """
    admin = _instruments(_moments(eps, rng, as_of=as_of), eps, therapists, rng)
    items = np.full((len(admin), N_ITEM_COLUMNS), np.nan)
    episode = admin["episode"].to_numpy()
    day = admin["day"].to_numpy()
    for code, generate in GENERATORS.items():
        rows = np.flatnonzero(admin["instrument"].to_numpy() == code)
        ctx = Context(state=latent.at(episode[rows], day[rows]),
                      base=latent.at(episode[rows], np.zeros(len(rows), dtype=np.int64)),
                      episode=episode[rows], n_episodes=len(eps), seed=seed)
        answers = generate(ctx, rng)
        items[rows, : answers.shape[1]] = answers
        if code == "ODI":  # section 8 (sex life) is often left open as not applicable
            items[rows, 7] = np.where(rng.random(len(rows)) < 0.12, np.nan, items[rows, 7])
        if answers.shape[1] != get_instrument(code).n_items:  # generator out of step with registry
            raise RuntimeError(f"{code}: generated {answers.shape[1]} items")
    admin["patient"] = eps["patient"].to_numpy()[episode]
    frame = pd.concat([admin[["episode", "patient", "instrument", "timepoint", "when"]],
                       pd.DataFrame(items, columns=list(ITEM_COLUMNS))], axis=1)
    return frame.sort_values(["when", "patient"], kind="stable", ignore_index=True)
