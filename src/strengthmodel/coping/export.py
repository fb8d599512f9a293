"""Export the coping graph: networkx, node-link JSON, GraphML, Graphviz DOT and Mermaid.

Each export reads the plan directly. DOT and Mermaid are plain text built without
networkx; node-link JSON and GraphML go through the networkx graph, which
[`to_networkx`][strengthmodel.coping.export.to_networkx] builds (networkx loads on first
use). Nodes carry ids and primitive attributes only: descriptions and names, which can
name people and hold the client's words, appear as labels only with
``include_sensitive=True``.

Node order is the plan's (triggers, warning signs, coping skills, strengths, supports);
edge order is by source node, then the order the plan holds the targets in, as networkx
iterates them.
"""

from __future__ import annotations

import itertools
import typing
from collections.abc import Iterator
from typing import Any

from strengthmodel.coping.results import COPING_SKILL, STRENGTH, SUPPORT, TRIGGER, WARNING_SIGN
from strengthmodel.plans.plan import Plan

if typing.TYPE_CHECKING:  # only for annotations: networkx loads lazily
    import networkx as nx

__all__ = [
    "dot",
    "edges",
    "graphml",
    "labels",
    "layer",
    "mermaid",
    "node_link",
    "nodes",
    "to_networkx",
]

Attributes = dict[str, Any]


def nodes(plan: Plan) -> Iterator[tuple[str, Attributes]]:
    """Every node with its attributes, in the plan's order.

    Args:
        plan: The plan.

    Yields:
        ``(record id, attributes)``: ``kind`` always; a trigger's ``category``,
        ``intensity`` and ``interpersonal``; a warning sign's ``has_action``; a coping
        skill's ``level``, ``rung`` and ``mastery``; a strength's ``category`` and
        ``strength_kind``; a support's ``role`` and ``service``.
    """
    for t in plan.triggers:
        yield (
            t.id,
            {
                "kind": TRIGGER,
                "category": t.category.value,
                "intensity": t.intensity,
                "interpersonal": t.category.is_interpersonal,
            },
        )
    for w in plan.warning_signs:
        yield w.id, {"kind": WARNING_SIGN, "has_action": w.action is not None}
    for c in plan.coping_skills:
        yield (
            c.id,
            {
                "kind": COPING_SKILL,
                "level": c.level.value,
                "rung": c.level.rung,
                "mastery": c.mastery,
            },
        )
    for s in plan.strengths:
        yield (
            s.id,
            {
                "kind": STRENGTH,
                "category": s.category.value,
                "strength_kind": s.strength_kind.value,
            },
        )
    for p in plan.supports:
        yield p.id, {"kind": SUPPORT, "role": p.role.value, "service": p.role.is_service}


def edges(plan: Plan) -> Iterator[tuple[str, str, Attributes]]:
    """Every edge with its attributes, by source node in the plan's order.

    Args:
        plan: The plan.

    Yields:
        ``(source, target, attributes)`` with a ``relation``: trigger ``handled-by``
        coping skill (with its ``efficacy``), warning sign ``signals`` trigger, coping
        skill ``draws-on`` strength and ``relies-on`` support.
    """
    by_trigger: dict[str, list[tuple[str, float]]] = {t.id: [] for t in plan.triggers}
    for link in plan.coping_links:
        by_trigger[link.trigger_id].append((link.coping_skill_id, link.efficacy))
    for trigger_id, links in by_trigger.items():
        for skill_id, efficacy in links:
            yield trigger_id, skill_id, {"relation": "handled-by", "efficacy": efficacy}
    for w in plan.warning_signs:
        for trigger_id in w.trigger_ids:
            yield w.id, trigger_id, {"relation": "signals"}
    for c in plan.coping_skills:
        for strength_id in c.strength_ids:
            yield c.id, strength_id, {"relation": "draws-on"}
        for support_id in c.support_ids:
            yield c.id, support_id, {"relation": "relies-on"}


def to_networkx(plan: Plan) -> nx.DiGraph[str]:
    """The coping graph as a frozen networkx ``DiGraph`` (graph attribute ``plan_id``).

    Args:
        plan: The plan.

    Returns:
        The graph: [`nodes`][strengthmodel.coping.export.nodes] and
        [`edges`][strengthmodel.coping.export.edges] with their attributes.
    """
    import networkx as nx  # noqa: PLC0415 - lazy: keeps ``import strengthmodel`` fast

    graph: nx.DiGraph[str] = nx.DiGraph(plan_id=plan.id)
    graph.add_nodes_from(nodes(plan))  # bulk adds: several times faster than one by one
    graph.add_edges_from(edges(plan))
    return typing.cast("nx.DiGraph[str]", nx.freeze(graph))


def labels(plan: Plan, *, include_sensitive: bool = False) -> dict[str, str]:
    """Every node's label: its id, or with ``include_sensitive`` its text.

    Trigger and warning-sign descriptions and coping-skill, strength and support names
    are sensitive (they can name people and hold the client's words), so they are shown
    only when ``include_sensitive`` is true.
    """
    if not include_sensitive:
        return {node: node for node, _ in nodes(plan)}
    shown: dict[str, str] = {t.id: t.description for t in plan.triggers}
    shown.update((w.id, w.description) for w in plan.warning_signs)
    shown.update((c.id, c.name) for c in plan.coping_skills)
    shown.update((s.id, s.name) for s in plan.strengths)
    shown.update((p.id, p.name) for p in plan.supports)
    return shown


