"""The one list of record types a plan keeps, with their collection and id prefix.

Every other list of record types is derived from
[`REGISTRY`][strengthmodel.plans.registry.REGISTRY]:
the plan's collections, the types a change can add, the document kinds, the id
prefixes the operations use for new records, and the pools the testing strategies draw
from. Adding a record type to plans means one line here, one member of the static
[`AnyRecord`][strengthmodel.plans.registry.AnyRecord] union (for type checkers) and one
field on [`Plan`][strengthmodel.Plan]; a test checks that all three agree.
"""

from __future__ import annotations

import typing
from typing import Final

import attrs

from strengthmodel._model import describe, id_name
from strengthmodel.steps.assessment import Assessment, LifeDomainAssessment
from strengthmodel.steps.challenges import Challenge
from strengthmodel.steps.engagement import PersonalValue, Priority, ReadinessRating
from strengthmodel.steps.goals import Goal
from strengthmodel.steps.listening import Concern, Session
from strengthmodel.steps.staying_well import (
    CopingSkill,
    Lapse,
    ReasonForLiving,
    Resource,
    RoutineItem,
    SafetyAction,
    Support,
    Trigger,
    WarningSign,
)
from strengthmodel.steps.strengths import Strength

__all__ = [
    "COLLECTIONS",
    "ID_PREFIXES",
    "OWNERS",
    "RECORD_TYPES",
    "REGISTRY",
    "AnyRecord",
    "RecordType",
    "as_ids",
    "collection_label",
    "id_prefix",
    "references_of",
]

AnyRecord = (
    Concern
    | Session
    | Priority
    | PersonalValue
    | Strength
    | Challenge
    | Assessment
    | LifeDomainAssessment
    | Goal
    | Trigger
    | WarningSign
    | CopingSkill
    | Support
    | SafetyAction
    | ReasonForLiving
    | RoutineItem
    | Lapse
    | ReadinessRating
    | Resource
)
"""Any record that a plan keeps by id (the static twin of `RECORD_TYPES`)."""


@attrs.frozen
class RecordType:
    """How a plan keeps one record type.

    Attributes:
        cls: The record class.
        collection: The [`Plan`][strengthmodel.Plan] attribute that holds its records.
        prefix: The prefix of ids the operations give new records (``goal-1``).
    """

    cls: type[AnyRecord]
    collection: str
    prefix: str


REGISTRY: Final[tuple[RecordType, ...]] = (
    RecordType(Concern, "concerns", "concern"),
    RecordType(Session, "sessions", "session"),
    RecordType(Priority, "priorities", "priority"),
    RecordType(PersonalValue, "values", "value"),
    RecordType(Strength, "strengths", "strength"),
    RecordType(Challenge, "challenges", "challenge"),
    RecordType(Assessment, "assessments", "assessment"),
    RecordType(LifeDomainAssessment, "domain_assessments", "assessment"),
    RecordType(Goal, "goals", "goal"),
    RecordType(Trigger, "triggers", "trigger"),
    RecordType(WarningSign, "warning_signs", "warning"),
    RecordType(CopingSkill, "coping_skills", "coping"),
    RecordType(Support, "supports", "support"),
    RecordType(SafetyAction, "safety_actions", "safety"),
    RecordType(ReasonForLiving, "reasons_for_living", "reason"),
    RecordType(RoutineItem, "routine", "routine"),
    RecordType(Lapse, "lapses", "lapse"),
    RecordType(ReadinessRating, "readiness_ratings", "readiness"),
    RecordType(Resource, "resources", "resource"),
)
"""Every record type a plan keeps by id, in the plan's order."""

RECORD_TYPES: Final[tuple[type[AnyRecord], ...]] = tuple(r.cls for r in REGISTRY)
"""Every record type a plan keeps by id, in the plan's order."""

COLLECTIONS: Final[dict[type[AnyRecord], str]] = {r.cls: r.collection for r in REGISTRY}
"""The plan attribute that holds each record type."""

ID_PREFIXES: Final[dict[type[AnyRecord], str]] = {r.cls: r.prefix for r in REGISTRY}
"""The prefix of the ids the operations give new records of each type."""


def id_prefix(cls: type[AnyRecord]) -> str:
    """The prefix of ids given to new records of ``cls``.

    Examples:
        >>> from strengthmodel import Goal
        >>> id_prefix(Goal)
        'goal'
    """
    return ID_PREFIXES[cls]


def _owners() -> dict[str, tuple[str, ...]]:
    owners: dict[str, tuple[str, ...]] = {}
    for entry in REGISTRY:
        id_type = next(id_name(f.type) for f in describe(entry.cls) if f.name == "id")
        if id_type is None:  # pragma: no cover - every record type has a typed id
            msg = f"{entry.cls.__name__}.id must be annotated with a typed id"
            raise TypeError(msg)
        owners[id_type] = (*owners.get(id_type, ()), entry.collection)
    return owners


OWNERS: Final[dict[str, tuple[str, ...]]] = _owners()
"""Which collections an id type names: a field annotated ``GoalId`` must name a goal."""

_REFERENCES: dict[type, tuple[tuple[str, str], ...]] = {}


def references_of(cls: type) -> tuple[tuple[str, str], ...]:
    """(field name, id type name) for each field of ``cls`` that refers to records."""
    found = _REFERENCES.get(cls)
    if found is None:
        found = tuple(
            (f.name, id_type)
            for f in describe(cls)
            if f.name != "id" and (id_type := id_name(f.type)) in OWNERS
        )
        _REFERENCES[cls] = found
    return found


def as_ids(value: object) -> tuple[str, ...]:
    """The ids a reference field holds (none, one, or a tuple of them)."""
    if value is None:
        return ()
    if isinstance(value, tuple):
        return value
    return (typing.cast("str", value),)


def collection_label(collections: tuple[str, ...]) -> str:
    """Name the kinds of record some collections hold (``"goal"``, ``"support"``)."""
    kinds = {r.collection: r.cls.kind for r in REGISTRY}
    return " or ".join(kinds[c].replace("-", " ") for c in collections)
