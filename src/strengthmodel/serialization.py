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

Decoding takes the compiled codec first (``strengthmodel._wire.codec``): msgspec structs
generated once per record class from the field model (``strengthmodel._model``) decode a
current-version document in one pass, and the records are built without checking their
fields a second time (their cross-field rules, and a plan's proof against its history,
still run). Only when that fails is the document decoded again, on the detailed path
(cattrs with this module's hooks), to report every problem with its path; so the codec
never changes what an error says. Encoding lays each record out with a generated
function and lets orjson write the canonical bytes.

This module knows no record type by name: it works for any
record class (a subclass of `Record`), which is why the measures layer can use it to
load instrument definitions.
"""

from __future__ import annotations

import hashlib
import hmac
import typing
from collections.abc import Mapping
from typing import Any, Final, TypeVar

import orjson

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record, is_record_type
from strengthmodel._wire import codec
from strengthmodel._wire.formats import TAG as _TAG
from strengthmodel._wire.hooks import configure_converter, make_converter
from strengthmodel._wire.limits import MAX_DEPTH, MAX_DOCUMENT_BYTES, nesting_depth
from strengthmodel._wire.limits import parse as _parse
from strengthmodel._wire.migrations import FORMAT_VERSION, Migrations, migrations
from strengthmodel._wire.problems import structure as _structure
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
    "nesting_depth",
    "to_body",
    "to_dict",
]

T = TypeVar("T", bound=Record)

TAG: Final = _TAG
"""The key that names the record type inside a tagged union."""


def format_name(cls: type[Record]) -> str:
    """The ``"format"`` value of a top-level document of this type.

    Examples:
        >>> from strengthmodel import Plan, Goal
        >>> format_name(Plan), format_name(Goal)
        ('strengthmodel.plan', 'strengthmodel.goal')
    """
    return f"strengthmodel.{cls.kind}"


_LIBRARY_MIGRATIONS = migrations  # reachable where a parameter shadows the name


def _format_codes() -> frozenset[str]:
    """Every ``"format"`` value a record type has (quoted when a wrong one is given)."""
    found: set[str] = set()
    pending: list[type] = [Record]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if is_record_type(cls):
            found.add(format_name(typing.cast("type[Record]", cls)))
    return frozenset(found)


# --- JSON -----------------------------------------------------------------------------


def to_body(obj: Record) -> dict[str, Any]:
    """A record's fields as a JSON-ready dict, without the envelope (canonical order)."""
    return codec.to_builtins(obj)


def body_bytes_without(obj: Record, name: str, *, keep: bool = True) -> bytes:
    """Canonical JSON bytes of a record's body without field ``name`` (for hash chains).

    ``keep``: a record that keeps its bytes gets them, if it has none yet.
    """
    return codec.encode_without(obj, name, keep=keep)


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
    # No compiled codec here: a dict built in Python can hold what JSON cannot (a tuple,
    # a str subclass), which only the detailed path refuses exactly as documented.
    return _from_dict(data, type_, migrations, key)


def _from_dict(
    data: Mapping[str, Any], type_: type[T], migrations: Migrations | None, key: bytes | None
) -> T:
    registry = migrations if migrations is not None else _LIBRARY_MIGRATIONS
    if type(data) is not dict:
        got = describe_value(data, wire=True)
        raise ValidationError([Problem("$", f"expected a JSON object, got {got}")])
    expected = format_name(type_)
    found = data.get("format")
    if found != expected:
        message = (
            f"expected {expected!r}, got {describe_value(found, codes=_format_codes(), wire=True)}"
            if "format" in data
            else f"required key missing (expected {expected!r})"
        )
        raise ValidationError([Problem.at(("$", "format"), message)])
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
                    "expected a strengthmodel record type (Plan, Goal, ...), got "
                    f"{describe_value(type_)}",
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
            [
                Problem.at(
                    ("$", SIGNATURE), "missing: a key was given, so the document must be signed"
                )
            ]
        )
    expected = _signature_of(record, key)
    if type(signature) is not str or not hmac.compare_digest(signature, expected):
        raise ValidationError(
            [
                Problem.at(
                    ("$", SIGNATURE),
                    "does not match: the key is not the one it was signed with, or the "
                    "plan's history was changed after signing",
                )
            ]
        )


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
        message = (
            f"required key missing (expected one of {allowed})"
            if type(data) is dict and "format" not in data
            else f"expected one of {allowed}, got "
            f"{describe_value(found, codes=_format_codes(), wire=True)}"
        )
        raise ValidationError([Problem.at(("$", "format"), message)])
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
    return _loads(text, type_, migrations, key)


def _loads(
    text: str | bytes,
    type_: type[T],
    migrations: Migrations | None,
    key: bytes | None,
    *,
    path_hint: bool = True,
) -> T:
    """``loads`` after its arguments are checked (``path_hint``: as for ``parse``)."""
    if migrations is None and type(text) in (str, bytes) and len(text) * 4 <= MAX_DOCUMENT_BYTES:
        # The compiled codec: the common case of a valid, current document, in one pass.
        decoded = codec.decode(text, type_, format_name(type_), FORMAT_VERSION)
        if decoded is not None:
            return _signed(typing.cast("T", decoded[0]), decoded[1], key)
    data = _parse(text, path_hint=path_hint)
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
