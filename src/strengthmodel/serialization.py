"""Lossless, versioned JSON for every strengthmodel record, plan and change.

This module owns the wire format.
[`configure_converter`][strengthmodel.serialization.configure_converter] registers every
hook on any cattrs converter and
[`make_converter`][strengthmodel.serialization.make_converter] builds ours; the
module-level functions ([`dumps`][strengthmodel.dumps], [`loads`][strengthmodel.loads],
[`to_dict`][strengthmodel.to_dict], [`from_dict`][strengthmodel.from_dict],
[`content_hash`][strengthmodel.content_hash]) use a converter built once.

The contract:

- **Envelope.** A top-level document is a JSON object whose first two keys are
  ``"format"`` (``"strengthmodel." + kind``, e.g. ``"strengthmodel.plan"``) and
  ``"version"`` (the format version,
  [`FORMAT_VERSION`][strengthmodel.serialization.FORMAT_VERSION]), followed by the
  record's fields.
- **Lossless.** ``loads(dumps(x), type(x)) == x`` for every valid value. Scalars are
  strict: an integer field accepts only a JSON integer (not ``3.7``, ``7.0`` or
  ``true``), a text field only a JSON string (not ``42``), a number field only a JSON
  number (not ``"0.5"``); an integer is accepted for a number field (the value is the
  same). Dates are ``YYYY-MM-DD``; timestamps are ISO 8601 with an offset and are
  written in UTC.
- **Tagged unions.** A field that holds one of several record types (the record in
  ``AddRecord``, the change in a history entry) carries ``"type"``: the record class's
  stable ``kind`` (``"goal"``, ``"link-coping"``), never a Python class name.
- **Canonical.** Keys are written in field order, records in plan order, sets sorted,
  with no insignificant white space: equal values give equal bytes, and
  [`content_hash`][strengthmodel.content_hash] is a SHA-256 of those bytes.
- **Errors.** Any invalid input raises [`ValidationError`][strengthmodel.ValidationError]
  listing every problem with its JSON path (``$.goals[2].importance: expected an
  integer from 0 to 3, got 3.7``). Documents over
  [`MAX_DOCUMENT_BYTES`][strengthmodel.serialization.MAX_DOCUMENT_BYTES] or nested
  deeper than [`MAX_DEPTH`][strengthmodel.serialization.MAX_DEPTH] are refused before
  parsing.
- **Versions.** Older documents are upgraded by registered migrations, one version at a
  time; documents newer than this library are refused with
  [`UnsupportedVersionError`][strengthmodel.UnsupportedVersionError].

Decoding takes a fast path first (no per-field error bookkeeping; records still validate
themselves strictly). Only when that fails is the document decoded again with detailed
validation, to report every problem with its path.

This module knows no record type by name: it works for any
record class (a subclass of `Record`), which is why the measures layer can use it to
load instrument definitions.
"""

from __future__ import annotations

import contextlib
import contextvars
import enum
import hashlib
import hmac
import itertools
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import Any, Final, TypeVar

import cattrs
import orjson
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from strengthmodel._fields import (
    MAX_COUNTED,
    MAX_PROBLEMS,
    Record,
    is_record_type,
    scalar_field_problems,
)
from strengthmodel._migrations import (
    FORMAT_VERSION,
    Migrations,
    describe,
    migrations,
)
from strengthmodel._model import INT64_MIN
from strengthmodel._wire import codec
from strengthmodel._wire.formats import DATE_RE, DATETIME_RE
from strengthmodel.errors import Problem, ValidationError

__all__ = [
    "FORMAT_VERSION",
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "SIGNATURE",
    "Migrations",
    "configure_converter",
    "content_hash",
    "dump_bytes",
    "dumps",
    "format_name",
    "from_body",
    "from_dict",
    "loads",
    "loads_any",
    "make_converter",
    "migrations",
    "to_body",
    "to_dict",
]

T = TypeVar("T", bound=Record)


MAX_DOCUMENT_BYTES: Final = 32 * 1024 * 1024
"""Largest document [`loads`][strengthmodel.loads] accepts: 32 MiB of UTF-8."""

