"""Step 4, challenge: graded growth tasks that use the client's strengths.

A challenge is a small, supportive stretch towards a goal, in the shape of a step in
the Strengths Model's personal recovery plan (Rapp & Goscha 2012): what to do, who is
responsible, the target date and the date it was done.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from strengthmodel._fields import Record, meta
from strengthmodel.errors import Problem
from strengthmodel.ids import ChallengeId, GoalId, StrengthId, id_tuple, optional_id, plain_id

__all__ = ["Challenge", "ChallengeOutcome"]


class ChallengeOutcome(enum.Enum):
    """How a challenge went."""

    NOT_STARTED = "not-started"
    ATTEMPTED = "attempted"
    DONE = "done"
    DROPPED = "dropped"


@attrs.frozen(kw_only=True)
class Challenge(Record):
    """A growth task tied to a goal and to the strengths it uses.

    Attributes:
        id: The record's id.
        description: What the client will try (sensitive).
        goal_id: The goal it works towards, if any (a challenge with no goal is
            allowed while drafting; the plan review points it out).
        strength_ids: The strengths it draws on.
        difficulty: 1 (easy) to 5 (a real stretch).
        responsible: Who does it ("client", "client with peer worker"; sensitive).
        due: Target date.
        done_on: When it was done; only with outcome ``DONE``.
        outcome: How it went.
        reflection: The client's reflection afterwards (sensitive).
    """

    kind = "challenge"

    id: ChallengeId = attrs.field(converter=plain_id)
    description: str = attrs.field(repr=False, metadata=meta(sensitive=True))
    goal_id: GoalId | None = attrs.field(default=None, converter=optional_id)
    strength_ids: tuple[StrengthId, ...] = attrs.field(
        default=(), converter=id_tuple, metadata=meta(unique=True)
    )
    difficulty: int = attrs.field(default=1, metadata=meta(bounds=(1, 5)))
    responsible: str | None = attrs.field(
        default=None, repr=False, metadata=meta(sensitive=True, max_length=200)
    )
    due: date | None = None
    done_on: date | None = None
    outcome: ChallengeOutcome = ChallengeOutcome.NOT_STARTED
    reflection: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))

    def _problems(self) -> Iterable[Problem]:
        if self.done_on is not None and self.outcome is not ChallengeOutcome.DONE:
            yield Problem(
                "done_on", f"a done date needs outcome 'done', got {self.outcome.value!r}"
            )
