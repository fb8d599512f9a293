"""One exception hierarchy for everything strengthmodel raises.

Every error the public API raises derives from `StrengthModelError`, so an
application can catch the library's failures with a single ``except`` clause.
Validation errors also derive from :class:`ValueError` and lookup errors from
:class:`LookupError`, so generic code that expects those keeps working.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable

import attrs

from strengthmodel._describe import describe_value
from strengthmodel.ids import is_valid_id

__all__ = [
    "ConflictError",
    "MigrationError",
    "Problem",
    "SimulationError",
    "StrengthModelError",
    "UnknownRecordError",
    "UnknownReferenceError",
    "UnsupportedVersionError",
    "ValidationError",
]


Segment = str | int
"""One step of a problem's location: a key or field name, or an index."""


def render_path(location: tuple[Segment, ...]) -> str:
    """Write a location as path text: the one place paths become text.

    Indexes are written ``[2]``, names joined with dots.

    Examples:
        >>> render_path(("$", "goals", 2, "importance"))
        '$.goals[2].importance'
        >>> render_path(("Goal", "strength_ids", 1))
        'Goal.strength_ids[1]'
    """
    parts: list[str] = []
    for segment in location:
        if type(segment) is int:
            parts.append(f"[{segment}]")
        elif parts:
            parts.append(f".{segment}")
        else:
            parts.append(typing.cast("str", segment))
    return "".join(parts)


def _default_location(problem: Problem) -> tuple[Segment, ...]:
    return (problem.path,) if problem.path else ()


@attrs.frozen
class Problem:
    """One thing wrong with a value, and where.

    Attributes:
        path: Where the problem is: a field path such as ``Goal.importance`` or
            ``goals[2].importance`` (records), or a JSON path such as
            ``$.goals[2].importance`` (documents).
        message: What was wrong and what is allowed.
        location: The same place as segments, for code that points at it (a form
            field to highlight): ``("$", "goals", 2, "importance")`` for a document,
            ``("Goal", "strength_ids", 1)`` for a record. Build a problem with a location
            by [`Problem.at`][strengthmodel.Problem.at]; a problem built from a
            path alone has that path as its one segment. Not compared by ``==``.
    """

    path: str
    message: str
    location: tuple[Segment, ...] = attrs.field(
        default=attrs.Factory(_default_location, takes_self=True),
        kw_only=True,
        eq=False,
        repr=False,
    )

    @classmethod
    def at(cls, location: tuple[Segment, ...], message: str) -> Problem:
        """A problem at ``location``, with its path written from it.

        Examples:
            >>> Problem.at(("$", "goals", 2, "importance"), "expected an integer")
            Problem(path='$.goals[2].importance', message='expected an integer')
        """
        return cls(render_path(location), message, location=location)

    def under(self, *root: Segment) -> Problem:
        """The same problem, its location nested under ``root``."""
        return Problem.at((*root, *self.location), self.message)

    def __str__(self) -> str:
        """Render as ``path: message``."""
        return f"{self.path}: {self.message}"


class StrengthModelError(Exception):
    """Base class of every error strengthmodel raises on purpose."""


class ValidationError(StrengthModelError, ValueError):
    """A value, record, plan or document is invalid.

    Attributes:
        problems: The problems found (not only the first), each with its path; at most
            100 are kept for one value, so that hostile input cannot exhaust memory.
        more: How many further problems were found and not kept.
        line: For a document read from a stream of JSON Lines, its line number
            (counted from 1); ``None`` otherwise. The message starts with it too.
    """

    problems: tuple[Problem, ...]
    more: int
    line: int | None

    def __init__(
        self, problems: Iterable[Problem], *, more: int = 0, line: int | None = None
    ) -> None:
        """Collect the problems (at least one); ``more`` counts those left out."""
        self.problems = tuple(problems)
        self.more = more
        self.line = line
        if not self.problems:  # pragma: no cover - programming error inside the library
            msg = "ValidationError needs at least one problem"
            raise AssertionError(msg)
        super().__init__(self._render())

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The same as ``problems`` (the name JSON-minded code looks for)."""
        return self.problems

    def _render(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        if len(self.problems) == 1 and not self.more:
            return f"{where}{self.problems[0]}"
        lines = "\n".join(f"  - {p}" for p in self.problems)
        if self.more:
            at_least = "at least " if self.more >= 10_000 else ""
            lines += f"\n  - and {at_least}{self.more} more problems (not listed)"
        return f"{where}{len(self.problems) + self.more} problems:\n{lines}"

    def at_line(self, line: int) -> ValidationError:
        """Return a copy (of the same class) that names the stream line it came from.

        Within one line of a stream, a JSON parser's "line 1 column N" is just "column N",
        so the message does not name two different lines.
        """
        problems = [
            Problem(
                p.path,
                re.sub(r"\bline 1 column (\d+)", r"column \1", p.message),
                location=p.location,
            )
            for p in self.problems
        ]
        return type(self)(problems, more=self.more, line=line)

    def prefixed(self, *prefix: Segment) -> ValidationError:
        """Return a copy whose problems are located under ``prefix`` (segments)."""
        return type(self)(
            (p.under(*prefix) for p in self.problems),
            more=self.more,
            line=self.line,
        )


class UnknownReferenceError(ValidationError):
    """A record refers to an id that the plan does not hold (a dangling reference)."""


class UnsupportedVersionError(ValidationError):
    """A document's format version is newer than this library reads, or is not a version."""


class MigrationError(ValidationError):
    """An older document could not be upgraded (no migration registered, or it failed)."""


class UnknownRecordError(StrengthModelError, LookupError):
    """An id was looked up in a plan that has no record with it (of the kind asked for).

    Attributes:
        record_id: The id looked up.
        kind: The kind of record looked for (``"goal"``, or ``"record"`` for any).
        found: The kind of the record the id does name, when it names one of another
            kind; else ``None``.
    """

    def __init__(self, record_id: str, kind: str = "record", *, found: str | None = None) -> None:
        """Remember the missing id, the kind looked for, and the kind the id names if any."""
        self.record_id = record_id
        self.kind = kind
        self.found = found
        shown = describe_value(record_id, id_position=True)
        if is_valid_id(record_id):
            message = f"the plan has no {kind} with id {shown}"
        else:  # a name typed where an id belongs: described, never quoted
            message = f"expected the id of a {kind}, got {shown}"
        if found is not None:
            message += f" ({shown} is a {found})"
        super().__init__(message)


class ConflictError(StrengthModelError):
    """A change was made against a revision of the plan that is no longer current.

    Raised by [`apply`][strengthmodel.apply] when ``expected_revision`` is given and
    differs from the plan's revision (optimistic concurrency). Not a
    [`ValidationError`][strengthmodel.ValidationError]: the change may be valid, but
    it was made against an older plan. Catch both, or
    [`StrengthModelError`][strengthmodel.StrengthModelError].

    Attributes:
        expected: The revision the change was made against.
        actual: The plan's revision.
    """

    def __init__(self, *, expected: int, actual: int) -> None:
        """Remember both revisions."""
        self.expected = expected
        self.actual = actual
        if expected > actual:
            advice = ", which it has not reached; check the revision you pass"
        else:
            advice = "; reload the plan and apply the change again"
        super().__init__(
            f"the plan is at revision {actual}, but the change was made against revision "
            f"{expected}{advice}"
        )


class SimulationError(StrengthModelError, ValueError):
    """A plan or a request cannot be simulated (no triggers, bad options, bad target)."""
