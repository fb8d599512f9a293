"""The plan: an immutable aggregate of one client's records across the seven steps.

A plan holds every record by id (ids are unique across the whole plan), the client's
stage of change and readiness, the coping links between triggers and coping skills,
its revision number and its full change history. References between records are
checked when a plan is built: a plan with a dangling reference cannot exist.

Plans are changed only by [`apply`][strengthmodel.apply], which returns a new plan.
"""

from __future__ import annotations

import enum
import hmac
import types
import typing
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar, overload

import attrs

from strengthmodel._fields import Record, describe_in, meta, trusted, unique_problems
from strengthmodel._model import (
    INT64_MAX,
    DateTimeType,
    DateType,
    EnumType,
    FieldType,
    IntType,
    RecordType,
    SequenceType,
    UnionType,
    describe,
    inner,
)
from strengthmodel._wire.formats import TAG
from strengthmodel.client import Client
from strengthmodel.errors import (
    Problem,
    Segment,
    UnknownRecordError,
    UnknownReferenceError,
    ValidationError,
)
from strengthmodel.ids import PlanId, plain_id
from strengthmodel.plans._index import PlanIndex
from strengthmodel.plans._transitions import (
    check_references,
    quick_transition,
    referrers,
    transition,
)
from strengthmodel.plans.changes import (
    GENESIS_DIGEST,
    HistoryEntry,
    OpenPlan,
    chain_entry,
    chain_intact,
    entry_digest,
)
from strengthmodel.plans.registry import COLLECTIONS, AnyRecord
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

__all__ = ["COLLECTIONS", "Plan", "make_plan", "rebuild"]

R = TypeVar("R", bound=Record)


class _IndexSlot:
    """Gives plans a slot for their id index, outside the attrs fields.

    Outside the fields, the index is never compared, written or validated.
    """

    __slots__ = ("_index",)


