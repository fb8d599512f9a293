"""The plan review: one exact test per finding, and properties."""

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import event, given

import strengthmodel as sm
from strengthmodel import findings
from strengthmodel.demo import demo_plan
from strengthmodel.findings import MAX_DIFFICULTY_FOR_STAGE, RULES
from strengthmodel.testing import plans
from tests.plan_settings import PLAN_SETTINGS

TODAY = date(2026, 5, 1)


def codes(plan: sm.Plan, **kwargs) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.code, f.records) for f in sm.review(plan, today=TODAY, **kwargs)]


def base() -> sm.PlanBuilder:
    """A plan with nothing to report: a session on TODAY, a covered trigger, a crisis line."""
    return (
        sm.PlanBuilder("c1", author="dr-lee")
        .add_session(TODAY, [sm.Step.LISTEN])
        .add_strength("Walker", sm.StrengthCategory.SKILL, id="s1")
        .add_support("Crisis line", sm.SupportRole.CRISIS, id="line")
        .add_trigger("Evenings", sm.TriggerCategory.NEGATIVE_EMOTIONAL_STATES, id="t1")
        .add_coping_skill("Walk", strength_ids=["s1"], support_ids=["line"], id="c1")
        .link_coping("t1", "c1")
    )


def test_a_balanced_plan_has_no_findings():
    """The base plan passes every rule."""
    assert codes(base().build()) == []


def test_demo_plan_findings():
    """The demo plan: one unused strength (the woodshop)."""
    assert codes(demo_plan()) == [("SM111", ("strength-woodshop",))]


def test_sm101_trigger_without_coping():
    """A trigger with no coping skill linked."""
    plan = base().add_trigger("Payday", sm.TriggerCategory.URGES_AND_TEMPTATIONS, id="t2").build()
    assert codes(plan) == [("SM101", ("t2",))]


def test_sm102_no_professional_or_crisis_contact():
    """Triggers and warning signs but no professional or crisis support: a concern."""
    plan = (
        sm.PlanBuilder("c1", author="dr-lee")
        .add_session(TODAY, [sm.Step.LISTEN])
        .add_trigger("Evenings", sm.TriggerCategory.NEGATIVE_EMOTIONAL_STATES, id="t1")
        .add_coping_skill("Breathe", id="c1")
        .link_coping("t1", "c1")
        .add_warning_sign("Quiet", trigger_ids=["t1"], action="Text a friend", id="w1")
        .build()
    )
    [finding] = sm.review(plan, today=TODAY)
    assert (finding.code, finding.severity, finding.records) == (
        "SM102",
        sm.Severity.CONCERN,
        ("t1", "w1"),
    )
    assert finding.framework == "Safety planning (Stanley & Brown 2012)"


def test_sm103_warning_sign_without_action():
    """A warning sign with no action plan."""
    plan = base().add_warning_sign("Not sleeping", trigger_ids=["t1"], id="w1").build()
    assert codes(plan) == [("SM103", ("w1",))]


def test_sm104_goal_without_strength_and_closed_goals_ignored():
    """An open goal with no strength; a completed one is not reported."""
    plan = (
        base()
        .add_goal("Sleep by 11", id="g1")
        .add_goal("Old goal", lifecycle=sm.GoalLifecycleStatus.COMPLETED, id="g2")
        .build()
    )
    assert codes(plan) == [("SM104", ("g1",))]


@pytest.mark.parametrize(
    ("stage", "difficulty", "reported"),
    [
        (sm.StageOfChange.PRECONTEMPLATION, 2, True),
        (sm.StageOfChange.CONTEMPLATION, 1, False),
        (sm.StageOfChange.PREPARATION, 3, True),
        (sm.StageOfChange.PREPARATION, 2, False),
        (sm.StageOfChange.ACTION, 3, False),
    ],
)
def test_sm105_goal_too_hard_for_stage(stage, difficulty, reported):
    """Difficulty above the stage's limit is reported (limits 1, 1, 2, 3, 3)."""
    plan = (
        base()
        .set_stage(stage)
        .add_goal("Quit", difficulty=difficulty, strength_ids=["s1"], id="g1")
        .build()
    )
    assert codes(plan) == ([("SM105", ("g1",))] if reported else [])
    assert list(MAX_DIFFICULTY_FOR_STAGE.values()) == [1, 1, 2, 3, 3]


def test_sm106_challenge_without_goal():
    """A challenge tied to no goal is info."""
    plan = base().add_challenge("Try the bus", strength_ids=["s1"], id="ch1").build()
    assert [(f.code, f.severity.value) for f in sm.review(plan, today=TODAY)] == [("SM106", "info")]


