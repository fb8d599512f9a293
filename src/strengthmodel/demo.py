"""A fictional client walked through all seven steps (used by ``strengthmodel demo``).

Everything here is invented: "Robin" is no real person, and the wording is ours.
[`demo_steps`][strengthmodel.demo.demo_steps] yields the plan after each step, so the
demo, the tutorial and the tests all follow the same story.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

from strengthmodel.client import Client
from strengthmodel.plans.builder import PlanBuilder
from strengthmodel.plans.plan import Plan
from strengthmodel.steps.assessment import DomainEntry
from strengthmodel.steps.challenges import ChallengeOutcome
from strengthmodel.steps.engagement import StageOfChange
from strengthmodel.steps.goals import GasScale, GoalLifecycleStatus
from strengthmodel.steps.process import Step
from strengthmodel.steps.staying_well import (
    CopingLevel,
    SupportRole,
    TriggerCategory,
    TriggerSource,
)
from strengthmodel.steps.strengths import (
    CharacterStrength,
    Evidence,
    LifeDomain,
    StrengthCategory,
)

__all__ = ["demo_plan", "demo_steps"]

START = datetime(2026, 4, 6, 9, 0, tzinfo=UTC)
"""When the demo's changes are recorded: the day of the last session it tells of.

The story runs from 2 March to 6 April 2026; the plan is entered on 6 April, so no
rating or assessment is dated after the change that records it, and everything that
defaults to the plan's latest change date (the review, the GAS score) sees them all.
"""


def _clock() -> Callable[[], datetime]:
    """A clock that ticks one minute per change, for a reproducible history."""
    ticks = itertools.count()
    return lambda: START + timedelta(minutes=next(ticks))


def demo_steps() -> Iterator[tuple[Step, Plan]]:
    """Yield each step and the plan as it stands after it, for the fictional client.

    Examples:
        >>> [step.number for step, _ in demo_steps()]
        [1, 2, 3, 4, 5, 6, 7]
    """
    b = PlanBuilder(
        Client(pseudonym="client-demo", name="Robin", preferred_language="en"),
        plan_id="plan-demo",
        author="clinician-01",
        clock=_clock(),
    )
    week = [date(2026, 3, 2) + timedelta(weeks=n) for n in range(8)]

    b.add_concern(
        "Since I lost my job I stay in bed and stop answering my friends.",
        reflection="Losing the job has knocked your routine and your confidence.",
        raised_on=week[0],
        id="concern-job",
    ).add_concern(
        "I drink more on the evenings I'm alone.", raised_on=week[0], id="concern-drinking"
    ).add_session(week[0], [Step.LISTEN, Step.MEET], alliance=7, id="session-1")
    yield Step.LISTEN, b.plan

    b.set_stage(StageOfChange.PREPARATION).set_readiness(8, 5, assessed_on=week[0]).add_priority(
        "Get back into a daily rhythm", id="priority-rhythm"
    ).add_priority("Find work I can be proud of", id="priority-work").add_value(
        "family", description="Being someone my niece can count on"
    )
    yield Step.MEET, b.plan

    b.add_strength(
        "Keeps going when things are hard",
        StrengthCategory.CHARACTER,
        character_strength=CharacterStrength.PERSEVERANCE,
        domain=LifeDomain.VOCATIONAL_EDUCATIONAL,
        evidence=Evidence.CLINICIAN_OBSERVATION,
        how_it_helps="Finished a long apprenticeship; can apply that to job hunting.",
        id="strength-perseverance",
    ).add_strength(
        "Skilled carpenter",
        StrengthCategory.SKILL,
        domain=LifeDomain.VOCATIONAL_EDUCATIONAL,
        how_it_helps="A trade to return to, and making things lifts the mood.",
        id="strength-carpentry",
    ).add_strength(
        "Sister who checks in",
        StrengthCategory.FAMILY,
        domain=LifeDomain.SOCIAL_SUPPORTS,
        evidence=Evidence.SELF_REPORT,
        how_it_helps="Someone to call on the lonely evenings.",
        id="strength-sister",
    ).add_strength(
        "Community woodshop",
        StrengthCategory.PLACE,
        domain=LifeDomain.LEISURE,
        how_it_helps="A place with people and purpose outside the flat.",
        id="strength-woodshop",
    )
    yield Step.STRENGTHS, b.plan

    b.add_goal(
        "Be up and dressed by 9 on weekdays",
        measure="Weekdays up and dressed by 9, out of 5",
        target="4 of 5 weekdays",
        due=week[7],
        scale=GasScale(
            much_less="0 of 5 weekdays",
            less="1-2 of 5 weekdays",
            expected="3 of 5 weekdays",
            more="4 of 5 weekdays",
            much_more="5 of 5 weekdays",
        ),
        importance=3,
        difficulty=2,
        baseline=-2,
        strength_ids=["strength-perseverance"],
        priority_id="priority-rhythm",
        lifecycle=GoalLifecycleStatus.ACTIVE,
        id="goal-rhythm",
    ).add_challenge(
        "Spend two mornings a week at the woodshop",
        goal_id="goal-rhythm",
        strength_ids=["strength-carpentry", "strength-woodshop"],
        difficulty=2,
        responsible="client",
        due=week[2],
        id="challenge-woodshop",
    ).record_challenge_outcome(
        "challenge-woodshop",
        ChallengeOutcome.ATTEMPTED,
        reflection="Went once; the second time I could not face the bus.",
    )
    yield Step.CHALLENGE, b.plan

    b.add_life_domain_assessment(
        week[1],
        [
            DomainEntry(
                domain=LifeDomain.VOCATIONAL_EDUCATIONAL,
                current_status="Out of work for three months.",
                desires="Work with wood again, maybe teach.",
                past_resources="Apprenticeship; an old foreman who liked my work.",
                priority=1,
            ),
            DomainEntry(
                domain=LifeDomain.SOCIAL_SUPPORTS,
                current_status="Sister nearby; friends drifting away.",
                desires="See friends weekly.",
                priority=2,
            ),
            DomainEntry(domain=LifeDomain.HEALTH, current_status="Sleeping badly.", priority=3),
        ],
        id="assessment-domains",
    )
    yield Step.ASSESS, b.plan

    b.add_goal(
        "Send one job application a week",
        measure="Applications sent per week",
        target="1 a week",
        due=week[7],
        scale=GasScale(
            much_less="No applications in a month",
            less="One application a month",
            expected="One application every two weeks",
            more="One application a week",
            much_more="Two or more a week",
        ),
        importance=2,
        difficulty=2,
        strength_ids=["strength-perseverance", "strength-carpentry"],
        priority_id="priority-work",
        lifecycle=GoalLifecycleStatus.ACTIVE,
        id="goal-work",
    ).rate_goal("goal-rhythm", -1, week[3], note="Up by 9 on two weekdays.").rate_goal(
        "goal-rhythm", 0, week[5]
    )
    yield Step.GOALS, b.plan

    b.add_trigger(
        "Evenings alone in the flat",
        TriggerCategory.NEGATIVE_EMOTIONAL_STATES,
        source=TriggerSource.EXTERNAL,
        intensity=4,
        id="trigger-evenings",
    ).add_trigger(
        "Friends pushing another round at the pub",
        TriggerCategory.SOCIAL_PRESSURE,
        intensity=3,
        id="trigger-pub",
    ).add_warning_sign(
        "Not answering the phone for two days",
        trigger_ids=["trigger-evenings"],
        action="Text my sister a thumbs-up, or she calls me.",
        id="warning-phone",
    ).add_support(
        "Sister",
        SupportRole.HELP,
        relation="sister",
        contact="+44 7700 900123",
        id="support-sister",
    ).add_support(
        "Local crisis line",
        SupportRole.CRISIS,
        relation="crisis line",
        contact="116 123",
        availability="24/7",
        id="support-crisis",
    ).add_coping_skill(
        "Sand a small piece in the workshop corner",
        steps=("Put on the radio", "Pick up the block and sandpaper", "Twenty minutes"),
        level=CopingLevel.INTERNAL,
        strength_ids=["strength-carpentry"],
        mastery=0.6,
        id="coping-sanding",
    ).add_coping_skill(
        "Call my sister",
        level=CopingLevel.ASK_FOR_HELP,
        strength_ids=["strength-sister"],
        support_ids=["support-sister"],
        mastery=0.8,
        id="coping-call-sister",
    ).add_coping_skill(
        "Order a soft drink and leave after one",
        level=CopingLevel.INTERNAL,
        strength_ids=["strength-perseverance"],
        mastery=0.4,
        id="coping-soft-drink",
    ).link_coping("trigger-evenings", "coping-sanding", efficacy=0.6).link_coping(
        "trigger-evenings", "coping-call-sister", efficacy=0.8
    ).link_coping("trigger-pub", "coping-soft-drink", efficacy=0.5).add_safety_action(
        "Keep no spirits in the flat", done=True
    ).add_reason_for_living("My niece's football matches").add_routine_item(
        "Walk to the corner shop for the paper", when="mornings"
    )
    yield Step.STAY_WELL, b.plan


def demo_plan() -> Plan:
    """Return the demo client's finished plan (all seven steps sufficient)."""
    plan = None
    for _, plan in demo_steps():  # noqa: B007 - the last plan is the result
        pass
    assert plan is not None  # noqa: S101 - demo_steps always yields
    return plan