@attrs.frozen(kw_only=True, repr=False)
class Plan(Record, _IndexSlot):
    """One client's strength-based plan, across all seven steps.

    Build a new plan with [`Plan.new`][strengthmodel.Plan.new] and change it with
    [`apply`][strengthmodel.apply] (or the operations and the builder, which apply
    changes for you). Every plan carries its history, and
    [`replay`][strengthmodel.replay] of that history rebuilds the plan exactly.

    The history is the source of truth. A plan built any other way (the constructor,
    ``attrs.evolve``, [`loads`][strengthmodel.loads]) is checked against it: its
    history's hash chain must be intact and replaying the history must give exactly
    the plan's records, or a [`ValidationError`][strengthmodel.ValidationError] names
    the first entry or field that disagrees. That check is linear in the size of the
    plan; [`apply`][strengthmodel.apply] itself only checks what a change touches.

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

    id: PlanId = attrs.field(converter=plain_id)
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
        author: str,
        at: datetime | None = None,
    ) -> Plan:
        """Open a new, empty plan for a client (revision 1).

        Args:
            client: Who the plan is for.
            plan_id: The plan's id. The default, ``"plan-1"``, suits a single plan; an
                app that stores many should give each its own id (a caseload file
                with two plans of one id is refused by ``strengthmodel validate``).
            author: Who opened it (a user id, not a name).
            at: When; now (UTC) if not given.

        Returns:
            A plan whose history holds the single [`OpenPlan`][strengthmodel.OpenPlan] change.

        Examples:
            >>> plan = Plan.new(Client(pseudonym="client-7"), author="dr-lee")
            >>> plan.revision, plan.id
            (1, 'plan-1')
        """
        opening = OpenPlan(plan_id=typing.cast("PlanId", plan_id), client=client)
        entry = chain_entry(
            GENESIS_DIGEST,
            revision=1,
            at=at or datetime.now(UTC),
            author=author,
            change=opening,
        )
        return rebuild((entry,))

    def __repr__(self) -> str:
        """Summarise without any record content (records may be sensitive)."""
        return (
            f"Plan(id={self.id!r}, client={self.client.pseudonym!r}, "
            f"revision={self.revision}, records={sum(1 for _ in self.records())})"
        )

    def _display_html_(self, *, include_sensitive: bool) -> str:
        from strengthmodel.plans._display import plan_html  # noqa: PLC0415 - Jupyter display, on use

        return plan_html(self, include_sensitive=include_sensitive)

    def _repr_html_(self) -> str:
        return self._display_html_(include_sensitive=False)

    def _repr_markdown_(self) -> str:
        from strengthmodel.plans._display import plan_markdown  # noqa: PLC0415 - Jupyter display, on use

        return plan_markdown(self)

    def records(self) -> Iterator[AnyRecord]:
        """Iterate over every record kept by id, step by step."""
        for collection in COLLECTIONS.values():
            yield from getattr(self, collection)

    def ids(self) -> frozenset[str]:
        """Every record id in the plan."""
        index = self._live_index()
        if index is not None:
            return frozenset(index.records)
        return frozenset(r.id for r in self.records())

    @property
    def head_digest(self) -> str:
        """The digest of the newest history entry: it commits to the whole history."""
        return self.history[-1].digest

    def _signature_payload(self) -> bytes:
        """What a keyed signature of this plan covers: the head of its hash chain."""
        return self.head_digest.encode("ascii")

    def _live_index(self) -> PlanIndex | None:
        index: PlanIndex | None = getattr(self, "_index", None)
        if index is not None and index.follows(self):
            return index
        return None

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
            >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
            >>> plan = ops.add_goal(plan, "Walk daily", id="g1", author="dr-lee")
            >>> plan.get("g1", Goal).statement
            'Walk daily'
        """
        index = self._live_index()
        candidates: Iterable[Record] = self.records()
        if index is not None:
            found = index.records.get(record_id)
            candidates = () if found is None else (found,)
        other: str | None = None
        for record in candidates:
            if record.id == record_id:  # type: ignore[attr-defined]
                if kind is None or isinstance(record, kind):
                    return record
                other = record.kind
        raise UnknownRecordError(
            record_id, kind.kind if kind is not None else "record", found=other
        )

    def next_id(self, prefix: str) -> str:
        """Return the first free id of the form ``prefix-N`` (N = 1, 2, ...).

        Examples:
            >>> Plan.new(Client(pseudonym="c1"), author="dr-lee").next_id("goal")
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
        return typing.cast("tuple[AnyRecord, ...]", referrers(self, record_id))

    def __attrs_post_init__(self) -> None:
        """Validate fields, ids and references, then prove the plan equals its history."""
        super().__attrs_post_init__()
        try:
            rebuilt = rebuild(self.history)
        except ValidationError as error:
            raise error.prefixed("Plan") from None
        if rebuilt != self:
            # Replaying checks every reference, so a snapshot equal to its replay has none
            # dangling; only a snapshot that differs needs the more specific report.
            dangling = list(self._dangling())
            if dangling:
                raise UnknownReferenceError(dangling)
            raise ValidationError([_first_difference(self, rebuilt)])
        index: PlanIndex = rebuilt._index  # type: ignore[attr-defined] # noqa: SLF001 - the slot from _IndexSlot
        index.hand_to(self)
        object.__setattr__(self, "_index", index)

    def _problems(self) -> Iterable[Problem]:
        seen: dict[str, str] = {}
        for collection in COLLECTIONS.values():
            for index, record in enumerate(getattr(self, collection)):
                where = f"{collection}[{index}]"
                if record.id in seen:
                    yield Problem.at(
                        (collection, index, "id"),
                        f"id {record.id!r} is already used by {seen[record.id]}",
                    )
                else:
                    seen[record.id] = where
        yield from unique_problems(("priorities",), [p.rank for p in self.priorities], "rank")
        yield from unique_problems(
            ("coping_links",),
            [(link.trigger_id, link.coping_skill_id) for link in self.coping_links],
            "trigger-to-coping link",
        )
        yield from self._history_problems()

    def _history_problems(self) -> Iterable[Problem]:
        if len(self.history) != self.revision:
            # The history is the record of what happened: a revision that disagrees
            # with it is the field in error.
            yield Problem(
                "revision",
                f"expected {len(self.history)} (one per history entry), got {self.revision}",
            )
        for index, entry in enumerate(self.history):
            if entry.revision != index + 1:
                yield Problem.at(
                    ("history", index, "revision"), f"expected {index + 1}, got {entry.revision}"
                )
        if self.history:
            first = self.history[0].change
            if not isinstance(first, OpenPlan):
                yield Problem.at(("history", 0, "change"), "expected the plan's opening (OpenPlan)")
            elif first.plan_id != self.id:
                yield Problem.at(
                    ("history", 0, "change", "plan_id"),
                    f"expected the plan's id {self.id!r}, got {first.plan_id!r}",
                )
        for index, entry in enumerate(self.history[1:], start=1):
            if isinstance(entry.change, OpenPlan):
                yield Problem.at(("history", index, "change"), "a plan is opened only once")

    def _dangling(self) -> Iterator[Problem]:
        index = PlanIndex.build(self.records())
        # Coping links have no id of their own, but their fields are typed ids too.
        for collection in (*COLLECTIONS.values(), "coping_links"):
            for position, record in enumerate(getattr(self, collection)):
                try:
                    check_references(record, index, "Plan", collection, position)
                except UnknownReferenceError as error:
                    yield from error.problems


def make_plan(values: dict[str, Any], index: PlanIndex) -> Plan:
    """Build a plan from values already known to be valid, handing it ``index``.

    For the library's own transitions only; see
    [`trusted`][strengthmodel._fields.trusted].
    """
    plan = trusted(Plan, values)
    index.hand_to(plan)
    object.__setattr__(plan, "_index", index)
    return plan


def rebuild(history: Iterable[HistoryEntry]) -> Plan:
    """Replay a history from nothing, checking its hash chain, in linear time.

    Raises:
        ValidationError: An entry is not a history entry, is out of order, breaks the
            hash chain, or holds a change that does not apply (the path names the
            entry: ``history[3].digest``, ``history[5].change.record.id``).
    """
    entries = tuple(history)
    _check_opening(entries)
    opening = typing.cast("OpenPlan", entries[0].change)
    state = types.SimpleNamespace(
        **{f.name: f.default for f in attrs.fields(Plan) if f.default is not attrs.NOTHING}
    )
    state.id, state.client = opening.plan_id, opening.client
    index = PlanIndex()
    previous = GENESIS_DIGEST
    # The chain is checked in one pass first; only a broken one is checked entry by
    # entry, interleaved with the changes, so that the first problem is still named.
    intact = chain_intact(entries)
    pending: dict[str, list[Any]] = {}  # collections appended to by quick transitions
    for position, entry in enumerate(entries):
        if not intact:
            _check_entry(("history", position), position, entry, previous)
            previous = entry.digest
        if position == 0 or quick_transition(state, entry.change, index, pending):
            continue
        _write_back(state, pending)
        where = ("history", position)
        try:
            outcome = transition(state, entry.change, index)
        except ValidationError as error:
            raise error.prefixed(*where, "change") from None
        except UnknownRecordError as error:
            problem = Problem.at((*where, "change"), str(error))
            raise ValidationError([problem]) from None
        outcome.follow(index)
        for name, value in outcome.updates.items():
            setattr(state, name, value)
    _write_back(state, pending)
    state.revision = len(entries)
    state.history = entries
    return make_plan(vars(state), index)


def _write_back(state: types.SimpleNamespace, pending: dict[str, list[Any]]) -> None:
    for name, items in pending.items():
        setattr(state, name, tuple(items))
    pending.clear()


def _check_entry(where: tuple[Segment, ...], position: int, entry: object, previous: str) -> None:
    """Check one entry's type, revision and digest (given the digest before it)."""
    if type(entry) is not HistoryEntry:
        raise ValidationError(
            [Problem.at(where, f"expected a HistoryEntry, got {type(entry).__name__}")]
        )
    if entry.revision != position + 1:
        raise ValidationError(
            [Problem.at((*where, "revision"), f"expected {position + 1}, got {entry.revision}")]
        )
    if not hmac.compare_digest(entry.digest, entry_digest(previous, entry)):
        raise ValidationError(
            [
                Problem.at(
                    (*where, "digest"),
                    "the entry does not match its digest: it, or the order of the "
                    "entries up to it, was changed after it was written",
                )
            ]
        )


