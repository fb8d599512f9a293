"""Plans shared by the simulation tests, built through the public builder."""

from datetime import UTC, datetime

import pytest

import strengthmodel as sm


def _clock() -> datetime:
    return datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def base_builder() -> sm.PlanBuilder:
    """Two triggers: t1 (intensity 4) with two strategies, t2 (intensity 3) uncovered."""
    return (
        sm.PlanBuilder("client-sim", plan_id="plan-sim", author="tester", clock=_clock)
        .add_trigger(
            "Evenings alone", sm.TriggerCategory.NEGATIVE_EMOTIONAL_STATES, intensity=4, id="t1"
        )
        .add_trigger("Payday drinks", sm.TriggerCategory.SOCIAL_PRESSURE, intensity=3, id="t2")
        .add_support("Sam", sm.SupportRole.HELP, id="sam")
        .add_coping_skill("Breathing", mastery=0.6, id="s1")
        .add_coping_skill(
            "Call Sam", level=sm.CopingLevel.ASK_FOR_HELP, support_ids=["sam"], mastery=0.8, id="s2"
        )
        .link_coping("t1", "s1", efficacy=0.6)
        .link_coping("t1", "s2", efficacy=0.8)
        .add_goal("Back to work", importance=3, difficulty=2, baseline=-1, id="g1")
        .add_challenge("Visit the job centre", goal_id="g1", difficulty=2, id="c1")
    )


@pytest.fixture
def plan() -> sm.Plan:
    """The base plan: t2 has no coping strategy."""
    return base_builder().build()


@pytest.fixture
def covered_plan() -> sm.Plan:
    """The base plan with breathing also linked to t2."""
    return base_builder().link_coping("t2", "s1", efficacy=0.7).build()
