"""Outcomes of a plan: Goal Attainment Scaling T-scores over time.

A plan's T-score on a date combines each counted goal's level on that date (its latest
rating on or before it, else its baseline) with its weight, importance x difficulty
(Kiresuk & Sherman 1968; Turner-Stokes 2009). The T-score is about the goals the client
and clinician agreed on: by default a goal counts when its weight is above zero and its
FHIR lifecycle status is accepted, active or completed
([`AGREED`][strengthmodel.plans.outcomes.AGREED]). Proposed, planned, on-hold, cancelled,
rejected and entered-in-error goals count only if asked for with ``statuses``.
"""

from __future__ import annotations

from datetime import date

import attrs

from strengthmodel._fields import Record, check_argument, enum_message, meta
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.ids import GoalId
from strengthmodel.measures.gas import DEFAULT_RHO, gas_t_score
from strengthmodel.plans.dates import last_changed_on
from strengthmodel.plans.plan import Plan
from strengthmodel.steps.goals import GoalLifecycleStatus

__all__ = ["AGREED", "GoalAttainment", "GoalLevel", "goal_attainment"]

AGREED: frozenset[GoalLifecycleStatus] = frozenset(
    {
        GoalLifecycleStatus.ACCEPTED,
        GoalLifecycleStatus.ACTIVE,
        GoalLifecycleStatus.COMPLETED,
    }
)
"""The lifecycle statuses of agreed goals: those a T-score counts by default."""


@attrs.frozen(kw_only=True)
class GoalLevel(Record):
    """One goal's part in a plan's T-score.

    Attributes:
        goal_id: The goal.
        weight: Importance x difficulty.
        baseline: Its baseline level.
        level: Its level on the date.
    """

    kind = "goal-level"

    goal_id: GoalId
    weight: int = attrs.field(metadata=meta(bounds=(1, 9)))
    baseline: int = attrs.field(metadata=meta(bounds=(-2, 2)))
    level: int = attrs.field(metadata=meta(bounds=(-2, 2)))


@attrs.frozen(kw_only=True)
class GoalAttainment(Record):
    """A plan's Goal Attainment Scaling result on a date.

    Attributes:
        on: The date.
        t_score: The T-score of the goals' levels on that date.
        baseline_t_score: The T-score of the same goals at their baselines.
        change: ``t_score - baseline_t_score``.
        goals: The goals counted, in plan order.
        rho: The inter-goal correlation used.
    """

    kind = "goal-attainment"

    on: date
    t_score: float
    baseline_t_score: float
    change: float
    goals: tuple[GoalLevel, ...]
    rho: float = attrs.field(default=DEFAULT_RHO, metadata=meta(bounds=(0, 1)))

    def _display_html_(self, *, include_sensitive: bool) -> str:  # noqa: ARG002 - no text to withhold
        from strengthmodel.plans._display import goal_attainment_html  # noqa: PLC0415 - on use

        return goal_attainment_html(self)

    def _repr_html_(self) -> str:
        return self._display_html_(include_sensitive=False)


def goal_attainment(
    plan: Plan,
    on: date | None = None,
    *,
    rho: float = DEFAULT_RHO,
    statuses: frozenset[GoalLifecycleStatus] = AGREED,
) -> GoalAttainment:
    """The plan's Goal Attainment Scaling T-score on a date, and its change from baseline.

    Args:
        plan: The plan.
        on: The date: each goal's level is its latest rating on or before it. By
            default, the date (UTC) of the plan's latest change, so the same plan always
            gives the same score (see
            [`last_changed_on`][strengthmodel.plans.dates.last_changed_on]).
        rho: The inter-goal correlation.
        statuses: The lifecycle statuses of the goals to count: agreed goals (accepted,
            active, completed) unless asked otherwise.

    Raises:
        ValidationError: No goal counts (none has a weight above zero and one of
            ``statuses``).

    Examples:
        >>> from strengthmodel.demo import demo_plan
        >>> result = goal_attainment(demo_plan(), date(2026, 4, 27))
        >>> round(result.baseline_t_score, 2), round(result.t_score, 2), round(result.change, 2)
        (30.36, 45.09, 14.73)
        >>> goal_attainment(demo_plan()).on == demo_plan().history[-1].at.date()
        True
    """
    check_argument("plan", plan, Plan)
    if on is None:
        on = last_changed_on(plan)
    check_argument("on", on, date, exact=True)
    check_argument("rho", rho, float, int)
    check_argument("statuses", statuses, frozenset, set)
    wrong = [s for s in statuses if type(s) is not GoalLifecycleStatus]
    if wrong:
        raise ValidationError(
            [Problem("statuses", enum_message(GoalLifecycleStatus, w)) for w in wrong]
        )
    goals = tuple(
        GoalLevel(goal_id=g.id, weight=g.weight, baseline=g.baseline, level=g.level_on(on))
        for g in plan.goals
        if g.weight > 0 and g.lifecycle in statuses
    )
    if not goals:
        raise ValidationError(
            [
                Problem(
                    "goals",
                    "no goal counts: a counted goal needs a weight above zero and a "
                    f"lifecycle status of {', '.join(sorted(s.value for s in statuses))}",
                )
            ]
        )
    weights = [g.weight for g in goals]
    now = gas_t_score([g.level for g in goals], weights, rho=rho)
    before = gas_t_score([g.baseline for g in goals], weights, rho=rho)
    return GoalAttainment(
        on=on, t_score=now, baseline_t_score=before, change=now - before, goals=goals, rho=rho
    )
