"""Step 2, meet the client where they are: stage of change, readiness, priorities, values.

The stages come from the Transtheoretical Model (Prochaska & DiClemente 1983).
Readiness is two 0-10 ratings, importance and confidence, as in the HL7
Person-Centered Outcomes Implementation Guide.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from strengthmodel._fields import Record, meta
from strengthmodel.ids import PriorityId, ValueId

__all__ = ["PersonalValue", "Priority", "Readiness", "StageOfChange"]


class StageOfChange(enum.Enum):
    """Stage of change in the Transtheoretical Model (Prochaska & DiClemente 1983)."""

    PRECONTEMPLATION = "precontemplation"
    """No intention to change in the next six months."""
    CONTEMPLATION = "contemplation"
    """Intends to change within six months."""
    PREPARATION = "preparation"
    """Intends to change within the next month and has taken some steps."""
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

    id: PriorityId
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

    id: ValueId
    name: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=200))
    description: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))