MAX_DEPTH: Final = 64
"""Deepest nesting of JSON arrays and objects accepted (our documents need about 10)."""

TAG: Final = "type"
"""The key that names the record type inside a tagged union."""

_DATE_RE = DATE_RE
_DATETIME_RE = DATETIME_RE
# Depth scan: everything but quotes and brackets is deleted, so a string is "...".
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_STRING_RE = re.compile(rb'"[^"]*"')


def format_name(cls: type[Record]) -> str:
    """The ``"format"`` value of a top-level document of this type.

    Examples:
        >>> from strengthmodel import Plan, Goal
        >>> format_name(Plan), format_name(Goal)
        ('strengthmodel.plan', 'strengthmodel.goal')
    """
    return f"strengthmodel.{cls.kind}"


# --- hooks ----------------------------------------------------------------------------


def _fail(message: str) -> typing.NoReturn:
    raise ValidationError([Problem("", message)])


def _record_members(annotation: object) -> tuple[type[Record], ...] | None:
    """The record types of a union of two or more records (``None`` dropped), if it is one."""
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return None
    members = [a for a in typing.get_args(annotation) if a is not type(None)]
    if len(members) > 1 and all(is_record_type(m) for m in members):
        return tuple(members)
    return None


def _is_optional_scalar(annotation: object) -> bool:
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return False
    members = [a for a in typing.get_args(annotation) if a is not type(None)]
    return len(members) == 1 and (
        members[0] in (int, float, str, bool) or isinstance(members[0], typing.NewType)
    )


def _structure_identity(value: object, _: object) -> object:
    # Records check every field's type and range themselves when built (strictly),
    # so the scalar hooks hand values through untouched: nothing is coerced.
    return value


