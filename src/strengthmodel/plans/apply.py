"""Apply changes to plans, and rebuild a plan from its history.

[`apply`][strengthmodel.apply] is a pure function of the plan, the change and the
entry's metadata (author and time): it never mutates the plan it is given. Giving
``expected_revision`` makes it an optimistic-concurrency check for apps where
several people edit the same plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import attrs

from strengthmodel.errors import (
    ConflictError,
    Problem,
    UnknownRecordError,
    ValidationError,
)
from strengthmodel.plans.changes import (
    AddRecord,
    AnyChange,
    HistoryEntry,
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
from strengthmodel.plans.plan import COLLECTIONS, Plan, require_record_type
from strengthmodel.steps.goals import Goal

__all__ = ["apply", "replay"]


def apply(
    plan: Plan,
    change: AnyChange,
    *,
    author: str = "unspecified",
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Return a new plan with ``change`` applied and recorded in its history.

    Args:
        plan: The plan to change (left untouched).
        change: The change.
        author: Who makes the change (a user id, not a name).
        at: When; now (UTC) if not given. Pass it explicitly for reproducible histories.
        expected_revision: The revision the change was made against. When given and
            different from ``plan.revision``, the change is refused.

    Returns:
        The new plan, its revision one higher.

    Raises:
        ConflictError: ``expected_revision`` differs from the plan's revision.
        ValidationError: The change does not fit the plan (a duplicate id, a record
            that other records still refer to, a dangling reference, ...).
        UnknownRecordError: The change names a record the plan does not hold.

    Examples:
        >>> from strengthmodel import Client, SetStage, StageOfChange
        >>> plan = Plan.new(Client(pseudonym="c1"))
        >>> apply(plan, SetStage(stage=StageOfChange.PREPARATION)).revision
        2
        >>> apply(plan, SetStage(stage=None), expected_revision=5)
        Traceback (most recent call last):
        ...
        strengthmodel.errors.ConflictError: the plan is at revision 1, ...
    """
    if expected_revision is not None and expected_revision != plan.revision:
        raise ConflictError(expected=expected_revision, actual=plan.revision)
    handler = _HANDLERS.get(type(change))
    if handler is None:
        raise ValidationError(
            [Problem("change", f"expected a plan change, got {type(change).__name__}")]
        )
    entry = HistoryEntry(
        revision=plan.revision + 1,
        at=at or datetime.now(UTC),
        author=author,
        change=change,
    )
    updates: dict[str, Any] = handler(plan, change)
    return attrs.evolve(plan, revision=entry.revision, history=(*plan.history, entry), **updates)


def replay(history: Iterable[HistoryEntry]) -> Plan:
    """Rebuild a plan from its history, applying each change in turn.

    ``replay(plan.history) == plan`` for every plan built by [`apply`][strengthmodel.apply].
    Replaying a prefix of the history gives the plan as it was at that revision.

    Raises:
        ValidationError: The history is empty, does not start with an
            [`OpenPlan`][strengthmodel.OpenPlan], skips a revision, or holds a change
            that does not apply.

    Examples:
        >>> from strengthmodel import Client
        >>> plan = Plan.new(Client(pseudonym="c1"))
        >>> replay(plan.history) == plan
        True
    """
    entries = tuple(history)
    if not entries or not isinstance(entries[0].change, OpenPlan):
        raise ValidationError(
            [Problem("history[0]", "expected a history that starts by opening a plan")]
        )
    first = entries[0]
    opening = entries[0].change
    if first.revision != 1:
        problem = Problem("history[0].revision", f"expected 1, got {first.revision}")
        raise ValidationError([problem])
    plan = Plan(id=opening.plan_id, client=opening.client, revision=1, history=(first,))
    for index, entry in enumerate(entries[1:], start=1):
        if entry.revision != plan.revision + 1:
            raise ValidationError(
                [
                    Problem(
                        f"history[{index}].revision",
                        f"expected {plan.revision + 1}, got {entry.revision}",
                    )
                ]
            )
        try:
            plan = apply(plan, entry.change, author=entry.author, at=entry.at)
        except ValidationError as error:
            where = f"history[{index}]"
            raise error.prefixed(where) from None
    return plan


