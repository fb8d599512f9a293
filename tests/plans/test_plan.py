"""The Plan aggregate: ids, references, lookups, history invariants, privacy."""

from datetime import UTC, date, datetime

import attrs
import pytest

import strengthmodel as sm
from strengthmodel import (
    Challenge,
    Client,
    CopingLink,
    CopingSkill,
    Goal,
    Plan,
    Strength,
    StrengthCategory,
    Support,
    SupportRole,
    UnknownRecordError,
    UnknownReferenceError,
    ValidationError,
    ops,
)
from strengthmodel.demo import demo_plan

AT = datetime(2026, 1, 1, 9, tzinfo=UTC)


def base() -> Plan:
    return Plan.new(Client(pseudonym="c1", name="Robin Example"), author="dr-a", at=AT)


def test_new_plan_is_revision_one_with_its_opening():
    """Plan.new gives revision 1, the client, and a one-entry history."""
    plan = base()
    assert (plan.id, plan.revision, len(plan.history)) == ("plan-1", 1, 1)
    entry = plan.history[0]
    assert (entry.revision, entry.at, entry.author) == (1, AT, "dr-a")
    assert entry.change.kind == "open-plan"


def test_dangling_reference_names_record_and_missing_id():
    """A plan whose goal refers to a missing strength cannot be built."""
    goal = Goal(id="g1", statement="Walk", strength_ids=("s-missing",))  # type: ignore[arg-type]
    with pytest.raises(UnknownReferenceError) as error:
        attrs.evolve(base(), goals=(goal,))
    assert [str(p) for p in error.value.problems] == [
        (
            "Plan.goals[0].strength_ids[0]: goal 'g1' refers to strength 's-missing', "
            "which is not in the plan"
        )
    ]


def test_every_dangling_reference_is_listed():
    """Challenges, coping skills and coping links are all checked, in one error."""
    with pytest.raises(UnknownReferenceError) as error:
        attrs.evolve(
            base(),
            challenges=(Challenge(id="ch1", description="x", goal_id="g9"),),  # type: ignore[arg-type]
            coping_skills=(CopingSkill(id="c1", name="x", support_ids=("p9",)),),  # type: ignore[arg-type]
            coping_links=(CopingLink(trigger_id="t9", coping_skill_id="c1"),),  # type: ignore[arg-type]
        )
    assert [p.path for p in error.value.problems] == [
        "Plan.challenges[0].goal_id",
        "Plan.coping_skills[0].support_ids[0]",
        "Plan.coping_links[0].trigger_id",
    ]


def test_ids_are_unique_across_the_whole_plan():
    """A strength and a support may not share an id."""
    with pytest.raises(ValidationError) as error:
        attrs.evolve(
            base(),
            strengths=(Strength(id="x1", name="n", category=StrengthCategory.SKILL),),  # type: ignore[arg-type]
            supports=(Support(id="x1", name="n", role=SupportRole.HELP),),  # type: ignore[arg-type]
        )
    assert [str(p) for p in error.value.problems] == [
        "Plan.supports[0].id: id 'x1' is already used by strengths[0]"
    ]


def test_history_must_match_revision():
    """The history has one entry per revision, numbered 1..n, opened once."""
    plan = base()
    with pytest.raises(ValidationError) as error:
        attrs.evolve(plan, revision=2)
    assert [str(p) for p in error.value.problems] == [
        "Plan.revision: expected 1 (one per history entry), got 2"
    ]
    with pytest.raises(ValidationError, match="expected the plan's id 'plan-1', got 'other'"):
        Plan.new(Client(pseudonym="c1"), plan_id="other", at=AT, author="dr-lee").__class__(
            id="plan-1",
            client=plan.client,
            revision=1,
            history=Plan.new(
                Client(pseudonym="c1"), plan_id="other", at=AT, author="dr-lee"
            ).history,
        )


def test_get_lookup_by_id_and_kind():
    """Get finds a record by id, optionally checks its type, and raises our error if absent."""
    plan = ops.add_strength(base(), "Kind", StrengthCategory.VALUE, id="s1", at=AT, author="dr-lee")
    assert plan.get("s1").id == "s1"
    assert plan.get("s1", Strength).name == "Kind"
    with pytest.raises(UnknownRecordError, match="the plan has no record with id 'nope'"):
        plan.get("nope")
    with pytest.raises(UnknownRecordError):
        plan.get("s1", Goal)
    with pytest.raises(LookupError):
        plan.get("nope")


def test_next_id_skips_taken_ids():
    """next_id gives kind-N, skipping ids already used."""
    plan = ops.add_goal(base(), "A", id="goal-1", at=AT, author="dr-lee")
    plan = ops.add_goal(plan, "B", id="goal-3", at=AT, author="dr-lee")
    assert plan.next_id("goal") == "goal-4"
    assert plan.next_id("trigger") == "trigger-1"


def test_repr_shows_no_record_content():
    """A plan's repr names ids and counts only: no names, no client words."""
    plan = ops.add_concern(base(), "I feel hopeless about money", at=AT, author="dr-lee")
    assert repr(plan) == "Plan(id='plan-1', client='c1', revision=2, records=1)"
    assert "Robin" not in repr(plan.client)
    assert "hopeless" not in repr(plan.concerns[0])


def test_referrers_and_records_iteration():
    """Referrers lists records pointing at an id; records() walks every collection."""
    plan = ops.add_strength(base(), "Kind", StrengthCategory.VALUE, id="s1", at=AT, author="dr-lee")
    plan = ops.add_goal(plan, "Walk", strength_ids=["s1"], id="g1", at=AT, author="dr-lee")
    plan = ops.add_challenge(
        plan, "Try", strength_ids=["s1"], goal_id="g1", id="c1", at=AT, author="dr-lee"
    )
    assert [r.id for r in plan.referrers("s1")] == ["c1", "g1"]
    assert [r.id for r in plan.records()] == ["s1", "c1", "g1"]
    assert plan.ids() == frozenset({"s1", "c1", "g1"})
    assert plan.goals[0].due is None
    assert plan.get("g1", Goal).level_on(date(2030, 1, 1)) == -1


def test_a_lookup_of_the_wrong_kind_says_what_the_id_names():
    """An id that names a record of another kind is not reported as missing, plainly."""
    plan = demo_plan()
    with pytest.raises(sm.UnknownRecordError) as caught:
        plan.get("goal-rhythm", sm.Strength)
    assert str(caught.value) == (
        "the plan has no strength with id 'goal-rhythm' ('goal-rhythm' is a goal)"
    )
    assert (caught.value.kind, caught.value.found) == ("strength", "goal")
    with pytest.raises(sm.UnknownRecordError) as caught:
        plan.get("nothing-here")
    assert caught.value.found is None
    strength = plan.strengths[0].id
    with pytest.raises(sm.UnknownRecordError) as caught:
        sm.ops.rate_goal(plan, strength, 1, date(2026, 5, 1), author="dr-lee")
    assert str(caught.value) == (
        f"the plan has no goal with id {strength!r} ({strength!r} is a strength)"
    )
