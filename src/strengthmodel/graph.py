"""Moved to ``strengthmodel.coping``; kept so that older imports still work.

Import the coping graph from the top level (``strengthmodel.CopingGraph``) or from
``strengthmodel.coping``.
"""

from strengthmodel.coping import (
    CopingGraph,
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
