"""Rich display of the coping graph (HTML).

The coping graph is drawn with matplotlib when it is installed (the ``plot`` extra), else
shown as a table of triggers and their ranked strategies. Triggers, coping skills,
strengths and supports are labelled by id unless [`show`][strengthmodel.show] is asked
for their text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strengthmodel._html import escape, figure_svg, root, table
from strengthmodel.errors import StrengthModelError

if TYPE_CHECKING:
    from strengthmodel.coping.graph import CopingGraph

__all__ = ["coping_graph_html"]


def _graph_svg(graph: CopingGraph, *, include_sensitive: bool) -> str | None:
    """The coping graph's ladder drawing as SVG, or None without matplotlib."""
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415 - optional
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    # A bare Figure, not pyplot: a repr must not leave a figure for the notebook to show.
    figure = Figure(figsize=(10, 4.5))
    graph.plot(figure.add_subplot(), include_sensitive=include_sensitive)
    return figure_svg(figure)


def coping_graph_html(
    graph: CopingGraph, *, include_sensitive: bool = False, draw: bool | None = None
) -> str:
    """The coping graph: coverage, the ladder drawing, and each trigger's strategies.

    Args:
        graph: The coping graph.
        include_sensitive: Label triggers, coping skills, strengths and supports with
            their descriptions and names instead of their ids.
        draw: Draw the graph as SVG (needs matplotlib); by default, when matplotlib is
            installed. Without the drawing, the table of strategies is shown open.

    Raises:
        StrengthModelError: ``draw=True`` without matplotlib.
    """
    plan = graph.plan
    coverage = graph.coverage()
    summary = (
        f"<div>{coverage.triggers} triggers, {coverage.covered} with a strategy, "
        f"{coverage.reaching_a_person} reaching a person; "
        f"{graph.graph.number_of_nodes()} nodes, {graph.graph.number_of_edges()} edges</div>"
    )
    svg = None
    if draw is not False and graph.graph.number_of_nodes():
        svg = _graph_svg(graph, include_sensitive=include_sensitive)
        if svg is None and draw:
            msg = "drawing the coping graph needs matplotlib: pip install 'strengthmodel[plot]'"
            raise StrengthModelError(msg)
    skills: dict[str, str] = {c.id: c.name for c in plan.coping_skills}
    rows = []
    for trigger in plan.triggers:
        strategies = graph.strategies_for(trigger.id)
        name = f"<code>{escape(trigger.id)}</code>"
        if include_sensitive:
            name += f" {escape(trigger.description)}"
        ranked = (
            "<ol>"
            + "".join(
                f"<li><code>{escape(s.coping_skill_id)}</code>"
                + (f" {escape(skills[s.coping_skill_id])}" if include_sensitive else "")
                + f' <span class="muted">({escape(s.level.value)}, {s.score:.2f})</span></li>'
                for s in strategies
            )
            + "</ol>"
            if strategies
            else '<span class="badge warning">no strategy</span>'
        )
        rows.append((name, escape(trigger.category.value), str(trigger.intensity), ranked))
    strategies_table = (
        table(("trigger", "category", "intensity", "strategies, in order"), rows, numeric=(2,))
        if rows
        else '<div class="muted">No triggers yet.</div>'
    )
    body: tuple[str, ...]
    if svg is not None:
        body = (
            summary,
            f"<div>{svg}</div>",
            f"<details><summary>strategies</summary>{strategies_table}</details>",
        )
    else:
        body = (summary, strategies_table)
    return root(f"Coping graph of plan {plan.id}", body)