def _structure_date(value: object, _: object) -> date:
    if type(value) is not str or not _DATE_RE.fullmatch(value):
        _fail(f"expected a date as YYYY-MM-DD, got {describe(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"expected a real calendar date, got {value!r}")


def _structure_datetime(value: object, _: object) -> datetime:
    if type(value) is not str or not _DATETIME_RE.fullmatch(value):
        _fail(
            "expected a date and time as YYYY-MM-DDTHH:MM:SS with an offset "
            f"(Z or +HH:MM), got {describe(value)}"
        )
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        _fail(f"expected a real date and time, got {value!r}")


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    by_value = {m.value: m for m in cls}
    allowed = ", ".join(repr(v) for v in by_value)

    def structure(value: object, _: object) -> enum.Enum:
        member = by_value.get(value) if type(value) is str else None
        if member is None:
            _fail(f"expected one of {allowed}, got {describe(value)}")
        return member

    return structure


def _sequence_hooks(  # noqa: C901 - the detailed path collects, caps and reports errors
    converter: cattrs.Converter, annotation: object
) -> Callable[[object, object], object]:
    container = typing.get_origin(annotation)
    item_type = typing.get_args(annotation)[0]
    item = converter.get_structure_hook(item_type)
    detailed = converter.detailed_validation

    def structure(value: object, _: object) -> object:
        if type(value) is not list:
            # Text where an array belongs is described by length only: free-text arrays
            # (a coping skill's steps) are sensitive, and the hook cannot tell which.
            got = f"text of {len(value)} characters" if isinstance(value, str) else None
            _fail(f"expected an array, got {got or describe(value)}")
        if not detailed:
            items = [item(v, item_type) for v in value]
        else:
            items, errors = [], []
            for index, element in enumerate(value):
                try:
                    items.append(item(element, item_type))
                except Exception as error:  # noqa: BLE001 - collected and re-raised below
                    error.__notes__ = [*getattr(error, "__notes__", []), _index_note(index)]
                    errors.append(error)
                    if len(errors) >= MAX_PROBLEMS - 1:
                        # Hostile input can hold millions of bad items: stop collecting,
                        # and say how many items were left unchecked.
                        rest = len(value) - index - 1
                        if rest:
                            errors.append(_unchecked(rest, index + 1))
                        break
            if errors:
                raise IterableValidationError(
                    "invalid items", errors, typing.cast("type", annotation)
                )
        if container is frozenset:
            result = frozenset(items)
            if len(result) != len(items):
                # A duplicate would be silently dropped: refuse instead of losing it.
                _fail("expected each item at most once, got a duplicate")
            return result
        return tuple(items)

    return structure


def _unchecked(count: int, index: int) -> ValidationError:
    error = ValidationError(
        [Problem("", f"{count} more items from here were not checked (too many problems)")]
    )
    error.__notes__ = [_index_note(index)]
    return error


def _index_note(index: int) -> str:
    return IterableValidationNote(f"Structuring item @ index {index}", index, object)


def _sorted_set(value: frozenset[Any], unstructure: Callable[[Any], Any]) -> list[Any]:
    return sorted((unstructure(v) for v in value), key=lambda v: (str(type(v)), v))


# Within one fast decode, the records already built, by (class, id), with the raw object
# each came from. A plan document holds most records twice (in the history's changes and
# in their collection): an equal raw object gives the same immutable record, built once.
_Shared = dict[tuple[type, str], tuple[dict[str, Any], Record]]
_SHARED: contextvars.ContextVar[_Shared | None] = contextvars.ContextVar(
    "strengthmodel_shared_records", default=None
)


def _record_structure_factory(
    converter: cattrs.Converter,
) -> Callable[[type[Record]], Callable[[object, object], Record]]:
    def factory(cls: type[Record]) -> Callable[[object, object], Record]:
        generated = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

        def structure(value: object, _: object) -> Record:
            if type(value) is not dict:
                _fail(f"expected an object ({cls.kind}), got {describe(value)}")
            shared = _SHARED.get()
            record_id = value.get("id") if shared is not None else None
            if shared is not None and type(record_id) is str:
                seen = shared.get((cls, record_id))
                # Compare encodings, not dicts: in Python 1 == 1.0 == True, and reusing a
                # record for a copy that says 1.0 or true would accept what must be refused.
                if seen is not None and orjson.dumps(seen[0]) == orjson.dumps(value):
                    return seen[1]
                record = generated(value, cls)
                shared[(cls, record_id)] = (value, record)
                return record
            try:
                return generated(value, cls)
            except ClassValidationError as error:
                # The record was never built, so its own checks did not run: check the
                # scalar fields that decoded fine too, to report every problem at once.
                failed = {note.name for _, note in error.group_exceptions()[0]}
                if not failed:
                    raise  # the record's own checks ran and reported everything
                rest = {k: v for k, v in value.items() if k not in failed}
                extra = scalar_field_problems(cls, rest)
                if not extra:
                    raise
                raise ClassValidationError(
                    error.message, [*error.exceptions, ValidationError(extra)], cls
                ) from None

        return structure

    return factory


def _union_structure_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[object, object], Record | None]]:
    def factory(annotation: object) -> Callable[[object, object], Record | None]:
        members = _record_members(annotation)
        assert members is not None  # noqa: S101 - guarded by the predicate
        optional = type(None) in typing.get_args(annotation)
        by_tag = {m.kind: m for m in members}
        allowed = ", ".join(repr(t) for t in by_tag)

        def structure(value: object, _: object) -> Record | None:
            if value is None and optional:
                return None
            if type(value) is not dict:
                _fail(f"expected an object with a {TAG!r} key, got {describe(value)}")
            tag = value.get(TAG)
            cls = by_tag.get(tag) if type(tag) is str else None
            if cls is None:
                _fail(f"expected {TAG!r} to be one of {allowed}, got {describe(tag)}")
            body = {k: v for k, v in value.items() if k != TAG}
            return converter.structure(body, cls)

        return structure

    return factory


def _record_unstructure_factory(
    converter: cattrs.Converter,
) -> Callable[[type[Record]], Callable[[Record], dict[str, Any]]]:
    def factory(cls: type[Record]) -> Callable[[Record], dict[str, Any]]:
        return make_dict_unstructure_fn(cls, converter)

    return factory