def _check_opening(entries: tuple[HistoryEntry, ...]) -> None:
    if not entries or not isinstance(getattr(entries[0], "change", None), OpenPlan):
        raise ValidationError(
            [Problem.at(("history", 0), "expected a history that starts by opening a plan")]
        )


def _first_difference(snapshot: Plan, history: Plan) -> Problem:
    """The first place (in document order) where a snapshot differs from its history."""
    from strengthmodel.serialization import to_dict  # noqa: PLC0415 - loaded on first use

    found = _diff(to_dict(snapshot), to_dict(history), ("Plan",), RecordType(Plan))
    assert found is not None  # noqa: S101 - only called when the two differ
    return found


def _diff(  # noqa: C901, PLR0911 - one return per kind of difference
    actual: object, expected: object, path: tuple[Segment, ...], kind: FieldType | None
) -> Problem | None:
    """The first difference, ``kind`` being the field model's description of this place.

    Values are described as their field allows (an id or a number is named, text never),
    so a client's name in a snapshot does not end up in the message.
    """
    if type(actual) is dict and type(expected) is dict:
        for key in (*expected, *(k for k in actual if k not in expected)):
            if key not in actual:
                return Problem.at((*path, key), "missing from the snapshot, but the history has it")
            if key not in expected:
                return Problem.at((*path, key), "in the snapshot, but not in the history")
            found = _diff(actual[key], expected[key], (*path, key), _child(kind, expected, key))
            if found is not None:
                return found
        return None
    if type(actual) is list and type(expected) is list:
        item = kind.item if isinstance(kind, SequenceType) else None
        for position, (a, e) in enumerate(zip(actual, expected, strict=False)):
            found = _diff(a, e, (*path, position), item)
            if found is not None:
                return found
        if len(actual) < len(expected):
            return Problem.at(
                (*path, len(actual)),
                "missing from the snapshot: replaying the history gives an item here",
            )
        if len(actual) > len(expected):
            return Problem.at(
                (*path, len(expected)),
                "the snapshot has an item here that replaying the history does not give",
            )
        return None
    if type(actual) is type(expected) and actual == expected:
        return None
    if kind is not None and isinstance(inner(kind)[0], DateType | DateTimeType):
        what = "date" if isinstance(inner(kind)[0], DateType) else "date and time"
        return Problem.at(
            path, f"the snapshot has a different {what} than replaying the history gives"
        )
    return Problem.at(
        path,
        f"the snapshot has {describe_in(kind, actual, wire=True)}, but replaying the history "
        f"gives {describe_in(kind, expected, wire=True)}",
    )


def _child(kind: FieldType | None, container: dict[str, Any], key: str) -> FieldType | None:
    """The description of ``container[key]``, given the description of ``container``."""
    if kind is None:
        return None
    kind = inner(kind)[0]
    cls: type | None = None
    if isinstance(kind, RecordType):
        cls = kind.cls
    elif isinstance(kind, UnionType):
        kinds = {getattr(m, "kind", None): m for m in kind.members}
        if key == TAG:  # its codes are the members' kinds: an enum of them describes it
            kinds_enum = typing.cast(
                "type[enum.Enum]", enum.Enum("Kinds", {str(k): k for k in kinds})
            )
            return EnumType(kinds_enum)
        cls = kinds.get(container.get(TAG))
    if cls is None:
        return None
    if cls is Plan and key == "version":
        return IntType(1, INT64_MAX, declared=True)
    return next((f.type for f in describe(cls) if f.name == key), None)
