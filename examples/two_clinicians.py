"""Two clinicians edit one stored plan: updates, a removal, a correction and a conflict.

An app keeps the plan as JSON and gives each signed-in user an `Editor`. Every edit
says which revision the user was looking at; a stale edit raises `ConflictError`, and
the app reloads the plan and applies the user's intent again. Run it:

    python examples/two_clinicians.py
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import strengthmodel as sm


def clock(start: datetime) -> Callable[[], datetime]:
    """A clock that moves on five minutes per change."""
    times = (start + timedelta(minutes=5 * n) for n in range(1000))
    return lambda: next(times)


STORE: dict[str, str] = {}  # plan id -> JSON, standing in for the app's database


def save(plan: sm.Plan, *, base: int | None) -> None:
    """Store the plan if the stored one is still at ``base`` (a compare-and-set on the revision)."""
    stored = sm.loads(STORE[plan.id], sm.Plan).revision if plan.id in STORE else None
    if stored != base:
        raise sm.ConflictError(expected=base or 0, actual=stored or 0)
    STORE[plan.id] = sm.dumps(plan)


def load(plan_id: str) -> sm.Plan:
    """Load the stored plan (its history is checked on the way)."""
    return sm.loads(STORE[plan_id], sm.Plan)


def main() -> sm.Plan:
    """Run the scenario and return the final plan."""
    shared_clock = clock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    lee = sm.Editor(author="dr-lee", clock=shared_clock)
    kim = lee.bind(author="dr-kim")

    plan = lee.new_plan(sm.Client(pseudonym="client-0042"))
    plan = lee.add_strength(plan, "Gardening", sm.StrengthCategory.SKILL, id="s1")
    plan = lee.add_goal(plan, "Walk every day", strength_ids=["s1"], id="g1")
    plan = lee.add_support(plan, "Ana", sm.SupportRole.HELP, contact="0100 000", id="ana")
    save(plan, base=None)

    # Both open the plan at the same revision.
    lee_view, kim_view = load("plan-1"), load("plan-1")

    # Dr Lee marks the goal active and rates it; saved first.
    edited = lee.update(
        lee_view, "g1", lifecycle=sm.GoalLifecycleStatus.ACTIVE, expected_revision=lee_view.revision
    )
    edited = lee.rate_goal(edited, "g1", 0, date(2026, 3, 9), expected_revision=edited.revision)
    save(edited, base=lee_view.revision)

    # Dr Kim corrects the phone number against the revision she saw: refused.
    try:
        kim.update(load("plan-1"), "ana", contact="0100 999", expected_revision=kim_view.revision)
    except sm.ConflictError as error:
        print(f"Dr Kim's edit was refused: {error}")
    # Reload and apply her intent again.
    fresh = load("plan-1")
    save(
        kim.update(fresh, "ana", contact="0100 999", expected_revision=fresh.revision),
        base=fresh.revision,
    )

    # Dr Lee mis-keyed the rating: a same-day rating corrects it (both stay in the history).
    plan = load("plan-1")
    base = plan.revision
    plan = lee.rate_goal(plan, "g1", 1, date(2026, 3, 9), expected_revision=base)
    save(plan, base=base)

    # The strength cannot go while the goal draws on it; the message names the goal.
    try:
        lee.remove(plan, "s1")
    except sm.ValidationError as error:
        print(f"Removal refused: {error}")

    plan = load("plan-1")
    print(f"Revision {plan.revision}; the history:")
    for entry in plan.history:
        print(f"  {entry.revision:>2} {entry.author:<7} {type(entry.change).__name__}")
    goal = plan.get("g1", sm.Goal)
    print(f"Goal g1: {goal.lifecycle.value}, ratings {[a.level for a in goal.attainments]}")
    assert sm.replay(plan.history) == plan
    return plan


if __name__ == "__main__":
    main()
