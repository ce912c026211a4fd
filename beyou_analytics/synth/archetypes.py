"""The practice's model of how long-lasting back pain evolves, as a table of archetypes.

The practice (``../shared/context``) explains persistent back pain as a body stuck in
"protection mode": fear of movement, catastrophising, stress and poor sleep keep pain going,
and recovery starts when confidence ("ik heb invloed op mijn klachten") grows and load and
load capacity come back into balance. Each archetype states, as numbers, when psychological
change starts, how much later physical change follows and how far it goes.

All times are days since the start of the episode; ranges are ``(low, high)`` of a uniform draw.

Examples
--------
>>> round(sum(a.share for a in ARCHETYPES.values()), 6)
1.0
>>> ARCHETYPES["recovering"].lag[0] > 0   # psychological change precedes physical change
True
"""

from __future__ import annotations

from dataclasses import dataclass

Range = tuple[float, float]


@dataclass(frozen=True)
class Archetype:
    """Parameters of one course of an episode.

    ``distress`` shifts the latent distress factor at intake (fear, catastrophising, low
    self-efficacy, sensitisation, stress, poor sleep all load on it). Psychological change
    follows a logistic curve centred ``psy_onset`` days after the start with width
    ``psy_width``; physical change (pain, disability, capacity, sensitisation, sleep) the same
    curve ``lag`` days later with width ``phys_width``. ``gain`` is the fraction of the
    achievable change reached. ``duration`` is the number of days after the physical midpoint
    until discharge (``flat`` archetypes: the whole episode length). ``overloads_per_30d`` is
    the rate of spells of load above capacity (each followed by a flare-up).
    """

    name: str
    share: float
    distress: float
    psy_onset: Range
    psy_width: Range
    lag: Range
    phys_width: Range
    gain: Range
    duration: Range
    overloads_per_30d: float
    stress_spell_prob: float
    end_reasons: tuple[tuple[str, float], ...]
    flat: bool = False
    relapse: bool = False
    dropout: bool = False


ARCHETYPES: dict[str, Archetype] = {
    a.name: a
    for a in (
        Archetype(
            "recovering", 0.38, distress=-0.2, psy_onset=(10, 30), psy_width=(5, 9),
            lag=(18, 35), phys_width=(7, 12), gain=(0.6, 0.85), duration=(25, 55),
            overloads_per_30d=0.45, stress_spell_prob=0.25,
            end_reasons=(("goal_reached", 0.9), ("own_initiative", 0.05), ("moved", 0.03),
                         ("other", 0.02)),
        ),
        Archetype(
            "slow_responder", 0.20, distress=0.4, psy_onset=(35, 70), psy_width=(12, 20),
            lag=(25, 50), phys_width=(15, 25), gain=(0.35, 0.6), duration=(40, 90),
            overloads_per_30d=0.55, stress_spell_prob=0.35,
            end_reasons=(("goal_reached", 0.72), ("own_initiative", 0.12), ("referred", 0.1),
                         ("other", 0.06)),
        ),
        Archetype(
            "stuck", 0.15, distress=1.6, psy_onset=(20, 120), psy_width=(15, 30),
            lag=(10, 40), phys_width=(15, 30), gain=(0.0, 0.12), duration=(80, 270),
            overloads_per_30d=0.8, stress_spell_prob=0.5, flat=True,
            end_reasons=(("referred", 0.45), ("own_initiative", 0.3), ("goal_reached", 0.1),
                         ("other", 0.15)),
        ),
        Archetype(
            "relapse", 0.12, distress=0.3, psy_onset=(10, 30), psy_width=(5, 9),
            lag=(18, 35), phys_width=(7, 12), gain=(0.55, 0.8), duration=(45, 110),
            overloads_per_30d=0.5, stress_spell_prob=0.0, relapse=True,
            end_reasons=(("goal_reached", 0.6), ("own_initiative", 0.2), ("referred", 0.2)),
        ),
        Archetype(
            "dropout", 0.15, distress=0.3, psy_onset=(20, 50), psy_width=(10, 20),
            lag=(20, 40), phys_width=(10, 20), gain=(0.0, 0.3), duration=(21, 90),
            overloads_per_30d=0.6, stress_spell_prob=0.3, dropout=True,
            end_reasons=(("no_show", 0.55), ("own_initiative", 0.45)),
        ),
    )
}
ARCHETYPE_NAMES = tuple(ARCHETYPES)

# Relapse: a stressful period starts this many days after the physical midpoint, lasts
# ``RELAPSE_STRESS_DAYS`` and, about a week later, erodes part of the gains.
RELAPSE_AFTER_PHYS: Range = (10, 40)
RELAPSE_STRESS_DAYS: Range = (14, 28)
RELAPSE_STRESS_AMP: Range = (2.5, 4.0)
RELAPSE_DELAY = 7  # days from the start of the stressful period to the start of the relapse
DROPOUT_DAY: Range = (12, 55)  # last check-in day of a drop-out
