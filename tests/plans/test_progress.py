"""progress and next_steps: each step's criteria, exact statuses, the demo client."""

from datetime import UTC, date, datetime
from pathlib import Path

import strengthmodel as sm
from strengthmodel import (
    Client,
    DomainEntry,
    GasScale,
    GoalLifecycleStatus,
    LifeDomain,
    Plan,
    StageOfChange,
    Step,
    StepStatus,
    StrengthCategory,
    SupportRole,
    TriggerCategory,
    next_steps,
    ops,
    progress,
)
from strengthmodel.demo import demo_plan, demo_steps
from strengthmodel.plans.progress import CRITERIA

AT = datetime(2026, 1, 1, tzinfo=UTC)


def empty() -> Plan:
    return Plan.new(Client(pseudonym="c1"), at=AT, author="dr-lee")


def statuses(plan: Plan) -> dict[str, str]:
    return {s.value: r.status.value for s, r in progress(plan).items()}


def test_empty_plan_has_nothing_started():
    """A new plan: every step not started, every criterion missing."""
    report = progress(empty())
    assert set(statuses(empty()).values()) == {"not-started"}
    assert all(r.met == () for r in report.values())
    assert sum(len(r.missing) for r in report.values()) == sum(len(c) for c in CRITERIA.values())
    assert sum(len(c) for c in CRITERIA.values()) == 21


def test_listen_moves_from_in_progress_to_sufficient():
    """A concern starts step 1; a session completes it."""
    plan = ops.add_concern(empty(), "Can't sleep", at=AT, author="dr-lee")
    report = progress(plan)[Step.LISTEN]
    assert report.status is StepStatus.IN_PROGRESS
    assert report.met == ("at least one concern recorded in the client's words",)
    assert report.missing == ("at least one session recorded",)
    plan = ops.add_session(plan, date(2026, 1, 2), [Step.LISTEN], at=AT, author="dr-lee")
    assert progress(plan)[Step.LISTEN].status is StepStatus.SUFFICIENT


def test_meet_needs_stage_readiness_and_priority():
    """Step 2 is sufficient with a stage, readiness ratings and a ranked priority."""
    plan = ops.set_stage(empty(), StageOfChange.CONTEMPLATION, at=AT, author="dr-lee")
    assert progress(plan)[Step.MEET].missing == (
        "readiness (importance and confidence) rated",
        "at least one client priority ranked",
    )
    plan = ops.set_readiness(plan, 6, 3, at=AT, author="dr-lee")
    plan = ops.add_priority(plan, "Sleep better", at=AT, author="dr-lee")
    assert progress(plan)[Step.MEET].status is StepStatus.SUFFICIENT
    assert plan.priorities[0].rank == 1


def test_strengths_needs_internal_external_and_how_it_helps():
    """Step 3 needs an internal and an external strength and one that says how it helps."""
    plan = ops.add_strength(empty(), "Humour", StrengthCategory.TALENT, at=AT, author="dr-lee")
    assert progress(plan)[Step.STRENGTHS].missing == (
        "at least one external strength",
        "at least one strength says how it helps with the current difficulties",
    )
    plan = ops.add_strength(
        plan, "Allotment", StrengthCategory.PLACE, how_it_helps="Calm", at=AT, author="dr-lee"
    )
    assert progress(plan)[Step.STRENGTHS].status is StepStatus.SUFFICIENT


