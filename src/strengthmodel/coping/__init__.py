"""The coping graph of a plan: does its relapse-prevention plan hold?

Laid out by job, in the manner of networkx:

- ``coping.graph``: [`CopingGraph`][strengthmodel.CopingGraph], the
  index of a plan's triggers, coping skills, strengths and supports, and its queries
  (ranked strategies, uncovered triggers, single points of failure, coverage);
- ``coping.results``: the records the queries return;
- [`ideas`][strengthmodel.coping.ideas]: the clinical content (coping ideas from unused
  strengths and how they are ordered), on its own so clinicians can review it;
- [`export`][strengthmodel.coping.export]: networkx, node-link JSON, GraphML, DOT and
  Mermaid (networkx loads only for the first two);
- [`draw`][strengthmodel.coping.draw]: a matplotlib drawing (the ``plot`` extra).
"""

from strengthmodel.coping.graph import CopingGraph
from strengthmodel.coping.results import (
    Coverage,
    LevelCount,
    SinglePointOfFailure,
    Strategy,
    Suggestion,
)

__all__ = [
    "CopingGraph",
    "Coverage",
    "LevelCount",
    "SinglePointOfFailure",
    "Strategy",
    "Suggestion",
]
