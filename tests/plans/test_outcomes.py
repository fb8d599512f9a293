"""A plan's Goal Attainment Scaling over time."""

from datetime import date

import pytest

import strengthmodel as sm
from strengthmodel.demo import demo_plan


def test_demo_plan_t_scores_by_hand():
    """Weights 6 and 4: baseline T = 50 - 160/sqrt(66.4); on 27 April, 50 - 40/sqrt(66.4)."""
    result = sm.goal_attainment(demo_plan(), date(2026, 4, 27))
    assert [(g.goal_id, g.weight, g.baseline, g.level) for g in result.goals] == [
        ("goal-rhythm", 6, -2, 0),
        ("goal-work", 4, -1, -1),
    ]
    assert result.baseline_t_score == pytest.approx(50 - 160 / 66.4**0.5, abs=1e-12)
    assert result.t_score == pytest.approx(50 - 40 / 66.4**0.5, abs=1e-12)
    assert result.change == pytest.approx(120 / 66.4**0.5, abs=1e-12)


def test_levels_follow_the_ratings_over_time():
    """Before the first rating every goal is at baseline, so the change is zero."""
    early = sm.goal_attainment(demo_plan(), date(2026, 3, 1))
    assert early.t_score == early.baseline_t_score
    assert early.change == 0.0


def test_the_default_date_is_the_latest_change():
    """Without a date, the plan is scored on the day of its latest change, never the clock."""
    plan = demo_plan()
    latest = plan.history[-1].at.date()
    assert sm.goal_attainment(plan) == sm.goal_attainment(plan, latest)
    assert sm.goal_attainment(plan).on == latest
    with pytest.raises(sm.ValidationError, match=r"^on: expected date, got a date and time"):
        sm.goal_attainment(plan, plan.history[-1].at)  # type: ignore[arg-type]


def test_weightless_and_cancelled_goals_do_not_count():
    """Goals with weight 0 or cancelled are left out; with none left, our error."""
    active = sm.GoalLifecycleStatus.ACTIVE
    plan = (
        sm.PlanBuilder("c1", author="dr-lee")
        .add_goal("A", importance=0, lifecycle=active, id="a")
        .add_goal("B", lifecycle=sm.GoalLifecycleStatus.CANCELLED, id="b")
        .build()
    )
    with pytest.raises(sm.ValidationError, match="no goal counts"):
        sm.goal_attainment(plan, date(2026, 1, 1))
    plan = sm.ops.add_goal(
        plan, "C", importance=1, difficulty=1, lifecycle=active, id="c", author="dr-lee"
    )
    assert [g.goal_id for g in sm.goal_attainment(plan, date(2026, 1, 1)).goals] == ["c"]


def test_only_agreed_goals_count_unless_asked():
    """Accepted, active and completed goals count; proposed, rejected, on-hold only if asked."""
    status = sm.GoalLifecycleStatus
    builder = sm.PlanBuilder("c1", author="dr-lee")
    for lifecycle in status:
        builder.add_goal(lifecycle.value, lifecycle=lifecycle, id=f"g-{lifecycle.value}")
    plan = builder.build()
    counted = sm.goal_attainment(plan, date(2026, 1, 1)).goals
    assert [g.goal_id for g in counted] == ["g-accepted", "g-active", "g-completed"]
    everything = sm.goal_attainment(plan, date(2026, 1, 1), statuses=frozenset(status)).goals
    assert len(everything) == len(status)
    asked = frozenset({status.PROPOSED, status.ON_HOLD})
    assert [
        g.goal_id for g in sm.goal_attainment(plan, date(2026, 1, 1), statuses=asked).goals
    ] == [
        "g-proposed",
        "g-on-hold",
    ]


def test_a_gas_baseline_is_minus_one_or_minus_two():
    """A baseline of 0 or above is refused: the library keeps to Turner-Stokes's -1 or -2."""
    assert sm.Goal(id="g1", statement="Walk", baseline=-2).baseline == -2
    with pytest.raises(sm.ValidationError) as error:
        sm.Goal(id="g1", statement="Walk", baseline=0)
    assert [str(p) for p in error.value.problems] == [
        "Goal.baseline: expected an integer from -2 to -1, got 0"
    ]


def test_result_serializes():
    """GoalAttainment round-trips through JSON."""
    result = sm.goal_attainment(demo_plan(), date(2026, 4, 27))
    assert sm.loads(sm.dumps(result), sm.GoalAttainment) == result


def test_statuses_must_be_lifecycle_members():
    """Text where a status belongs is refused by name, with the member to pass."""
    plan = demo_plan()
    with pytest.raises(sm.ValidationError, match=r"pass GoalLifecycleStatus\.ACTIVE"):
        sm.goal_attainment(plan, statuses={"active"})  # type: ignore[arg-type]
    with pytest.raises(
        sm.ValidationError, match=r"^statuses: expected frozenset or set, got text of 6 characters"
    ):
        sm.goal_attainment(plan, statuses="active")  # type: ignore[arg-type]
    assert sm.goal_attainment(plan, statuses={sm.GoalLifecycleStatus.ACTIVE}).goals
