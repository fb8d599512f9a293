"""Declarative field rules shared by every record.

A record's fields say what they accept in two places only: the type annotation
(``int``, ``str | None``, ``tuple[StrengthId, ...]``, an enum, another record) and the
field metadata built by [`meta`][strengthmodel._fields.meta] (numeric bounds, text
length, whether the field identifies a person). From those two, the field model
(``strengthmodel._model.describe``) describes each field once per class, and the
[`Record`][strengthmodel._fields.Record] base class checks every field from those
descriptions when a record is built (a generated check first, named in ``linecache`` as
``<strengthmodel generated check Goal>``; the detailed checkers only when it fails) and
reports *every* problem it finds, not only the first. The codec, the JSON Schema and the
Hypothesis strategies read the same descriptions, so each rule is written exactly once.

The checks are strict on purpose: ``True`` is not an integer, ``3.7`` is not an
integer, ``42`` is not text, a ``datetime`` is not a ``date``, and blank text is not
text. The only normalisation is lossless: an ``int`` given for a ``float`` field is
stored as the equal ``float`` (see [`as_float`][strengthmodel._fields.as_float]).
"""

from __future__ import annotations

import enum
import itertools
import math
import numbers
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Final, TypeGuard, TypeVar

import attrs

from strengthmodel._codegen import generate
from strengthmodel._describe import describe_value
from strengthmodel._model import (
    BOUNDS,
    DEFAULT_MAX_TEXT,
    INT64_MAX,
    INT64_MIN,
    MAX_LENGTH,
    PATTERN,
    SENSITIVE,
    UNIQUE,
    BoolType,
    DateTimeType,
    DateType,
    EnumType,
    FieldType,
    FloatType,
    IdType,
    InstanceType,
    IntType,
    OptionalType,
    RecordType,
    SequenceType,
    TextType,
    UnionType,
    describe,
)
from strengthmodel.errors import Problem, Segment, ValidationError
from strengthmodel.ids import ID_PATTERN, is_valid_id

__all__ = [
    "DEFAULT_MAX_TEXT",
    "MAX_COUNTED",
    "MAX_PROBLEMS",
    "Record",
    "as_float",
    "as_utc",
    "check_argument",
    "describe_in",
    "exact_number",
    "field_bounds",
    "field_int_bounds",
    "field_pattern",
    "field_unique",
    "is_record_type",
    "meta",
    "scalar_field_problems",
    "sensitive_fields",
    "trusted",
    "unique_problems",
]

R = TypeVar("R")

MAX_EXACT_FLOAT_INT: Final = 2**53
"""Largest integer magnitude a number (float) field accepts: beyond it a double would
change the value."""


MAX_PROBLEMS: Final = 100
"""Most problems collected for one value: past it, errors say how many more there were."""

MAX_COUNTED: Final = 10_000
"""Most further problems counted (not kept) past ``MAX_PROBLEMS``; beyond, "at least"."""

_BOUNDS: Final = BOUNDS
_SENSITIVE: Final = SENSITIVE
_MAX_LENGTH: Final = MAX_LENGTH
_UNIQUE: Final = UNIQUE
_PATTERN: Final = PATTERN

Location = tuple[Segment, ...]
Checker = Callable[[object, Location], Iterator[Problem]]


def meta(
    *,
    bounds: tuple[float, float] | None = None,
    sensitive: bool = False,
    max_length: int | None = None,
    unique: bool = False,
    pattern: str | None = None,
) -> dict[str, object]:
    """Build the metadata mapping for an ``attrs.field``.

    Args:
        bounds: Inclusive lower and upper bound of a number (or of each number in a
            tuple of numbers).
        sensitive: The field can identify a person (a name, contact detail or free
            text in the client's words). Sensitive fields are left out of reprs and
            are what de-identification drops or pseudonymises.
        max_length: Longest text allowed, in characters (default
            [`DEFAULT_MAX_TEXT`][strengthmodel._fields.DEFAULT_MAX_TEXT]).
        unique: For a tuple: each item at most once.
        pattern: A regular expression that text must match in full (JSON Schema
            dialect: keep it to classes, repetitions and anchors-free literals).

    Returns:
        A mapping to pass as ``attrs.field(metadata=...)``.
    """
    out: dict[str, object] = {}
    if bounds is not None:
        out[_BOUNDS] = bounds
    if sensitive:
        out[_SENSITIVE] = True
    if max_length is not None:
        out[_MAX_LENGTH] = max_length
    if unique:
        out[_UNIQUE] = True
    if pattern is not None:
        out[_PATTERN] = pattern
    return out


