"""The coping graph: exact queries on hand-built plans, exports, properties."""

import json
from collections import Counter

import networkx as nx
import pytest
from hypothesis import event, given

import strengthmodel as sm
from strengthmodel.testing import plans
from tests.plan_settings import PLAN_SETTINGS


def ladder_plan() -> sm.Plan:
    """Two triggers; t1 has four strategies across the ladder, t2 one; a crisis line."""
    return (
        sm.PlanBuilder("c1", author="dr-lee")
        .add_strength("Runner", sm.StrengthCategory.SKILL, id="run")
        .add_strength("Brother", sm.StrengthCategory.FAMILY, id="bro")
        .add_strength("Library", sm.StrengthCategory.PLACE, id="lib")
        .add_strength(
            "Humour",
            sm.StrengthCategory.CHARACTER,
            character_strength=sm.CharacterStrength.HUMOR,
            id="fun",
        )
        .add_strength("Drawing", sm.StrengthCategory.TALENT, id="draw")
        .add_support("Brother Tom", sm.SupportRole.HELP, contact="07700 900000", id="tom")
        .add_support("Crisis line", sm.SupportRole.CRISIS, contact="116 123", id="line")
        .add_trigger(
            "Arguments at home", sm.TriggerCategory.INTERPERSONAL_CONFLICT, intensity=4, id="t1"
        )
        .add_trigger("Payday urges", sm.TriggerCategory.URGES_AND_TEMPTATIONS, id="t2")
        .add_trigger("Sleepless nights", sm.TriggerCategory.NEGATIVE_PHYSICAL_STATES, id="t3")
        .add_coping_skill(
            "Call the crisis line",
            level=sm.CopingLevel.CRISIS,
            support_ids=["line"],
            mastery=1.0,
            id="c-line",
        )
        .add_coping_skill("Go for a run", strength_ids=["run"], mastery=0.5, id="c-run")
        .add_coping_skill(
            "Call Tom",
            level=sm.CopingLevel.ASK_FOR_HELP,
            strength_ids=["bro"],
            support_ids=["tom"],
            mastery=0.9,
            id="c-tom",
        )
        .add_coping_skill(
            "Read at the library",
            level=sm.CopingLevel.SOCIAL_DISTRACTION,
            strength_ids=["lib", "run"],
            mastery=0.4,
            id="c-lib",
        )
        .add_coping_skill("Breathe", mastery=0.8, id="c-breathe")
        .link_coping("t1", "c-line", efficacy=0.9)
        .link_coping("t1", "c-run", efficacy=0.6)
        .link_coping("t1", "c-tom", efficacy=0.7)
        .link_coping("t1", "c-breathe", efficacy=0.5)
        .link_coping("t2", "c-lib", efficacy=0.5)
        .add_warning_sign("Slamming doors", trigger_ids=["t1"], action="Walk out for ten minutes")
        .add_goal("Run a 5k", strength_ids=["run"], id="g1")
        .build()
    )


PLAN = ladder_plan()
GRAPH = sm.CopingGraph.from_plan(PLAN)


def test_nodes_and_edges_are_derived_with_primitive_attributes():
    """Each record is a node keyed by its id; edges carry their relation (and efficacy)."""
    g = GRAPH.graph
    assert nx.is_frozen(g)
    assert g.number_of_nodes() == 5 + 2 + 3 + 5 + 1
    assert g.nodes["t1"] == {
        "kind": "trigger",
        "category": "interpersonal-conflict",
        "intensity": 4,
        "interpersonal": True,
    }
    assert g.nodes["c-tom"] == {
        "kind": "coping-skill",
        "level": "ask-for-help",
        "rung": 3,
        "mastery": 0.9,
    }
    assert g.edges["t1", "c-tom"] == {"relation": "handled-by", "efficacy": 0.7}
    assert g.edges["c-tom", "tom"] == {"relation": "relies-on"}
    assert g.edges["c-lib", "lib"] == {"relation": "draws-on"}
    assert g.edges["warning-1", "t1"] == {"relation": "signals"}
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())


def test_strategies_ranked_by_ladder_then_efficacy_times_mastery():
    """Internal coping first (0.8 x 0.5 beats 0.5 x 0.6), then help, then crisis."""
    ranked = GRAPH.strategies_for("t1")
    assert [(s.coping_skill_id, s.level.rung, round(s.score, 2)) for s in ranked] == [
        ("c-breathe", 1, 0.4),
        ("c-run", 1, 0.3),
        ("c-tom", 3, 0.63),
        ("c-line", 5, 0.9),
    ]
    assert GRAPH.strategies_for("t3") == ()


def test_unknown_ids_raise_our_error():
    """A missing trigger, or an id that is not a trigger, raises UnknownRecordError."""
    for bad in ("nope", "c-run"):
        with pytest.raises(sm.UnknownRecordError, match=f"the plan has no trigger with id '{bad}'"):
            GRAPH.strategies_for(bad)
        with pytest.raises(sm.UnknownRecordError):
            GRAPH.suggestions(bad)


def test_uncovered_and_the_stricter_person_check():
    """t3 has none; t2 has one; t2 and t3 reach no person or service."""
    assert GRAPH.uncovered() == ("t3",)
    assert GRAPH.uncovered(2) == ("t2", "t3")
    assert GRAPH.uncovered(0) == ()
    assert GRAPH.uncovered(require_person=True) == ("t2", "t3")
    with pytest.raises(sm.ValidationError, match="min_strategies: expected an integer"):
        GRAPH.uncovered(-1)


def test_single_points_of_failure_name_the_stranded_triggers():
    """t2's only skill, and both of that skill's strengths, strand t2."""
    points = GRAPH.single_points_of_failure()
    assert [(p.record_id, p.record_kind, p.strands) for p in points] == [
        ("c-lib", "coping-skill", ("t2",)),
        ("run", "strength", ("t2",)),
        ("lib", "strength", ("t2",)),
    ]


def test_shared_dependency_strands_a_trigger_with_many_skills():
    """When every skill for a trigger needs the same support, losing it strands it."""
    plan = (
        sm.PlanBuilder("c1", author="dr-lee")
        .add_support("Sam", sm.SupportRole.HELP, id="sam")
        .add_trigger("Nights", sm.TriggerCategory.NEGATIVE_EMOTIONAL_STATES, id="t")
        .add_coping_skill("Text Sam", support_ids=["sam"], id="a")
        .add_coping_skill("Call Sam", support_ids=["sam"], id="b")
        .link_coping("t", "a")
        .link_coping("t", "b")
        .build()
    )
    points = sm.CopingGraph.from_plan(plan).single_points_of_failure()
    assert [(p.record_id, p.strands) for p in points] == [("sam", ("t",))]


def test_unused_strengths_coverage_and_suggestions():
    """Unused: humour and drawing; coverage counts; ideas fill empty rungs first."""
    assert GRAPH.unused_strengths() == ("fun", "draw")
    cover = GRAPH.coverage()
    assert (cover.triggers, cover.covered, cover.reaching_a_person) == (3, 2, 1)
    assert (cover.share_covered, cover.share_reaching_a_person) == (2 / 3, 1 / 3)
    assert cover.mean_strategies == 5 / 3
    assert [(lc.level.value, lc.coping_skills, lc.links) for lc in cover.levels] == [
        ("internal", 2, 2),
        ("social-distraction", 1, 1),
        ("ask-for-help", 1, 1),
        ("professional", 0, 0),
        ("crisis", 1, 1),
    ]
    assert sm.loads(sm.dumps(cover), sm.Coverage) == cover
    ideas = GRAPH.suggestions("t2", include_sensitive=True)
    assert [(s.strength_id, s.level.value, s.idea) for s in ideas] == [
        ("fun", "internal", "Find or share something that makes you laugh"),
        ("draw", "internal", "Use your talent: Drawing"),
    ]
    assert ideas[0].reason == (
        "'Humour' is the character strength humor that no coping skill or goal uses; "
        "nothing on the internal rung yet"
    )
    # By default a strength is named by its id: its name can name people and places.
    assert [(s.idea, s.reason) for s in GRAPH.suggestions("t2")][1] == (
        "Use your talent: [draw]",
        (
            "Strength 'draw' is a talent strength that no coping skill or goal uses; "
            "nothing on the internal rung yet"
        ),
    )
    # t1 already has internal strategies, so the same ideas carry no gap note.
    assert GRAPH.suggestions("t1")[0].reason.endswith("that no coping skill or goal uses")


