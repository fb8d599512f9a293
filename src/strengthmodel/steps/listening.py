"""Step 1, listen: the client's concerns in their own words, and the sessions.

Listening closely and without judgment comes first; what the client says is recorded
as they said it. The optional alliance rating is the client's 0-10 rating of how the
session went together (a single-item working-alliance check, in the spirit of
session rating scales; we ship no instrument wording).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from strengthmodel._fields import Record, meta
from strengthmodel.errors import Problem
from strengthmodel.ids import ConcernId, SessionId, plain_id
from strengthmodel.steps.process import Step

__all__ = ["Concern", "Session"]


@attrs.frozen(kw_only=True)
class Concern(Record):
    """A presenting concern, in the client's own words.

    Attributes:
        id: The record's id.
        text: What the client said, as they said it (sensitive).
        reflection: The clinician's reflection back, if any (sensitive).
        raised_on: When the concern was raised.
    """

    kind = "concern"

    id: ConcernId = attrs.field(converter=plain_id)
    text: str = attrs.field(repr=False, metadata=meta(sensitive=True))
    reflection: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))
    raised_on: date | None = None


@attrs.frozen(kw_only=True)
class Session(Record):
    """A therapy session: when it was, which steps it worked on, how it went.

    Attributes:
        id: The record's id.
        held_on: Date of the session.
        steps: The steps worked on (at least one).
        notes: Clinician notes (sensitive).
        alliance: The client's rating of the session's working alliance, 0-10.
        feedback: The feedback on progress given to the client in the session
            (step 2: feedback that supports progress; sensitive).
    """

    kind = "session"

    id: SessionId = attrs.field(converter=plain_id)
    held_on: date
    steps: frozenset[Step]
    notes: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))
    alliance: int | None = attrs.field(default=None, metadata=meta(bounds=(0, 10)))
    feedback: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))

    def _problems(self) -> Iterable[Problem]:
        if not self.steps:
            yield Problem("steps", "expected at least one step worked on, got none")
