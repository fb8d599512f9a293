"""A fluent builder for notebooks: chain the operations, then take the plan.

Each builder method is an operation from [`strengthmodel.ops`][strengthmodel.plans.operations]
with the same arguments, minus the plan (the builder holds it) and minus ``author`` and
``at`` (the builder supplies them, from its author and clock, unless you pass them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Concatenate, ParamSpec

from strengthmodel.client import Client
from strengthmodel.plans import operations as ops
from strengthmodel.plans.apply import apply
from strengthmodel.plans.changes import AddRecord, AnyChange
from strengthmodel.plans.plan import Plan

__all__ = ["PlanBuilder"]

P = ParamSpec("P")


def _chain(
    op: Callable[Concatenate[Plan, P], Plan],
) -> Callable[Concatenate[PlanBuilder, P], PlanBuilder]:
    def method(self: PlanBuilder, /, *args: P.args, **kwargs: P.kwargs) -> PlanBuilder:
        kwargs.setdefault("author", self.author)
        kwargs.setdefault("at", self.clock())
        self._plan = op(self._plan, *args, **kwargs)
        return self

    method.__name__ = op.__name__
    method.__doc__ = f"Chain [`{op.__name__}`][strengthmodel.plans.operations.{op.__name__}]."
    return method


def _utc_now() -> datetime:
    return datetime.now(UTC)


class PlanBuilder:
    """Build a plan step by step with chained calls.

    Args:
        client: The client, or just their pseudonym.
        plan_id: The plan's id.
        author: Recorded as the author of every change.
        clock: Gives the time of each change (default: now, UTC). Pass a fixed
            clock for reproducible plans.
        plan: Continue from an existing plan instead of opening a new one.

    Examples:
        >>> from strengthmodel import PlanBuilder, StrengthCategory, TriggerCategory
        >>> plan = (
        ...     PlanBuilder("client-7")
        ...     .concern("Lonely since moving")
        ...     .strength("Good cook", StrengthCategory.SKILL, id="cook")
        ...     .trigger("Sunday evenings alone", TriggerCategory.NEGATIVE_EMOTIONAL_STATES)
        ...     .coping_skill("Cook for a neighbour", strength_ids=["cook"])
        ...     .link("trigger-1", "coping-1", efficacy=0.7)
        ...     .build()
        ... )
        >>> plan.revision, [s.id for s in plan.strengths]
        (6, ['cook'])
    """

    def __init__(
        self,
        client: Client | str | None = None,
        *,
        plan_id: str = "plan-1",
        author: str = "unspecified",
        clock: Callable[[], datetime] = _utc_now,
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
        self._plan = plan

    def __repr__(self) -> str:
        """Show the plan being built (no record content)."""
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

    def apply(self, change: AnyChange) -> PlanBuilder:
        """Apply any change."""
        self._plan = apply(self._plan, change, author=self.author, at=self.clock())
        return self

    concern = _chain(ops.listen)
    session = _chain(ops.record_session)
    stage = _chain(ops.set_stage)
    readiness = _chain(ops.rate_readiness)
    rate_change = _chain(ops.rate_change)
    priority = _chain(ops.add_priority)
    value = _chain(ops.add_value)
    strength = _chain(ops.identify_strength)
    challenge = _chain(ops.set_challenge)
    challenge_outcome = _chain(ops.record_challenge_outcome)
    assessment = _chain(ops.record_assessment)
    administer = _chain(ops.administer)
    life_domains = _chain(ops.assess_life_domains)
    goal = _chain(ops.set_goal)
    rate_goal = _chain(ops.rate_goal)
    trigger = _chain(ops.add_trigger)
    warning_sign = _chain(ops.add_warning_sign)
    coping_skill = _chain(ops.add_coping_skill)
    link = _chain(ops.link_coping)
    support = _chain(ops.add_support)
    safety_action = _chain(ops.add_safety_action)
    reason_for_living = _chain(ops.add_reason_for_living)
    routine = _chain(ops.add_routine_item)
    lapse = _chain(ops.record_lapse)
    resource = _chain(ops.add_resource)