def test_sm107_strengths_without_risk_plan():
    """Strengths and concerns but no goal and no coping link: a balance concern."""
    plan = (
        sm.PlanBuilder("c1", author="dr-lee")
        .add_session(TODAY, [sm.Step.LISTEN])
        .add_concern("Drinking more", id="k1")
        .add_strength("Kind", sm.StrengthCategory.VALUE, id="s1")
        .build()
    )
    assert codes(plan, ignore=frozenset({"SM111"})) == [("SM107", ("k1",))]


def test_sm108_critical_answer_without_safety_plan():
    """A PHQ-9 item 9 answer above 0 with no safety plan: a concern that says so."""
    phq9 = sm.builtin_instrument("phq-9")
    answers = {i.id: 0 for i in phq9.items} | {"phq9.9": 1}
    plan = (
        sm.PlanBuilder("c1", author="dr-lee")
        .add_session(TODAY, [sm.Step.ASSESS])
        .administer(phq9, answers, TODAY, id="a1")
        .build()
    )
    [finding] = sm.review(plan, today=TODAY)
    assert (finding.code, finding.severity, finding.records) == (
        "SM108",
        sm.Severity.CONCERN,
        ("a1",),
    )
    assert finding.message == (
        "Assessment 'a1' has a critical answer (phq9.9): the plan has no safety plan "
        "(a professional or crisis contact and a coping skill); make one with the client now."
    )


def test_sm108_critical_answer_is_never_silenced_by_a_complete_plan():
    """With a crisis line and a linked coping skill, the answer is still a concern."""
    phq9 = sm.builtin_instrument("phq-9")
    answers = {i.id: 0 for i in phq9.items} | {"phq9.9": 2}
    plan = base().administer(phq9, answers, TODAY, id="a1").build()
    [finding] = sm.review(plan, today=TODAY)
    assert (finding.code, finding.severity, finding.records) == (
        "SM108",
        sm.Severity.CONCERN,
        ("a1",),
    )
    assert finding.message == (
        "Assessment 'a1' has a critical answer (phq9.9): review the safety plan with the "
        "client now."
    )


def test_sm108_unrelated_coping_link_does_not_count_as_a_safety_plan():
    """A coping link for another trigger, but no professional or crisis contact."""
    phq9 = sm.builtin_instrument("phq-9")
    answers = {i.id: 0 for i in phq9.items} | {"phq9.9": 1}
    plan = (
        sm.PlanBuilder("c1", author="dr-lee")
        .add_session(TODAY, [sm.Step.ASSESS])
        .add_strength("Walker", sm.StrengthCategory.SKILL, id="s1")
        .add_trigger("Payday", sm.TriggerCategory.URGES_AND_TEMPTATIONS, id="t1")
        .add_coping_skill("Walk", strength_ids=["s1"], id="c1")
        .link_coping("t1", "c1")
        .add_support("Neighbour", sm.SupportRole.HELP, id="p1")
        .administer(phq9, answers, TODAY, id="a1")
        .build()
    )
    assert codes(plan) == [("SM108", ("a1",)), ("SM102", ("t1",))]
    assert "the plan has no safety plan" in sm.review(plan, today=TODAY)[0].message


def test_sm108_reads_flags_stored_with_any_instrument():
    """A user-defined instrument's stored flag is reported like a built-in one."""
    mine = sm.Instrument(
        id="my-scale",
        edition="1",
        title="My scale",
        options=(sm.ResponseOption(value=0, label="no"), sm.ResponseOption(value=1, label="yes")),
        items=(sm.Item(id="my.1", label="Feeling unsafe", flag_above=0),),
    )
    plan = base().administer(mine, {"my.1": 1}, TODAY, id="a1").build()
    assert codes(plan) == [("SM108", ("a1",))]
    assert [f.item for f in plan.get("a1", sm.Assessment).flags] == ["my.1"]


def test_sm109_plan_not_reviewed_with_configurable_interval():
    """No session for longer than the interval (90 days unless given)."""
    plan = base().build()
    assert codes(plan) == []
    later = TODAY + timedelta(days=91)
    assert [f.code for f in sm.review(plan, today=later)] == ["SM109"]
    assert sm.review(plan, today=later, review_interval=timedelta(days=120)) == []
    [finding] = sm.review(plan, today=later)
    assert finding.message == (
        "No session since 2026-05-01 (91 days, more than 90): review the plan with the client."
    )


def test_sm110_severe_trigger_without_person():
    """An intensity-4 trigger whose every coping skill is used alone."""
    plan = (
        base()
        .add_trigger("Rows", sm.TriggerCategory.INTERPERSONAL_CONFLICT, intensity=4, id="t2")
        .add_coping_skill("Count to ten", strength_ids=["s1"], id="c2")
        .link_coping("t2", "c2")
        .build()
    )
    assert codes(plan) == [("SM110", ("t2",))]


