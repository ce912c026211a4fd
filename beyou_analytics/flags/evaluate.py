"""Apply the registered flag rules to the store's tables as of a date.

Each rule sees only data on or before ``as_of`` and only the episodes of its scope (open, or
recently ended); every row it returns becomes a flag with the patient, episode, therapist,
code, severity, a Dutch and an English sentence (the numbers that fired it, then the rule),
the rule text, the values as JSON and the date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from beyou_analytics.flags.context import build_context, episodes_in_scope
from beyou_analytics.flags.registry import SEVERITIES, flag_codes, get_rule, iter_rules
from beyou_analytics.flags.text import to_json
from beyou_analytics.schema import DATE
from beyou_analytics.trends._frames import AsOf, as_of_day, require

if TYPE_CHECKING:
    from beyou_analytics.io.store import Store

FLAG_COLUMNS = {
    "patient_id": "str", "episode_id": "str", "therapist": "str", "code": "str",
    "severity": "str", "message_nl": "str", "message_en": "str", "rule": "str",
    "values": "str", "fired_on": DATE,
}
"""Columns of the flag frame and their dtypes."""


def empty_flags() -> pd.DataFrame:
    """A flag frame without rows (columns and dtypes of ``FLAG_COLUMNS``)."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in FLAG_COLUMNS.items()})


def evaluate_flags(
    episodes: pd.DataFrame,
    checkins: pd.DataFrame,
    scores: pd.DataFrame,
    outcomes: pd.DataFrame,
    *,
    as_of: AsOf,
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every flag that fires on ``as_of``, most severe first.

    Parameters
    ----------
    episodes, checkins, scores, outcomes
        The store's tables of those names.
    as_of
        The day the flags are for; later data is not looked at.
    codes
        Only these rules (default: every registered rule); an unknown code raises
        ``NotFoundError`` with the known codes.

    Returns
    -------
    DataFrame
        ``FLAG_COLUMNS``: ``patient_id``, ``episode_id``, ``therapist``, ``code``,
        ``severity`` (``high``/``medium``/``low``), ``message_nl``, ``message_en``, ``rule``,
        ``values`` (JSON), ``fired_on``; sorted by severity, patient, episode and rule order.

    Examples
    --------
    >>> eps = pd.DataFrame({"patient_id": ["7"], "episode_id": ["7-20260901"],
    ...     "therapist": ["A"], "start_date": pd.to_datetime(["2026-09-01"]),
    ...     "end_date": pd.to_datetime([None])})
    >>> from beyou_analytics.schema import empty_table
    >>> flags = evaluate_flags(eps, empty_table("checkins"), empty_table("scores"),
    ...                        empty_table("outcomes"), as_of="2026-10-31", codes=["disengaged"])
    >>> flags[["code", "severity", "fired_on"]].astype(str).values.tolist()
    [['disengaged', 'medium', '2026-10-31']]
    >>> flags.loc[0, "message_nl"].split(" (regel")[0]
    'Nog geen check-in, 60 dagen na de start (01-09-2026)'
    """
    who = "evaluate_flags"
    require(episodes, ["patient_id", "episode_id", "therapist", "start_date", "end_date"],
            who=who, table="episodes")
    require(checkins, ["patient_id", "episode_id", "date"], who=who, table="checkins")
    require(scores, ["patient_id", "episode_id", "instrument", "completed_at", "scale", "value",
                     "band", "valid"], who=who, table="scores")
    require(outcomes, ["patient_id", "episode_id", "instrument", "scale", "baseline_at",
                       "latest_at", "mcid_status"], who=who, table="outcomes")
    day = as_of_day(as_of)
    rules = [get_rule(code) for code in codes] if codes is not None else list(iter_rules())
    base = build_context(episodes, checkins, scores, outcomes, as_of=day)
    contexts = {}
    found = []
    for rule in rules:
        if rule.scope not in contexts:
            contexts[rule.scope] = replace(
                base, episodes=episodes_in_scope(base.episodes, rule.scope, as_of=day)
            )
        context = contexts[rule.scope]
        if context.episodes.empty:
            continue  # nothing in scope: the rule's rows would all be dropped below
        result = rule.function(context)
        result = result.loc[result["episode_id"].isin(context.episodes["episode_id"])]
        if result.empty:
            continue
        found.append(result.assign(
            code=rule.code, severity=rule.severity,
            message_nl=result["message_nl"] + f" (regel: {rule.rule_nl})",
            message_en=result["message_en"] + f" (rule: {rule.rule_en})",
            rule=rule.rule_en, values=result["values"].map(to_json),
        ))
    if not found:
        return empty_flags()
    flags = pd.concat(found, ignore_index=True).merge(
        episodes[["episode_id", "patient_id", "therapist"]], on="episode_id", how="left"
    )
    order = {code: i for i, code in enumerate(flag_codes())}
    flags = flags.assign(
        fired_on=day,
        _severity=flags["severity"].map({s: i for i, s in enumerate(SEVERITIES)}),
        _patient=pd.to_numeric(flags["patient_id"], errors="coerce").fillna(np.inf),
        _rule=flags["code"].map(order),
    ).sort_values(["_severity", "_patient", "patient_id", "episode_id", "_rule"], kind="stable")
    return flags[list(FLAG_COLUMNS)].astype(FLAG_COLUMNS).reset_index(drop=True)


def flags_for_store(
    store: Store, *, as_of: AsOf | None = None, codes: Sequence[str] | None = None
) -> pd.DataFrame:
    """``evaluate_flags`` on a loaded store, as of ``store.data_date`` unless told otherwise.

    An empty store (no data date) has no flags.
    """
    when = store.data_date if as_of is None else as_of
    if pd.isna(when):
        return empty_flags()
    return evaluate_flags(store.episodes, store.checkins, store.scores, store.outcomes,
                          as_of=when, codes=codes)
