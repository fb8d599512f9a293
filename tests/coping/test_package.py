"""The coping package's layout: lazy networkx, exports in networkx's order, idea tables."""

import importlib
import subprocess
import sys

import networkx as nx
import pytest
from hypothesis import given, settings

import strengthmodel as sm
from strengthmodel.coping import export, ideas
from strengthmodel.demo import demo_plan
from strengthmodel.testing import plans
from tests.plan_settings import PLAN_SETTINGS


def test_queries_and_text_exports_never_build_the_networkx_graph():
    """Every query, DOT and Mermaid run without networkx; `graph` builds it once, on demand."""
    plan = demo_plan()
    graph = sm.CopingGraph.from_plan(plan)
    for trigger in plan.triggers:
        graph.strategies_for(trigger.id)
        graph.suggestions(trigger.id)
    graph.uncovered(require_person=True)
    graph.single_points_of_failure()
    graph.coverage()
    graph.dot()
    graph.mermaid()
    assert graph._nx is None
    built = graph.graph
    assert graph.graph is built
    assert nx.is_frozen(built)
    assert repr(graph) == (
        f"CopingGraph(plan='plan-demo', nodes={built.number_of_nodes()}, "
        f"edges={built.number_of_edges()})"
    )


def test_a_fresh_interpreter_answers_queries_without_importing_networkx():
    """Importing the package and running the queries leaves networkx unloaded."""
    code = (
        "import sys\n"
        "from strengthmodel.coping import CopingGraph\n"
        "from strengthmodel.demo import demo_plan\n"
        "g = CopingGraph.from_plan(demo_plan())\n"
        "g.strategies_for('trigger-evenings'); g.coverage(); g.single_points_of_failure()\n"
        "g.mermaid(); g.dot()\n"
        "print('networkx' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout == "False\n"


@settings(PLAN_SETTINGS, max_examples=15)
@given(plans())
def test_nodes_and_edges_come_in_the_order_networkx_iterates_them(plan: sm.Plan):
    """DOT and Mermaid, built without networkx, list nodes and edges in networkx's order."""
    graph = export.to_networkx(plan)
    assert list(export.nodes(plan)) == list(graph.nodes(data=True))
    assert list(export.edges(plan)) == list(graph.edges(data=True))
    assert graph.graph == {"plan_id": plan.id}


def test_every_strength_gets_an_idea():
    """Each VIA strength has an idea; every other category has a rung and a template."""
    assert set(ideas.CHARACTER_IDEAS) == set(sm.CharacterStrength)
    others = set(sm.StrengthCategory) - {sm.StrengthCategory.CHARACTER}
    assert set(ideas.CATEGORY_IDEAS) == others
    assert all("{name}" in template for _, template in ideas.CATEGORY_IDEAS.values())
    assert len(set(ideas.CHARACTER_IDEAS.values())) == 24


def test_suggest_orders_empty_rungs_first_and_people_first_for_interpersonal_triggers():
    """Ideas on empty rungs first; for an interpersonal trigger, social rungs before solitary."""
    strengths = [
        sm.Strength(id="walk", name="Walking", category=sm.StrengthCategory.SKILL),
        sm.Strength(id="park", name="The park", category=sm.StrengthCategory.PLACE),
        sm.Strength(id="sis", name="My sister", category=sm.StrengthCategory.FAMILY),
    ]
    used = {sm.CopingLevel.SOCIAL_DISTRACTION}
    alone = ideas.suggest(strengths, used, interpersonal=False)
    assert [(s.strength_id, s.level.value) for s in alone] == [
        ("walk", "internal"),
        ("sis", "ask-for-help"),
        ("park", "social-distraction"),
    ]
    together = ideas.suggest(strengths, used, interpersonal=True)
    assert [s.strength_id for s in together] == ["sis", "walk", "park"]
    named = ideas.suggest(strengths[2:], set(), interpersonal=True, include_sensitive=True)
    assert [(s.idea, s.reason) for s in named] == [
        (
            "Get in touch with My sister",
            (
                "'My sister' is a family strength that no coping skill or goal uses; nothing on "
                "the ask-for-help rung yet"
            ),
        )
    ]


def test_the_old_module_is_gone():
    """0.x renames without aliases: the coping names live in one place."""
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("strengthmodel.graph")


def test_coping_graph_refuses_what_is_not_a_plan():
    """A wrong argument raises our error, not an AttributeError later."""
    with pytest.raises(sm.ValidationError, match="plan: expected Plan, got dict"):
        sm.CopingGraph({})  # type: ignore[arg-type]


def test_query_results_are_records_equal_to_checked_ones_and_round_trip():
    """Results built without re-checking equal checked records and survive dumps/loads."""
    graph = sm.CopingGraph.from_plan(demo_plan())
    [first, second] = graph.strategies_for("trigger-evenings")
    assert first == sm.Strategy(
        coping_skill_id=first.coping_skill_id,
        level=first.level,
        efficacy=first.efficacy,
        mastery=first.mastery,
        score=first.efficacy * first.mastery,
    )
    results = [first, second, graph.coverage(), *graph.suggestions("trigger-evenings")]
    for result in results:
        again = sm.loads(sm.dumps(result), type(result))
        assert (again, hash(again)) == (result, hash(result))


def test_graph_keeps_its_plan_and_computes_dependencies_once():
    """`plan` is the plan given; repeated queries reuse the index they built."""
    plan = demo_plan()
    graph = sm.CopingGraph.from_plan(plan)
    assert graph.plan is plan
    first = graph.single_points_of_failure()
    assert graph.single_points_of_failure() == first
    assert graph.unused_strengths() is graph.unused_strengths()