def _union_unstructure_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Record | None], dict[str, Any] | None]]:
    def factory(annotation: object) -> Callable[[Record | None], dict[str, Any] | None]:
        del annotation

        def unstructure(value: Record | None) -> dict[str, Any] | None:
            if value is None:
                return None
            body = converter.unstructure(value, type(value))
            return {TAG: value.kind, **body}

        return unstructure

    return factory


def _origin(annotation: object) -> object:
    return typing.get_origin(annotation)


def configure_converter(converter: cattrs.Converter) -> None:
    """Register strengthmodel's hooks on a cattrs converter.

    Simple-type hooks come first: hook factories capture the hooks that exist when
    they run.

    Args:
        converter: Any ``cattrs.Converter``. Use ``detailed_validation=True`` to get
            every problem with its path (ours always decodes with it when a fast
            decode fails).
    """
    for scalar in (int, float, str, bool):
        converter.register_structure_hook(scalar, _structure_identity)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook_func(
        lambda t: isinstance(t, typing.NewType), _structure_identity
    )
    # ``X | None`` of a scalar or id: the identity covers None too (records check it).
    converter.register_structure_hook_func(_is_optional_scalar, _structure_identity)
    converter.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    converter.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
        lambda _: lambda member: member.value,
    )
    converter.register_structure_hook_factory(
        lambda t: _origin(t) in (tuple, frozenset),
        lambda t: _sequence_hooks(converter, t),
    )
    converter.register_unstructure_hook_factory(
        lambda t: _origin(t) is frozenset,
        lambda t: (
            lambda value: _sorted_set(value, converter.get_unstructure_hook(typing.get_args(t)[0]))
        ),
    )
    converter.register_structure_hook_factory(
        lambda t: _record_members(t) is not None, _union_structure_factory(converter)
    )
    converter.register_unstructure_hook_factory(
        lambda t: _record_members(t) is not None, _union_unstructure_factory(converter)
    )
    converter.register_structure_hook_factory(is_record_type, _record_structure_factory(converter))
    converter.register_unstructure_hook_factory(
        is_record_type, _record_unstructure_factory(converter)
    )


def make_converter(*, detailed_validation: bool = True) -> cattrs.Converter:
    """Build a converter with strengthmodel's hooks (never the global converter).

    Args:
        detailed_validation: Collect every problem with its path (slower).
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed_validation)
    configure_converter(converter)
    return converter


_FAST = make_converter(detailed_validation=False)
_DETAILED = make_converter(detailed_validation=True)


# --- errors ---------------------------------------------------------------------------


def _join(path: str, note: object) -> str:
    if isinstance(note, IterableValidationNote):
        return f"{path}[{note.index}]"
    if isinstance(note, AttributeValidationNote):
        return f"{path}.{note.name}"
    return path  # pragma: no cover - cattrs attaches one of the two


def _problems(error: BaseException, path: str) -> Iterator[Problem]:  # noqa: C901 - a branch per error kind
    """Walk cattrs' exception tree and our own errors into problems with JSON paths."""
    if isinstance(error, ValidationError):
        for problem in error.problems:
            # Record problems are "Goal.importance" (or "Plan.goals[0].id"): keep the
            # part after the class name and hang it under the document path.
            _, _, rest = problem.path.partition(".")
            if not rest:
                yield Problem(path, problem.message)
            else:
                sep = "" if rest.startswith("[") else "."
                yield Problem(f"{path}{sep}{rest}", problem.message)
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
            yield Problem(f"{path}.{key}", "unexpected key")
        return
    if isinstance(error, KeyError):
        yield Problem(path, "required key missing")
        return
    yield Problem(path, f"invalid value ({type(error).__name__}: {error})")


def _structure(data: object, cls: type[T], path: str = "$") -> T:
    token = _SHARED.set({})
    try:
        with contextlib.suppress(Exception):  # any failure is decoded again, in detail, below
            return _FAST.structure(data, cls)
    finally:
        _SHARED.reset(token)
    try:
        return _DETAILED.structure(data, cls)
    except Exception as error:  # noqa: BLE001 - turned into our error with every path
        found = _problems(error, path)
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


