"""Typed record ids.

Every record in a plan has an id that is unique within the plan. The id types are
:func:`typing.NewType` wrappers around :class:`str`: at run time an id is a plain
string, while a type checker keeps a ``GoalId`` from being passed where a
``StrengthId`` is expected. A field annotated with one of these types *refers* to a
record of that kind, and the plan checks that the record exists.

Ids are 1 to 64 characters: letters, digits and ``. _ : -``, starting with a letter or
digit. They are identifiers, not data: never put a name or other personal detail in one.
"""

from __future__ import annotations

import re
from typing import NewType

__all__ = [
    "ID_PATTERN",
    "AssessmentId",
    "ChallengeId",
    "ConcernId",
    "CopingSkillId",
    "GoalId",
    "LapseId",
    "PlanId",
    "PriorityId",
    "ReadinessRatingId",
    "ReasonForLivingId",
    "ResourceId",
    "RoutineItemId",
    "SafetyActionId",
    "SessionId",
    "StrengthId",
    "SupportId",
    "TriggerId",
    "ValueId",
    "WarningSignId",
    "is_valid_id",
]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
"""The regular expression every record id matches (also used in the JSON Schema)."""

_ID_RE = re.compile(ID_PATTERN)

PlanId = NewType("PlanId", str)
ConcernId = NewType("ConcernId", str)
SessionId = NewType("SessionId", str)
PriorityId = NewType("PriorityId", str)
ValueId = NewType("ValueId", str)
StrengthId = NewType("StrengthId", str)
ChallengeId = NewType("ChallengeId", str)
AssessmentId = NewType("AssessmentId", str)
GoalId = NewType("GoalId", str)
TriggerId = NewType("TriggerId", str)
WarningSignId = NewType("WarningSignId", str)
CopingSkillId = NewType("CopingSkillId", str)
SupportId = NewType("SupportId", str)
SafetyActionId = NewType("SafetyActionId", str)
ReasonForLivingId = NewType("ReasonForLivingId", str)
RoutineItemId = NewType("RoutineItemId", str)
LapseId = NewType("LapseId", str)
ReadinessRatingId = NewType("ReadinessRatingId", str)
ResourceId = NewType("ResourceId", str)


# Ids repeat constantly (every reference checks one), so remember the valid ones.
# The cache is bounded: it is cleared when full, never grows past _CACHE_SIZE.
_VALID: set[str] = set()
_CACHE_SIZE = 100_000


def is_valid_id(value: object) -> bool:
    """Tell whether ``value`` is a well-formed record id.

    Examples:
        >>> is_valid_id("goal-1"), is_valid_id(""), is_valid_id("has space")
        (True, False, False)
    """
    if type(value) is not str:
        return False
    if value in _VALID:
        return True
    if _ID_RE.fullmatch(value) is None:
        return False
    if len(_VALID) >= _CACHE_SIZE:
        _VALID.clear()
    _VALID.add(value)
    return True