def as_float(value: float) -> float:
    """Store an ``int`` given for a ``float`` field as the equal ``float``.

    Only exact conversions happen: ``2`` becomes ``2.0``. An integer beyond
    ±2**53 is left alone and then rejected by validation, because past that point a
    double no longer holds every integer, and a value must come back exactly as it was
    given. Anything else, including ``bool`` and numeric strings, is passed through
    unchanged so that validation rejects it.
    """
    if type(value) is int and -MAX_EXACT_FLOAT_INT <= value <= MAX_EXACT_FLOAT_INT:
        return float(value)
    return value


def as_utc(value: datetime) -> datetime:
    """Store a time-zone-aware datetime as the same instant in UTC.

    The instant is kept exactly; only the offset it is written in changes, so that
    equal instants give equal records and equal bytes. Naive datetimes and other
    values are passed through for validation to reject.
    """
    if type(value) is datetime and value.utcoffset() is not None:
        try:
            return value.astimezone(UTC)
        except OverflowError:
            return value  # validation names it: the instant does not exist in UTC
    return value


def field_bounds(field: attrs.Attribute[Any]) -> tuple[float, float] | None:
    """Return the numeric bounds declared on a field, if any."""
    bounds = field.metadata.get(_BOUNDS)
    return typing.cast("tuple[float, float] | None", bounds)


def field_max_length(field: attrs.Attribute[Any]) -> int:
    """Return the longest text a field accepts."""
    return typing.cast("int", field.metadata.get(_MAX_LENGTH, DEFAULT_MAX_TEXT))


def field_pattern(field: attrs.Attribute[Any]) -> str | None:
    """The regular expression a text field must match in full, if any."""
    return typing.cast("str | None", field.metadata.get(_PATTERN))


def field_int_bounds(field: attrs.Attribute[Any]) -> tuple[float, float]:
    """An integer field's bounds: declared ones, or the 64-bit range every integer fits in."""
    return field_bounds(field) or (INT64_MIN, INT64_MAX)


def field_unique(field: attrs.Attribute[Any]) -> bool:
    """Whether a tuple field holds each item at most once."""
    return bool(field.metadata.get(_UNIQUE))


def unique_problems(
    path: Location,
    values: Iterable[object],
    what: str,
    show: Callable[[object], str] = describe_value,
) -> Iterator[Problem]:
    """One problem per value that appears more than once (reported once each).

    ``show`` describes the repeated value (the field's describer: an id is named, text
    is not).

    Examples:
        >>> [str(p) for p in unique_problems(("items",), ["a", "b", "a", "a"], "item")]
        ['items: expected each item at most once, got text of 1 character more than once']
    """
    seen: set[object] = set()
    reported: set[object] = set()
    for value in values:
        try:
            repeated = value in seen and value not in reported
        except TypeError:
            continue  # unhashable: the item's own check reports it
        if repeated:
            reported.add(value)
            yield Problem.at(
                path, f"expected each {what} at most once, got {show(value)} more than once"
            )
        seen.add(value)


def sensitive_fields(cls: type) -> tuple[str, ...]:
    """Name the fields of an attrs class that can identify a person.

    Examples:
        >>> from strengthmodel import Client
        >>> sensitive_fields(Client)
        ('name',)

    Raises:
        ValidationError: ``cls`` is not a record class.
    """
    if not (isinstance(cls, type) and attrs.has(cls)):  # type: ignore[redundant-expr]
        raise ValidationError(
            [Problem("cls", f"expected a record class, got {type(cls).__name__}")]
        )
    return tuple(f.name for f in attrs.fields(cls) if f.metadata.get(_SENSITIVE))


def is_record_type(cls: object) -> bool:
    """Whether ``cls`` is a strengthmodel record class (an attrs subclass of `Record`)."""
    return isinstance(cls, type) and issubclass(cls, Record) and attrs.has(cls)