def test_sm111_unused_strength():
    """A strength no coping skill or goal uses."""
    plan = base().add_strength("Garden", sm.StrengthCategory.PLACE, id="s2").build()
    assert codes(plan) == [("SM111", ("s2",))]


def test_ignore_and_bad_arguments():
    """Rules can be skipped by code; unknown codes and bad intervals are refused."""
    plan = base().add_strength("Garden", sm.StrengthCategory.PLACE, id="s2").build()
    assert codes(plan, ignore=frozenset({"SM111"})) == []
    with pytest.raises(sm.ValidationError) as error:
        sm.review(plan, ignore=["SM999", "Robin Hood"])
    assert [str(p) for p in error.value.problems] == [
        (
            "ignore: unknown rule codes (text of 10 characters, 'SM999'); see "
            "strengthmodel.findings.RULES"
        )
    ]
    with pytest.raises(sm.ValidationError, match="expected a positive timedelta"):
        sm.review(plan, review_interval=timedelta(0))


def test_findings_serialize_and_are_documented():
    """Findings round-trip through JSON; every rule has an entry on the findings page."""
    finding = sm.review(demo_plan(), today=TODAY)[0]
    assert sm.loads(sm.dumps(finding), sm.Finding) == finding
    page = (Path(__file__).parents[1] / "docs" / "reference" / "findings.md").read_text()
    for rule in RULES:
        assert f"## {rule.code} {rule.name}" in page
        assert f"Severity: **{rule.severity.value}**" in page
        assert rule.framework in page
    assert [r.code for r in RULES] == [f"SM{n}" for n in range(101, 115)]


def test_every_finding_references_records_in_the_plan():
    """Findings only name records (or the plan) that exist, over plans with many findings."""
    seen: Counter[str] = Counter()

    @PLAN_SETTINGS
    @given(plans())
    def check(plan: sm.Plan) -> None:
        known = plan.ids() | {plan.id}
        findings = sm.review(plan, today=TODAY)
        for finding in findings:
            assert finding.records
            assert set(finding.records) <= known
        seen["plans"] += 1
        seen["with findings"] += bool(findings)
        seen.update({f"code {code}" for code in {f.code for f in findings}})
        for code in sorted({f.code for f in findings}):
            event(f"finding {code}")

    check()
    # The property is only as good as its plans: they must raise findings, of many kinds.
    assert seen["with findings"] >= seen["plans"] / 2, seen
    assert sum(1 for key in seen if key.startswith("code ")) >= 5, seen


def lapses() -> sm.PlanBuilder:
    """The base plan with a second, uncovered trigger and a support for distraction."""
    return (
        base()
        .add_trigger("Payday", sm.TriggerCategory.URGES_AND_TEMPTATIONS, id="t2")
        .add_lapse(TODAY - timedelta(days=10), trigger_id="t2", coping_tried=["c1"], id="l1")
        .add_lapse(TODAY - timedelta(days=100), trigger_id="t2", coping_tried=["c1"], id="l0")
    )


def test_sm112_trigger_with_recent_lapses_and_no_coping():
    """A lapse within 90 days on an uncovered trigger is a concern; an old one is not."""
    plan = lapses().build()
    assert codes(plan) == [("SM112", ("t2", "l1")), ("SM101", ("t2",))]
    [finding] = [f for f in sm.review(plan, today=TODAY) if f.code == "SM112"]
    assert finding.severity is sm.Severity.CONCERN
    assert finding.message == (
        "Trigger 't2' was involved in 1 lapse in the last 90 days but has no coping skill "
        "linked to it."
    )
    wide = codes(plan, lapse_window=timedelta(days=120))
    assert ("SM112", ("t2", "l1", "l0")) in wide
    covered = lapses().link_coping("t2", "c1").build()
    assert [c for c, _ in codes(covered)] == []


def test_sm113_coping_skill_tried_in_repeated_lapses():
    """A coping skill tried in two recent lapses is reported, with the lapses."""
    plan = (
        lapses()
        .link_coping("t2", "c1")
        .add_lapse(TODAY - timedelta(days=3), trigger_id="t2", coping_tried=["c1"], id="l2")
        .build()
    )
    assert codes(plan) == [("SM113", ("c1", "l1", "l2"))]
    assert sm.review(plan, today=TODAY)[0].severity is sm.Severity.WARNING
    with pytest.raises(sm.ValidationError, match="lapse_window"):
        sm.review(plan, lapse_window=timedelta(0))


