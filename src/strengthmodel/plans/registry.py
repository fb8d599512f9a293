"""The one list of record kinds a plan keeps: class, collection, id prefix and step.

Every other list of record kinds is derived from
[`REGISTRY`][strengthmodel.plans.registry.REGISTRY]: the plan's collections, the
kinds a change can add, the document kinds, the id prefixes the operations use for new
records, which step each record starts (progress), the kinds the testing strategies
generate, and the reference checks. Adding a record kind to plans means one row here,
one member of the static [`AnyRecord`][strengthmodel.plans.registry.AnyRecord] union
(for type checkers) and one field on [`Plan`][strengthmodel.Plan]; tests check that
the three agree and that every consumer handles every kind (see the contributing
guide).
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Final

import attrs

from strengthmodel._model import describe, id_name
from strengthmodel.steps.assessment import Assessment, LifeDomainAssessment
from strengthmodel.steps.challenges import Challenge
from strengthmodel.steps.engagement import PersonalValue, Priority, ReadinessRating
from strengthmodel.steps.goals import Goal
from strengthmodel.steps.listening import Concern, Session
from strengthmodel.steps.process import Step
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
    "KINDS_OF_STEP",
    "OWNERS",
    "RECORD_TYPES",
    "REGISTRY",
    "AnyRecord",
    "RecordKind",
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


def _always(_record: object) -> bool:
    return True


def _listening_session(record: object) -> bool:
    return Step.LISTEN in typing.cast("Session", record).steps


@attrs.frozen
class RecordKind:
    """How a plan keeps one kind of record, and which step of the process it belongs to.

    Attributes:
        cls: The record class.
        collection: The [`Plan`][strengthmodel.Plan] attribute that holds its records.
        prefix: The prefix of ids the operations give new records (``goal-1``).
        step: The step of the process its records belong to: a record of this kind
            starts that step in [`progress`][strengthmodel.progress], and the testing
            strategies add it when that step is worked on.
        starts: Whether one record starts ``step`` (default: every record does; a
            session starts listening only when it worked on listening).
    """

    cls: type[AnyRecord]
    collection: str
    prefix: str
    step: Step
    starts: Callable[[object], bool] = attrs.field(default=_always, repr=False)

    @property
    def kind(self) -> str:
        """The record's stable kind, its tag in documents (``"goal"``)."""
        return self.cls.kind


REGISTRY: Final[tuple[RecordKind, ...]] = (
    RecordKind(Concern, "concerns", "concern", Step.LISTEN),
    RecordKind(Session, "sessions", "session", Step.LISTEN, starts=_listening_session),
    RecordKind(Priority, "priorities", "priority", Step.MEET),
    RecordKind(PersonalValue, "values", "value", Step.MEET),
    RecordKind(Strength, "strengths", "strength", Step.STRENGTHS),
    RecordKind(Challenge, "challenges", "challenge", Step.CHALLENGE),
    RecordKind(Assessment, "assessments", "assessment", Step.ASSESS),
    RecordKind(LifeDomainAssessment, "domain_assessments", "assessment", Step.ASSESS),
    RecordKind(Goal, "goals", "goal", Step.GOALS),
    RecordKind(Trigger, "triggers", "trigger", Step.STAY_WELL),
    RecordKind(WarningSign, "warning_signs", "warning", Step.STAY_WELL),
    RecordKind(CopingSkill, "coping_skills", "coping", Step.STAY_WELL),
    RecordKind(Support, "supports", "support", Step.STAY_WELL),
    RecordKind(SafetyAction, "safety_actions", "safety", Step.STAY_WELL),
    RecordKind(ReasonForLiving, "reasons_for_living", "reason", Step.STAY_WELL),
    RecordKind(RoutineItem, "routine", "routine", Step.STAY_WELL),
    RecordKind(Lapse, "lapses", "lapse", Step.STAY_WELL),
    RecordKind(ReadinessRating, "readiness_ratings", "readiness", Step.MEET),
    RecordKind(Resource, "resources", "resource", Step.STAY_WELL),
)
"""Every record kind a plan keeps by id, in the plan's order."""

RECORD_TYPES: Final[tuple[type[AnyRecord], ...]] = tuple(r.cls for r in REGISTRY)
"""Every record type a plan keeps by id, in the plan's order."""

COLLECTIONS: Final[dict[type[AnyRecord], str]] = {r.cls: r.collection for r in REGISTRY}
"""The plan attribute that holds each record type."""

ID_PREFIXES: Final[dict[type[AnyRecord], str]] = {r.cls: r.prefix for r in REGISTRY}
"""The prefix of the ids the operations give new records of each type."""

KINDS_OF_STEP: Final[dict[Step, tuple[RecordKind, ...]]] = {
    step: tuple(r for r in REGISTRY if r.step is step) for step in Step
}
"""The record kinds that belong to each step, in the plan's order."""


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
