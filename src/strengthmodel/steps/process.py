"""The seven steps of strength-based therapy and the order they are usually taken in.

The steps are an order of emphasis, not a pipeline: a clinician moves back and forth,
and the library never forbids an order. [`process_graph`][strengthmodel.steps.process.process_graph]
holds the source's order plus the prerequisites we recommend (what a step builds on),
and [`next_steps`][strengthmodel.next_steps] uses the prerequisites only to *suggest*.
"""

from __future__ import annotations

import enum
import functools
import itertools
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx is imported lazily to keep ``import strengthmodel`` fast
    import networkx as nx

__all__ = ["PREREQUISITES", "Step", "process_graph"]


class Step(enum.Enum):
    """One of the seven steps; the value is the stable wire name."""

    LISTEN = "listen"
    MEET = "meet"
    STRENGTHS = "strengths"
    CHALLENGE = "challenge"
    ASSESS = "assess"
    GOALS = "goals"
    STAY_WELL = "stay-well"

    @property
    def number(self) -> int:
        """Position of the step in the source's order, 1 to 7.

        Examples:
            >>> Step.GOALS.number
            6
        """
        return _NUMBERS[self]

    @property
    def title(self) -> str:
        """A short human title.

        Examples:
            >>> Step.MEET.title
            'Meet the client where they are'
        """
        return _TITLES[self]


_ORDER = tuple(Step)
_NUMBERS = {step: number for number, step in enumerate(_ORDER, start=1)}

_TITLES = {
    Step.LISTEN: "Listen",
    Step.MEET: "Meet the client where they are",
    Step.STRENGTHS: "Focus on strengths",
    Step.CHALLENGE: "Challenge",
    Step.ASSESS: "Assess strengths",
    Step.GOALS: "Set achievable goals",
    Step.STAY_WELL: "Plan to stay well",
}

PREREQUISITES: dict[Step, tuple[Step, ...]] = {
    Step.LISTEN: (),
    Step.MEET: (Step.LISTEN,),
    Step.STRENGTHS: (Step.LISTEN,),
    # Growth tasks use strengths and serve goals; they need at least the strengths.
    Step.CHALLENGE: (Step.STRENGTHS,),
    Step.ASSESS: (Step.STRENGTHS,),
    # Goals are set once the client's stage of change and strengths are known.
    Step.GOALS: (Step.MEET, Step.STRENGTHS),
    # A stay-well plan draws coping skills from the strengths and needs the concerns.
    Step.STAY_WELL: (Step.LISTEN, Step.STRENGTHS),
}
"""Recommended prerequisites of each step (what it builds on). Suggestions only."""


@functools.cache
def _graph() -> nx.DiGraph[Step]:
    import networkx as nx  # noqa: PLC0415 - lazy import, see module docstring

    graph: nx.DiGraph[Step] = nx.DiGraph()
    for step in Step:
        graph.add_node(step, number=step.number, title=step.title)
    for earlier, later in itertools.pairwise(_ORDER):
        graph.add_edge(earlier, later, order=True, prerequisite=False)
    for step, needs in PREREQUISITES.items():
        for need in needs:
            if graph.has_edge(need, step):
                graph.edges[need, step]["prerequisite"] = True
            else:
                graph.add_edge(need, step, order=False, prerequisite=True)
    nx.freeze(graph)
    return graph


def process_graph() -> nx.DiGraph[Step]:
    """Return the seven steps as a frozen networkx ``DiGraph``.

    Nodes are [`Step`][strengthmodel.Step] members with ``number`` and ``title``
    attributes. Each edge has two boolean attributes: ``order`` (the source's
    sequence, step *n* to step *n + 1*) and ``prerequisite`` (the earlier step is one
    the later step builds on, see [`PREREQUISITES`][strengthmodel.steps.process.PREREQUISITES]).

    Examples:
        >>> g = process_graph()
        >>> g.number_of_nodes(), g.number_of_edges()
        (7, 12)
        >>> sorted(s.number for s in g.predecessors(Step.GOALS))
        [2, 3, 5]
    """
    return _graph()
