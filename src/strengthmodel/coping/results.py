"""What the coping graph's queries return: serializable records, no client text.

Each is a record with a stable ``kind``, so it
round-trips through ``dumps``/``loads`` like any plan record.
"""

from __future__ import annotations

import attrs

from strengthmodel._fields import Record, meta
from strengthmodel.steps.staying_well import CopingLevel

__all__ = [
    "Coverage",
    "LevelCount",
    "SinglePointOfFailure",
    "Strategy",
    "Suggestion",
]

# The kinds of node in the coping graph (the records' own ``kind`` tags), shared by the
# package's modules; SinglePointOfFailure.record_kind takes three of them.
TRIGGER = "trigger"
WARNING_SIGN = "warning-sign"
COPING_SKILL = "coping-skill"
STRENGTH = "strength"
SUPPORT = "support"


@attrs.frozen(kw_only=True)
class Strategy(Record):
    """A coping skill that handles a trigger, and how good a bet it is.

    Attributes:
        coping_skill_id: The coping skill.
        level: Its rung on the safety-planning ladder.
        efficacy: How well it works against this trigger, 0-1.
        mastery: How well the client can use it, 0-1.
        score: efficacy x mastery.
    """

    kind = "strategy"

    coping_skill_id: str
    level: CopingLevel
    efficacy: float = attrs.field(metadata=meta(bounds=(0, 1)))
    mastery: float = attrs.field(metadata=meta(bounds=(0, 1)))
    score: float = attrs.field(metadata=meta(bounds=(0, 1)))


@attrs.frozen(kw_only=True)
class SinglePointOfFailure(Record):
    """A coping skill, strength or support whose loss leaves triggers with no strategy.

    Attributes:
        record_id: The coping skill, strength or support.
        record_kind: ``"coping-skill"``, ``"strength"`` or ``"support"``.
        strands: The triggers that would be left with no strategy, in plan order.
    """

    kind = "single-point-of-failure"

    record_id: str
    record_kind: str
    strands: tuple[str, ...]


@attrs.frozen(kw_only=True)
class LevelCount(Record):
    """How much of the plan sits on one rung of the ladder.

    Attributes:
        level: The rung.
        coping_skills: Coping skills on it.
        links: Trigger-to-coping links to coping skills on it.
    """

    kind = "level-count"

    level: CopingLevel
    coping_skills: int = attrs.field(metadata=meta(bounds=(0, 2**53)))
    links: int = attrs.field(metadata=meta(bounds=(0, 2**53)))


@attrs.frozen(kw_only=True)
class Coverage(Record):
    """A summary of how well the plan's triggers are covered.

    Attributes:
        triggers: Number of triggers.
        covered: Triggers with at least one strategy.
        reaching_a_person: Triggers with a strategy that relies on a person or service.
        share_covered: ``covered / triggers`` (1.0 when there are no triggers).
        share_reaching_a_person: ``reaching_a_person / triggers`` (1.0 when none).
        mean_strategies: Strategies per trigger, on average (0.0 when none).
        levels: Coping skills and links per rung, in ladder order.
    """

    kind = "coverage"

    triggers: int = attrs.field(metadata=meta(bounds=(0, 2**53)))
    covered: int = attrs.field(metadata=meta(bounds=(0, 2**53)))
    reaching_a_person: int = attrs.field(metadata=meta(bounds=(0, 2**53)))
    share_covered: float = attrs.field(metadata=meta(bounds=(0, 1)))
    share_reaching_a_person: float = attrs.field(metadata=meta(bounds=(0, 1)))
    mean_strategies: float = attrs.field(metadata=meta(bounds=(0, 2**53)))
    levels: tuple[LevelCount, ...]


@attrs.frozen(kw_only=True)
class Suggestion(Record):
    """A coping idea built from a strength the plan does not use yet.

    Attributes:
        strength_id: The unused strength.
        level: The rung the idea would sit on.
        idea: The idea, in plain words (a starting point to talk over, not advice).
        reason: Why it is suggested.
    """

    kind = "suggestion"

    strength_id: str
    level: CopingLevel
    idea: str
    reason: str