def test_sm114_crisis_skill_relying_on_a_distraction_support():
    """A crisis-rung coping skill that relies on a support for social distraction."""
    plan = (
        base()
        .add_support("Cafe friends", sm.SupportRole.DISTRACTION, id="cafe")
        .add_coping_skill(
            "Go to the cafe", level=sm.CopingLevel.CRISIS, support_ids=["cafe", "line"], id="c2"
        )
        .link_coping("t1", "c2")
        .build()
    )
    assert codes(plan) == [("SM114", ("c2", "cafe"))]


def test_sm105_judges_each_goal_against_its_own_dated_stage():
    """A goal's own latest rating (on or before today) beats the overall stage."""
    plan = (
        base()
        .set_stage(sm.StageOfChange.ACTION)
        .add_goal("Quit", difficulty=3, strength_ids=["s1"], id="g1")
        .add_goal("Walk", difficulty=3, strength_ids=["s1"], id="g2")
        .add_readiness_rating(
            TODAY - timedelta(days=30), goal_id="g1", stage=sm.StageOfChange.ACTION
        )
        .add_readiness_rating(
            TODAY - timedelta(days=5), goal_id="g1", stage=sm.StageOfChange.CONTEMPLATION
        )
        .add_readiness_rating(
            TODAY + timedelta(days=5), goal_id="g2", stage=sm.StageOfChange.CONTEMPLATION
        )
        .build()
    )
    [finding] = sm.review(plan, today=TODAY)
    assert (finding.code, finding.records) == ("SM105", ("g1",))
    assert finding.message == (
        "Goal 'g1' has difficulty 3, hard for a client in contemplation for this goal "
        "(up to 1 suits this stage); consider a smaller step."
    )
    assert sm.goal_stage(plan, "g2") is sm.StageOfChange.CONTEMPLATION
    assert sm.goal_stage(plan, "g2", on=TODAY) is sm.StageOfChange.ACTION
    assert [f.code for f in sm.review(plan, today=TODAY + timedelta(days=5))] == [
        "SM105",
        "SM105",
    ]


def test_readiness_ratings_need_something_rated():
    """A rating with no stage, importance or confidence is refused; behaviour is sensitive."""
    with pytest.raises(sm.ValidationError, match="expected a stage, an importance or a"):
        sm.ReadinessRating(id="r1", rated_on=TODAY, behaviour="drinking")
    rating = sm.ReadinessRating(id="r1", rated_on=TODAY, behaviour="drinking", confidence=4)
    assert "drinking" not in repr(rating)


def test_findings_page_is_generated_from_the_rule_table():
    """docs/reference/findings.md is what scripts/findings-reference writes from RULES."""
    page = (Path(__file__).parents[1] / "docs" / "reference" / "findings.md").read_text()
    assert page == findings.reference_markdown(), "run scripts/findings-reference"
    sm111 = page.split("## SM111 unused-strength\n\n")[1].split("\n\n## ")[0]
    assert sm111 == (
        "Severity: **info**. Framework: The Strengths Model (Rapp & Goscha 2012).\n\n"
        "A strength is used by no coping skill and no goal.\n"
        "`CopingGraph.suggestions` turns unused strengths into coping ideas to talk over.\n"
        "Records: the strength."
    )


def test_each_rule_is_declared_once_with_its_check_and_documentation():
    """One decorator per rule: a code declared twice, or a check with no docstring, is refused."""
    assert [r.check.__name__ for r in RULES] == [f"_sm{n}" for n in range(101, 115)]
    assert all(r.description.startswith(r.check.__doc__.split("\n")[0]) for r in RULES)

    def undocumented(_ctx):
        yield from ()

    with pytest.raises(ValueError, match="rule code SM101 is declared twice"):
        findings._rule("SM101", "again", sm.Severity.INFO, "none")(undocumented)
    with pytest.raises(ValueError, match="rule SM999 needs a docstring"):
        findings._rule("SM999", "undocumented", sm.Severity.INFO, "none")(undocumented)
    assert "SM999" not in findings._REGISTRY


def test_severities_are_ordered():
    """Filter findings at or above a severity, as the command line's --fail-on does."""
    assert sm.Severity.INFO < sm.Severity.WARNING < sm.Severity.CONCERN
    assert max(sm.Severity) is sm.Severity.CONCERN
    assert [f.code for f in sm.review(demo_plan()) if f.severity >= sm.Severity.WARNING] == [
        f.code for f in sm.review(demo_plan()) if f.severity is not sm.Severity.INFO
    ]
    with pytest.raises(TypeError):
        assert sm.Severity.INFO < "warning"  # type: ignore[operator]
