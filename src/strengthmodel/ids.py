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
from typing import Any, Final, NewType

__all__ = [
    "ID_CHARACTERS",
    "ID_MAX_LENGTH",
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

ID_MAX_LENGTH: Final = 64
"""The longest id, in characters."""

_FIRST = "A-Za-z0-9"
_REST = "A-Za-z0-9._:-"

ID_PATTERN = rf"^[{_FIRST}][{_REST}]{{0,{ID_MAX_LENGTH - 1}}}$"
"""The regular expression every record id matches (also used in the JSON Schema)."""

ID_CHARACTERS: Final = re.compile(rf"[{_REST}]*")
"""Text made only of the characters an id may hold (at any length)."""

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


for _kind, _label in (
    (PlanId, "a plan"),
    (ConcernId, "a concern record"),
    (SessionId, "a session record"),
    (PriorityId, "a priority record"),
    (ValueId, "a personal value record"),
    (ReadinessRatingId, "a readiness rating record"),
    (StrengthId, "a strength record"),
    (ChallengeId, "a challenge record"),
    (AssessmentId, "an assessment record"),
    (GoalId, "a goal record"),
    (TriggerId, "a trigger record"),
    (WarningSignId, "a warning sign record"),
    (CopingSkillId, "a coping skill record"),
    (SupportId, "a support record"),
    (SafetyActionId, "a safety action record"),
    (ReasonForLivingId, "a reason for living record"),
    (RoutineItemId, "a routine item record"),
    (LapseId, "a lapse record"),
    (ResourceId, "a resource record"),
):
    _kind.__doc__ = f"The id of {_label} (a plain string at run time)."
del _kind, _label


# Converters for id fields. At run time an id is the plain string it was given; they
# exist so that a type checker accepts a plain ``str`` when a record is built
# (``Goal(id="g1", ...)``) while the record's attribute keeps its id type.


def plain_id(value: str) -> Any:  # noqa: ANN401 - typed by the field it converts for
    """Accept a plain ``str`` for an id field (returned unchanged)."""
    return value


def optional_id(value: str | None) -> Any:  # noqa: ANN401
    """Accept a plain ``str`` or ``None`` for an optional id field (returned unchanged)."""
    return value


def id_tuple(value: tuple[str, ...]) -> Any:  # noqa: ANN401
    """Accept a tuple of plain strings for a field of ids (returned unchanged)."""
    return value