Handler = Callable[[Plan, Any], dict[str, object]]


def _open(plan: Plan, change: OpenPlan) -> dict[str, object]:
    del plan, change
    raise ValidationError([Problem("change", "a plan is opened only once; use UpdateClient")])


def _update_client(plan: Plan, change: UpdateClient) -> dict[str, object]:
    del plan
    return {"client": change.client}


def _add(plan: Plan, change: AddRecord) -> dict[str, object]:
    collection = require_record_type(change.record)
    if change.record.id in plan.ids():
        raise ValidationError(
            [Problem("record.id", f"the plan already has a record with id {change.record.id!r}")]
        )
    return {collection: (*getattr(plan, collection), change.record)}


def _replace(plan: Plan, change: ReplaceRecord) -> dict[str, object]:
    collection = require_record_type(change.record)
    current = plan.get(change.record.id)
    if type(current) is not type(change.record):
        raise ValidationError(
            [
                Problem(
                    "record",
                    f"record {current.id!r} is a {current.kind}, "
                    f"not a {change.record.kind}; remove it and add the new record",
                )
            ]
        )
    records = getattr(plan, collection)
    return {collection: tuple(change.record if r.id == current.id else r for r in records)}


def _remove(plan: Plan, change: RemoveRecord) -> dict[str, object]:
    target = plan.get(change.record_id)
    users = plan.referrers(target.id)
    if users:
        names = ", ".join(f"{r.kind} {r.id!r}" for r in users)
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
    updates: dict[str, object] = {
        collection: tuple(r for r in getattr(plan, collection) if r.id != target.id)
    }
    links = tuple(
        link
        for link in plan.coping_links
        if target.id not in (link.trigger_id, link.coping_skill_id)
    )
    if len(links) != len(plan.coping_links):
        updates["coping_links"] = links
    return updates


def _set_stage(plan: Plan, change: SetStage) -> dict[str, object]:
    del plan
    return {"stage": change.stage}


def _set_readiness(plan: Plan, change: SetReadiness) -> dict[str, object]:
    del plan
    return {"readiness": change.readiness}


def _link(plan: Plan, change: LinkCoping) -> dict[str, object]:
    new = change.link
    key = (new.trigger_id, new.coping_skill_id)
    links = plan.coping_links
    if any((link.trigger_id, link.coping_skill_id) == key for link in links):
        links = tuple(
            new if (link.trigger_id, link.coping_skill_id) == key else link for link in links
        )
    else:
        links = (*links, new)
    return {"coping_links": links}


def _unlink(plan: Plan, change: UnlinkCoping) -> dict[str, object]:
    key = (change.trigger_id, change.coping_skill_id)
    links = tuple(
        link for link in plan.coping_links if (link.trigger_id, link.coping_skill_id) != key
    )
    if len(links) == len(plan.coping_links):
        missing = f"{change.trigger_id}->{change.coping_skill_id}"
        raise UnknownRecordError(missing, "coping link")
    return {"coping_links": links}


def _attain(plan: Plan, change: RecordAttainment) -> dict[str, object]:
    goal = plan.get(change.goal_id, Goal)
    latest = goal.latest
    if latest is not None and change.attainment.rated_on <= latest.rated_on:
        raise ValidationError(
            [
                Problem(
                    "attainment.rated_on",
                    f"goal {goal.id!r} was last rated on {latest.rated_on.isoformat()}; "
                    "a new rating must come after it",
                )
            ]
        )
    updated = attrs.evolve(goal, attainments=(*goal.attainments, change.attainment))
    return {"goals": tuple(updated if g.id == goal.id else g for g in plan.goals)}


_HANDLERS: dict[type, Handler] = {
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