_LIBRARY_MIGRATIONS = migrations  # reachable where a parameter shadows the name


# --- JSON -----------------------------------------------------------------------------


def to_body(obj: Record) -> dict[str, Any]:
    """A record's fields as a JSON-ready dict, without the envelope (canonical order)."""
    return codec.to_builtins(obj)


def body_bytes_without(obj: Record, name: str) -> bytes:
    """Canonical JSON bytes of a record's body without field ``name`` (for hash chains)."""
    return codec.encode_without(obj, name)


def to_dict(obj: Record) -> dict[str, Any]:
    """Turn a record into a JSON-ready dict with its envelope.

    Examples:
        >>> from strengthmodel import Readiness
        >>> to_dict(Readiness(importance=8, confidence=5))
        {'format': 'strengthmodel.readiness', 'version': 2, 'importance': 8,
         'confidence': 5, 'assessed_on': None}
    """
    if not isinstance(obj, Record):
        raise ValidationError(
            [Problem("$", f"expected a strengthmodel record, got {type(obj).__name__}")]
        )
    return {"format": format_name(type(obj)), "version": FORMAT_VERSION, **codec.to_builtins(obj)}


def from_dict(
    data: Mapping[str, Any],
    type_: type[T],
    *,
    migrations: Migrations | None = None,
    key: bytes | None = None,
) -> T:
    """Build a record from a parsed document (with its envelope).

    Args:
        data: The document, as parsed from JSON.
        type_: The record type expected (``Plan``, ``Goal``, ...).
        migrations: The registry used to upgrade older versions (default: the library's).
        key: When given, the document must carry a ``"signature"`` made with this key
            (see [`dumps`][strengthmodel.dumps]); a missing or wrong signature is an error.

    Raises:
        ValidationError: The document is not a valid ``type_`` document; every problem
            is listed with its JSON path.
    """
    _check_key(key)
    _check_type(type_)
    if migrations is None:
        decoded = codec.decode_object(data, type_, format_name(type_), FORMAT_VERSION)
        if decoded is not None:
            return _signed(typing.cast("T", decoded[0]), decoded[1], key)
    return _from_dict(data, type_, migrations, key)


def _from_dict(
    data: Mapping[str, Any], type_: type[T], migrations: Migrations | None, key: bytes | None
) -> T:
    registry = migrations if migrations is not None else _LIBRARY_MIGRATIONS
    if type(data) is not dict:
        raise ValidationError([Problem("$", f"expected a JSON object, got {describe(data)}")])
    expected = format_name(type_)
    found = data.get("format")
    if found != expected:
        raise ValidationError(
            [Problem("$.format", f"expected {expected!r}, got {describe(found)}")]
        )
    document = registry.upgrade(dict(data))
    signature = document.get(SIGNATURE)
    body = {k: v for k, v in document.items() if k not in _ENVELOPE}
    record = _structure(body, type_)
    if key is not None:
        _verify(record, signature, key)
    return record


def from_body(data: object, type_: type[T], *, path: str = "$") -> T:
    """Build a record from a document body (no envelope), reporting problems under ``path``.

    For migrations, which upgrade documents piece by piece.

    Raises:
        ValidationError: ``data`` is not a valid ``type_`` body.
    """
    return _structure(data, type_, path)


SIGNATURE: Final = "signature"
"""The envelope key of a keyed signature (HMAC-SHA256, 64 hex digits)."""

_ENVELOPE: Final = frozenset({"format", "version", SIGNATURE})


def _check_type(type_: object) -> None:
    if not is_record_type(type_):
        raise ValidationError(
            [
                Problem(
                    "type_",
                    f"expected a strengthmodel record type (Plan, Goal, ...), got {type_!r}",
                )
            ]
        )


def _check_key(key: object) -> None:
    # Never echo the key: a message ends up in logs, and the key must not.
    if key is None:
        return
    if type(key) is not bytes:
        got = f"a {type(key).__name__}" + (f" of length {len(key)}" if isinstance(key, str) else "")
        raise ValidationError(
            [Problem("key", f"expected the key as bytes (at least 16), got {got}")]
        )
    if len(key) < 16:
        raise ValidationError(
            [Problem("key", f"expected a key of at least 16 bytes, got {len(key)} bytes")]
        )


