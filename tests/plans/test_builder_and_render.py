"""The fluent builder and the text summary."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from strengthmodel import (
    Client,
    PlanBuilder,
    SetStage,
    StageOfChange,
    StrengthCategory,
    SupportRole,
    TriggerCategory,
    ValidationError,
    replay,
)
from strengthmodel.demo import demo_plan
from strengthmodel.plans.render import summary

START = datetime(2026, 5, 1, tzinfo=UTC)


def clock():
    ticks = itertools.count()
    return lambda: START + timedelta(minutes=next(ticks))


def test_builder_chains_operations_with_author_and_clock():
    """Each call applies one change, stamped with the builder's author and clock."""
    b = PlanBuilder("client-9", author="dr-k", clock=clock())
    plan = (
        b.add_concern("Lonely", id="k1")
        .add_strength("Cook", StrengthCategory.SKILL, id="cook")
        .add_trigger("Sundays", TriggerCategory.NEGATIVE_EMOTIONAL_STATES, id="t1")
        .add_coping_skill("Cook for a neighbour", strength_ids=["cook"], id="c1")
        .link_coping("t1", "c1", efficacy=0.7)
        .apply(SetStage(stage=StageOfChange.ACTION))
        .build()
    )
    assert plan.revision == 7
    assert [e.author for e in plan.history] == ["dr-k"] * 7
    assert [e.at - START for e in plan.history] == [timedelta(minutes=n) for n in range(7)]
    assert plan.coping_links[0].efficacy == 0.7
    assert replay(plan.history) == plan


def test_builder_last_id_and_another_author_continuing():
    """last_id names the record just added; another author continues with a new builder."""
    b = PlanBuilder(Client(pseudonym="c1"), clock=clock(), author="dr-lee")
    b = PlanBuilder(plan=b.plan, author="nurse-2", clock=clock())
    b.add_support("Ana", SupportRole.HELP)
    assert b.last_id == "support-1"
    assert [e.author for e in b.plan.history] == ["dr-lee", "nurse-2"]
    b.apply(SetStage(stage=None))
    assert b.last_id is None
    assert "Ana" not in repr(b)
    assert "nurse-2" not in repr(b)


def test_builder_errors_leave_the_plan_unchanged():
    """A failed call raises our error and the builder keeps the last good plan."""
    b = PlanBuilder("c1", clock=clock(), author="dr-lee").add_concern("x")
    with pytest.raises(ValidationError):
        b.add_goal("Walk", strength_ids=["missing"])
    assert b.plan.revision == 2
    with pytest.raises(TypeError, match="needs a client or a plan"):
        PlanBuilder(author="dr-lee")


def test_summary_withholds_sensitive_text_by_default():
    """The summary hides names, contacts and the client's words unless asked."""
    plan = demo_plan()
    text = summary(plan)
    assert text.splitlines()[0] == "# Plan plan-demo for client-demo (revision 34)"
    assert "+44 7700 900123" not in text
    assert "Since I lost my job" not in text
    assert "- Concern concern-job: [withheld]" in text
    assert "- 7. Plan to stay well: sufficient" in text
    assert "    - coping-call-sister: [withheld] (ask-for-help, efficacy 0.80)" in text
    assert "Call my sister" not in text
    full = summary(plan, include_sensitive=True)
    assert "    - coping-call-sister: Call my sister (ask-for-help, efficacy 0.80)" in full
    assert "- Support support-sister: Sister (help); contact +44 7700 900123" in full
    assert (
        "- Goal goal-rhythm: Be up and dressed by 9 on weekdays (weight 6, active, level +0)"
        in full
    )


def test_summary_of_an_empty_plan():
    """Every step shows a placeholder when nothing is recorded."""
    text = summary(PlanBuilder("c1", clock=clock(), author="dr-lee").build())
    assert text.count("(nothing recorded yet)") == 7
