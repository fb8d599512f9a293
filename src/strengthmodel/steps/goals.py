"""Step 6, set easy, achievable goals, and track how far each one gets.

Goals carry SMART-style fields (the goal in the client's words, how progress is
measured, the target, the due date) and a Goal Attainment Scaling scale
(Kiresuk & Sherman 1968): five levels from -2 (much less than expected) through 0
(the expected outcome) to +2 (much more than expected). A goal's weight is
importance x difficulty, each rated 0-3 (Turner-Stokes 2009). Lifecycle and
achievement statuses use the HL7 FHIR Goal codes.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable
from datetime import date

import attrs

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record, meta
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.ids import GoalId, PriorityId, StrengthId, id_tuple, optional_id, plain_id

__all__ = [
    "GAS_LEVELS",
    "Attainment",
    "GasScale",
    "Goal",
    "GoalAchievementStatus",
    "GoalLifecycleStatus",
]

GAS_LEVELS = (-2, -1, 0, 1, 2)
"""The five Goal Attainment Scaling levels."""


class GoalLifecycleStatus(enum.Enum):
    """FHIR ``Goal.lifecycleStatus`` (HL7 FHIR R4B, value set goal-status)."""

    PROPOSED = "proposed"
    PLANNED = "planned"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    ENTERED_IN_ERROR = "entered-in-error"
    REJECTED = "rejected"

    @property
    def is_open(self) -> bool:
        """True while the goal is being worked towards (proposed to on-hold).

        Examples:
            >>> GoalLifecycleStatus.ACTIVE.is_open, GoalLifecycleStatus.COMPLETED.is_open
            (True, False)
        """
        return self in _OPEN


_OPEN = frozenset(
    {
        GoalLifecycleStatus.PROPOSED,
        GoalLifecycleStatus.PLANNED,
        GoalLifecycleStatus.ACCEPTED,
        GoalLifecycleStatus.ACTIVE,
        GoalLifecycleStatus.ON_HOLD,
    }
)


class GoalAchievementStatus(enum.Enum):
    """FHIR ``Goal.achievementStatus`` (code system goal-achievement)."""

    IN_PROGRESS = "in-progress"
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no-change"
    ACHIEVED = "achieved"
    SUSTAINING = "sustaining"
    NOT_ACHIEVED = "not-achieved"
    NO_PROGRESS = "no-progress"
    NOT_ATTAINABLE = "not-attainable"


@attrs.frozen(kw_only=True)
class GasScale(Record):
    """What each Goal Attainment Scaling level looks like for one goal.

    Each description says, in observable terms, what the outcome would be at that
    level; 0 is the expected outcome. The descriptions are about the client's life, so
    all five are sensitive.

    Attributes:
        much_less: Level -2, much less than expected.
        less: Level -1, somewhat less than expected.
        expected: Level 0, the expected outcome.
        more: Level +1, somewhat more than expected.
        much_more: Level +2, much more than expected.
    """

    kind = "gas-scale"

    much_less: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=500))
    less: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=500))
    expected: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=500))
    more: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=500))
    much_more: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=500))

    def describe(self, level: int) -> str:
        """Return the description of a level, -2 to +2.

        Raises:
            ValidationError: ``level`` is not one of the five levels.
        """
        if type(level) is not int or level not in GAS_LEVELS:
            raise ValidationError(
                [Problem("level", f"expected -2 to 2, got {describe_value(level, number=True)}")]
            )
        return (self.much_less, self.less, self.expected, self.more, self.much_more)[level + 2]


@attrs.frozen(kw_only=True)
class Attainment(Record):
    """The level a goal was rated at on a date.

    Attributes:
        rated_on: When it was rated.
        level: Goal Attainment Scaling level, -2 to +2.
        note: What was observed (sensitive).
    """

    kind = "attainment"

    rated_on: date
    level: int = attrs.field(metadata=meta(bounds=(-2, 2)))
    note: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))


@attrs.frozen(kw_only=True)
class Goal(Record):
    """A goal the client sets, with its scale, weight and progress.

    Attributes:
        id: The record's id.
        statement: The goal in the client's words (sensitive).
        measure: How progress is measured (sensitive).
        target: The target, in the terms of the measure (sensitive).
        due: When it should be reached.
        scale: The five Goal Attainment Scaling level descriptions.
        importance: How important the goal is to the client, 0-3.
        difficulty: How hard it is to reach, 0-3.
        baseline: The level at the start: -1, or -2 when the client's state could not
            be worse (Turner-Stokes 2009). Refusing 0 and above is this library's
            choice, to keep to that rule.
        strength_ids: The strengths the goal draws on.
        priority_id: The client priority it serves, if any.
        lifecycle: FHIR lifecycle status.
        achievement: FHIR achievement status, if assessed.
        attainments: Dated ratings on the scale, oldest first.
    """

    kind = "goal"

    id: GoalId = attrs.field(converter=plain_id)
    statement: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=1000))
    measure: str | None = attrs.field(
        default=None, repr=False, metadata=meta(sensitive=True, max_length=500)
    )
    target: str | None = attrs.field(
        default=None, repr=False, metadata=meta(sensitive=True, max_length=500)
    )
    due: date | None = None
    scale: GasScale | None = None
    importance: int = attrs.field(default=2, metadata=meta(bounds=(0, 3)))
    difficulty: int = attrs.field(default=1, metadata=meta(bounds=(0, 3)))
    baseline: int = attrs.field(default=-1, metadata=meta(bounds=(-2, -1)))
    strength_ids: tuple[StrengthId, ...] = attrs.field(
        default=(), converter=id_tuple, metadata=meta(unique=True)
    )
    priority_id: PriorityId | None = attrs.field(default=None, converter=optional_id)
    lifecycle: GoalLifecycleStatus = GoalLifecycleStatus.PROPOSED
    achievement: GoalAchievementStatus | None = None
    attainments: tuple[Attainment, ...] = ()

    @property
    def weight(self) -> int:
        """Importance x difficulty (Turner-Stokes 2009), 0 to 9.

        Examples:
            >>> Goal(id="g1", statement="Walk daily", importance=3, difficulty=2).weight
            6
        """
        return self.importance * self.difficulty

    @property
    def latest(self) -> Attainment | None:
        """The most recent attainment rating, if any."""
        return self.attainments[-1] if self.attainments else None

    def level_on(self, day: date) -> int:
        """The goal's level on a day: the latest rating on or before it, else the baseline.

        Examples:
            >>> g = Goal(id="g1", statement="Walk daily", attainments=(
            ...     Attainment(rated_on=date(2026, 2, 1), level=0),
            ...     Attainment(rated_on=date(2026, 3, 1), level=1)))
            >>> [g.level_on(date(2026, m, d)) for m, d in ((1, 1), (2, 15), (3, 1))]
            [-1, 0, 1]
        """
        level = self.baseline
        for attainment in self.attainments:
            if attainment.rated_on > day:
                break
            level = attainment.level
        return level

    def _problems(self) -> Iterable[Problem]:
        dates = [a.rated_on for a in self.attainments]
        if any(b <= a for a, b in itertools.pairwise(dates)):
            yield Problem("attainments", "expected ratings in date order, at most one rating a day")
