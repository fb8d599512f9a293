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

__all__ = ["PlanIndex"]


class PlanIndex:
    """Where each id lives and how often it is referred to, for the tip of a plan chain.

    Attributes:
        where: Record id to the plan collection that holds it.
        refcount: Record id to the number of references other records make to it
            (coping links aside: they are removed with the records they join).
        lock: Held while a change is checked against the index and applied to it.
    """

    __slots__ = ("__weakref__", "_tip", "lock", "refcount", "where")

    def __init__(self, where: dict[str, str], refcount: Counter[str]) -> None:
        """Start an index that follows no plan yet."""
        self.where = where
        self.refcount = refcount
        self.lock = threading.Lock()
        self._tip: weakref.ReferenceType[object] | None = None

    @classmethod
    def build(cls, records: typing.Iterable[Record]) -> PlanIndex:
        """Index the records of one plan (linear in their number)."""
        index = cls({}, Counter())
        for record in records:
            index.add(record)
        return index

    def follows(self, plan: object) -> bool:
        """Whether this index describes ``plan`` (the plan is the chain's tip)."""
        return self._tip is not None and self._tip() is plan

    def hand_to(self, plan: object) -> None:
        """Make ``plan`` the tip this index describes."""
        self._tip = weakref.ref(plan)

    def add(self, record: Record) -> None:
        """Record that a plan now holds ``record``."""
        self.where[typing.cast("typing.Any", record).id] = COLLECTIONS[type(record)]  # type: ignore[index]
        for name, _ in references_of(type(record)):
            for ref in as_ids(getattr(record, name)):
                self.refcount[ref] += 1

    def discard(self, record: Record) -> None:
        """Record that a plan no longer holds ``record``."""
        del self.where[typing.cast("typing.Any", record).id]
        for name, _ in references_of(type(record)):
            for ref in as_ids(getattr(record, name)):
                self.refcount[ref] -= 1
                if not self.refcount[ref]:
                    del self.refcount[ref]
