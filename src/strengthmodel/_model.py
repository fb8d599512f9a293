"""The field model: what each field of a record accepts, described once.

In the spirit of ``msgspec.inspect``: [`describe`][strengthmodel._model.describe] turns a
record class's annotations and field metadata into a tuple of
[`Field`][strengthmodel._model.Field] values, each holding one type description
(integer with bounds, text with a maximum length and pattern, id of a kind, sequence
with uniqueness, nested record, tagged union of records, optional, enum, date, UTC
timestamp). It is computed once per class. Every consumer reads these descriptions and
never re-walks annotations: the checks a record runs when built (detailed and
generated), the compiled codec, the JSON Schema and the Hypothesis strategies. A new
kind of constraint is a new description here plus one branch in each consumer; a new
constraint on an existing kind (``IntType.ge``) is honoured everywhere at once.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

import attrs

__all__ = [
    "BOUNDS",
    "DEFAULT_MAX_TEXT",
    "INT64_MAX",
    "INT64_MIN",
    "MAX_LENGTH",
    "PATTERN",
    "SENSITIVE",
    "UNIQUE",
    "BoolType",
    "DateTimeType",
    "DateType",
    "EnumType",
    "Field",
    "FieldType",
    "FloatType",
    "IdType",
    "InstanceType",
    "IntType",
    "OptionalType",
    "RecordType",
    "SequenceType",
    "TextType",
    "UnionType",
    "describe",
    "field_type",
    "id_name",
    "inner",
    "is_record_class",
]

INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1

DEFAULT_MAX_TEXT: Final = 10_000
"""Longest text any field accepts unless its metadata says otherwise (characters)."""

# Keys of the field metadata that `strengthmodel._fields.meta` writes.
BOUNDS: Final = "strengthmodel.bounds"
SENSITIVE: Final = "strengthmodel.sensitive"
MAX_LENGTH: Final = "strengthmodel.max_length"
UNIQUE: Final = "strengthmodel.unique"
PATTERN: Final = "strengthmodel.pattern"


@attrs.frozen
class IntType:
    """A JSON integer from ``ge`` to ``le`` (the 64-bit range unless bounds are declared).

    The bounds are kept as declared (``1e6`` stays a float) so that messages quote them
    as written.
    """

    ge: float
    le: float
    declared: bool
    """Whether the bounds were declared on the field (else the 64-bit range)."""


@attrs.frozen
class FloatType:
    """A finite number, optionally bounded; an int is accepted when exact (within ±2**53)."""

    bounds: tuple[float, float] | None


@attrs.frozen
class TextType:
    """Non-blank text of at most ``max_length`` characters, matching ``pattern`` in full."""

    max_length: int
    pattern: str | None
    sensitive: bool


@attrs.frozen
class IdType:
    """A record id (``ids.ID_PATTERN``) of a kind named by its type (``GoalId``)."""

    name: str


@attrs.frozen
class BoolType:
    """``true`` or ``false`` (never an integer)."""


@attrs.frozen
class DateType:
    """A calendar date, ``YYYY-MM-DD`` on the wire."""


@attrs.frozen
class DateTimeType:
    """A time-zone-aware instant, stored in UTC, ISO 8601 with an offset on the wire."""


@attrs.frozen
class EnumType:
    """A member of a closed vocabulary, by its string value on the wire."""

    cls: type[enum.Enum]


@attrs.frozen
class RecordType:
    """A nested record (an object with the record's own fields)."""

    cls: type


@attrs.frozen
class UnionType:
    """One of several record types, tagged on the wire with ``"type"``: the record's kind."""

    members: tuple[type, ...]


@attrs.frozen
class InstanceType:
    """Any other class: the value must be an instance of one of ``kinds``."""

    kinds: tuple[type, ...]


@attrs.frozen
class OptionalType:
    """``inner``, or ``None`` (JSON ``null``)."""

    inner: FieldType


@attrs.frozen
class SequenceType:
    """A JSON array: a tuple (``unique``: each item at most once) or a set (sorted)."""

    item: FieldType
    container: type
    unique: bool


FieldType = (
    IntType
    | FloatType
    | TextType
    | IdType
    | BoolType
    | DateType
    | DateTimeType
    | EnumType
    | RecordType
    | UnionType
    | InstanceType
    | OptionalType
    | SequenceType
)
"""Every kind of field description."""


@attrs.frozen
class Field:
    """One field of a record class, described once.

    Attributes:
        name: The attribute (and JSON key).
        type: What it accepts.
        sensitive: The field can identify a person (left out of reprs, redacted in errors).
        attribute: The attrs attribute it was described from (default, converter).
    """

    name: str
    type: FieldType
    sensitive: bool
    attribute: attrs.Attribute[Any] = attrs.field(eq=False, repr=False)

    @property
    def required(self) -> bool:
        """Whether the field has no default (its key is required on the wire)."""
        return self.attribute.default is attrs.NOTHING


_NO_METADATA: Final[Mapping[Any, Any]] = types.MappingProxyType({})


def is_record_class(cls: object) -> bool:
    """An attrs class with a stable ``kind``: a record (without importing the base class)."""
    return isinstance(cls, type) and attrs.has(cls) and isinstance(getattr(cls, "kind", None), str)


def field_type(  # noqa: C901, PLR0911, PLR0912 - one branch per annotation kind: the one walker of annotations
    annotation: object, metadata: Mapping[Any, Any] = _NO_METADATA
) -> FieldType:
    """Describe one annotation, with the field's metadata (bounds, length, pattern...).

    Without metadata, this classifies a bare annotation: the cattrs hooks dispatch on
    annotations this way.

    Raises:
        TypeError: An annotation no record field may have.

    Examples:
        >>> field_type(int | None)
        OptionalType(inner=IntType(ge=-9223372036854775808, le=9223372036854775807, declared=False))
    """
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if isinstance(annotation, typing.NewType):
        return IdType(annotation.__name__)
    if origin in (typing.Union, types.UnionType):
        members = tuple(a for a in args if a is not type(None))
        if len(members) == 1:
            inner = field_type(members[0], metadata)
        elif all(is_record_class(m) for m in members):
            inner = UnionType(members)
        else:
            inner = InstanceType(tuple(typing.cast("type", m) for m in members))
        return OptionalType(inner) if len(members) < len(args) else inner
    if origin in (tuple, frozenset):
        item = field_type(args[0], metadata)
        return SequenceType(item, origin, unique=bool(metadata.get(UNIQUE)))
    bounds = typing.cast("tuple[float, float] | None", metadata.get(BOUNDS))
    if annotation is int:
        lo, hi = bounds if bounds is not None else (INT64_MIN, INT64_MAX)
        return IntType(lo, hi, declared=bounds is not None)
    if annotation is float:
        return FloatType(bounds)
    if annotation is str:
        return TextType(
            typing.cast("int", metadata.get(MAX_LENGTH, DEFAULT_MAX_TEXT)),
            typing.cast("str | None", metadata.get(PATTERN)),
            sensitive=bool(metadata.get(SENSITIVE)),
        )
    if annotation is bool:
        return BoolType()
    if annotation is date:
        return DateType()
    if annotation is datetime:
        return DateTimeType()
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return EnumType(annotation)
    if is_record_class(annotation):
        return RecordType(typing.cast("type", annotation))
    if isinstance(annotation, type):
        return InstanceType((annotation,))
    msg = f"unsupported annotation {annotation!r}"
    raise TypeError(msg)


def inner(kind: FieldType) -> tuple[FieldType, bool]:
    """The description inside an optional one, and whether ``None`` is allowed.

    Examples:
        >>> inner(OptionalType(BoolType()))
        (BoolType(), True)
    """
    if isinstance(kind, OptionalType):
        return kind.inner, True
    return kind, False


def id_name(kind: FieldType) -> str | None:
    """The id type a field holds (``"GoalId"``), through optional and sequence fields.

    Examples:
        >>> id_name(SequenceType(IdType("StrengthId"), tuple, unique=True))
        'StrengthId'
        >>> id_name(OptionalType(DateType())) is None
        True
    """
    match kind:
        case IdType(name):
            return name
        case OptionalType(item) | SequenceType(item):
            return id_name(item)
    return None


_DESCRIBED: dict[type, tuple[Field, ...]] = {}


def describe(cls: type) -> tuple[Field, ...]:
    """The fields of a record class, described once (cached per class).

    Examples:
        >>> from strengthmodel import Readiness
        >>> [(f.name, f.type) for f in describe(Readiness)][0]
        ('importance', IntType(ge=0, le=10, declared=True))
    """
    found = _DESCRIBED.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = tuple(
            Field(
                attribute.name,
                field_type(hints[attribute.name], attribute.metadata),
                sensitive=bool(attribute.metadata.get(SENSITIVE)),
                attribute=attribute,
            )
            for attribute in attrs.fields(typing.cast("Any", cls))
        )
        _DESCRIBED[cls] = found
    return found