def test_exports_round_trip_and_withhold_sensitive_labels():
    """node-link JSON, GraphML, DOT and Mermaid; support names need include_sensitive."""
    data = GRAPH.node_link()
    assert "edges" in data
    rebuilt = nx.node_link_graph(data, edges="edges")
    assert nx.utils.graphs_equal(rebuilt, GRAPH.graph)
    json.dumps(data)  # plain JSON values only
    assert GRAPH.graphml().startswith('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"')
    parsed = nx.parse_graphml(GRAPH.graphml())
    assert dict(parsed.nodes(data=True)) == dict(GRAPH.graph.nodes(data=True))
    assert {(a, b): d for a, b, d in parsed.edges(data=True)} == {
        (a, b): d for a, b, d in GRAPH.graph.edges(data=True)
    }
    for text in (GRAPH.dot(), GRAPH.mermaid(), GRAPH.graphml(), json.dumps(data)):
        assert "Call Tom" not in text
        assert "Brother Tom" not in text
        assert "Arguments at home" not in text
        assert "07700" not in text
    assert "Call Tom" in GRAPH.graphml(include_sensitive=True)
    labelled = GRAPH.node_link(include_sensitive=True)["nodes"]
    assert {n["id"]: n["label"] for n in labelled}["c-tom"] == "Call Tom"
    assert "label" not in GRAPH.graph.nodes["c-tom"]  # the view itself is unchanged
    assert '"tom" [label="tom", shape=house];' in GRAPH.dot()
    assert '"tom" [label="Brother Tom", shape=house];' in GRAPH.dot(include_sensitive=True)
    assert GRAPH.dot().startswith("digraph coping {\n  rankdir=LR;")
    mermaid = GRAPH.mermaid(include_sensitive=True).splitlines()
    assert mermaid[0] == "flowchart LR"
    assert mermaid[1:4] == [
        '  n0>"Slamming doors"]',
        '  n1{{"Arguments at home"}}',
        '  n2{{"Payday urges"}}',
    ]
    assert "  n1 -->|handled-by 0.90| n8" in mermaid
    assert '  n8["Call the crisis line"]' in mermaid
    # 5 links + 4 draws-on + 2 relies-on + 1 signals.
    assert repr(GRAPH) == "CopingGraph(plan='plan-1', nodes=16, edges=12)"


def test_plot_draws_the_ladder(tmp_path):
    """The matplotlib drawing has one text label per ladder column and every node."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    plt = pytest.importorskip("matplotlib.pyplot")

    ax = GRAPH.plot()
    texts = [t.get_text() for t in ax.texts]
    assert texts[:2] == ["t1", "t2"] or "warning signs" in texts
    assert {"warning signs", "triggers", "internal", "crisis", "strengths", "supports"} <= set(
        texts
    )
    ax.figure.savefig(tmp_path / "graph.png")
    assert (tmp_path / "graph.png").stat().st_size > 1000
    plt.close(ax.figure)


def _strategies_without(plan: sm.Plan, trigger_id: str, lost: str) -> int:
    skills = {c.id: c for c in plan.coping_skills}
    return sum(
        1
        for link in plan.links_for(trigger_id)
        if link.coping_skill_id != lost
        and lost not in skills[link.coping_skill_id].strength_ids
        and lost not in skills[link.coping_skill_id].support_ids
    )


def test_reported_uncovered_triggers_really_lack_strategies():
    """A trigger reported uncovered has fewer strategies than asked; others do not."""
    seen: Counter[str] = Counter()

    # Plans that work on staying well, so that most have coping links to check.
    @PLAN_SETTINGS
    @given(plans(steps={sm.Step.STAY_WELL}))
    def check(plan: sm.Plan) -> None:
        graph = sm.CopingGraph.from_plan(plan)
        for minimum in (1, 2):
            reported = set(graph.uncovered(minimum))
            for t in plan.triggers:
                assert (len(plan.links_for(t.id)) < minimum) == (t.id in reported)
        seen["plans"] += 1
        seen["with edges"] += bool(graph.graph.number_of_edges())
        seen["with a trigger short of two strategies"] += bool(graph.uncovered(2))
        event("coping graph with edges" if graph.graph.number_of_edges() else "no edges")

    check()
    # The property is only as good as its plans: many must have a graph worth checking
    # (Hypothesis starts with small examples, so the shares are lower than in the docs).
    assert seen["with edges"] >= seen["plans"] / 2, seen
    assert seen["with a trigger short of two strategies"] >= seen["plans"] / 4, seen


def test_removing_a_single_point_of_failure_strands_exactly_the_named_triggers():
    """Losing a reported record leaves exactly its named triggers with no strategy."""
    seen: Counter[str] = Counter()

    @PLAN_SETTINGS
    @given(plans())
    def check(plan: sm.Plan) -> None:
        graph = sm.CopingGraph.from_plan(plan)
        points = graph.single_points_of_failure()
        for point in points:
            stranded = {
                t.id
                for t in plan.triggers
                if plan.links_for(t.id) and _strategies_without(plan, t.id, point.record_id) == 0
            }
            assert stranded == set(point.strands)
        reported = {p.record_id for p in points}
        for rid in plan.ids() - reported:
            assert not any(
                plan.links_for(t.id) and _strategies_without(plan, t.id, rid) == 0
                for t in plan.triggers
            )
        seen["plans"] += 1
        seen["with single points of failure"] += bool(points)
        event("single points of failure" if points else "no single point of failure")

    check()
    assert seen["with single points of failure"] >= seen["plans"] / 4, seen