def check_argument(name: str, value: object, *kinds: type, exact: bool = False) -> None:
    """Refuse a function argument of the wrong type with our error (never a bare one later).

    Args:
        name: The parameter's name, used as the problem's path.
        value: What the caller gave.
        *kinds: The accepted types.
        exact: Require the exact type (so a ``datetime`` is not a ``date``).

    Raises:
        ValidationError: ``value`` is not one of ``kinds`` (``bool`` is never a number).
    """
    ok = type(value) in kinds if exact else isinstance(value, kinds)
    if ok and isinstance(value, bool) and bool not in kinds:
        ok = False
    if not ok:
        expected = " or ".join(k.__name__ for k in kinds)
        raise ValidationError([Problem(name, f"expected {expected}, got {describe_value(value)}")])


def short_repr(value: object) -> str:
    """``repr(value)``, cut to 60 characters: only for ``steps.assessment``, being edited.

    It quotes text, so no error message should use it: use
    [`describe_value`][strengthmodel._describe.describe_value]. Remove it once
    ``steps/assessment.py`` no longer imports it.
    """
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe_in(kind: FieldType | None, value: object, *, wire: bool = False) -> str:
    """Describe a value held in (or refused by) a field of this kind, for a message.

    The field says what may be quoted: a number in a number field, a well-formed id in
    an id field, one of an enum's own wire values; everything else is described by
    [`describe_value`][strengthmodel._describe.describe_value]. ``None`` (the kind is
    not known) quotes nothing.

    Examples:
        >>> describe_in(IdType("GoalId"), "g1"), describe_in(TextType(80, None, True), "g1")
        ("'g1'", 'text of 2 characters')
    """
    if isinstance(kind, OptionalType):
        kind = kind.inner
    match kind:
        case IdType():
            return describe_value(value, id_position=True, wire=wire)
        case IntType() | FloatType():
            return describe_value(value, number=True, wire=wire)
        case EnumType(cls):
            return describe_value(value, codes=[m.value for m in cls], wire=wire)
    return describe_value(value, wire=wire)


def _number_text(value: float) -> str:
    if type(value) is int:
        return str(value)
    return f"{value:g}"


def _range_text(bounds: tuple[float, float] | None) -> str:
    if bounds is None:
        return ""
    lo, hi = bounds
    return f" from {_number_text(lo)} to {_number_text(hi)}"


def _int_checker(bounds: tuple[float, float]) -> Checker:
    is_64_bit = bounds[0] == INT64_MIN and bounds[1] == INT64_MAX
    label = " (64-bit)" if is_64_bit else _range_text(bounds)
    expected = f"expected an integer{label}"

    def check(value: object, path: Location) -> Iterator[Problem]:
        if type(value) is not int or not bounds[0] <= value <= bounds[1]:
            yield Problem.at(path, f"{expected}, got {describe_value(value, number=True)}")

    return check


def _is_number(value: object) -> TypeGuard[int | float]:
    """An int or float, but not a bool (which Python counts as an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_finite(value: float) -> bool:
    """``math.isfinite``, where an int too large for a float counts as not finite."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _float_checker(bounds: tuple[float, float] | None) -> Checker:
    expected = f"expected a number{_range_text(bounds)}"

    def check(value: object, path: Location) -> Iterator[Problem]:
        if type(value) is int and not -MAX_EXACT_FLOAT_INT <= value <= MAX_EXACT_FLOAT_INT:
            yield Problem.at(
                path,
                f"{expected}, got {describe_value(value, number=True)}, which a double cannot hold "
                "exactly (integers in number fields must be within ±2**53)",
            )
        elif not _is_number(value) or not _is_finite(value):
            yield Problem.at(path, f"{expected}, got {describe_value(value, number=True)}")
        elif bounds is not None and not bounds[0] <= value <= bounds[1]:
            yield Problem.at(path, f"{expected}, got {value}")

    return check


