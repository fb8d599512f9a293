"""Step 2, meet the client where they are: stage of change, readiness, priorities, values.

The stages come from the Transtheoretical Model. Prochaska & DiClemente (1983) described
precontemplation, contemplation, action and maintenance; the preparation stage and the
definitions used here (change intended within 30 days or within six months, action for
up to six months, maintenance beyond) come from DiClemente et al. (1991) and Prochaska,
DiClemente & Norcross (1992). Readiness is two 0-10 ratings, importance and confidence,
as in the HL7 Person-Centered Outcomes Implementation Guide.

Both are about one change: the model's stages are specific to a behaviour (a client can
be in action on drinking and in precontemplation on smoking), and the HL7 readiness
ratings focus on one goal. A [`ReadinessRating`][strengthmodel.ReadinessRating] records
them, dated, for one goal or named behaviour; the plan's own ``stage`` and
``readiness`` are the overall view, used for goals with no rating of their own.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from strengthmodel._fields import Record, meta
from strengthmodel.errors import Problem
from strengthmodel.ids import GoalId, PriorityId, ReadinessRatingId, ValueId, optional_id, plain_id

__all__ = ["PersonalValue", "Priority", "Readiness", "ReadinessRating", "StageOfChange"]


class StageOfChange(enum.Enum):
    """Stage of change in the Transtheoretical Model.

    The five stages and their time frames as in DiClemente et al. (1991) and Prochaska,
    DiClemente & Norcross (1992); the earlier model (Prochaska & DiClemente 1983) had no
    preparation stage.
    """

    PRECONTEMPLATION = "precontemplation"
    """No intention to change in the next six months."""
    CONTEMPLATION = "contemplation"
    """Intends to change within six months, but not within the next 30 days."""
    PREPARATION = "preparation"
    """Intends to change within the next 30 days and has taken some steps."""
    ACTION = "action"
    """Has changed within the past six months."""
    MAINTENANCE = "maintenance"
    """Has sustained the change for more than six months."""

    @property
    def order(self) -> int:
        """Position in the model, 1 (precontemplation) to 5 (maintenance).

        Examples:
            >>> StageOfChange.PREPARATION.order
            3
        """
        return _ORDERS[self]


_ORDERS = {stage: number for number, stage in enumerate(StageOfChange, start=1)}


@attrs.frozen(kw_only=True)
class Readiness(Record):
    """How ready the client is to change (HL7 Person-Centered Outcomes IG).

    Attributes:
        importance: How important the change is to the client, 0-10.
        confidence: How confident the client is that they can change, 0-10.
        assessed_on: When it was rated.
    """

    kind = "readiness"

    importance: int = attrs.field(metadata=meta(bounds=(0, 10)))
    confidence: int = attrs.field(metadata=meta(bounds=(0, 10)))
    assessed_on: date | None = None


@attrs.frozen(kw_only=True)
class Priority(Record):
    """Something the client wants to work on, with its rank (1 = most important).

    Ranks are unique within a plan.

    Attributes:
        id: The record's id.
        description: The priority in the client's words (sensitive).
        rank: 1 for the most important.
    """

    kind = "priority"

    id: PriorityId = attrs.field(converter=plain_id)
    description: str = attrs.field(repr=False, metadata=meta(sensitive=True))
    rank: int = attrs.field(metadata=meta(bounds=(1, 100)))


@attrs.frozen(kw_only=True)
class PersonalValue(Record):
    """Something that matters to the client (a value they live by).

    Attributes:
        id: The record's id.
        name: The value, in a word or two ("family", "honesty"; sensitive).
        description: What it means to the client (sensitive).
    """

    kind = "value"

    id: ValueId = attrs.field(converter=plain_id)
    name: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=200))
    description: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))


@attrs.frozen(kw_only=True)
class ReadinessRating(Record):
    """Stage of change and readiness for one goal or named behaviour, on a date.

    The Transtheoretical Model's stages are behaviour-specific (Prochaska, DiClemente &
    Norcross 1992) and the HL7 Person-Centered Outcomes readiness ratings focus on one goal, so
    each rating names what it is about: a goal, a behaviour in the client's words, or
    both. A rating that names neither is an overall one. Ratings are kept over time;
    the latest on or before a date is the one that holds.

    Attributes:
        id: The record's id.
        rated_on: When it was rated.
        goal_id: The goal it is about, if any.
        behaviour: The behaviour it is about, in the client's words (sensitive).
        stage: The stage of change for this goal or behaviour.
        importance: How important this change is to the client, 0-10.
        confidence: How confident the client is about this change, 0-10.
    """

    kind = "readiness-rating"

    id: ReadinessRatingId = attrs.field(converter=plain_id)
    rated_on: date
    goal_id: GoalId | None = attrs.field(default=None, converter=optional_id)
    behaviour: str | None = attrs.field(
        default=None, repr=False, metadata=meta(sensitive=True, max_length=200)
    )
    stage: StageOfChange | None = None
    importance: int | None = attrs.field(default=None, metadata=meta(bounds=(0, 10)))
    confidence: int | None = attrs.field(default=None, metadata=meta(bounds=(0, 10)))

    def _problems(self) -> Iterable[Problem]:
        if self.stage is None and self.importance is None and self.confidence is None:
            yield Problem(
                "stage", "expected a stage, an importance or a confidence rating, got none"
            )
