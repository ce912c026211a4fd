"""Which episode a patient page shows, and that episode's data cut at the report date.

A patient report is about one treatment episode: the one open on ``as_of``, else the latest that
ended on or before it; the patient's other episodes started by then are listed as earlier (or
later-started overlapping) episodes. ``load_patient`` filters every store table to the one
patient first (a report must not pay for the whole practice), cuts the tables at ``as_of``,
brings the outcomes to that date (``flags.context.outcomes_as_of``) and evaluates the flags on
the patient's own rows only, unless the kernel already has the whole store's flags for that
date (``runtime.store_flags``: a batch worker or a dashboard).

Examples
--------
>>> eps = pd.DataFrame({
...     "patient_id": ["7", "7"], "episode_id": ["7-20250105", "7-20260901"],
...     "start_date": pd.to_datetime(["2025-01-05", "2026-09-01"]),
...     "end_date": pd.to_datetime(["2025-04-01", None]),
... })
>>> chosen, earlier = choose_episode(eps, as_of=pd.Timestamp("2026-10-31"))
>>> chosen["episode_id"], earlier["episode_id"].tolist()
('7-20260901', ['7-20250105'])
>>> choose_episode(eps, as_of=pd.Timestamp("2026-06-30"))[0]["episode_id"]
'7-20250105'
>>> choose_episode(eps, as_of=pd.Timestamp("2024-12-31"))[0] is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from beyou_analytics.flags import empty_flags, evaluate_flags
from beyou_analytics.flags.context import outcomes_as_of
from beyou_analytics.io.store import Store
from beyou_analytics.schema import DATE
from beyou_analytics.trends import weekly_checkins
from beyou_analytics.views.runtime import store_flags

DAY = pd.Timedelta(days=1)
ROLLING_DAYS = 7


def is_open(episodes: pd.DataFrame, *, as_of: pd.Timestamp) -> pd.Series:
    """Episodes open on ``as_of``: started by then, no end date or an end after that day.

    The same rule as the flags (``flags.context.episodes_in_scope``): an episode that ends on
    the report date itself counts as ended.
    """
    day = pd.Timestamp(as_of).normalize()
    started = episodes["start_date"] < day + DAY
    return started & (episodes["end_date"].isna() | (episodes["end_date"] >= day + DAY))


def choose_episode(
    episodes: pd.DataFrame, *, as_of: pd.Timestamp
) -> tuple[pd.Series | None, pd.DataFrame]:
    """The episode a report on ``as_of`` shows, and the patient's other episodes by then.

    Parameters
    ----------
    episodes
        One patient's rows of the ``episodes`` table.
    as_of
        The report date.

    Returns
    -------
    tuple
        The chosen episode row (the latest-started episode open on ``as_of``, else the one
        that ended last on or before it; ``None`` when no episode had started by then) and the
        patient's other episodes started on or before ``as_of``, newest first.
    """
    day = pd.Timestamp(as_of).normalize()
    started = episodes.loc[episodes["start_date"] < day + DAY]
    if started.empty:
        return None, started
    open_now = started.loc[is_open(started, as_of=day)]
    if not open_now.empty:
        chosen = open_now.sort_values("start_date", kind="stable").iloc[-1]
    else:
        chosen = started.sort_values(["end_date", "start_date"], kind="stable").iloc[-1]
    others = started.loc[started["episode_id"] != chosen["episode_id"]]
    return chosen, others.sort_values("start_date", ascending=False, kind="stable")


def weeks_in_care(start: pd.Timestamp, end: pd.Timestamp | None, *, as_of: pd.Timestamp) -> int:
    """Whole weeks from the start to the end (or ``as_of`` while open), at least 0.

    >>> weeks_in_care(pd.Timestamp("2026-09-01"), None, as_of=pd.Timestamp("2026-10-31"))
    8
    """
    stop = pd.Timestamp(as_of).normalize()
    if end is not None and not pd.isna(end):
        stop = min(stop, pd.Timestamp(end).normalize())
    return max(int((stop - pd.Timestamp(start).normalize()) // pd.Timedelta(weeks=1)), 0)


def daily_pain(checkins: pd.DataFrame, *, days: int = ROLLING_DAYS) -> pd.DataFrame:
    """Daily pain of one episode with a trailing ``days``-day rolling mean of current pain.

    The mean covers the calendar days ``(date - days, date]``, whatever check-ins they hold.

    >>> rows = pd.DataFrame({"date": pd.to_datetime(["2026-10-01", "2026-10-02", "2026-10-09"]),
    ...     "pain_now": [6.0, 4.0, 2.0], "pain_worst_24h": [7.0, 6.0, 3.0]})
    >>> daily_pain(rows)["pain_mean_7d"].tolist()
    [6.0, 5.0, 2.0]
    """
    frame = checkins[["date", "pain_now", "pain_worst_24h"]].sort_values("date", kind="stable")
    frame = frame.assign(date=frame["date"].dt.normalize().astype(DATE))
    pain = frame["pain_now"].astype(float)
    mean = pd.Series(pain.to_numpy(), index=pd.DatetimeIndex(frame["date"])).rolling(
        f"{days}D", min_periods=1
    ).mean()
    return frame.assign(pain_mean_7d=mean.to_numpy()).reset_index(drop=True)


@dataclass(frozen=True)
class PatientEpisode:
    """One patient's report data: the chosen episode and its tables up to ``as_of``.

    ``episode`` is ``None`` when the patient had no episode by ``as_of`` (the tables are then
    empty). ``checkins``, ``scores`` (valid scores only) and ``outcomes`` belong to the chosen
    episode; ``flags`` are the flags of that episode on ``as_of``.
    """

    patient_id: str
    as_of: pd.Timestamp
    episode: pd.Series | None
    status: str | None  # open or ended on as_of
    earlier: pd.DataFrame
    checkins: pd.DataFrame
    scores: pd.DataFrame
    outcomes: pd.DataFrame
    flags: pd.DataFrame

    @property
    def episode_id(self) -> str | None:
        """The chosen episode's id."""
        return None if self.episode is None else str(self.episode["episode_id"])

    @property
    def start(self) -> pd.Timestamp | None:
        """The episode's start date."""
        return None if self.episode is None else pd.Timestamp(self.episode["start_date"])

    @property
    def end(self) -> pd.Timestamp | None:
        """The episode's end date when it ended on or before ``as_of``, else ``None``."""
        if self.episode is None or self.status == "open":
            return None
        return pd.Timestamp(self.episode["end_date"])

    @property
    def weeks(self) -> int | None:
        """Whole weeks in care up to the end or ``as_of``."""
        if self.episode is None:
            return None
        return weeks_in_care(self.start, self.end, as_of=self.as_of)

    @cached_property
    def weekly(self) -> pd.DataFrame:
        """Weekly means of every check-in measure (``trends.weekly_checkins``)."""
        return weekly_checkins(self.checkins, as_of=self.as_of)

    @cached_property
    def daily_pain(self) -> pd.DataFrame:
        """Daily pain with its 7-day rolling mean (``daily_pain``)."""
        return daily_pain(self.checkins)

    @cached_property
    def moments(self) -> pd.DataFrame:
        """Questionnaire moments: one row per day with a valid score, and its timepoint.

        A day's timepoint is the first stated one (intake, interim or discharge), else empty.
        """
        if self.scores.empty:
            return pd.DataFrame({"date": pd.Series(dtype=DATE),
                                 "timepoint": pd.Series(dtype="str")})
        frame = self.scores.assign(date=self.scores["completed_at"].dt.normalize().astype(DATE))
        frame = frame.sort_values(["date", "timepoint"], kind="stable", na_position="last")
        return frame.groupby("date", as_index=False, sort=True)["timepoint"].first()