def test_assess_goals_challenge_and_stay_well_criteria():
    """Steps 4-7 reach sufficient with the material their criteria name."""
    plan = ops.add_strength(
        empty(), "Humour", StrengthCategory.TALENT, id="s1", at=AT, author="dr-lee"
    )
    plan = ops.add_life_domain_assessment(
        plan, date(2026, 1, 2), [DomainEntry(domain=LifeDomain.HEALTH)], at=AT, author="dr-lee"
    )
    assert progress(plan)[Step.ASSESS].status is StepStatus.IN_PROGRESS
    plan = ops.add_life_domain_assessment(
        plan,
        date(2026, 1, 3),
        [DomainEntry(domain=LifeDomain.HEALTH, desires="Sleep", priority=1)],
        at=AT,
        author="dr-lee",
    )
    assert progress(plan)[Step.ASSESS].status is StepStatus.SUFFICIENT
    scale = GasScale(much_less="a", less="b", expected="c", more="d", much_more="e")
    plan = ops.add_goal(
        plan,
        "Sleep by 11",
        scale=scale,
        strength_ids=["s1"],
        id="g1",
        lifecycle=GoalLifecycleStatus.CANCELLED,
        at=AT,
        author="dr-lee",
    )
    assert progress(plan)[Step.GOALS].missing == ("at least one open or completed goal",)
    plan = ops.add_goal(
        plan, "Walk", scale=scale, strength_ids=["s1"], id="g2", at=AT, author="dr-lee"
    )
    assert progress(plan)[Step.GOALS].status is StepStatus.SUFFICIENT
    plan = ops.add_challenge(plan, "Phone off at 10", goal_id="g2", at=AT, author="dr-lee")
    assert progress(plan)[Step.CHALLENGE].missing == ("at least one challenge draws on a strength",)
    plan = ops.add_trigger(
        plan, "Payday", TriggerCategory.URGES_AND_TEMPTATIONS, id="t1", at=AT, author="dr-lee"
    )
    plan = ops.add_trigger(
        plan, "Rows", TriggerCategory.INTERPERSONAL_CONFLICT, id="t2", at=AT, author="dr-lee"
    )
    plan = ops.add_coping_skill(plan, "Walk it off", id="c1", at=AT, author="dr-lee")
    plan = ops.link_coping(plan, "t1", "c1", at=AT, author="dr-lee")
    plan = ops.add_warning_sign(
        plan, "Snapping", trigger_ids=["t2"], action="Step outside", at=AT, author="dr-lee"
    )
    plan = ops.add_support(plan, "GP surgery", SupportRole.PROFESSIONAL, at=AT, author="dr-lee")
    assert progress(plan)[Step.STAY_WELL].missing == (
        "every trigger has at least one coping skill",
    )
    plan = ops.link_coping(plan, "t2", "c1", at=AT, author="dr-lee")
    assert progress(plan)[Step.STAY_WELL].status is StepStatus.SUFFICIENT


def test_demo_client_reaches_sufficient_on_all_seven_steps():
    """The demo's fictional client ends with every step sufficient and nothing suggested."""
    plan = demo_plan()
    assert set(statuses(plan).values()) == {"sufficient"}
    assert next_steps(plan) == ()
    assert plan.revision == 34


def test_demo_progresses_step_by_step():
    """After each demo step, that step is sufficient."""
    for step, plan in demo_steps():
        assert progress(plan)[step].status is StepStatus.SUFFICIENT


def test_next_steps_prefers_ready_and_started_steps():
    """Ready steps first, in-progress before not-started, then in the source's order."""
    plan = ops.add_concern(empty(), "Tired", at=AT, author="dr-lee")
    plan = ops.add_strength(plan, "Kind", StrengthCategory.VALUE, at=AT, author="dr-lee")
    suggestions = next_steps(plan)
    assert [(s.step.value, s.ready) for s in suggestions] == [
        ("listen", True),
        ("strengths", False),
        ("meet", False),
        ("challenge", False),
        ("assess", False),
        ("goals", False),
        ("stay-well", False),
    ]
    assert suggestions[0].reason == "at least one session recorded"
    plan = ops.add_session(plan, date(2026, 1, 2), [Step.LISTEN], at=AT, author="dr-lee")
    assert [(s.step.value, s.ready) for s in next_steps(plan)][:3] == [
        ("strengths", True),
        ("meet", True),
        ("challenge", False),
    ]


def test_every_criterion_is_documented():
    """The explanation page lists each step's criteria in the code's own words."""
    page = (Path(__file__).parents[2] / "docs" / "explanation" / "process.md").read_text()
    missing = [text for checks in CRITERIA.values() for text, _ in checks if text not in page]
    assert missing == []


def test_ratings_for_a_goal_count_for_meeting_the_client():
    """A dated stage and readiness rating for one goal meets step 2's first criteria."""
    plan = (
        sm.PlanBuilder("c1", author="dr-lee")
        .add_goal("Cut down", id="g1")
        .add_readiness_rating(
            date(2026, 2, 1),
            goal_id="g1",
            stage=sm.StageOfChange.PREPARATION,
            importance=8,
            confidence=5,
        )
        .build()
    )
    report = sm.progress(plan)[sm.Step.MEET]
    assert report.status is sm.StepStatus.IN_PROGRESS
    assert report.met == (
        "stage of change recorded",
        "readiness (importance and confidence) rated",
    )
