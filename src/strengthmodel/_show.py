"""Asking a notebook to show an object with its sensitive text: [`show`][strengthmodel.show].

Every displayable class of the library (plans, step progress, coping graphs, findings,
instrument scores, goal attainment, simulation results and comparisons) renders itself,
in its own package, through one method::

    def _display_html_(self, *, include_sensitive: bool) -> str: ...

Its ``_repr_html_`` is ``_display_html_(include_sensitive=False)``; ``show`` calls it with
the caller's choice. This module knows no class of the library, so it sits on the lowest
floor and any package may be displayed without importing the others.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import attrs

from strengthmodel._describe import describe_value
from strengthmodel._html import escape
from strengthmodel.errors import Problem, ValidationError

__all__ = ["Displayable", "Shown", "show"]


@runtime_checkable
class Displayable(Protocol):
    """What the library's displayable classes implement: HTML, with or without text."""

    def _display_html_(self, *, include_sensitive: bool) -> str:
        """The object as HTML; its sensitive text only when ``include_sensitive``."""
        ...  # pragma: no cover - a protocol


@attrs.frozen
class Shown:
    """An object to display with its sensitive text: what [`show`][strengthmodel.show] returns.

    Attributes:
        value: The object shown.
        include_sensitive: Whether its sensitive text is shown.
    """

    value: object
    include_sensitive: bool = False

    def __repr__(self) -> str:
        """The object's own repr: the text stays out of plain-text output."""
        return repr(self.value)

    def _repr_html_(self) -> str:
        if isinstance(self.value, Displayable):
            return self.value._display_html_(include_sensitive=self.include_sensitive)
        method = getattr(self.value, "_repr_html_", None)
        if method is None:
            return f"<pre>{escape(repr(self.value))}</pre>"
        return str(method())


def show(value: object, *, include_sensitive: bool = False) -> Shown:
    """Display a plan or coping graph in Jupyter, with its sensitive text if asked.

    Plans and coping graphs show ids, statuses and numbers when they are the last
    expression of a cell; ``show(plan, include_sensitive=True)`` also shows each
    record's text (a concern's words, a goal's statement) and ``show(graph,
    include_sensitive=True)`` labels the drawing with names and descriptions. Other
    objects display as they would on their own.

    Args:
        value: What to display.
        include_sensitive: Show names, contact details and the client's words.

    Returns:
        An object that Jupyter displays (its plain repr is the value's own).

    Examples:
        >>> import strengthmodel as sm
        >>> builder = sm.PlanBuilder("client-1", author="clinician-1")
        >>> plan = builder.add_concern("Can't sleep").build()
        >>> "Can&#x27;t sleep" in sm.show(plan, include_sensitive=True)._repr_html_()
        True
        >>> "sleep" in sm.show(plan)._repr_html_()
        False
    """
    flag: object = include_sensitive
    if type(flag) is not bool:
        raise ValidationError(
            [
                Problem(
                    "include_sensitive",
                    f"expected True or False, got {describe_value(include_sensitive)}",
                )
            ]
        )
    return Shown(value, include_sensitive)
