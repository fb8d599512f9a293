"""Turning cattrs' exception trees and record errors into problems with JSON paths.

Paths are kept as tuples of segments (``("$", "goals", 2, "importance")``) while the
tree is walked, and written as text in one place, ``render_path``.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from typing import TypeVar

from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from strengthmodel._fields import MAX_COUNTED, MAX_PROBLEMS, Record
from strengthmodel._wire.hooks import DETAILED, FAST, SHARED
from strengthmodel.errors import Problem, ValidationError

__all__ = ["render_path", "structure"]

T = TypeVar("T", bound=Record)


class Tail(str):
    """The rest of a record's own problem path (``goals[0].id``), already written as text."""

    __slots__ = ()


Segment = str | int
Path = tuple[Segment, ...]


def render_path(path: Path) -> str:
    """Write a path of segments as JSON-path text: the one place paths become text.

    Examples:
        >>> render_path(("$", "goals", 2, "importance"))
        '$.goals[2].importance'
        >>> render_path(("$", "history", 0, Tail("[1].id")))
        '$.history[0][1].id'
    """
    parts: list[str] = []
    for segment in path:
        if isinstance(segment, int):
            parts.append(f"[{segment}]")
        elif isinstance(segment, Tail):
            parts.append(segment if segment.startswith("[") else f".{segment}")
        elif parts:
            parts.append(f".{segment}")
        else:
            parts.append(segment)
    return "".join(parts)


def _join(path: Path, note: object) -> Path:
    if isinstance(note, IterableValidationNote):
        return (*path, note.index)
    if isinstance(note, AttributeValidationNote):
        return (*path, note.name)
    return path  # pragma: no cover - cattrs attaches one of the two


def _problems(error: BaseException, path: Path) -> Iterator[Problem]:  # noqa: C901 - a branch per error kind
    """Walk cattrs' exception tree and our own errors into problems with JSON paths."""
    if isinstance(error, ValidationError):
        for problem in error.problems:
            # Record problems are "Goal.importance" (or "Plan.goals[0].id"): keep the
            # part after the class name and hang it under the document path.
            _, _, rest = problem.path.partition(".")
            where = (*path, Tail(rest)) if rest else path
            yield Problem(render_path(where), problem.message)
        return
    if isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            yield from _problems(inner, _join(path, note))
        for inner in without:
            yield from _problems(inner, path)
        return
    if isinstance(error, BaseValidationError):  # pragma: no cover - other cattrs groups
        for inner in error.exceptions:
            yield from _problems(inner, path)
        return
    if isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields, key=str):
            yield Problem(render_path((*path, str(key))), "unexpected key")
        return
    if isinstance(error, KeyError):
        yield Problem(render_path(path), "required key missing")
        return
    yield Problem(render_path(path), f"invalid value ({type(error).__name__}: {error})")


def structure(data: object, cls: type[T], path: str = "$") -> T:
    """Build ``cls`` from parsed JSON on the cattrs path: quick first, then in detail.

    Raises:
        ValidationError: Every problem, with its JSON path under ``path``.
    """
    token = SHARED.set({})
    try:
        with contextlib.suppress(Exception):  # any failure is decoded again, in detail, below
            return FAST.structure(data, cls)
    finally:
        SHARED.reset(token)
    try:
        return DETAILED.structure(data, cls)
    except Exception as error:  # noqa: BLE001 - turned into our error with every path
        found = _problems(error, (path,))
        problems = list(itertools.islice(found, MAX_PROBLEMS)) or [Problem(path, str(error))]
        more = sum(1 for _ in itertools.islice(found, MAX_COUNTED)) + sum(
            leaf.more for leaf in _leaves(error) if isinstance(leaf, ValidationError)
        )
        raise _error_class(error)(problems, more=more) from None


def _leaves(error: BaseException) -> Iterator[BaseException]:
    if isinstance(error, BaseValidationError):
        for inner in error.exceptions:
            yield from _leaves(inner)
    else:
        yield error


def _error_class(error: BaseException) -> type[ValidationError]:
    """Keep our subclass (``UnknownReferenceError``...) when every leaf error shares it."""
    kinds = {type(leaf) for leaf in _leaves(error)}
    if len(kinds) == 1:
        (kind,) = kinds
        if issubclass(kind, ValidationError):
            return kind
    return ValidationError
