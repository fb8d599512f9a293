"""Which stage of change holds for a goal on a date.

Stages of change are specific to a behaviour (Prochaska, DiClemente & Norcross 1992), so
a goal is judged against its own latest [`ReadinessRating`][strengthmodel.ReadinessRating];
the plan's overall ``stage`` stands in for goals that have none.
"""

from __future__ import annotations

from datetime import date

from strengthmodel._fields import check_argument
from strengthmodel.plans.plan import Plan
from strengthmodel.steps.engagement import StageOfChange

__all__ = ["goal_stage"]


def goal_stage(
    plan: Plan, goal_id: str, *, on: date | None = None, overall: bool = True
) -> StageOfChange | None:
    """The stage of change for a goal: its latest rated stage, else the plan's overall one.

    Args:
        plan: The plan.
        goal_id: The goal.
        on: Only ratings on or before this date count (all of them if not given).
        overall: Fall back on the plan's overall stage when the goal has no rating.

    Returns:
        The stage of the goal's latest rating with a stage (the last recorded wins on
        the same day), or the plan's ``stage`` when the goal has none.

    Examples:
        >>> from strengthmodel import Client, ops
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> plan = ops.set_stage(plan, StageOfChange.ACTION, author="dr-lee")
        >>> plan = ops.add_goal(plan, "Cut down", id="g1", author="dr-lee")
        >>> goal_stage(plan, "g1").value
        'action'
        >>> plan = ops.add_readiness_rating(plan, date(2026, 2, 1), goal_id="g1",
        ...                        stage=StageOfChange.CONTEMPLATION, author="dr-lee")
        >>> goal_stage(plan, "g1").value, goal_stage(plan, "g1", on=date(2026, 1, 1)).value
        ('contemplation', 'action')
    """
    check_argument("plan", plan, Plan)
    check_argument("goal_id", goal_id, str)
    if on is not None:
        check_argument("on", on, date, exact=True)
    rated = [
        r
        for r in plan.readiness_ratings
        if r.goal_id == goal_id and r.stage is not None and (on is None or r.rated_on <= on)
    ]
    if not rated:
        return plan.stage if overall else None
    latest = max(rated, key=lambda r: r.rated_on)  # max keeps the first of equal dates
    same_day = [r for r in rated if r.rated_on == latest.rated_on]
    return same_day[-1].stage
