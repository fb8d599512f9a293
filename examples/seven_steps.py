"""Build a plan through the seven steps, check progress, and replay the history.

Run it with ``python examples/seven_steps.py``. Everything in it is fictional.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import strengthmodel as sm
from strengthmodel.plans.render import summary


def main() -> sm.Plan:
    """Build the plan, print progress after each step, and return it."""
    ticks = itertools.count()

    def clock() -> datetime:
        return datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(minutes=next(ticks))

    b = sm.PlanBuilder(
        sm.Client(pseudonym="client-demo", name="Robin"),
        plan_id="plan-demo",
        author="clinician-01",
        clock=clock,
    )

    def show(step: sm.Step) -> None:
        report = sm.progress(b.plan)[step]
        print(f"{step.number}. {step.title}: {report.status.value}")
        for missing in report.missing:
            print(f"   still missing: {missing}")

    # 1. Listen
    b.add_concern("Since I lost my job I stay in bed.", id="concern-job")
    b.add_session(date(2026, 3, 2), [sm.Step.LISTEN, sm.Step.MEET], alliance=7)
    show(sm.Step.LISTEN)

    # 2. Meet the client where they are
    b.set_stage(sm.StageOfChange.PREPARATION).set_readiness(8, 5)
    b.add_priority("Get back into a daily rhythm", id="priority-rhythm")
    show(sm.Step.MEET)

    # 3. Focus on strengths
    b.add_strength(
        "Keeps going when things are hard",
        sm.StrengthCategory.CHARACTER,
        character_strength=sm.CharacterStrength.PERSEVERANCE,
        how_it_helps="Finished a long apprenticeship.",
        id="strength-perseverance",
    )
    b.add_strength("Sister who checks in", sm.StrengthCategory.FAMILY, id="strength-sister")
    show(sm.Step.STRENGTHS)

    # 6 and 4. A goal, then a challenge towards it
    scale = sm.GasScale(
        much_less="0 of 5 weekdays",
        less="1-2 of 5",
        expected="3 of 5",
        more="4 of 5",
        much_more="5 of 5",
    )
    b.add_goal(
        "Be up and dressed by 9 on weekdays",
        scale=scale,
        importance=3,
        difficulty=2,
        baseline=-2,
        strength_ids=["strength-perseverance"],
        priority_id="priority-rhythm",
        lifecycle=sm.GoalLifecycleStatus.ACTIVE,
        id="goal-rhythm",
    )
    b.add_challenge(
        "Two mornings a week at the woodshop",
        goal_id="goal-rhythm",
        strength_ids=["strength-perseverance"],
        difficulty=2,
    )
    b.rate_goal("goal-rhythm", 0, date(2026, 4, 6))
    show(sm.Step.CHALLENGE)
    show(sm.Step.GOALS)

    # 5. Assess strengths across life domains
    b.add_life_domain_assessment(
        date(2026, 3, 9),
        [
            sm.DomainEntry(
                domain=sm.LifeDomain.VOCATIONAL_EDUCATIONAL,
                desires="Work with wood again",
                priority=1,
            )
        ],
    )
    show(sm.Step.ASSESS)

    # 7. Plan to stay well
    b.add_trigger(
        "Evenings alone", sm.TriggerCategory.NEGATIVE_EMOTIONAL_STATES, intensity=4, id="t-evenings"
    )
    b.add_support("Local crisis line", sm.SupportRole.CRISIS, contact="116 123", id="crisis")
    b.add_coping_skill("Call my sister", level=sm.CopingLevel.ASK_FOR_HELP, id="c-call")
    b.link_coping("t-evenings", "c-call", efficacy=0.8)
    b.add_warning_sign(
        "Not answering the phone", trigger_ids=["t-evenings"], action="Text my sister"
    )
    show(sm.Step.STAY_WELL)

    plan = b.build()
    assert sm.replay(plan.history) == plan
    print(f"\nRevision {plan.revision}; next steps: {[s.step.value for s in sm.next_steps(plan)]}")
    print()
    print(summary(plan))
    return plan


if __name__ == "__main__":
    main()
