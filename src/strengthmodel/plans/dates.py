"""The date a plan is judged on: given by the caller, or the day of its latest change.

Clinical logic never reads the wall clock. A review or a summary that quietly used
``date.today()`` would give different answers for the same plan on different days, so a
saved plan could not be re-checked, a test could not pin its findings, and two
clinicians could not compare notes. The default is instead the date (UTC) of the plan's
newest history entry: the same plan always gives the same answer, and a caller who
wants "as of now" says so (``today=date.today()``).
"""

from __future__ import annotations

from datetime import date

from strengthmodel._fields import check_argument
from strengthmodel.plans.plan import Plan

__all__ = ["as_of", "last_changed_on"]


def last_changed_on(plan: Plan) -> date:
    """The date (UTC) of the plan's latest change: its newest history entry's ``at``.

    Args:
        plan: The plan.

    Returns:
        The calendar date, in UTC, on which the plan last changed.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from strengthmodel import Client, StageOfChange, ops
        >>> plan = Plan.new(Client(pseudonym="c1"), author="clinician-1",
        ...                 at=datetime(2026, 3, 2, 9, tzinfo=UTC))
        >>> plan = ops.set_stage(plan, StageOfChange.ACTION, author="clinician-1",
        ...                      at=datetime(2026, 3, 9, 23, 30, tzinfo=UTC))
        >>> last_changed_on(plan)
        datetime.date(2026, 3, 9)
    """
    check_argument("plan", plan, Plan)
    return plan.history[-1].at.date()


def as_of(plan: Plan, today: date | None) -> date:
    """``today`` when given (checked to be a ``date``), else the plan's latest change date.

    Args:
        plan: The plan.
        today: The caller's date, or ``None`` for the date of the plan's latest change.

    Returns:
        The date to judge the plan on.

    Raises:
        ValidationError: ``today`` is not a ``date`` (a ``datetime`` is refused too).
    """
    if today is None:
        return last_changed_on(plan)
    check_argument("today", today, date, exact=True)
    return today
