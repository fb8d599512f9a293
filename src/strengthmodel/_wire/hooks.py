"""The cattrs hooks of the detailed path, and the converters built from them.

[`configure_converter`][strengthmodel.serialization.configure_converter] registers them on
any converter (the public extension point, re-exported by
[`serialization`][strengthmodel.serialization]); the library keeps two converters: a
quick one (``FAST``, no per-field bookkeeping) and a detailed one (``DETAILED``) that
collects every problem with its path.
"""

from __future__ import annotations

import contextvars
import enum
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import attrs
import cattrs
import orjson
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from strengthmodel._describe import describe_value
from strengthmodel._fields import MAX_PROBLEMS, Record, is_record_type, scalar_field_problems
from strengthmodel._model import (
    BoolType,
    EnumType,
    FieldType,
    FloatType,
    IdType,
    IntType,
    OptionalType,
    SequenceType,
    TextType,
    UnionType,
    field_type,
    inner,
)
from strengthmodel._wire.formats import DATE_RE, DATETIME_RE, TAG
from strengthmodel.errors import Problem, ValidationError

__all__ = ["DETAILED", "FAST", "SHARED", "configure_converter", "make_converter"]

_DATE_RE = DATE_RE
_DATETIME_RE = DATETIME_RE


def _fail(message: str) -> typing.NoReturn:
    raise ValidationError([Problem("", message)])


def _kind(annotation: object) -> FieldType | None:
    """How the field model describes an annotation (``None``: not one a record field has).

    cattrs dispatches on annotations, so the predicates below ask the field model, which
    is the one reader of annotations, what each one is.
    """
    try:
        return field_type(annotation)
    except TypeError:
        return None


def _record_members(annotation: object) -> tuple[type[Record], ...] | None:
    """The record types of a union of two or more records (``None`` dropped), if it is one."""
    kind = _kind(annotation)
    if kind is None:
        return None
    members = inner(kind)[0]
    if isinstance(members, UnionType) and all(is_record_type(m) for m in members.members):
        return typing.cast("tuple[type[Record], ...]", members.members)
    return None


def _is_optional_scalar(annotation: object) -> bool:
    kind = _kind(annotation)
    return isinstance(kind, OptionalType) and isinstance(kind.inner, _SCALARS)


def _is(*kinds: type) -> Callable[[object], bool]:
    return lambda annotation: isinstance(_kind(annotation), kinds)


def _is_set(annotation: object) -> bool:
    kind = _kind(annotation)
    return isinstance(kind, SequenceType) and kind.container is frozenset


_SCALARS = (IntType, FloatType, TextType, BoolType, IdType)


def _structure_identity(value: object, _: object) -> object:
    # Records check every field's type and range themselves when built (strictly),
    # so the scalar hooks hand values through untouched: nothing is coerced.
    return value


def _structure_date(value: object, _: object) -> date:
    if type(value) is not str or not _DATE_RE.fullmatch(value):
        _fail(f"expected a date as YYYY-MM-DD, got {describe_value(value, wire=True)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail("expected a real calendar date, got a day that does not exist")


def _structure_datetime(value: object, _: object) -> datetime:
    if type(value) is not str or not _DATETIME_RE.fullmatch(value):
        _fail(
            "expected a date and time as YYYY-MM-DDTHH:MM:SS with an offset "
            f"(Z or +HH:MM), got {describe_value(value, wire=True)}"
        )
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        _fail("expected a real date and time, got one that does not exist")


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    by_value = {m.value: m for m in cls}
    allowed = ", ".join(repr(v) for v in by_value)

    def structure(value: object, _: object) -> enum.Enum:
        member = by_value.get(value) if type(value) is str else None
        if member is None:
            _fail(f"expected one of {allowed}, got {describe_value(value, wire=True)}")
        return member

    return structure


def _sequence_hooks(  # noqa: C901 - the detailed path collects, caps and reports errors
    converter: cattrs.Converter, annotation: object
) -> Callable[[object, object], object]:
    container = typing.cast("SequenceType", _kind(annotation)).container
    # cattrs finds the items' hook by their annotation: the one place the hooks read one.
    item_type = typing.get_args(annotation)[0]
    item = converter.get_structure_hook(item_type)
    detailed = converter.detailed_validation

    def structure(value: object, _: object) -> object:
        if type(value) is not list:
            _fail(f"expected an array, got {describe_value(value, wire=True)}")
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
    # Located at the array itself (no item note): no item is blamed for the notice.
    last = index + count - 1
    return ValidationError(
        [
            Problem(
                "",
                f"items {index} to {last} ({count}) were not checked: too many problems "
                "before them",
            )
        ]
    )


def _index_note(index: int) -> str:
    return IterableValidationNote(f"Structuring item @ index {index}", index, object)


def _sorted_set(value: frozenset[Any], unstructure: Callable[[Any], Any]) -> list[Any]:
    return sorted((unstructure(v) for v in value), key=lambda v: (str(type(v)), v))


# Within one fast decode, the records already built, by (class, id), with the raw object
# each came from. A plan document holds most records twice (in the history's changes and
# in their collection): an equal raw object gives the same immutable record, built once.
_Shared = dict[tuple[type, str], tuple[dict[str, Any], Record]]
SHARED: contextvars.ContextVar[_Shared | None] = contextvars.ContextVar(
    "strengthmodel_shared_records", default=None
)


def _refuse_unknown_keys(
    check: Callable[[dict[str, Any]], Record],
    cls: type[Record],
    value: dict[str, Any],
    known: frozenset[str],
) -> typing.NoReturn:
    """Report unknown keys with every problem of the known ones (cattrs stops at the first)."""
    unknown = ForbiddenExtraKeysError("", cls, {k for k in value if k not in known})
    try:
        check({k: v for k, v in value.items() if k in known})
    except ClassValidationError as error:
        raise ClassValidationError(error.message, [*error.exceptions, unknown], cls) from None
    except Exception as error:  # noqa: BLE001 - reported with the unknown keys
        message = f"While structuring {cls.__name__}"
        raise ClassValidationError(message, [error, unknown], cls) from None
    raise unknown


def _with_scalar_problems(
    error: ClassValidationError, cls: type[Record], value: dict[str, Any]
) -> ClassValidationError:
    """Add the problems of the scalar fields that decoded fine to a failed record's error.

    The record was never built, so its own checks did not run: checking the scalar
    fields that decoded fine too reports every problem at once.
    """
    failed = {note.name for _, note in error.group_exceptions()[0]}
    if not failed:
        return error  # the record's own checks ran and reported everything
    extra = scalar_field_problems(cls, {k: v for k, v in value.items() if k not in failed})
    if not extra:
        return error
    return ClassValidationError(error.message, [*error.exceptions, ValidationError(extra)], cls)


def _record_structure_factory(
    converter: cattrs.Converter,
) -> Callable[[type[Record]], Callable[[object, object], Record]]:
    def factory(cls: type[Record]) -> Callable[[object, object], Record]:
        generated = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)
        known = frozenset(f.name for f in attrs.fields(typing.cast("Any", cls)))

        def structure(value: object, _: object) -> Record:
            if type(value) is not dict:
                _fail(f"expected an object ({cls.kind}), got {describe_value(value, wire=True)}")
            if converter.detailed_validation and not known.issuperset(value):
                _refuse_unknown_keys(check, cls, value, known)
            return check(value)

        def check(value: dict[str, Any]) -> Record:
            shared = SHARED.get()
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
                raise _with_scalar_problems(error, cls, value) from None

        return structure

    return factory


def _union_structure_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[object, object], Record | None]]:
    def factory(annotation: object) -> Callable[[object, object], Record | None]:
        members = _record_members(annotation)
        assert members is not None  # noqa: S101 - guarded by the predicate
        optional = isinstance(_kind(annotation), OptionalType)
        by_tag = {m.kind: m for m in members}
        allowed = ", ".join(repr(t) for t in by_tag)

        def structure(value: object, _: object) -> Record | None:
            if value is None and optional:
                return None
            if type(value) is not dict:
                _fail(
                    f"expected an object with a {TAG!r} key, got {describe_value(value, wire=True)}"
                )
            tag = value.get(TAG)
            cls = by_tag.get(tag) if type(tag) is str else None
            if cls is None:
                got = describe_value(tag, codes=tuple(by_tag), wire=True)
                _fail(f"expected {TAG!r} to be one of {allowed}, got {got}")
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
    converter.register_structure_hook_func(_is(IdType), _structure_identity)
    # ``X | None`` of a scalar or id: the identity covers None too (records check it).
    converter.register_structure_hook_func(_is_optional_scalar, _structure_identity)
    converter.register_structure_hook_factory(_is(EnumType), _enum_hook)
    converter.register_unstructure_hook_factory(
        _is(EnumType), lambda _: lambda member: member.value
    )
    converter.register_structure_hook_factory(
        _is(SequenceType), lambda t: _sequence_hooks(converter, t)
    )
    converter.register_unstructure_hook_factory(
        _is_set,
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


FAST = make_converter(detailed_validation=False)
DETAILED = make_converter(detailed_validation=True)