def _has_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _text_checker(max_length: int, pattern: str | None = None) -> Checker:
    compiled = re.compile(pattern) if pattern is not None else None

    def check(value: object, path: Location) -> Iterator[Problem]:
        if type(value) is not str:
            yield Problem.at(path, f"expected text, got {describe_value(value)}")
        elif not value.strip():
            yield Problem.at(path, "expected non-empty text, got blank text")
        elif not value.isascii() and _has_surrogate(value):
            yield Problem.at(path, "expected valid Unicode text, got a lone surrogate")
        elif len(value) > max_length:
            yield Problem.at(path, f"expected at most {max_length} characters, got {len(value)}")
        elif compiled is not None and not compiled.fullmatch(value):
            yield Problem.at(path, f"expected text matching {pattern}, got {describe_value(value)}")

    return check


def _id_checker(name: str) -> Checker:
    def check(value: object, path: Location) -> Iterator[Problem]:
        if not is_valid_id(value):
            yield Problem.at(
                path,
                f"expected a {name} (pattern {ID_PATTERN}), got "
                f"{describe_value(value, id_position=True)}",
            )

    return check


def _exact_type_checker(kind: type, label: str) -> Checker:
    def check(value: object, path: Location) -> Iterator[Problem]:
        if type(value) is not kind:
            yield Problem.at(path, f"expected {label}, got {describe_value(value)}")

    return check


def _datetime_checker(value: object, path: Location) -> Iterator[Problem]:
    if type(value) is not datetime:
        yield Problem.at(path, f"expected a date and time, got {describe_value(value)}")
    elif value.utcoffset() is None:
        yield Problem.at(path, "expected a date and time with a time zone, got a naive one")
    elif not _in_utc_range(value):
        yield Problem.at(
            path,
            "expected a date and time that exists in UTC (years 1 to 9999), got one outside it",
        )


def _in_utc_range(value: datetime) -> bool:
    try:
        value.astimezone(UTC)
    except OverflowError:
        return False
    return True


def _enum_checker(kind: type[enum.Enum]) -> Checker:
    allowed = ", ".join(repr(m.value) for m in kind)

    def check(value: object, path: Location) -> Iterator[Problem]:
        if not isinstance(value, kind):
            yield Problem.at(path, enum_message(kind, value, allowed))

    return check


def enum_message(kind: type[enum.Enum], value: object, allowed: str | None = None) -> str:
    """Say which members an enum field takes; name the member when its value was given.

    Examples:
        >>> from strengthmodel import TriggerCategory
        >>> enum_message(TriggerCategory, "social-pressure").rsplit(": ", 1)[-1]
        'pass TriggerCategory.SOCIAL_PRESSURE'
    """
    if allowed is None:
        allowed = ", ".join(repr(m.value) for m in kind)
    codes = [m.value for m in kind]
    message = f"expected a {kind.__name__} ({allowed}), got {describe_value(value, codes=codes)}"
    for member in kind:
        if type(value) is type(member.value) and value == member.value:
            return f"{message}: pass {kind.__name__}.{member.name}"
    return message


def _instance_checker(kinds: tuple[type, ...]) -> Checker:
    label = " or ".join(k.__name__ for k in kinds)

    def check(value: object, path: Location) -> Iterator[Problem]:
        if not isinstance(value, kinds):
            yield Problem.at(path, f"expected a {label}, got {describe_value(value)}")

    return check


def _sequence_checker(
    container: type,
    item: Checker,
    *,
    unique: bool = False,
    show: Callable[[object], str] = describe_value,
) -> Checker:
    label = "a tuple" if container is tuple else "a frozenset"

    def check(value: object, path: Location) -> Iterator[Problem]:
        if type(value) is not container:
            yield Problem.at(path, f"expected {label}, got {describe_value(value)}")
            return
        sequence = typing.cast("tuple[object, ...] | frozenset[object]", value)
        items: Iterable[object] = sequence
        if container is frozenset:
            # Sort for a stable report; mixed types fall back to repr order.
            items = sorted(items, key=repr)
        for index, element in enumerate(items):
            yield from item(element, (*path, index))
        if unique:
            yield from unique_problems(path, sequence, "item", show)

    return check


def _optional_checker(inner: Checker) -> Checker:
    def check(value: object, path: Location) -> Iterator[Problem]:
        if value is not None:
            yield from inner(value, path)

    return check


