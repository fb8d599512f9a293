"""A fluent builder for notebooks: chain the operations, then take the plan.

The builder has one method per operation in [`strengthmodel.ops`][strengthmodel.ops],
with the same name and arguments, minus the plan (the builder holds it) and minus
``author`` and ``at`` (the builder supplies them, from its author and clock).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from strengthmodel.client import Client
from strengthmodel.plans._builder_operations import BuilderOperations
from strengthmodel.plans.apply import apply
from strengthmodel.plans.changes import AddRecord, AnyChange
from strengthmodel.plans.plan import Plan

__all__ = ["PlanBuilder"]


def utc_now() -> datetime:
    """The current time in UTC: the default clock of builders and editors."""
    return datetime.now(UTC)


class PlanBuilder(BuilderOperations):
    """Build a plan step by step with chained calls.

    Args:
        client: The client, or just their pseudonym.
        plan_id: The plan's id.
        author: Recorded as the author of every change (a user id, not a name).
        clock: Gives the time of each change (default: now, UTC). Pass a fixed
            clock for reproducible plans.
        plan: Continue from an existing plan instead of opening a new one.

    Examples:
        >>> from strengthmodel import PlanBuilder, StrengthCategory, TriggerCategory
        >>> plan = (
        ...     PlanBuilder("client-7", author="dr-lee")
        ...     .add_concern("Lonely since moving")
        ...     .add_strength("Good cook", StrengthCategory.SKILL, id="cook")
        ...     .add_trigger("Sunday evenings alone", TriggerCategory.NEGATIVE_EMOTIONAL_STATES)
        ...     .add_coping_skill("Cook for a neighbour", strength_ids=["cook"])
        ...     .link_coping("trigger-1", "coping-1", efficacy=0.7)
        ...     .build()
        ... )
        >>> plan.revision, [s.id for s in plan.strengths]
        (6, ['cook'])
    """

    def __init__(
        self,
        client: Client | str | None = None,
        *,
        author: str,
        plan_id: str = "plan-1",
        clock: Callable[[], datetime] = utc_now,
        plan: Plan | None = None,
    ) -> None:
        """Open a new plan for ``client``, or continue ``plan``."""
        self.author = author
        self.clock = clock
        if plan is None:
            if client is None:
                msg = "PlanBuilder needs a client or a plan"
                raise TypeError(msg)
            if isinstance(client, str):
                client = Client(pseudonym=client)
            plan = Plan.new(client, plan_id=plan_id, author=author, at=clock())
        elif not isinstance(plan, Plan):
            msg = f"PlanBuilder continues a Plan, got {type(plan).__name__}"  # type: ignore[unreachable]
            raise TypeError(msg)
        self._plan = plan

    def __repr__(self) -> str:
        """Show the plan being built (no record content, no author)."""
        return f"PlanBuilder({self._plan!r})"

    @property
    def plan(self) -> Plan:
        """The plan as built so far."""
        return self._plan

    @property
    def last_id(self) -> str | None:
        """The id of the record added by the last call, if it added one."""
        change = self._plan.history[-1].change
        return change.record.id if isinstance(change, AddRecord) else None

    def build(self) -> Plan:
        """Return the plan (the builder can go on being used)."""
        return self._plan

    def apply(self, change: AnyChange, *, expected_revision: int | None = None) -> PlanBuilder:
        """Apply any change, as the builder's author, at its clock's time."""
        self._plan = apply(
            self._plan,
            change,
            author=self.author,
            at=self.clock(),
            expected_revision=expected_revision,
        )
        return self
