"""JSON Schema (draft 2020-12) for every strengthmodel document kind.

The schemas are generated from the same annotations and field metadata that
validation reads, so they cannot drift from the records: types, numeric bounds, text
lengths, id patterns, enum values, required keys, no unexpected keys, and the tagged
unions of records and changes. What JSON Schema cannot say is left to the library and
documented in each schema's ``description``: references between records must name
records in the plan, ids are unique, and a few rules involve several fields (a
character strength for category ``character``, ratings in date order...). JSON Schema
also counts ``7.0`` as an integer, which strengthmodel refuses: the schema is a
necessary check, the library the complete one.

Examples:
    >>> from strengthmodel import Readiness
    >>> schema = json_schema(Readiness)
    >>> schema["properties"]["importance"]
    {'type': 'integer', 'minimum': 0, 'maximum': 10}
"""

from __future__ import annotations

import typing
from typing import Any

from strengthmodel._describe import describe_value
from strengthmodel._fields import (
    Record,
    is_record_type,
)
from strengthmodel._model import (
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
from strengthmodel._wire.formats import DATE_PATTERN, DATETIME_PATTERN
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.ids import ID_PATTERN
from strengthmodel.serialization import FORMAT_VERSION, TAG, format_name

__all__ = ["DIALECT", "json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every schema generated here."""

_DATE = DATE_PATTERN
_DATETIME = DATETIME_PATTERN
# Non-blank: at least one character that is not white space.
_NON_BLANK = r"\S"

_LIMITS = (
    "Also checked by strengthmodel, beyond this schema: references between records name "
    "records in the same plan; ids are unique in a plan; integers are JSON integers "
    "(7.0 is refused); and rules that involve several fields."
)


def _number(kind: str, bounds: tuple[float, float] | None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind}
    if bounds is not None:
        lo, hi = bounds
        schema["minimum"] = int(lo) if kind == "integer" else lo
        schema["maximum"] = int(hi) if kind == "integer" else hi
    return schema


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, cls: type[Record]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder first: records can nest recursively
            self.defs[name] = self.record(cls)
        return {"$ref": f"#/$defs/{name}"}

    def record(self, cls: type[Record], *, tagged: bool = False) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        if tagged:
            properties[TAG] = {"const": cls.kind}
            required.append(TAG)
        for field in describe(cls):
            properties[field.name] = self.schema(field.type)
            if field.required:
                required.append(field.name)
        doc = (cls.__doc__ or "").strip().splitlines()
        return {
            "title": cls.__name__,
            "description": doc[0] if doc else cls.__name__,
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

    def schema(self, kind: FieldType) -> dict[str, Any]:  # noqa: C901, PLR0911, PLR0912 - a branch per kind of field
        """The JSON Schema of one field description."""
        match kind:
            case IdType():
                return {"type": "string", "pattern": ID_PATTERN}
            case OptionalType(inner):
                options = [*self.options(inner), {"type": "null"}]
                return {"anyOf": options}
            case UnionType():
                options = self.options(kind)
                return options[0] if len(options) == 1 else {"anyOf": options}
            case InstanceType():  # no record field has one: an arbitrary class has no JSON form
                msg = f"no JSON Schema for {kind!r}"
                raise TypeError(msg)
            case SequenceType(item, container, unique):
                schema: dict[str, Any] = {"type": "array", "items": self.schema(item)}
                if container is frozenset or unique:
                    schema["uniqueItems"] = True
                return schema
            case IntType(ge, le):
                return _number("integer", (ge, le))
            case FloatType(bounds):
                return _number("number", bounds)
            case TextType(max_length, pattern):
                return {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": max_length,
                    "pattern": f"^{pattern}$" if pattern is not None else _NON_BLANK,
                }
            case BoolType():
                return {"type": "boolean"}
            case DateType():
                return {"type": "string", "format": "date", "pattern": _DATE}
            case DateTimeType():
                return {"type": "string", "format": "date-time", "pattern": _DATETIME}
            case EnumType(cls):
                return {"enum": [m.value for m in cls]}
            case RecordType(cls):
                return self.ref(cls)
        typing.assert_never(kind)

    def options(self, kind: FieldType) -> list[dict[str, Any]]:
        """The alternatives of a union (records tagged by kind), or the one schema."""
        if isinstance(kind, UnionType) and len(kind.members) > 1:
            return [self.tagged(member) for member in kind.members]
        return [self.schema(kind)]

    def tagged(self, member: type[Record]) -> dict[str, Any]:
        name = f"{member.__name__}Tagged"
        if name not in self.defs:
            self.defs[name] = {}
            self.defs[name] = self.record(member, tagged=True)
        return {"$ref": f"#/$defs/{name}"}


def json_schema(cls: type[Record]) -> dict[str, Any]:
    """Return the JSON Schema (2020-12) of a top-level document of type ``cls``.

    The document is the envelope (``"format"``, ``"version"``) plus the record's fields,
    as written by [`dumps`][strengthmodel.dumps].

    Args:
        cls: Any record type (``Plan``, ``Goal``, a change, ...).

    Returns:
        The schema as a JSON-ready dict, with nested records under ``$defs``.
    """
    if not is_record_type(cls):
        problem = Problem("cls", f"expected a strengthmodel record type, got {describe_value(cls)}")
        raise ValidationError([problem])
    builder = _Builder()
    body = builder.record(cls)
    properties = {
        "format": {"const": format_name(cls)},
        "version": {"const": FORMAT_VERSION},
        **body["properties"],
    }
    return {
        "$schema": DIALECT,
        "$id": f"https://strengthmodel.invalid/schema/{cls.kind}/v{FORMAT_VERSION}.json",
        "title": f"strengthmodel {cls.kind} document, format version {FORMAT_VERSION}",
        "description": f"{body['description']} {_LIMITS}",
        "type": "object",
        "properties": properties,
        "required": ["format", "version", *body["required"]],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }
