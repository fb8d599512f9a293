"""An editor: every operation, with the author and the clock given once.

An app holds one [`Editor`][strengthmodel.Editor] per signed-in user and calls its
methods with the plan it loaded; each method is the operation of the same name in
[`strengthmodel.ops`][strengthmodel.ops], with ``author`` and ``at`` filled in. Pass
``expected_revision`` (the revision the user saw) and a stale edit raises
[`ConflictError`][strengthmodel.ConflictError] instead of overwriting someone else's
change: reload, re-apply the user's intent, and save.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs

from strengthmodel.client import Client
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.plans._editor_operations import EditorOperations
from strengthmodel.plans.apply import apply
from strengthmodel.plans.builder import PlanBuilder, utc_now
from strengthmodel.plans.changes import AnyChange
from strengthmodel.plans.plan import Plan

__all__ = ["Editor"]


def _check_author(_editor: object, _attribute: object, author: Any) -> None:  # noqa: ANN401
    if not isinstance(author, str) or not author.strip():
        shown = "blank text" if isinstance(author, str) else type(author).__name__
        raise ValidationError(
            [Problem("author", f"expected a user id (non-empty text), got {shown}")]
        )


def _check_clock(_editor: object, _attribute: object, clock: Any) -> None:  # noqa: ANN401
    if not callable(clock):
        raise ValidationError(
            [Problem("clock", f"expected a function giving the time, got {type(clock).__name__}")]
        )


@attrs.frozen(kw_only=True)
class Editor(EditorOperations):
    """Change plans as one author, with one clock: every operation of `strengthmodel.ops`.

    Immutable: [`bind`][strengthmodel.Editor.bind] gives an editor with another author
    or clock. The author is a user id, not a name; it is kept out of the repr.

    Attributes:
        author: Recorded as the author of every change.
        clock: Gives the time of each change (default: now, UTC).

    Examples:
        Two clinicians edit the same plan; the second saw revision 2 but the plan moved on:

        >>> from datetime import date
        >>> from strengthmodel import Client, ConflictError, Editor, StrengthCategory
        >>> lee, kim = Editor(author="dr-lee"), Editor(author="dr-kim")
        >>> plan = lee.new_plan(Client(pseudonym="c1"))
        >>> plan = lee.add_goal(plan, "Walk daily", id="g1", expected_revision=1)
        >>> seen = plan.revision
        >>> plan = lee.rate_goal(plan, "g1", 0, date(2026, 3, 1), expected_revision=seen)
        >>> try:
        ...     kim.add_strength(plan, "Gardening", StrengthCategory.SKILL,
        ...                      expected_revision=seen)
        ... except ConflictError as error:
        ...     print(error)
        the plan is at revision 3, but the change was made against revision 2; reload ...
        >>> plan = kim.add_strength(plan, "Gardening", StrengthCategory.SKILL,
        ...                         expected_revision=plan.revision)
        >>> [(e.revision, e.author) for e in plan.history]
        [(1, 'dr-lee'), (2, 'dr-lee'), (3, 'dr-lee'), (4, 'dr-kim')]
    """

    author: str = attrs.field(repr=False, validator=_check_author)
    clock: Callable[[], datetime] = attrs.field(default=utc_now, validator=_check_clock)

    def bind(
        self, *, author: str | None = None, clock: Callable[[], datetime] | None = None
    ) -> Editor:
        """Return an editor with another author or clock (this one is unchanged)."""
        return Editor(
            author=self.author if author is None else author,
            clock=self.clock if clock is None else clock,
        )

    def new_plan(self, client: Client, *, plan_id: str = "plan-1") -> Plan:
        """Open a new plan for ``client``, as this editor's author."""
        return Plan.new(client, plan_id=plan_id, author=self.author, at=self.clock())

    def apply(self, plan: Plan, change: AnyChange, *, expected_revision: int | None = None) -> Plan:
        """[`apply`][strengthmodel.apply] any change, as this editor's author."""
        return apply(
            plan, change, author=self.author, at=self.clock(), expected_revision=expected_revision
        )

    def builder(self, plan: Plan) -> PlanBuilder:
        """A [`PlanBuilder`][strengthmodel.PlanBuilder] continuing ``plan`` as this editor."""
        return PlanBuilder(plan=plan, author=self.author, clock=self.clock)
