"""What each kind of change does to a plan's values, checked against the plan's id index.

Each transition reads the plan's current values (any object with the plan's
attributes: a [`Plan`][strengthmodel.Plan] when applying one change, a scratch
namespace while replaying a whole history) and returns the attributes that change,
plus the records added and removed so that the id index can follow. It checks only
what the change touches, against the index: a new id is unused, the references a new
record makes exist, a record that is removed is no longer referred to. Everything
else about the records was checked when they were built, so applying a change costs
time in proportion to the change, not to the plan.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import attrs

from strengthmodel._fields import Record
from strengthmodel.errors import (
    Problem,
    Segment,
    UnknownRecordError,
    UnknownReferenceError,
    ValidationError,
)
from strengthmodel.plans._index import PlanIndex
from strengthmodel.plans.changes import (
    AddRecord,
    AnyChange,
    LinkCoping,
    OpenPlan,
    RecordAttainment,
    RemoveRecord,
    ReplaceRecord,
    SetReadiness,
    SetStage,
    UnlinkCoping,
    UpdateClient,
)
from strengthmodel.plans.registry import (
    COLLECTIONS,
    OWNERS,
    RECORD_TYPES,
    REGISTRY,
    as_ids,
    collection_label,
    references_of,
)
from strengthmodel.steps.engagement import Priority
from strengthmodel.steps.goals import Goal
from strengthmodel.steps.staying_well import CopingLink, CopingSkill, Trigger

__all__ = ["Outcome", "quick_transition", "require_change", "transition"]


class Outcome(NamedTuple):
    """What a change does: the plan attributes that change, and what the index must follow."""

    updates: dict[str, object]
    added: tuple[Record, ...] = ()
    removed: tuple[Record, ...] = ()
    linked: tuple[CopingLink, ...] = ()
    unlinked: tuple[CopingLink, ...] = ()

    def follow(self, index: PlanIndex) -> None:
        """Update ``index`` to describe the plan after this change."""
        kept = {typing.cast("Any", r).id for r in self.added}
        for record in self.removed:
            index.discard(record)
            record_id = typing.cast("Any", record).id
            if record_id not in kept:  # gone, not replaced: later records move up one
                start = index.position.pop(record_id)
                records = typing.cast("tuple[Any, ...]", self.updates[COLLECTIONS[type(record)]])  # type: ignore[index]
                for position in range(start, len(records)):
                    index.position[records[position].id] = position
        for record in self.added:
            index.add(record)
            record_id = typing.cast("Any", record).id
            if record_id not in index.position:
                collection = self.updates[COLLECTIONS[type(record)]]  # type: ignore[index]
                index.position[record_id] = len(typing.cast("tuple[Any, ...]", collection)) - 1
        if self.linked or self.unlinked:
            self._follow_links(index)

    def _follow_links(self, index: PlanIndex) -> None:
        links = typing.cast("tuple[CopingLink, ...]", self.updates["coping_links"])
        starts = [index.position.pop(_key(link)) for link in self.unlinked]
        for link in self.unlinked:
            del index.links[_key(link)]
        for link in self.linked:
            index.links[_key(link)] = link
        if len(starts) == len(self.linked) == 1 and _key(self.linked[0]) == _key(self.unlinked[0]):
            index.position[_key(self.linked[0])] = starts[0]  # relinked in place
            return
        start = min(starts, default=len(links) - len(self.linked))
        for position in range(max(start, 0), len(links)):
            index.position[_key(links[position])] = position


def _key(link: CopingLink) -> tuple[str, str]:
    return (link.trigger_id, link.coping_skill_id)


def _swap(records: tuple[Any, ...], position: int, new: object) -> tuple[Any, ...]:
    """``records`` with the item at ``position`` replaced by ``new``."""
    return (*records[:position], new, *records[position + 1 :])


Transition = Callable[[Any, Any, PlanIndex], Outcome]


def transition(view: Any, change: AnyChange, index: PlanIndex) -> Outcome:  # noqa: ANN401 - a Plan or a scratch namespace with its attributes
    """Check ``change`` against the plan's values and index, and say what it changes.

    Raises:
        ValidationError: The change is not a plan change, or does not fit the plan.
        UnknownReferenceError: A record it adds refers to an id the plan lacks.
        UnknownRecordError: It names a record the plan does not hold.
    """
    handler = _HANDLERS.get(type(change))
    if handler is None:
        raise ValidationError(
            [Problem("change", f"expected a plan change, got {type(change).__name__}")]
        )
    return handler(view, change, index)


def require_change(change: object) -> None:
    """Raise our error unless ``change`` is a plan change."""
    if type(change) not in _HANDLERS:
        raise ValidationError(
            [Problem("change", f"expected a plan change, got {type(change).__name__}")]
        )


def _collection_of(record: object) -> str:
    collection = _COLLECTION_OF.get(type(record))
    if collection is None:
        names = ", ".join(t.__name__ for t in RECORD_TYPES)
        raise ValidationError(
            [Problem("record", f"expected one of {names}, got {type(record).__name__}")]
        )
    return collection


_COLLECTION_OF: dict[type, str] = dict(COLLECTIONS)


def _find(view: Any, index: PlanIndex, record_id: str, kind: type[Record] | None = None) -> Any:  # noqa: ANN401 - any record type
    del view
    record = index.records.get(record_id)
    if record is not None and (kind is None or isinstance(record, kind)):
        return record
    raise UnknownRecordError(
        record_id,
        kind.kind if kind is not None else "record",
        found=None if record is None else record.kind,
    )


def _positions(value: object) -> Iterator[tuple[tuple[int, ...], str]]:
    """Each id a reference field holds, with its index when the field holds several."""
    if isinstance(value, tuple):
        yield from (((position,), ref) for position, ref in enumerate(value))
    elif value is not None:
        yield (), typing.cast("str", value)


def check_references(record: Any, index: PlanIndex, *path: Segment) -> None:  # noqa: ANN401 - any record type
    """Raise if ``record`` refers to an id the index does not hold in the right collection."""
    label = "coping link" if not hasattr(record, "id") else f"{record.kind} {record.id!r}"
    problems = [
        Problem.at(
            (*path, name, *where),
            f"{label} refers to {collection_label(OWNERS[id_type])} {ref!r}, "
            "which is not in the plan",
        )
        for name, id_type in references_of(type(record))
        for where, ref in _positions(getattr(record, name))
        if index.collection(ref) not in OWNERS[id_type]
    ]
    if problems:
        raise UnknownReferenceError(problems)


def _check_rank(view: Any, record: Record) -> None:  # noqa: ANN401 - a plan's values
    if isinstance(record, Priority):
        for other in view.priorities:
            if other.rank == record.rank and other.id != record.id:
                raise ValidationError(
                    [
                        Problem.at(
                            ("record", "rank"),
                            f"rank {record.rank} is already held by priority {other.id!r}",
                        )
                    ]
                )


def referrers(view: Any, record_id: str) -> tuple[Record, ...]:  # noqa: ANN401 - a plan's values
    """The records that refer to ``record_id`` (coping links aside), in plan order."""
    return tuple(
        record
        for entry in REGISTRY
        for record in getattr(view, entry.collection)
        for name, _ in references_of(type(record))
        if record_id in as_ids(getattr(record, name))
    )


def _open(view: Any, change: OpenPlan, index: PlanIndex) -> Outcome:  # noqa: ANN401
    del view, change, index
    raise ValidationError([Problem("change", "a plan is opened only once; use UpdateClient")])


def _update_client(view: Any, change: UpdateClient, index: PlanIndex) -> Outcome:  # noqa: ANN401
    del view, index
    return Outcome({"client": change.client})


def _add(view: Any, change: AddRecord, index: PlanIndex) -> Outcome:  # noqa: ANN401
    record = change.record
    collection = _collection_of(record)
    if record.id in index.records:
        raise ValidationError(
            [Problem("record.id", f"the plan already has a record with id {record.id!r}")]
        )
    check_references(record, index, "record")
    _check_rank(view, record)
    return Outcome({collection: (*getattr(view, collection), record)}, added=(record,))


def _replace(view: Any, change: ReplaceRecord, index: PlanIndex) -> Outcome:  # noqa: ANN401
    record = change.record
    collection = _collection_of(record)
    current = _find(view, index, record.id)
    if type(current) is not type(record):
        raise ValidationError(
            [
                Problem(
                    "record",
                    f"record {current.id!r} is a {current.kind}, "
                    f"not a {record.kind}; remove it and add the new record",
                )
            ]
        )
    check_references(record, index, "record")
    _check_rank(view, record)
    records = _swap(getattr(view, collection), index.position[record.id], record)
    return Outcome({collection: records}, added=(record,), removed=(current,))


def _remove(view: Any, change: RemoveRecord, index: PlanIndex) -> Outcome:  # noqa: ANN401
    target = _find(view, index, change.record_id)
    if index.refcount.get(target.id):
        users = referrers(view, target.id)
        names = ", ".join(f"{r.kind} {r.id!r}" for r in users)  # type: ignore[attr-defined]
        raise ValidationError(
            [
                Problem(
                    "record_id",
                    f"cannot remove {target.kind} {target.id!r}: {names} still "
                    f"{'refers' if len(users) == 1 else 'refer'} to it",
                )
            ]
        )
    collection = COLLECTIONS[type(target)]
    records = getattr(view, collection)
    position = index.position[target.id]
    updates: dict[str, object] = {collection: (*records[:position], *records[position + 1 :])}
    unlinked: tuple[CopingLink, ...] = ()
    if isinstance(target, Trigger | CopingSkill):
        unlinked = tuple(
            link
            for link in view.coping_links
            if target.id in (link.trigger_id, link.coping_skill_id)
        )
        if unlinked:
            gone = set(map(id, unlinked))
            updates["coping_links"] = tuple(l for l in view.coping_links if id(l) not in gone)  # noqa: E741
    return Outcome(updates, removed=(target,), unlinked=unlinked)


def _set_stage(view: Any, change: SetStage, index: PlanIndex) -> Outcome:  # noqa: ANN401
    del view, index
    return Outcome({"stage": change.stage})


def _set_readiness(view: Any, change: SetReadiness, index: PlanIndex) -> Outcome:  # noqa: ANN401
    del view, index
    return Outcome({"readiness": change.readiness})


def _link(view: Any, change: LinkCoping, index: PlanIndex) -> Outcome:  # noqa: ANN401
    new = change.link
    check_references(new, index, "link")
    old = index.links.get((new.trigger_id, new.coping_skill_id))
    if old is not None:
        links = _swap(view.coping_links, index.position[_key(old)], new)
        return Outcome({"coping_links": links}, linked=(new,), unlinked=(old,))
    return Outcome({"coping_links": (*view.coping_links, new)}, linked=(new,))


def _unlink(view: Any, change: UnlinkCoping, index: PlanIndex) -> Outcome:  # noqa: ANN401
    old = index.links.get((change.trigger_id, change.coping_skill_id))
    if old is None:
        missing = f"{change.trigger_id}->{change.coping_skill_id}"
        raise UnknownRecordError(missing, "coping link")
    position = index.position[_key(old)]
    links = (*view.coping_links[:position], *view.coping_links[position + 1 :])
    return Outcome({"coping_links": links}, unlinked=(old,))


def _attain(view: Any, change: RecordAttainment, index: PlanIndex) -> Outcome:  # noqa: ANN401
    goal = _find(view, index, change.goal_id, Goal)
    latest = goal.latest
    kept = goal.attainments
    if latest is not None and change.attainment.rated_on == latest.rated_on:
        # A correction of the latest rating, made the same day: it supersedes the
        # rating it corrects (the history keeps both changes).
        kept = kept[:-1]
    elif latest is not None and change.attainment.rated_on < latest.rated_on:
        raise ValidationError(
            [
                Problem.at(
                    ("attainment", "rated_on"),
                    f"goal {goal.id!r} was last rated on {latest.rated_on.isoformat()}; "
                    "a new rating must come on or after that day (the same day corrects it)",
                )
            ]
        )
    updated = attrs.evolve(goal, attainments=(*kept, change.attainment))
    goals = _swap(view.goals, index.position[goal.id], updated)
    return Outcome({"goals": goals}, added=(updated,), removed=(goal,))


_REFERENCE_OWNERS: dict[type, tuple[tuple[str, tuple[str, ...]], ...]] = {}


def _held_references(record: Any, index: PlanIndex) -> list[str] | None:  # noqa: ANN401 - any record type
    """The ids ``record`` refers to, if each names a record of the right kind, else ``None``."""
    table = _REFERENCE_OWNERS.get(type(record))
    if table is None:
        table = tuple((name, OWNERS[id_type]) for name, id_type in references_of(type(record)))
        _REFERENCE_OWNERS[type(record)] = table
    held = index.records
    found: list[str] = []
    for name, owners in table:
        for ref in as_ids(getattr(record, name)):
            target = held.get(ref)
            if target is None or COLLECTIONS[type(target)] not in owners:  # type: ignore[index]
                return None
            found.append(ref)
    return found


def quick_transition(
    view: Any,  # noqa: ANN401 - a scratch namespace with a plan's attributes
    change: object,
    index: PlanIndex,
    pending: dict[str, list[Any]],
) -> bool:
    """Apply the common change of a replay in place, if it fits without question.

    Adding a record (other than a ranked priority) with a new id and references that
    all exist, or linking a new trigger-to-coping pair, appends to a list in
    ``pending`` (collection name to its records so far) and updates ``index`` exactly
    as [`transition`][strengthmodel.plans._transitions.transition] and
    ``Outcome.follow`` would, without building a new tuple per change. Returns
    ``False``, having changed nothing, for any other change or any doubt: the caller
    then writes ``pending`` back to ``view`` and takes the general path, which checks
    in full and names any problem.
    """
    kind = type(change)
    if kind is AddRecord:
        record: Any = typing.cast("AddRecord", change).record
        collection = _COLLECTION_OF.get(type(record))
        if collection is None or type(record) is Priority or record.id in index.records:
            return False
        refs = _held_references(record, index)
        if refs is None:
            return False
        items = pending.get(collection)
        if items is None:
            items = pending[collection] = list(getattr(view, collection))
        items.append(record)
        index.records[record.id] = record
        for ref in refs:
            index.refcount[ref] += 1
        index.position[record.id] = len(items) - 1  # a new id: no position yet
        return True
    if kind is LinkCoping:
        link = typing.cast("LinkCoping", change).link
        key = _key(link)
        if key in index.links or _held_references(link, index) is None:
            return False
        items = pending.get("coping_links")
        if items is None:
            items = pending["coping_links"] = list(view.coping_links)
        items.append(link)
        index.links[key] = link
        index.position[key] = len(items) - 1
        return True
    return False


_HANDLERS: dict[type, Transition] = {
    OpenPlan: _open,
    UpdateClient: _update_client,
    AddRecord: _add,
    ReplaceRecord: _replace,
    RemoveRecord: _remove,
    SetStage: _set_stage,
    SetReadiness: _set_readiness,
    LinkCoping: _link,
    UnlinkCoping: _unlink,
    RecordAttainment: _attain,
}
