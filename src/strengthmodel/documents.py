"""Every kind of top-level document strengthmodel reads and writes, by kind name.

Used by the command line (``strengthmodel validate``, ``strengthmodel schema``) and
by applications that receive documents of unknown kind: the ``"format"`` key of a
document names its kind (``"strengthmodel.plan"`` is kind ``"plan"``).
"""

from __future__ import annotations

import typing

from strengthmodel._fields import Record
from strengthmodel.client import Client
from strengthmodel.coping import Coverage
from strengthmodel.measures.instruments import Instrument, InstrumentScore
from strengthmodel.plans.changes import AnyChange, HistoryEntry
from strengthmodel.plans.outcomes import GoalAttainment
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.registry import RECORD_TYPES
from strengthmodel.steps.engagement import Readiness
from strengthmodel.steps.goals import Attainment, GasScale
from strengthmodel.steps.staying_well import CopingLink

__all__ = ["DOCUMENT_TYPES"]

_TYPES: tuple[type[Record], ...] = (
    Plan,
    Client,
    HistoryEntry,
    *RECORD_TYPES,
    Readiness,
    GasScale,
    Attainment,
    CopingLink,
    *typing.get_args(AnyChange),
    Instrument,
    InstrumentScore,
    GoalAttainment,
    Coverage,
)

DOCUMENT_TYPES: dict[str, type[Record]] = {cls.kind: cls for cls in _TYPES}
"""Document kind (``"plan"``, ``"goal"``, ``"add"``...) to record type."""