def _compile(kind: FieldType) -> Checker:  # noqa: C901, PLR0911 - one branch per kind of field
    """Turn one field description into a checker that names every problem.

    Every bad value is described by
    [`describe_value`][strengthmodel._describe.describe_value] as the field allows: a
    number in a number field and a well-formed id in an id field are named, text never.
    """
    match kind:
        case IdType(name):
            return _id_checker(name)
        case OptionalType(inner):
            return _optional_checker(_compile(inner))
        case UnionType(members) | InstanceType(members):
            return _instance_checker(members)
        case SequenceType(item, container, unique):
            return _sequence_checker(
                container, _compile(item), unique=unique, show=_item_describer(item)
            )
        case IntType(ge, le):
            return _int_checker((ge, le))
        case FloatType(bounds):
            return _float_checker(bounds)
        case TextType(max_length, pattern):
            return _text_checker(max_length, pattern)
        case BoolType():
            return _exact_type_checker(bool, "true or false")
        case DateType():
            return _exact_type_checker(date, "a date")
        case DateTimeType():
            return _datetime_checker
        case EnumType(cls):
            return _enum_checker(cls)
        case RecordType(cls):
            return _instance_checker((cls,))
    typing.assert_never(kind)


def _item_describer(kind: FieldType) -> Callable[[object], str]:
    """How a sequence field describes one of its items (a repeated one)."""
    if isinstance(kind, IdType):
        return lambda value: describe_value(value, id_position=True)
    if isinstance(kind, IntType | FloatType):
        return lambda value: describe_value(value, number=True)
    if isinstance(kind, EnumType):
        codes = [m.value for m in kind.cls]
        return lambda value: describe_value(
            value.value if isinstance(value, kind.cls) else value, codes=codes
        )
    return describe_value


_CHECKERS: dict[type, tuple[tuple[str, Checker], ...]] = {}


def _checkers_for(cls: type) -> tuple[tuple[str, Checker], ...]:
    found = _CHECKERS.get(cls)
    if found is None:
        found = tuple((f.name, _compile(f.type)) for f in describe(cls))
        _CHECKERS[cls] = found
    return found


_SCALAR_TYPES = (IntType, FloatType, TextType, BoolType, IdType)


def _is_scalar(kind: FieldType) -> bool:
    if isinstance(kind, OptionalType):
        return _is_scalar(kind.inner)
    return isinstance(kind, _SCALAR_TYPES)


def _is_float(kind: FieldType) -> bool:
    return isinstance(kind.inner if isinstance(kind, OptionalType) else kind, FloatType)


_SCALARS: dict[type, dict[str, tuple[Checker, bool]]] = {}


def scalar_field_problems(cls: type, raw: Mapping[str, object]) -> list[Problem]:
    """Check the scalar fields present in ``raw`` (a decoded JSON object) of a record type.

    Used when decoding fails elsewhere in a record, so that every problem of the record
    is still reported. Paths are ``Class.field``, as for records.
    """
    checkers = _SCALARS.get(cls)
    if checkers is None:
        kinds = {f.name: f.type for f in describe(cls)}
        checkers = {
            name: (check, _is_float(kinds[name]))
            for name, check in _checkers_for(cls)
            if _is_scalar(kinds[name])
        }
        _SCALARS[cls] = checkers
    problems: list[Problem] = []
    for name, (check, is_float) in checkers.items():
        if name in raw:
            value = raw[name]
            if is_float and type(value) is int:
                value = as_float(value)  # as the field's own converter would
            problems.extend(p.under(cls.__name__) for p in check(value, (name,)))
    return problems


# --- fast path: one generated function per class ---------------------------------------
#
# Validation runs every time a record is built (decoding a plan builds about a thousand),
# so each class gets a generated, straight-line check that only answers "all valid?".
# Only when it says no do the detailed checkers above run, to name every problem.


