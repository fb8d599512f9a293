"""The id index behind a plan, so that applying a change checks only what it touches.

A plan is immutable, but rebuilding a map of its ids for every change would make
building or replaying a plan quadratic. So plans derived from one another share one
index, which follows the newest plan in the chain (its *tip*): applying a change to
the tip updates the index in place and hands it to the new plan. Applying a change
to an older plan (a branch) builds a fresh index from that plan's records, once. Each
plan only trusts the index while it is the tip, so no plan ever sees another plan's
ids. This is the same trick as appending to a Go slice that has spare capacity.
"""

from __future__ import annotations

import threading
import typing
import weakref
from collections import Counter

from strengthmodel._fields import Record
from strengthmodel.plans.registry import COLLECTIONS, as_ids, references_of
from strengthmodel.steps.staying_well import CopingLink

__all__ = ["PlanIndex"]


class PlanIndex:
    """Where each id lives and how often it is referred to, for the tip of a plan chain.

    Attributes:
        records: Record id to the record the plan holds under it.
        links: (trigger id, coping skill id) to the coping link between them.
        position: Record id, or link key, to its position in its plan collection.
        refcount: Record id to the number of references other records make to it
            (coping links aside: they are removed with the records they join).
        lock: Held while a change is checked against the index and applied to it.
    """

    __slots__ = ("__weakref__", "_tip", "links", "lock", "position", "records", "refcount")

    def __init__(self) -> None:
        """Start an empty index that follows no plan yet."""
        self.records: dict[str, Record] = {}
        self.links: dict[tuple[str, str], CopingLink] = {}
        self.refcount: Counter[str] = Counter()
        self.position: dict[object, int] = {}
        self.lock = threading.Lock()
        self._tip: weakref.ReferenceType[object] | None = None

    @classmethod
    def build(
        cls, records: typing.Iterable[Record], links: typing.Iterable[CopingLink] = ()
    ) -> PlanIndex:
        """Index the records and coping links of one plan (linear in their number)."""
        index = cls()
        counts: Counter[type] = Counter()
        for record in records:
            index.add(record)
            index.position[typing.cast("typing.Any", record).id] = counts[type(record)]
            counts[type(record)] += 1
        for position, link in enumerate(links):
            key = (link.trigger_id, link.coping_skill_id)
            index.links[key] = link
            index.position[key] = position
        return index

    def collection(self, record_id: str) -> str | None:
        """The plan collection that holds ``record_id``, if the plan holds it."""
        record = self.records.get(record_id)
        return None if record is None else COLLECTIONS[type(record)]  # type: ignore[index]

    def follows(self, plan: object) -> bool:
        """Whether this index describes ``plan`` (the plan is the chain's tip)."""
        return self._tip is not None and self._tip() is plan

    def hand_to(self, plan: object) -> None:
        """Make ``plan`` the tip this index describes."""
        self._tip = weakref.ref(plan)

    def add(self, record: Record) -> None:
        """Record that a plan now holds ``record``."""
        self.records[typing.cast("typing.Any", record).id] = record
        for name, _ in references_of(type(record)):
            for ref in as_ids(getattr(record, name)):
                self.refcount[ref] += 1

    def discard(self, record: Record) -> None:
        """Record that a plan no longer holds ``record``."""
        del self.records[typing.cast("typing.Any", record).id]
        for name, _ in references_of(type(record)):
            for ref in as_ids(getattr(record, name)):
                self.refcount[ref] -= 1
                if not self.refcount[ref]:
                    del self.refcount[ref]