def _signature_of(record: Record, key: bytes) -> str:
    payload = getattr(record, "_signature_payload", None)
    if payload is None:
        raise ValidationError(
            [Problem("$", f"only documents with a history are signed, not {record.kind}")]
        )
    return hmac.new(key, payload(), hashlib.sha256).hexdigest()


def _verify(record: Record, signature: object, key: bytes) -> None:
    if signature is None:
        raise ValidationError(
            [Problem(f"$.{SIGNATURE}", "missing: a key was given, so the document must be signed")]
        )
    expected = _signature_of(record, key)
    if type(signature) is not str or not hmac.compare_digest(signature, expected):
        raise ValidationError(
            [
                Problem(
                    f"$.{SIGNATURE}",
                    "does not match: the key is not the one it was signed with, or the "
                    "plan's history was changed after signing",
                )
            ]
        )


def nesting_depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in JSON text, without parsing it.

    Runs at C speed: escaped backslashes and quotes are dropped, then every byte but
    quotes and brackets, then the strings (brackets inside strings do not count), and
    the depth is the running maximum of the brackets that remain. Malformed JSON gives
    some number; the parser rejects it afterwards.

    Examples:
        >>> nesting_depth(b'{"a": "[[[ in a string", "b": [[1], {}]}')
        3
    """
    import numpy as np  # noqa: PLC0415 - loaded on first use, see the package docstring

    if b"\\" in raw:  # escapes are rare in our documents: skip two passes without them
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = raw.translate(None, _NOT_STRUCTURE)
    # An adjacent pair of quotes is an empty string or the seam between two strings:
    # dropping it first leaves the regex only the few strings that hold brackets.
    brackets = _STRING_RE.sub(b"", structure.replace(b'""', b""))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


def _parse(text: str | bytes, *, path_hint: bool = True) -> object:
    """Check the limits, then parse JSON (``path_hint``: say so when text looks like a path)."""
    if type(text) not in (str, bytes):
        raise ValidationError([Problem("$", f"expected JSON text, got {type(text).__name__}")])
    size = len(text) if isinstance(text, bytes) else len(text) * 4
    if size > MAX_DOCUMENT_BYTES and isinstance(text, str):
        size = len(text.encode("utf-8", "surrogatepass"))  # exact only when it matters
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            [Problem("$", f"document is {size} bytes, over the {MAX_DOCUMENT_BYTES}-byte limit")]
        )
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    if nesting_depth(raw) > MAX_DEPTH:
        raise ValidationError([Problem("$", f"document nested deeper than {MAX_DEPTH} levels")])
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        message = _not_json(raw, error)
        if path_hint and isinstance(text, str) and _looks_like_a_path(text):
            message += " (loads takes JSON text; to read a file, pass Path(...).read_bytes())"
        raise ValidationError([Problem("$", message)]) from None
    if _LONG_DIGITS.search(raw):
        _refuse_huge_integers(raw)
    return data


def _looks_like_a_path(text: str) -> bool:
    return 0 < len(text) < 4096 and "\n" not in text and text.lstrip()[:1] not in ("{", "[")


def _not_json(raw: bytes, error: Exception) -> str:
    """Say why bytes are not a JSON document, naming the first bad byte if not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "not UTF-8: the text starts with a UTF-16 byte order mark; save it as UTF-8"
    if raw.startswith(b"\xef\xbb\xbf"):
        return "not valid JSON: the text starts with a UTF-8 byte order mark; remove it"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = raw.count(b"\n", 0, bad.start) + 1
        column = bad.start - (raw.rfind(b"\n", 0, bad.start) + 1) + 1
        byte = raw[bad.start : bad.start + 1].hex()
        kind = "binary data" if b"\x00" in raw[:1024] else "text that is not UTF-8"
        return (
            f"not valid JSON: {kind}: byte 0x{byte} at line {line} column {column} "
            f"(offset {bad.start}) is not valid UTF-8"
        )
    if b"\x00" in raw[:1024]:
        return "not valid JSON: binary data (NUL bytes), or UTF-16/32 text; save it as UTF-8"
    return f"not valid JSON: {error}"


