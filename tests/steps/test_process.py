"""The seven steps and the step graph."""

import networkx as nx

from strengthmodel import Step, process_graph
from strengthmodel.steps.process import PREREQUISITES


def test_steps_in_the_sources_order():
    """Seven steps, numbered 1-7 in the source's order, with stable wire values."""
    assert [(s.number, s.value) for s in Step] == [
        (1, "listen"),
        (2, "meet"),
        (3, "strengths"),
        (4, "challenge"),
        (5, "assess"),
        (6, "goals"),
        (7, "stay-well"),
    ]
    assert Step.STAY_WELL.title == "Plan to stay well"


def test_process_graph_holds_order_and_prerequisites():
    """The graph has the 6 order edges plus 6 prerequisite-only edges, and is frozen."""
    graph = process_graph()
    order = sorted((a.number, b.number) for a, b, o in graph.edges(data="order") if o)
    assert order == [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)]
    prereq_only = sorted(
        (a.number, b.number)
        for a, b, d in graph.edges(data=True)
        if d["prerequisite"] and not d["order"]
    )
    assert prereq_only == [(1, 3), (1, 7), (2, 6), (3, 5), (3, 6), (3, 7)]
    assert graph.number_of_edges() == 12
    assert graph.edges[Step.MEET, Step.STRENGTHS] == {"order": True, "prerequisite": False}
    assert graph.edges[Step.STRENGTHS, Step.CHALLENGE] == {"order": True, "prerequisite": True}
    assert nx.is_frozen(graph)
    assert nx.is_directed_acyclic_graph(graph)
    for step, needs in PREREQUISITES.items():
        for need in needs:
            assert graph.edges[need, step]["prerequisite"] is True