class _FastBuilder:
    """Builds the source of a class's fast check, with its constants in a namespace."""

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.namespace: dict[str, Any] = {
            "_isfinite": math.isfinite,
            "_id_ok": is_valid_id,
            "_unicode_ok": _unicode_ok,
            "_all": all,
            "_map": map,
            "_distinct": _distinct,
            "_in_utc_range": _in_utc_range,
        }
        self.helpers = 0

    def constant(self, value: object) -> str:
        name = f"_c{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def element(self, kind: FieldType) -> str:
        """A helper function name that checks one element (for tuples and sets)."""
        self.helpers += 1
        name = f"_e{self.helpers}"
        source = f"def {name}(v):\n    return {self.expr(kind, 'v')}\n"
        generate(source, f"check {self.owner} item {name}", self.namespace)
        return name

    def expr(self, kind: FieldType, v: str) -> str:  # noqa: C901, PLR0911, PLR0912 - one branch per kind of field
        """Source of an expression that is true when ``v`` is valid for ``kind``."""
        match kind:
            case IdType():
                return f"_id_ok({v})"
            case OptionalType(inner):
                return f"({v} is None or {self.expr(inner, v)})"
            case UnionType(members) | InstanceType(members) if len(members) > 1:
                return f"type({v}) in {self.constant(frozenset(members))}"
            case SequenceType(item, container, unique):
                kind_name = self.constant(container)
                check = f"type({v}) is {kind_name} and _all(_map({self.element(item)}, {v}))"
                if unique:
                    check += f" and _distinct({v})"
                return f"({check})"
            case IntType(ge, le):
                return f"(type({v}) is int and {ge!r} <= {v} <= {le!r})"
            case FloatType(bounds):
                check = f"type({v}) is float and _isfinite({v})"
                if bounds is not None:
                    check += f" and {bounds[0]!r} <= {v} <= {bounds[1]!r}"
                return f"({check})"
            case TextType(max_length, pattern):
                matches = (
                    f" and {self.constant(re.compile(pattern))}.fullmatch({v}) is not None"
                    if pattern is not None
                    else ""
                )
                return (
                    f"(type({v}) is str and len({v}) <= {max_length} and {v} "
                    f"and not {v}.isspace() and ({v}.isascii() or _unicode_ok({v})){matches})"
                )
            case DateTimeType():
                return (
                    f"(type({v}) is {self.constant(datetime)} and {v}.utcoffset() is not None "
                    f"and ({v}.tzinfo is {self.constant(UTC)} or _in_utc_range({v})))"
                )
            case BoolType():
                return f"type({v}) is {self.constant(bool)}"
            case DateType():
                return f"type({v}) is {self.constant(date)}"
            case EnumType(cls) | RecordType(cls):
                return f"type({v}) is {self.constant(cls)}"
            case UnionType(members) | InstanceType(members):  # one member: the exact type
                return f"type({v}) is {self.constant(members[0])}"
        typing.assert_never(kind)


def _distinct(values: tuple[object, ...]) -> bool:
    """Each item once (``False`` for unhashable items, which the detailed check names)."""
    try:
        return len(set(values)) == len(values)
    except TypeError:
        return False


def _unicode_ok(value: str) -> bool:
    return not _has_surrogate(value)


_FAST: dict[type, Callable[[object], bool]] = {}


def _fast_check_for(cls: type) -> Callable[[object], bool]:
    found = _FAST.get(cls)
    if found is None:
        builder = _FastBuilder(cls.__name__)
        lines = ["def _fast(self):"]
        for field in describe(cls):
            lines.append(f"    v = self.{field.name}")
            lines.append(f"    if not {builder.expr(field.type, 'v')}:")
            lines.append("        return False")
        lines.append("    return True")
        generate("\n".join(lines) + "\n", f"check {cls.__name__}", builder.namespace)
        found = typing.cast("Callable[[object], bool]", builder.namespace["_fast"])
        _FAST[cls] = found
    return found


_DEFAULTS: dict[type, tuple[tuple[str, object, bool], ...]] = {}
_MISSING: Final = object()


def _default_of(field: attrs.Attribute[Any]) -> tuple[str, object, bool]:
    """(name, default or _MISSING, whether the default is a factory) of one field."""
    default = field.default
    if default is attrs.NOTHING:
        return field.name, _MISSING, False
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return field.name, typing.cast("Any", default).factory, True
    return field.name, default, False


