"""Step 7 vocabularies and records."""

from datetime import date

import attrs
import pytest

import strengthmodel as sm
from strengthmodel import (
    CopingLevel,
    CopingLink,
    CopingSkill,
    Determinant,
    SupportRole,
    Trigger,
    TriggerCategory,
    ValidationError,
    WarningSign,
)
from strengthmodel.plans.render import summary


def test_marlatt_gordon_categories():
    """Eight high-risk categories: five intrapersonal, then three interpersonal."""
    assert [(c.value, c.determinant.value) for c in TriggerCategory] == [
        ("negative-emotional-states", "intrapersonal"),
        ("negative-physical-states", "intrapersonal"),
        ("positive-emotional-states", "intrapersonal"),
        ("testing-personal-control", "intrapersonal"),
        ("urges-and-temptations", "intrapersonal"),
        ("interpersonal-conflict", "interpersonal"),
        ("social-pressure", "interpersonal"),
        ("positive-emotional-states-with-others", "interpersonal"),
    ]
    assert TriggerCategory.SOCIAL_PRESSURE.is_interpersonal
    assert not TriggerCategory.URGES_AND_TEMPTATIONS.is_interpersonal
    assert Determinant("interpersonal") is Determinant.INTERPERSONAL


def test_safety_planning_ladder_order():
    """The ladder runs internal coping, distraction, asking for help, professionals, crisis."""
    assert [(c.rung, c.value) for c in CopingLevel] == [
        (1, "internal"),
        (2, "social-distraction"),
        (3, "ask-for-help"),
        (4, "professional"),
        (5, "crisis"),
    ]
    assert [r.value for r in SupportRole if r.is_service] == ["professional", "crisis"]


def test_trigger_intensity_and_defaults():
    """Intensity is 1-5 and defaults to 3; the default source is external."""
    trigger = Trigger(id="t1", description="Payday", category=TriggerCategory.URGES_AND_TEMPTATIONS)
    assert (trigger.intensity, trigger.source.value) == (3, "external")
    with pytest.raises(
        ValidationError, match=r"Trigger\.intensity: expected an integer from 1 to 5, got 6"
    ):
        Trigger(
            id="t1",
            description="Payday",
            category=TriggerCategory.URGES_AND_TEMPTATIONS,
            intensity=6,
        )


def test_duplicate_references_are_refused():
    """A coping skill or warning sign lists each referenced record once."""
    with pytest.raises(ValidationError) as error:
        CopingSkill(id="c1", name="Walk", strength_ids=("s1", "s1"), support_ids=("p1", "p1"))  # type: ignore[arg-type]
    assert [p.path for p in error.value.problems] == [
        "CopingSkill.strength_ids",
        "CopingSkill.support_ids",
    ]
    with pytest.raises(ValidationError, match=r"WarningSign\.trigger_ids: expected each item"):
        WarningSign(id="w1", description="Quiet", trigger_ids=("t1", "t1"))  # type: ignore[arg-type]


def test_coping_link_efficacy_bounds():
    """Efficacy is a number from 0 to 1."""
    assert CopingLink(trigger_id="t1", coping_skill_id="c1", efficacy=1).efficacy == 1.0  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"expected a number from 0 to 1, got 1\.2"):
        CopingLink(trigger_id="t1", coping_skill_id="c1", efficacy=1.2)  # type: ignore[arg-type]


def test_lapses_are_dated_records_with_their_references_checked():
    """record_lapse stores a dated lapse; its trigger and coping skills must exist."""
    plan = (
        sm.PlanBuilder("c1", author="dr-lee")
        .add_trigger("Payday", sm.TriggerCategory.URGES_AND_TEMPTATIONS, id="t1")
        .add_coping_skill("Leave the card at home", id="c1")
        .add_support("Sam", sm.SupportRole.HELP, id="p1")
        .add_lapse(
            date(2026, 3, 2),
            trigger_id="t1",
            coping_tried=["c1"],
            helped_by=["c1"],
            support_ids=["p1"],
            became_relapse=True,
            reflection="Payday was harder than I thought",
        )
        .build()
    )
    [lapse] = plan.lapses
    assert (lapse.id, lapse.occurred_on, lapse.trigger_id, lapse.became_relapse) == (
        "lapse-1",
        date(2026, 3, 2),
        "t1",
        True,
    )
    assert "Payday" not in repr(lapse)
    assert sm.loads(sm.dumps(plan), sm.Plan) == plan
    with pytest.raises(sm.UnknownReferenceError, match="lapse 'lapse-2' refers to trigger 'nope'"):
        sm.ops.add_lapse(plan, date(2026, 3, 9), trigger_id="nope", author="dr-lee")
    with pytest.raises(sm.ValidationError, match="cannot remove trigger 't1'"):
        sm.apply(plan, sm.RemoveRecord(record_id="t1"), author="dr-lee")
    report = sm.progress(plan)[sm.Step.STAY_WELL]
    assert "every trigger involved in a lapse has a coping skill" in report.missing
    linked = sm.ops.link_coping(plan, "t1", "c1", author="dr-lee")
    assert "every trigger involved in a lapse has a coping skill" in (
        sm.progress(linked)[sm.Step.STAY_WELL].met
    )


def test_resources_strength_sources_and_session_feedback():
    """Step 7 resources, step 3 strength sources and step 2 feedback are recorded."""
    plan = (
        sm.PlanBuilder("c1", author="dr-lee")
        .add_concern("Since the move I have no one", id="k1")
        .add_session(date(2026, 2, 1), [sm.Step.LISTEN], feedback="You kept every plan", id="ses1")
        .add_strength(
            "Kept in touch with old team",
            sm.StrengthCategory.FRIENDS,
            source_concern_id="k1",
            source_session_id="ses1",
            id="s1",
        )
        .add_goal("Join a club", id="g1")
        .add_resource(
            "Local clubs list", sm.ResourceCategory.READING, date(2026, 2, 1), goal_id="g1"
        )
        .build()
    )
    strength = plan.get("s1", sm.Strength)
    assert (strength.source_concern_id, strength.source_session_id) == ("k1", "ses1")
    assert plan.get("ses1", sm.Session).feedback == "You kept every plan"
    [resource] = plan.resources
    assert (resource.id, resource.category, resource.goal_id, resource.usefulness) == (
        "resource-1",
        sm.ResourceCategory.READING,
        "g1",
        None,
    )
    rated = sm.apply(
        plan, sm.ReplaceRecord(record=attrs.evolve(resource, usefulness=9)), author="dr-lee"
    )
    assert rated.resources[0].usefulness == 9
    assert "Local clubs" not in repr(resource)
    assert "You kept" not in repr(plan.sessions[0])
    with pytest.raises(sm.ValidationError, match="cannot remove concern 'k1'"):
        sm.apply(plan, sm.RemoveRecord(record_id="k1"), author="dr-lee")
    with pytest.raises(sm.ValidationError, match="from 0 to 10, got 11"):
        attrs.evolve(resource, usefulness=11)
    assert "- Resource resource-1: [withheld] (reading, given 2026-02-01)" in summary(plan)
    assert "Local clubs list" in summary(plan, include_sensitive=True)
