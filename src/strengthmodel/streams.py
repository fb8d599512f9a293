"""Caseloads as JSON Lines: one canonical document per line, read and written lazily.

A caseload of thousands of plans does not fit comfortably in one JSON document. In the
[JSON Lines](https://jsonlines.org/) format each line is one complete document (here a
canonical [`dumps`][strengthmodel.dumps] document, which never contains a line break),
so a file can be written and read one plan at a time, in constant memory, and appended
to, split or concatenated with ordinary tools.

- [`dump_lines`][strengthmodel.dump_lines] writes records, one per line, each ended by
  a newline (LF).
- [`iter_loads`][strengthmodel.iter_loads] reads them back one line at a time. Every
  line is checked exactly as [`loads`][strengthmodel.loads] checks a document (limits,
  strict types, references, history and hash chain, signature when a key is given), and
  every error names the line: ``error.line`` holds its number (counted from 1) and the
  message starts with ``line N:``.

Blank lines (empty, or only white space) are skipped, so a trailing newline or an empty
line between documents is harmless; they still count in line numbers, so a number always
matches what an editor shows. Both LF and CRLF line endings are read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Final, Literal, TypeVar, overload

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record, check_argument
from strengthmodel._wire.limits import MAX_DOCUMENT_BYTES
from strengthmodel._wire.migrations import Migrations
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.plans.plan import Plan
from strengthmodel.serialization import _check_key, _check_type, _loads, dump_bytes

__all__ = ["MAX_LINE_BYTES", "dump_lines", "iter_loads"]

T = TypeVar("T", bound=Record)

MAX_LINE_BYTES: Final = MAX_DOCUMENT_BYTES
"""Longest line [`iter_loads`][strengthmodel.iter_loads] reads by default: the
document limit of [`loads`][strengthmodel.loads], 32 MiB."""

Lines = IO[bytes] | IO[str] | Iterable[bytes] | Iterable[str]
"""What [`iter_loads`][strengthmodel.iter_loads] reads: a file opened in binary or text
mode, or any iterable of lines (``bytes`` or ``str``)."""


def read_lines(stream: object, limit: int) -> Iterator[str | bytes]:
    """The lines of a stream, read one at a time (checked when the iterator is made).

    A file is read with ``readline(limit + 2)``, so a line longer than the limit is never
    held in memory whole (the two extra characters leave room for a CRLF ending).
    """
    readline = getattr(stream, "readline", None)
    if callable(readline):
        return _read(readline, limit + 2)
    if isinstance(stream, Iterable) and not isinstance(stream, str | bytes | bytearray):
        return iter(stream)
    got = type(stream).__name__
    hint = ""
    if isinstance(stream, os.PathLike) or (
        isinstance(stream, str) and "\n" not in stream and not stream.lstrip().startswith("{")
    ):
        hint = " (to read a file, pass the open file: iter_loads(open(path, 'rb')))"
    elif isinstance(stream, str | bytes):
        hint = " (for one document, use loads)"
    raise ValidationError(
        [Problem("stream", f"expected a file or an iterable of lines, got {got}{hint}")]
    )


def _read(readline: Callable[[int], str | bytes], size: int) -> Iterator[str | bytes]:
    while line := readline(size):
        yield line


def _content(line: object, number: int, limit: int) -> str | bytes | None:
    """The line without its ending, ``None`` for a blank line; refuse what is not a line."""
    if type(line) is str:
        content: str | bytes = line.rstrip("\r\n")
        blank = not line.strip()
    elif type(line) is bytes:
        content = line.rstrip(b"\r\n")
        blank = not line.strip()
    else:
        raise ValidationError(
            [Problem("$", f"expected a line of text or bytes, got {type(line).__name__}")],
            line=number,
        )
    size = len(content)
    if type(content) is str and size * 4 > limit:  # a character is 1 to 4 bytes of UTF-8
        size = len(content.encode("utf-8", "surrogatepass"))
    if size > limit:
        # For a file, only the first limit + 2 characters were read: the true length is
        # unknown, and reading on to measure it would defeat the limit.
        raise ValidationError(
            [Problem("$", f"line is longer than the {limit}-byte limit")], line=number
        )
    return None if blank else content


@overload
def iter_loads(
    stream: Lines,
    type_: None = None,
    *,
    migrations: Migrations | None = None,
    key: bytes | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
    on_error: Literal["raise"] = "raise",
) -> Iterator[Plan]: ...


@overload
def iter_loads(
    stream: Lines,
    type_: type[T],
    *,
    migrations: Migrations | None = None,
    key: bytes | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
    on_error: Literal["raise"] = "raise",
) -> Iterator[T]: ...


@overload
def iter_loads(
    stream: Lines,
    type_: None = None,
    *,
    migrations: Migrations | None = None,
    key: bytes | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
    on_error: Literal["yield"],
) -> Iterator[Plan | ValidationError]: ...


@overload
def iter_loads(
    stream: Lines,
    type_: type[T],
    *,
    migrations: Migrations | None = None,
    key: bytes | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
    on_error: Literal["yield"],
) -> Iterator[T | ValidationError]: ...


def iter_loads(  # noqa: PLR0913 - the options of loads, and how to meet a bad line
    stream: Lines,
    type_: type[Record] | None = None,
    *,
    migrations: Migrations | None = None,
    key: bytes | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
    on_error: Literal["raise", "yield"] = "raise",
) -> Iterator[Record] | Iterator[Record | ValidationError]:
    """Read records from JSON Lines, one line at a time (a lazy iterator).

    Args:
        stream: A file opened in binary (preferred) or text mode, or any iterable of
            lines (``bytes`` or ``str``), such as a list or a generator.
        type_: The record type of every line (default: ``Plan``).
        migrations: The registry used to upgrade older versions (default: the library's).
        key: When given, every line must be a plan signed with this key (see
            [`dumps`][strengthmodel.dumps]).
        max_line_bytes: Longest line accepted, in bytes (default 32 MiB, as
            [`loads`][strengthmodel.loads]); a longer line is refused without being read
            into memory whole.
        on_error: ``"raise"`` (the default) stops at the first invalid line with its
            error. ``"yield"`` yields each invalid line's error in the line's place and
            reads on, to check a whole caseload in one pass; after a line that cannot
            be read at all (over ``max_line_bytes``, or not UTF-8 in a text stream) the
            next line's start is unknown, so its error is the last item.

    Yields:
        One record per non-blank line, in order (with ``on_error="yield"``, a
        ``ValidationError`` for each invalid line).

    Raises:
        ValidationError: A line is not a valid ``type_`` document (or its subclass:
            ``UnknownReferenceError``, ``UnsupportedVersionError``...). ``error.line``
            is the line number, counted from 1, and the message starts with
            ``line N:``; the problem paths are JSON paths within that line. The
            iterator stops at the first invalid line.

    Examples:
        >>> import io
        >>> from strengthmodel import Readiness, dump_lines
        >>> buffer = io.BytesIO()
        >>> dump_lines([Readiness(importance=8, confidence=5)], buffer)
        1
        >>> list(iter_loads(buffer.getvalue().splitlines(), Readiness))
        [Readiness(importance=8, confidence=5, assessed_on=None)]
        >>> lines = [b"", b'{"format": "strengthmodel.readiness", "version": 2}']
        >>> next(iter_loads(lines, Readiness))
        Traceback (most recent call last):
        ...
        strengthmodel.errors.ValidationError: line 2: 2 problems:
          - $.importance: required key missing
          - $.confidence: required key missing
        >>> lines.append(buffer.getvalue())
        >>> [type(item).__name__ for item in iter_loads(lines, Readiness, on_error="yield")]
        ['ValidationError', 'Readiness']
    """
    cls: type[Record] = Plan if type_ is None else type_
    # Arguments are checked when the iterator is made, not at the first next().
    _check_key(key)
    _check_type(cls)
    check_argument("max_line_bytes", max_line_bytes, int)
    if max_line_bytes < 1:
        raise ValidationError(
            [Problem("max_line_bytes", f"expected a positive limit, got {max_line_bytes}")]
        )
    if on_error not in ("raise", "yield"):
        raise ValidationError(
            [Problem("on_error", f"expected 'raise' or 'yield', got {describe_value(on_error)}")]
        )
    lines = read_lines(stream, max_line_bytes)
    if on_error == "yield":
        return (item for _, item in checked_lines(lines, cls, migrations, key, max_line_bytes))
    return _records(lines, cls, migrations, key, max_line_bytes)


def _records(
    lines: Iterator[str | bytes],
    cls: type[Record],
    migrations: Migrations | None,
    key: bytes | None,
    limit: int,
) -> Iterator[Record]:
    for _, outcome in checked_lines(lines, cls, migrations, key, limit):
        if isinstance(outcome, ValidationError):
            raise outcome
        yield outcome


def checked_lines(
    lines: Iterator[str | bytes],
    cls: type[Record],
    migrations: Migrations | None,
    key: bytes | None,
    limit: int,
) -> Iterator[tuple[int, Record | ValidationError]]:
    """Each non-blank line's number and record, or the error that names it (and go on).

    After a line that cannot be read (over the limit, or not UTF-8 in a text stream),
    where the next line starts is unknown: that error is the last item.
    """
    number = 0
    while True:
        number += 1
        try:
            line = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError as error:  # a text stream of bytes that are not UTF-8
            yield (
                number,
                ValidationError(
                    [
                        Problem(
                            "$",
                            f"not valid UTF-8 ({error.reason}) here or in the next lines (a text "
                            "file is decoded ahead); open the file in binary mode to find the line",
                        )
                    ],
                    line=number,
                ),
            )
            return
        try:
            content = _content(line, number, limit)
        except ValidationError as error:
            yield number, error
            return
        if content is None:
            continue
        try:
            record = _loads(content, cls, migrations, key, path_hint=False)
        except ValidationError as error:
            yield number, error.at_line(number)
        else:
            yield number, record


def dump_lines(
    records: Iterable[Record], stream: IO[bytes] | IO[str], *, key: bytes | None = None
) -> int:
    """Write records as JSON Lines: one canonical document per line, each ended by a newline.

    Records are written one at a time, as they come from ``records`` (a generator is not
    gathered first), so memory stays constant however long the caseload.

    Args:
        records: The records to write (usually plans).
        stream: A file opened for writing in binary mode (preferred) or text mode (open
            it with ``encoding="utf-8"``), or any object with a ``write`` method.
        key: Sign every document with this key, as [`dumps`][strengthmodel.dumps] does.

    Returns:
        The number of lines written.

    Raises:
        ValidationError: An item is not a record, or the key is not acceptable; the
            lines before it have been written.

    Examples:
        >>> import io
        >>> from strengthmodel import Readiness
        >>> buffer = io.StringIO()
        >>> dump_lines([Readiness(importance=8, confidence=5)] * 2, buffer)
        2
        >>> len(buffer.getvalue().splitlines())
        2
    """
    _check_key(key)
    write = getattr(stream, "write", None)
    if not callable(write):
        got = type(stream).__name__
        raise ValidationError([Problem("stream", f"expected a writable file, got {got}")])
    items: object = records  # callers are not always typed: check what arrived
    if not isinstance(items, Iterable) or isinstance(items, Record):
        got = type(records).__name__
        raise ValidationError(
            [Problem("records", f"expected an iterable of records (a list of plans), got {got}")]
        )
    as_text: bool | None = None
    count = 0
    for record in items:
        if not isinstance(record, Record):
            got = type(record).__name__
            raise ValidationError(
                [Problem.at(("records", count), f"expected a strengthmodel record, got {got}")]
            )
        line = dump_bytes(record, key=key) + b"\n"
        if as_text is None:
            # Find out once whether the stream takes bytes or text: a text stream refuses
            # bytes with a TypeError before writing anything.
            try:
                write(line)
                as_text = False
            except TypeError:
                as_text = True
                write(line.decode("utf-8"))
        elif as_text:
            write(line.decode("utf-8"))
        else:
            write(line)
        count += 1
    return count
