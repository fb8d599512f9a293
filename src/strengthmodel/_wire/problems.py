"""Turning cattrs' exception trees and record errors into problems with JSON paths.

Paths are kept as tuples of segments (``("$", "goals", 2, "importance")``) while the
tree is walked; each problem keeps them as its ``location``, and
[`render_path`][strengthmodel.errors.render_path] writes them as text.
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

from strengthmodel._describe import describe_value, looks_like_a_field_name
from strengthmodel._fields import MAX_COUNTED, MAX_PROBLEMS, Record
from strengthmodel._wire.hooks import DETAILED, FAST, SHARED
from strengthmodel.errors import Problem, Segment, ValidationError

__all__ = ["structure"]

T = TypeVar("T", bound=Record)


Path = tuple[Segment, ...]


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
            # A record's problems are located under its class name (("Goal",
            # "importance")): hang what follows the name under the document path.
            yield Problem.at((*path, *problem.location[1:]), problem.message)
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
            if looks_like_a_field_name(key):
                yield Problem.at((*path, key), "unexpected key")
            else:
                yield Problem.at(path, f"unexpected key ({describe_value(key, wire=True)})")
        return
    if isinstance(error, KeyError):
        yield Problem.at(path, "required key missing")
        return
    # Only the type: another exception's message may quote the value.
    yield Problem.at(path, f"invalid value ({type(error).__name__})")


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
        problems = list(itertools.islice(found, MAX_PROBLEMS)) or [
            Problem(path, f"invalid value ({type(error).__name__})")
        ]
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
