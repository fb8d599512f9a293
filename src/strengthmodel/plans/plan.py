"""The plan: an immutable aggregate of one client's records across the seven steps.

A plan holds every record by id (ids are unique across the whole plan), the client's
stage of change and readiness, the coping links between triggers and coping skills,
its revision number and its full change history. References between records are
checked when a plan is built: a plan with a dangling reference cannot exist.

Plans are changed only by [`apply`][strengthmodel.apply], which returns a new plan.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TypeVar, overload

import attrs

from strengthmodel._fields import Record, id_newtype_of, meta, unique_problems
from strengthmodel.client import Client
from strengthmodel.errors import (
    Problem,
    UnknownRecordError,
    UnknownReferenceError,
    ValidationError,
)
from strengthmodel.ids import PlanId
from strengthmodel.plans.changes import RECORD_TYPES, AnyRecord, HistoryEntry, OpenPlan
from strengthmodel.steps.assessment import Assessment, LifeDomainAssessment
from strengthmodel.steps.challenges import Challenge
from strengthmodel.steps.engagement import (
    PersonalValue,
    Priority,
    Readiness,
    ReadinessRating,
    StageOfChange,
)
from strengthmodel.steps.goals import Goal
from strengthmodel.steps.listening import Concern, Session
from strengthmodel.steps.staying_well import (
    CopingLink,
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

__all__ = ["COLLECTIONS", "Plan"]

R = TypeVar("R", bound=Record)

COLLECTIONS: dict[type[AnyRecord], str] = {
    Concern: "concerns",
    Session: "sessions",
    Priority: "priorities",
    PersonalValue: "values",
    Strength: "strengths",
    Challenge: "challenges",
    Assessment: "assessments",
    LifeDomainAssessment: "domain_assessments",
    Goal: "goals",
    Trigger: "triggers",
    WarningSign: "warning_signs",
    CopingSkill: "coping_skills",
    Support: "supports",
    SafetyAction: "safety_actions",
    ReasonForLiving: "reasons_for_living",
    RoutineItem: "routine",
    Lapse: "lapses",
    ReadinessRating: "readiness_ratings",
    Resource: "resources",
}
"""The plan attribute that holds each record type."""

# Which record types an id type names: a field annotated GoalId must name a Goal.
_OWNERS: dict[str, tuple[str, ...]] = {}
for _cls, _collection in COLLECTIONS.items():
    _id_type = id_newtype_of(typing.get_type_hints(_cls)["id"])
    if _id_type is None:  # pragma: no cover - every record type has a typed id
        msg = f"{_cls.__name__}.id must be annotated with a typed id"
        raise TypeError(msg)
    _OWNERS[_id_type] = (*_OWNERS.get(_id_type, ()), _collection)

_COLLECTION_OF: dict[type, str] = dict(COLLECTIONS)
_REFERENCES: dict[type, tuple[tuple[str, str], ...]] = {}


def _references_of(cls: type) -> tuple[tuple[str, str], ...]:
    """(field name, id type name) for each field of ``cls`` that refers to records."""
    found = _REFERENCES.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = tuple(
            (f.name, id_type)
            for f in attrs.fields(cls)
            if f.name != "id" and (id_type := id_newtype_of(hints[f.name])) in _OWNERS
        )
        _REFERENCES[cls] = found
    return found


def _as_ids(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, tuple):
        return value
    return (typing.cast("str", value),)


@attrs.frozen(kw_only=True, repr=False)
class Plan(Record):
    """One client's strength-based plan, across all seven steps.

    Build a new plan with [`Plan.new`][strengthmodel.Plan.new] and change it with
    [`apply`][strengthmodel.apply] (or the operations and the builder, which apply
    changes for you). Every plan carries its history, and
    [`replay`][strengthmodel.replay] of that history rebuilds the plan exactly.

    Attributes:
        id: The plan's id.
        client: Who the plan is for.
        revision: How many changes have been applied (the history's length).
        history: Every change so far, oldest first.
        stage: The client's overall stage of change (step 2), for goals with no
            rating of their own in ``readiness_ratings``.
        readiness: The client's overall readiness ratings (step 2).
        concerns: Presenting concerns (step 1).
        sessions: Sessions held (step 1).
        priorities: The client's ranked priorities (step 2).
        values: The client's values (step 2).
        strengths: Internal and external strengths (step 3).
        challenges: Growth tasks (step 4).
        assessments: Completed instruments (step 5).
        domain_assessments: Life-domain strengths assessments (step 5).
        goals: Goals (step 6).
        triggers: High-risk situations (step 7).
        warning_signs: Early warning signs (step 7).
        coping_skills: Coping skills (step 7).
        coping_links: Which coping skill handles which trigger (step 7).
        supports: People and services to turn to (step 7).
        safety_actions: Steps that make the environment safe (step 7).
        reasons_for_living: What matters most to the client (step 7).
        routine: The daily wellness routine (step 7).
        lapses: Lapses and relapses, dated (step 7).
        readiness_ratings: Dated stage and readiness ratings for one goal or
            behaviour each (step 2); ``stage`` and ``readiness`` are the overall view.
        resources: Education, resources and tools given to the client (step 7).
    """

    kind = "plan"

    id: PlanId
    client: Client
    revision: int = attrs.field(metadata=meta(bounds=(0, 2**53)))
    history: tuple[HistoryEntry, ...]
    stage: StageOfChange | None = None
    readiness: Readiness | None = None
    concerns: tuple[Concern, ...] = ()
    sessions: tuple[Session, ...] = ()
    priorities: tuple[Priority, ...] = ()
    values: tuple[PersonalValue, ...] = ()
    strengths: tuple[Strength, ...] = ()
    challenges: tuple[Challenge, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    domain_assessments: tuple[LifeDomainAssessment, ...] = ()
    goals: tuple[Goal, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    warning_signs: tuple[WarningSign, ...] = ()
    coping_skills: tuple[CopingSkill, ...] = ()
    coping_links: tuple[CopingLink, ...] = ()
    supports: tuple[Support, ...] = ()
    safety_actions: tuple[SafetyAction, ...] = ()
    reasons_for_living: tuple[ReasonForLiving, ...] = ()
    routine: tuple[RoutineItem, ...] = ()
    lapses: tuple[Lapse, ...] = ()
    readiness_ratings: tuple[ReadinessRating, ...] = ()
    resources: tuple[Resource, ...] = ()

    @classmethod
    def new(
        cls,
        client: Client,
        *,
        plan_id: str = "plan-1",
        author: str = "unspecified",
        at: datetime | None = None,
    ) -> Plan:
        """Open a new, empty plan for a client (revision 1).

        Args:
            client: Who the plan is for.
            plan_id: The plan's id.
            author: Who opened it (a user id, not a name).
            at: When; now (UTC) if not given.

        Returns:
            A plan whose history holds the single [`OpenPlan`][strengthmodel.OpenPlan] change.

        Examples:
            >>> plan = Plan.new(Client(pseudonym="client-7"))
            >>> plan.revision, plan.id
            (1, 'plan-1')
        """
        opening = OpenPlan(plan_id=typing.cast("PlanId", plan_id), client=client)
        entry = HistoryEntry(revision=1, at=at or datetime.now(UTC), author=author, change=opening)
        return cls(id=opening.plan_id, client=client, revision=1, history=(entry,))

    def __repr__(self) -> str:
        """Summarise without any record content (records may be sensitive)."""
        return (
            f"Plan(id={self.id!r}, client={self.client.pseudonym!r}, "
            f"revision={self.revision}, records={sum(1 for _ in self.records())})"
        )

    def records(self) -> Iterator[AnyRecord]:
        """Iterate over every record kept by id, step by step."""
        for collection in COLLECTIONS.values():
            yield from getattr(self, collection)

    def ids(self) -> frozenset[str]:
        """Every record id in the plan."""
        return frozenset(r.id for r in self.records())

    @overload
    def get(self, record_id: str) -> AnyRecord: ...
    @overload
    def get(self, record_id: str, kind: type[R]) -> R: ...

    def get(self, record_id: str, kind: type[Record] | None = None) -> Record:
        """Look up a record by id, optionally checking its type.

        Args:
            record_id: The id.
            kind: The record type expected (``Goal``); the result is typed accordingly.

        Raises:
            UnknownRecordError: No record has that id (or none of that type does).

        Examples:
            >>> from strengthmodel import Goal, ops
            >>> plan = ops.set_goal(Plan.new(Client(pseudonym="c1")), "Walk daily", id="g1")
            >>> plan.get("g1", Goal).statement
            'Walk daily'
        """
        for record in self.records():
            if record.id == record_id and (kind is None or isinstance(record, kind)):
                return record
        raise UnknownRecordError(record_id, kind.kind if kind is not None else "record")

    def next_id(self, prefix: str) -> str:
        """Return the first free id of the form ``prefix-N`` (N = 1, 2, ...).

        Examples:
            >>> Plan.new(Client(pseudonym="c1")).next_id("goal")
            'goal-1'
        """
        taken = self.ids()
        number = 1 + sum(1 for i in taken if i.startswith(f"{prefix}-"))
        while f"{prefix}-{number}" in taken:
            number += 1
        return f"{prefix}-{number}"

    def links_for(self, trigger_id: str) -> tuple[CopingLink, ...]:
        """The coping links of one trigger, in the order they were made."""
        return tuple(link for link in self.coping_links if link.trigger_id == trigger_id)

    def referrers(self, record_id: str) -> tuple[AnyRecord, ...]:
        """The records that refer to ``record_id`` (coping links aside)."""
        return tuple(
            record
            for record in self.records()
            for name, _ in _references_of(type(record))
            if record_id in _as_ids(getattr(record, name))
        )

    def __attrs_post_init__(self) -> None:
        """Validate fields, then ids, history, and references between records."""
        super().__attrs_post_init__()
        dangling = list(self._dangling())
        if dangling:
            raise UnknownReferenceError(dangling)

    def _problems(self) -> Iterable[Problem]:
        seen: dict[str, str] = {}
        for collection in COLLECTIONS.values():
            for index, record in enumerate(getattr(self, collection)):
                where = f"{collection}[{index}]"
                if record.id in seen:
                    yield Problem(
                        f"{where}.id",
                        f"id {record.id!r} is already used by {seen[record.id]}",
                    )
                else:
                    seen[record.id] = where
        yield from unique_problems("priorities", [p.rank for p in self.priorities], "rank")
        yield from unique_problems(
            "coping_links",
            [(link.trigger_id, link.coping_skill_id) for link in self.coping_links],
            "trigger-to-coping link",
        )
        yield from self._history_problems()

    def _history_problems(self) -> Iterable[Problem]:
        if len(self.history) != self.revision:
            yield Problem(
                "history",
                f"expected {self.revision} history entries (one per revision), "
                f"got {len(self.history)}",
            )
        for index, entry in enumerate(self.history):
            if entry.revision != index + 1:
                yield Problem(
                    f"history[{index}].revision", f"expected {index + 1}, got {entry.revision}"
                )
        if self.history:
            first = self.history[0].change
            if not isinstance(first, OpenPlan):
                yield Problem("history[0].change", "expected the plan's opening (OpenPlan)")
            elif first.plan_id != self.id:
                yield Problem(
                    "history[0].change.plan_id",
                    f"expected the plan's id {self.id!r}, got {first.plan_id!r}",
                )
        for index, entry in enumerate(self.history[1:], start=1):
            if isinstance(entry.change, OpenPlan):
                yield Problem(f"history[{index}].change", "a plan is opened only once")

    def _dangling(self) -> Iterator[Problem]:
        present: dict[str, set[str]] = {
            collection: {r.id for r in getattr(self, collection)}
            for collection in COLLECTIONS.values()
        }
        # Coping links have no id of their own, but their fields are typed ids too.
        for collection in (*COLLECTIONS.values(), "coping_links"):
            for index, record in enumerate(getattr(self, collection)):
                if isinstance(record, CopingLink):
                    label = "coping link"
                else:
                    label = f"{record.kind} {record.id!r}"
                for name, id_type in _references_of(type(record)):
                    targets = _OWNERS[id_type]
                    for ref in _as_ids(getattr(record, name)):
                        if not any(ref in present[t] for t in targets):
                            yield Problem(
                                f"Plan.{collection}[{index}].{name}",
                                f"{label} refers to {_kind_label(targets)} {ref!r}, "
                                "which is not in the plan",
                            )


def _kind_label(collections: tuple[str, ...]) -> str:
    kinds = {c: k.kind for k, c in COLLECTIONS.items()}
    return " or ".join(kinds[c].replace("-", " ") for c in collections)


def require_record_type(record: object) -> str:
    """Return the plan collection a record belongs in.

    Raises:
        ValidationError: ``record`` is not a record type that a plan keeps.
    """
    collection = _COLLECTION_OF.get(type(record))
    if collection is None:
        names = ", ".join(t.__name__ for t in RECORD_TYPES)
        raise ValidationError(
            [Problem("record", f"expected one of {names}, got {type(record).__name__}")]
        )
    return collection