# A number token of 19 digits or more may be outside the 64-bit range, which orjson
# would read as an inexact double: such documents are checked again, precisely. A number
# token follows ":", "," or "[" (hex digests and text rarely do), so the quick scan
# looks only there.
_LONG_DIGITS = re.compile(rb"[:,\[]\s*-?\d{19}")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_HUGE_TOKEN = re.compile(rb"(?<![\w.+-])-?\d{19,}(?![\d.eE])")
_UINT64_MAX: Final = 2**64 - 1


def _out_of_range(token: str) -> bool:
    digits = token.lstrip("-")
    return len(digits) > 20 or not INT64_MIN <= int(token) <= _UINT64_MAX


class _HugeInteger(str):
    __slots__ = ()


def _refuse_huge_integers(raw: bytes) -> None:
    """Refuse integer literals outside the 64-bit range, with their paths.

    orjson reads such an integer as the nearest double (``2**64 + 1`` becomes
    ``1.8446744073709552e19``), which would silently change the value.
    """
    outside_strings = _JSON_STRING.sub(b'""', raw)
    if not any(_out_of_range(m.group().decode()) for m in _HUGE_TOKEN.finditer(outside_strings)):
        return

    def parse_int(token: str) -> object:
        return _HugeInteger(token) if _out_of_range(token) else int(token)

    data = json.loads(raw, parse_int=parse_int)
    problems = [
        Problem(
            path,
            f"expected a number that comes back exactly, got an integer of "
            f"{len(token.lstrip('-'))} digits, beyond the 64-bit range",
        )
        for path, token in _find(data, "$", _HugeInteger)
    ]
    raise ValidationError(problems[:100] or [Problem("$", "an integer is beyond the 64-bit range")])


def _find(value: object, path: str, kind: type) -> Iterator[tuple[str, Any]]:
    if isinstance(value, kind):
        yield path, value
    elif type(value) is dict:
        for key, item in value.items():
            yield from _find(item, f"{path}.{key}", kind)
    elif type(value) is list:
        for position, item in enumerate(value):
            yield from _find(item, f"{path}[{position}]", kind)


def loads_any(
    text: str | bytes,
    types: Mapping[str, type[Record]],
    *,
    migrations: Migrations | None = None,
    key: bytes | None = None,
) -> Record:
    """Parse a document of any of several kinds, chosen by its ``"format"`` key.

    Args:
        text: The JSON text.
        types: Document kind (``"plan"``) to record type; see
            [`DOCUMENT_TYPES`][strengthmodel.documents.DOCUMENT_TYPES].
        migrations: The registry used to upgrade older versions.
        key: As for [`loads`][strengthmodel.loads].

    Raises:
        ValidationError: As [`loads`][strengthmodel.loads], or the kind is not in ``types``.
    """
    data = _parse(text)
    found = data.get("format") if type(data) is dict else None
    kind = found.removeprefix("strengthmodel.") if type(found) is str else None
    cls = types.get(kind) if kind is not None and found != kind else None
    if cls is None:
        allowed = ", ".join(repr(f"strengthmodel.{k}") for k in types)
        raise ValidationError(
            [Problem("$.format", f"expected one of {allowed}, got {describe(found)}")]
        )
    return from_dict(typing.cast("dict[str, Any]", data), cls, migrations=migrations, key=key)


