"""Apply changes to plans, and rebuild a plan from its history.

[`apply`][strengthmodel.apply] is a pure function of the plan, the change and the
entry's metadata (author and time): it never mutates the plan it is given. Giving
``expected_revision`` makes it an optimistic-concurrency check for apps where
several people edit the same plan.

Applying a change checks only what the change touches (see
``strengthmodel.plans._transitions``), so building a plan change by change, or
replaying its history, takes time in proportion to the number of changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import attrs

from strengthmodel._fields import exact_number
from strengthmodel.errors import ConflictError, Problem, ValidationError
from strengthmodel.plans._index import PlanIndex
from strengthmodel.plans._transitions import require_change, transition
from strengthmodel.plans.changes import AnyChange, HistoryEntry, chain_entry
from strengthmodel.plans.plan import Plan, make_plan, rebuild

__all__ = ["apply", "check_expected_revision", "next_entry", "replay"]

_FIELDS: tuple[str, ...] = tuple(f.name for f in attrs.fields(Plan))


def apply(
    plan: Plan,
    change: AnyChange,
    *,
    author: str,
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
        The new plan, its revision one higher, its history one entry longer (chained to
        the previous entry by its digest).

    Raises:
        ConflictError: ``expected_revision`` differs from the plan's revision.
        ValidationError: The change does not fit the plan (a duplicate id, a record
            that other records still refer to, a dangling reference, ...), or an
            argument is not what it should be.
        UnknownRecordError: The change names a record the plan does not hold.

    Examples:
        >>> from strengthmodel import Client, SetStage, StageOfChange
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> apply(plan, SetStage(stage=StageOfChange.PREPARATION), author="dr-lee").revision
        2
        >>> apply(plan, SetStage(stage=None), author="dr-lee", expected_revision=5)
        Traceback (most recent call last):
        ...
        strengthmodel.errors.ConflictError: the plan is at revision 1, ...
    """
    check_expected_revision(plan, expected_revision)
    entry = next_entry(plan, change, author=author, at=at)
    index = plan._live_index()  # noqa: SLF001 - the plan's own machinery
    if index is not None:
        with index.lock:
            if index.follows(plan):
                return _commit(plan, entry, index)
    return _commit(plan, entry, PlanIndex.build(plan.records(), plan.coping_links))


def next_entry(plan: Plan, change: AnyChange, *, author: str, at: datetime | None) -> HistoryEntry:
    """The history entry that would record ``change`` as the plan's next revision.

    Raises:
        ValidationError: ``change`` is not a change, ``at`` is not an aware date and
            time, or ``author`` is not a valid author.
    """
    require_change(change)
    if at is not None and type(at) is not datetime:
        raise ValidationError([Problem("at", f"expected a date and time, got {type(at).__name__}")])
    if at is not None and at.utcoffset() is None:
        raise ValidationError(
            [Problem("at", "expected a date and time with a time zone, got a naive one")]
        )
    return chain_entry(
        plan.head_digest,
        revision=plan.revision + 1,
        at=at if at is not None else datetime.now(UTC),
        author=author,
        change=change,
    )


def check_expected_revision(plan: Plan, expected_revision: int | None) -> None:
    """Check that ``plan`` is a plan at ``expected_revision`` (when one is given).

    Raises:
        ValidationError: ``plan`` is not a plan, or ``expected_revision`` is not an
            integer (a numpy integer is the same number; bool, float and text are not).
        ConflictError: The plan is at another revision; the error names both.
    """
    if not isinstance(plan, Plan):
        raise ValidationError([Problem("plan", f"expected a Plan, got {type(plan).__name__}")])
    if expected_revision is None:
        return
    revision = exact_number(expected_revision, int)
    if type(revision) is not int:
        raise ValidationError(
            [
                Problem(
                    "expected_revision",
                    f"expected an integer revision, got {type(revision).__name__}",
                )
            ]
        )
    if revision != plan.revision:
        raise ConflictError(expected=revision, actual=plan.revision)


def _commit(plan: Plan, entry: HistoryEntry, index: PlanIndex) -> Plan:
    """Apply the entry's change to ``plan`` with ``index`` (which then follows the result)."""
    outcome = transition(plan, entry.change, index)
    values = {name: getattr(plan, name) for name in _FIELDS}
    values.update(outcome.updates)
    values["revision"] = entry.revision
    values["history"] = (*plan.history, entry)
    outcome.follow(index)
    return make_plan(values, index)


def replay(history: Iterable[HistoryEntry]) -> Plan:
    """Rebuild a plan from its history, applying each change in turn.

    ``replay(plan.history) == plan`` for every plan. Replaying a prefix of the history
    gives the plan as it was at that revision. The hash chain is checked on the way:
    an entry edited, inserted, removed or moved is reported by its index. Linear in
    the number of changes.

    Raises:
        ValidationError: The history is empty, does not start with an
            [`OpenPlan`][strengthmodel.OpenPlan], skips a revision, breaks the hash
            chain, or holds a change that does not apply.

    Examples:
        >>> from strengthmodel import Client
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> replay(plan.history) == plan
        True
    """
    if isinstance(history, str | bytes) or not isinstance(history, Iterable):  # type: ignore[unreachable, redundant-expr]
        raise ValidationError(
            [Problem("history", f"expected history entries, got {type(history).__name__}")]
        )
    return rebuild(history)