def trusted(cls: type[R], values: Mapping[str, object]) -> R:
    """Build a record from values that are already known to be valid, skipping every check.

    For the library's own transitions only (applying a change to a valid plan, chaining
    a history entry): the values come from records that were validated when they were
    built. Fields missing from ``values`` take their defaults. Converters do not run,
    so values must already be in their stored form (UTC times, floats for numbers).
    """
    fields = _DEFAULTS.get(cls)
    if fields is None:
        fields = tuple(_default_of(f) for f in attrs.fields(typing.cast("Any", cls)))
        _DEFAULTS[cls] = fields
    self = object.__new__(cls)
    for name, default, factory in fields:
        value = values.get(name, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                msg = f"trusted {cls.__name__} needs {name}"
                raise TypeError(msg)
            value = typing.cast("Callable[[], object]", default)() if factory else default
        object.__setattr__(self, name, value)
    return self


_NUMERIC: dict[type, tuple[tuple[str, type, bool], ...]] = {}


def _numeric_fields(cls: type) -> tuple[tuple[str, type, bool], ...]:
    """(name, int or float, whether a tuple of them) for each number field of ``cls``."""
    found = _NUMERIC.get(cls)
    if found is None:
        entries = []
        for field in describe(cls):
            kind = field.type
            is_tuple = isinstance(kind, SequenceType) and kind.container is tuple
            if isinstance(kind, SequenceType | OptionalType):
                kind = kind.item if isinstance(kind, SequenceType) else kind.inner
            if isinstance(kind, IntType | FloatType):
                entries.append((field.name, int if isinstance(kind, IntType) else float, is_tuple))
        found = tuple(entries)
        _NUMERIC[cls] = found
    return found


def exact_number(value: object, kind: type) -> object:
    """Convert a numpy scalar or a number subclass exactly to ``int`` or ``float``.

    Researchers pass ``numpy.float64`` and ``numpy.int64`` values all the time; they are
    stored as the equal plain number, so that every record can be written to JSON. A value
    that would change (``Decimal("0.1")``, ``Fraction(1, 3)``) is left alone, and
    validation refuses it. ``bool`` is never a number.
    """
    if type(value) in (int, float) or isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        whole = int(value)
        return whole if kind is int else as_float(whole)
    if kind is float and isinstance(value, numbers.Real):
        try:
            converted = float(value)
        except (OverflowError, ValueError):
            return value
        if converted == value or math.isnan(converted):
            return converted
    return value


def _normalise_numbers(record: object) -> None:
    for name, kind, is_tuple in _numeric_fields(type(record)):
        value = getattr(record, name)
        if is_tuple and type(value) is tuple:
            converted: object = tuple(exact_number(v, kind) for v in value)
            if any(a is not b for a, b in zip(converted, value, strict=True)):  # type: ignore[call-overload]
                object.__setattr__(record, name, converted)
        elif value is not None:
            converted = exact_number(value, kind)
            if converted is not value:
                object.__setattr__(record, name, converted)


class Record:
    """Base class of every strengthmodel record.

    Subclasses are ``@attrs.frozen(kw_only=True)`` classes. After ``__init__`` has set
    the fields, every field is checked against its annotation and metadata, then the
    record's own cross-field rules (``_problems``) run; all problems found are raised
    together as one [`ValidationError`][strengthmodel.ValidationError] whose paths
    name the class and field (``Goal.importance``).
    """

    __slots__ = ()

    kind: ClassVar[str] = "record"
    """Stable name of the record kind, used in messages and on the wire."""

    def __attrs_post_init__(self) -> None:
        """Validate the freshly built record."""
        cls = type(self)
        if _fast_check_for(cls)(self) and (
            cls._problems is Record._problems or not any(True for _ in self._problems())
        ):
            return
        _normalise_numbers(self)
        found: Iterator[Problem] = itertools.chain.from_iterable(
            check(getattr(self, name), (name,)) for name, check in _checkers_for(cls)
        )
        problems = list(itertools.islice(found, MAX_PROBLEMS))
        more = sum(1 for _ in itertools.islice(found, MAX_COUNTED))
        if not problems:
            problems.extend(itertools.islice(self._problems(), MAX_PROBLEMS))
        if problems:
            owner = cls.__name__
            raise ValidationError([p.under(owner) for p in problems], more=more)

    def _problems(self) -> Iterable[Problem]:
        """Yield problems that involve several fields (override in subclasses)."""
        return ()