def loads(
    text: str | bytes,
    type_: type[T],
    *,
    migrations: Migrations | None = None,
    key: bytes | None = None,
) -> T:
    """Parse a JSON document into a record of ``type_``.

    Args:
        text: The JSON text (``str`` or UTF-8 ``bytes``).
        type_: The record type expected (``Plan``, ``Goal``, ...).
        migrations: The registry used to upgrade older versions (default: the library's).
        key: The key a plan was signed with (see [`dumps`][strengthmodel.dumps]). When
            given, a missing or wrong ``"signature"`` is an error; when not, a signature
            is ignored (nothing is verified).

    Raises:
        ValidationError: The text is not JSON, too large or too deep, not a ``type_``
            document, of an unsupported version, or invalid (a plan whose snapshot
            differs from its history, or whose hash chain is broken, included); every
            problem is listed with its JSON path.

    Examples:
        >>> from strengthmodel import Readiness
        >>> loads('{"format": "strengthmodel.readiness", "version": 2, '
        ...       '"importance": 8, "confidence": 5, "assessed_on": null}', Readiness)
        Readiness(importance=8, confidence=5, assessed_on=None)
        >>> loads('{"format": "strengthmodel.readiness", "version": 2, '
        ...       '"importance": 8.5, "confidence": 5}', Readiness)
        Traceback (most recent call last):
        ...
        strengthmodel.errors.ValidationError: $.importance: expected an integer ..., got 8.5
    """
    _check_key(key)
    _check_type(type_)
    if migrations is None and type(text) in (str, bytes) and len(text) * 4 <= MAX_DOCUMENT_BYTES:
        # The compiled codec: the common case of a valid, current document, in one pass.
        decoded = codec.decode(text, type_, format_name(type_), FORMAT_VERSION)
        if decoded is not None:
            return _signed(typing.cast("T", decoded[0]), decoded[1], key)
    data = _parse(text)
    return _from_dict(typing.cast("dict[str, Any]", data), type_, migrations, key)


def _loads_detailed(text: str | bytes, type_: type[T]) -> T:
    """``loads`` without the compiled codec: the reference the codec is tested against."""
    _check_type(type_)
    return _from_dict(typing.cast("dict[str, Any]", _parse(text)), type_, None, None)


def _signed(record: T, signature: object, key: bytes | None) -> T:
    if key is not None:
        _verify(record, signature, key)
    return record


def dumps(obj: Record, *, indent: bool = False, key: bytes | None = None) -> str:
    """Write a record as a canonical JSON document.

    Args:
        obj: Any strengthmodel record (a ``Plan``, a ``Goal``, a change, ...).
        indent: Indent by two spaces for people to read (not canonical).
        key: Sign the document with this secret (at least 16 bytes): a
            ``"signature"`` key after ``"version"`` holds HMAC-SHA256 of the plan's
            head digest. Only plans (which carry a history) are signed.

    Returns:
        The JSON text. Without ``indent`` it is canonical: equal values give equal text.

    Examples:
        >>> from strengthmodel import Readiness
        >>> dumps(Readiness(importance=8, confidence=5))
        '{"format":"strengthmodel.readiness","version":2,"importance":8,"confidence":5,"assessed_on":null}'
    """
    return dump_bytes(obj, indent=indent, key=key).decode("utf-8")


def dump_bytes(obj: Record, *, indent: bool = False, key: bytes | None = None) -> bytes:
    """[`dumps`][strengthmodel.dumps], as UTF-8 bytes (what files and sockets take).

    Examples:
        >>> from strengthmodel import Readiness
        >>> dump_bytes(Readiness(importance=8, confidence=5))[:40]
        b'{"format":"strengthmodel.readiness","ver'
    """
    if not isinstance(obj, Record):
        raise ValidationError(
            [Problem("$", f"expected a strengthmodel record, got {type(obj).__name__}")]
        )
    head: dict[str, object] = {"format": format_name(type(obj)), "version": FORMAT_VERSION}
    if key is not None:
        _check_key(key)
        head[SIGNATURE] = _signature_of(obj, key)
    return codec.encode(obj, head, option=orjson.OPT_INDENT_2 if indent else 0)


def content_hash(obj: Record) -> str:
    """SHA-256 of a record's canonical JSON, as 64 hex digits.

    Equal values have equal hashes, so apps can deduplicate, cache or sign documents.

    Examples:
        >>> from strengthmodel import Readiness
        >>> content_hash(Readiness(importance=8, confidence=5))[:16]
        'e1ce66ed00446cbe'
    """
    return hashlib.sha256(dump_bytes(obj)).hexdigest()