def _cut(frame: pd.DataFrame, column: str, *, as_of: pd.Timestamp) -> pd.DataFrame:
    return frame.loc[frame[column] < pd.Timestamp(as_of).normalize() + DAY]


def load_patient(store: Store, patient_id: str, *, as_of: pd.Timestamp) -> PatientEpisode:
    """The report data of ``patient_id`` on ``as_of`` (see ``PatientEpisode``).

    Every table is filtered to the patient before anything else, and the flags are evaluated
    on the patient's rows only, so the cost does not grow with the practice.
    """
    day = pd.Timestamp(as_of).normalize()

    def mine(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.loc[frame["patient_id"].to_numpy() == patient_id]

    episodes = mine(store.episodes)
    chosen, earlier = choose_episode(episodes, as_of=day)
    checkins = _cut(mine(store.checkins), "date", as_of=day)
    scores = _cut(mine(store.scores), "completed_at", as_of=day)
    outcomes = outcomes_as_of(mine(store.outcomes), scores, as_of=day)
    if chosen is None:
        flags = empty_flags()
        episode_id = status = None
    else:
        episode_id = chosen["episode_id"]
        status = "open" if is_open(episodes, as_of=day)[chosen.name] else "ended"
        flags = store_flags(store, as_of=day)
        if flags is None:
            flags = evaluate_flags(episodes, checkins, scores, outcomes, as_of=day)
        flags = flags.loc[flags["episode_id"] == episode_id].reset_index(drop=True)

    def of_episode(frame: pd.DataFrame) -> pd.DataFrame:
        keep = frame["episode_id"].to_numpy() == episode_id
        return frame.loc[keep].reset_index(drop=True)

    valid = scores.loc[scores["valid"].to_numpy(dtype=bool) & scores["value"].notna()]
    return PatientEpisode(
        patient_id=patient_id,
        as_of=day,
        episode=chosen,
        status=status,
        earlier=earlier.reset_index(drop=True),
        checkins=of_episode(checkins).sort_values("date", kind="stable").reset_index(drop=True),
        scores=of_episode(valid).sort_values("completed_at", kind="stable").reset_index(drop=True),
        outcomes=of_episode(outcomes),
        flags=flags,
    )
