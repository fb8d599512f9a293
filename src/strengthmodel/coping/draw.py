"""Draw the coping graph with matplotlib, the safety-planning ladder as columns.

Needs the ``plot`` extra (matplotlib); matplotlib and networkx load only when a drawing
is asked for.
"""

from __future__ import annotations

import itertools
import textwrap
import typing

from strengthmodel.coping import export
from strengthmodel.coping.results import COPING_SKILL, STRENGTH, SUPPORT, TRIGGER, WARNING_SIGN
from strengthmodel.errors import StrengthModelError
from strengthmodel.plans.plan import Plan
from strengthmodel.steps.staying_well import CopingLevel

if typing.TYPE_CHECKING:  # only for annotations: matplotlib and networkx load lazily
    import networkx as nx
    from matplotlib.axes import Axes

__all__ = ["COLOURS", "plot"]

COLOURS = {
    TRIGGER: "#d95f02",
    WARNING_SIGN: "#e6ab02",
    COPING_SKILL: "#1b9e77",
    STRENGTH: "#7570b3",
    SUPPORT: "#e7298a",
}
"""The fill colour of each kind of node (ColorBrewer Dark2, readable in grey)."""


def plot(
    plan: Plan,
    ax: Axes | None = None,
    *,
    include_sensitive: bool = False,
    graph: nx.DiGraph[str] | None = None,
) -> Axes:
    """Draw a plan's coping graph, the safety-planning ladder as columns.

    Columns from left to right: warning signs, triggers, coping skills on each rung of
    the ladder (internal coping to crisis services), strengths, supports.

    Args:
        plan: The plan.
        ax: The axes to draw on (a new figure's if not given).
        include_sensitive: Label with descriptions and names instead of ids.
        graph: The plan's graph from
            [`to_networkx`][strengthmodel.coping.export.to_networkx], if already built.

    Returns:
        The axes drawn on.

    Raises:
        StrengthModelError: matplotlib is not installed.
    """
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415
        import networkx as nx  # noqa: PLC0415
    except ImportError as error:  # pragma: no cover - depends on the environment
        msg = "CopingGraph.plot needs matplotlib: pip install 'strengthmodel[plot]'"
        raise StrengthModelError(msg) from error
    if ax is None:
        _, ax = plt.subplots(figsize=(12, 6))
    graph = graph if graph is not None else export.to_networkx(plan)
    layered = sorted(export.nodes(plan), key=lambda item: export.layer(item[1]))
    positions: dict[str, tuple[float, float]] = {}
    for number, group in itertools.groupby(layered, key=lambda item: export.layer(item[1])):
        members = [node for node, _ in group]
        for row, node in enumerate(members):
            positions[node] = (float(number), -(row - (len(members) - 1) / 2))
    nx.draw_networkx(
        graph,
        pos=positions,
        ax=ax,
        node_color=[COLOURS[graph.nodes[n]["kind"]] for n in graph.nodes],
        labels={
            n: textwrap.fill(text, 18)
            for n, text in export.labels(plan, include_sensitive=include_sensitive).items()
        },
        font_size=6,
        node_size=500,
        arrowsize=10,
    )
    ladder = [
        "warning signs",
        "triggers",
        *(lv.value for lv in CopingLevel),
        "strengths",
        "supports",
    ]
    for index, title in enumerate(ladder):
        ax.text(
            index,
            1.0,
            title,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_axis_off()
    return ax