def layer(attributes: Attributes) -> int:
    """A node's column in drawings, left to right, from its attributes.

    Warning signs 0, triggers 1, coping skills 2 to 6 by rung of the ladder, strengths 7,
    supports 8.
    """
    return {WARNING_SIGN: 0, TRIGGER: 1, STRENGTH: 7, SUPPORT: 8}.get(
        attributes["kind"], 1 + int(attributes.get("rung", 0))
    )


def _layered(plan: Plan) -> list[tuple[str, Attributes]]:
    return sorted(nodes(plan), key=lambda item: layer(item[1]))


def _export_graph(
    plan: Plan, graph: nx.DiGraph[str] | None, *, include_sensitive: bool
) -> nx.DiGraph[str]:
    """The graph itself, or a copy whose nodes carry a ``label`` with their text."""
    graph = graph if graph is not None else to_networkx(plan)
    if not include_sensitive:
        return graph
    copy = graph.copy()
    for node, label in labels(plan, include_sensitive=True).items():
        copy.nodes[node]["label"] = label
    return copy


def node_link(
    plan: Plan, *, include_sensitive: bool = False, graph: nx.DiGraph[str] | None = None
) -> dict[str, Any]:
    """The graph as node-link JSON data (``edges="edges"``), for D3 and friends.

    Args:
        plan: The plan.
        include_sensitive: Give every node a ``label`` with its description or name.
            Off by default: nodes carry ids, categories and numbers only.
        graph: The plan's graph from [`to_networkx`][strengthmodel.coping.export.to_networkx],
            if already built.
    """
    import networkx as nx  # noqa: PLC0415

    chosen = _export_graph(plan, graph, include_sensitive=include_sensitive)
    return nx.node_link_data(chosen, edges="edges")


def graphml(
    plan: Plan, *, include_sensitive: bool = False, graph: nx.DiGraph[str] | None = None
) -> str:
    """The graph as GraphML text.

    Args:
        plan: The plan.
        include_sensitive: Give every node a ``label`` with its description or name.
            Off by default: nodes carry ids, categories and numbers only.
        graph: The plan's graph from [`to_networkx`][strengthmodel.coping.export.to_networkx],
            if already built.
    """
    import networkx as nx  # noqa: PLC0415

    chosen = _export_graph(plan, graph, include_sensitive=include_sensitive)
    return "\n".join(nx.generate_graphml(chosen)) + "\n"


def dot(plan: Plan, *, include_sensitive: bool = False) -> str:
    """The graph as Graphviz DOT text, left to right in ladder layers.

    Args:
        plan: The plan.
        include_sensitive: Label nodes with their descriptions and names instead of
            their ids.
    """
    shown = labels(plan, include_sensitive=include_sensitive)
    lines = ["digraph coping {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
    shapes = {TRIGGER: "octagon", WARNING_SIGN: "note", STRENGTH: "ellipse", SUPPORT: "house"}
    for number, group in itertools.groupby(_layered(plan), key=lambda item: layer(item[1])):
        lines.append(f"  subgraph layer{number} {{ rank=same;")
        for node, attributes in group:
            label = _dot_escape(shown[node])
            shape = shapes.get(attributes["kind"], "box")
            lines.append(f'    "{_dot_escape(node)}" [label="{label}", shape={shape}];')
        lines.append("  }")
    for a, b, data in edges(plan):
        text = f'label="{data["relation"]}'
        if "efficacy" in data:
            text += f" {data['efficacy']:.2f}"
        lines.append(f'  "{_dot_escape(a)}" -> "{_dot_escape(b)}" [{text}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def mermaid(plan: Plan, *, include_sensitive: bool = False) -> str:
    """The graph as a Mermaid flowchart, for docs and Markdown.

    Args:
        plan: The plan.
        include_sensitive: Label nodes with their descriptions and names instead of
            their ids.
    """
    shown = labels(plan, include_sensitive=include_sensitive)
    layered = _layered(plan)
    ids = {node: f"n{index}" for index, (node, _) in enumerate(layered)}
    brackets = {
        TRIGGER: ("{{", "}}"),
        WARNING_SIGN: (">", "]"),
        STRENGTH: ("([", "])"),
        SUPPORT: ("[/", "/]"),
    }
    lines = ["flowchart LR"]
    for node, attributes in layered:
        left, right = brackets.get(attributes["kind"], ("[", "]"))
        lines.append(f'  {ids[node]}{left}"{_mermaid_escape(shown[node])}"{right}')
    for a, b, data in edges(plan):
        text = data["relation"]
        if "efficacy" in data:
            text += f" {data['efficacy']:.2f}"
        lines.append(f"  {ids[a]} -->|{text}| {ids[b]}")
    return "\n".join(lines) + "\n"


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _mermaid_escape(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")
